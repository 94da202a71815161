/**
 * Stack tags (issue 25): the `secure-org:*` tags the bootstrap writes on each declared stack
 * (model/access/stacks.ts, `StackTags`) against the live ones. Tags are labels: no permission,
 * policy or pipeline of this program reads them, so a changed tag lets nobody deploy or decrypt.
 * A tag that misstates a protected stack's tier or protection misleads the people and tools that
 * filter stacks by it (the console's tag filters, a reviewer's query): medium. Any other missing
 * or changed declared tag: low. Tags the config does not declare are left alone (others may
 * tag stacks too).
 */
import { AccessModel } from "../../model/access";
import { stackKey } from "./helpers";
import { Add, LiveStackTags } from "./types";

/** The tags that say whether a stack is protected. */
const PROTECTION_TAGS: ReadonlySet<string> = new Set(["secure-org:tier", "secure-org:protected"]);

/** Compares the declared tags of every declared stack with the live tags. */
export function compareStackTags(
  model: AccessModel,
  live: readonly LiveStackTags[],
  add: Add,
): void {
  const byStack = new Map(live.map((t) => [stackKey(t.project, t.stack), t.tags]));
  const seen = new Set<string>();
  for (const s of model.stacks) {
    const key = stackKey(s.project, s.stack);
    const tags = byStack.get(key);
    if (!tags || seen.has(key)) continue;
    seen.add(key);
    for (const [name, declared] of Object.entries(s.tags)) {
      const value = Object.prototype.hasOwnProperty.call(tags, name) ? tags[name] : undefined;
      if (value === declared) continue;
      const misleads = s.protected && PROTECTION_TAGS.has(name);
      add({
        severity: misleads ? "medium" : "low",
        code: "stack-tag-changed",
        subject: `stack:${key} tag:${name}`,
        message:
          `stack ${key}: tag ${name} is ${value === undefined ? "missing" : JSON.stringify(value)}, declared ${JSON.stringify(declared)}` +
          (misleads ? ": it no longer says this stack is protected" : ""),
        declared,
        live: value ?? null,
      });
    }
  }
}
