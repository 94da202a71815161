/**
 * The two validation passes, run together so a user sees every mistake at once: the zod schema
 * (shape), then the policy checks on whatever parts of the input are well-formed enough to read.
 */
import { ConfigError, ConfigIssue, Finding, formatIssue } from "./messages";
import { zodIssues } from "./zodIssues";
import { policyChecks } from "./policy";
import { resolveBootstrapStack } from "./policy/bootstrapStack";
import { ConfigOwner } from "./policy/shared";
import { OrgConfig, orgConfigSchema } from "./schema";
import { nullPrototypeCopy, reservedKeyIssues } from "./reserved";
import { lenientView, viewOf } from "./view";

export type ValidationResult =
  | { ok: true; config: OrgConfig; warnings: Finding[] }
  | { ok: false; errors: ConfigIssue[]; warnings: Finding[] };

/**
 * Validates a raw org config (the `secure-org:*` keys without their namespace). Returns every
 * problem at once; never throws. `owner` is the stack (and Pulumi project) the config belongs to:
 * the bootstrap deploys that stack.
 */
export function validateConfig(raw: unknown, owner: ConfigOwner = {}): ValidationResult {
  // Names are data: read the input as null-prototype objects, and report reserved names used as
  // keys first (zod silently drops a `__proto__` key).
  const input = nullPrototypeCopy(raw);
  const reserved = reservedKeyIssues(input);
  const reservedPaths = new Set(reserved.map((i) => i.path));
  const parsed = orgConfigSchema.safeParse(input);
  const errors: ConfigIssue[] = [
    ...reserved,
    ...(parsed.success ? [] : zodIssues(parsed.error, input)).filter(
      (i) => !reservedPaths.has(i.path),
    ),
  ];
  const warnings: Finding[] = [];
  // Policy checks read the parsed config when the shape is right, otherwise the raw input
  // defensively, so reference and invariant problems are reported alongside shape problems.
  if (parsed.success) resolveBootstrapStack(parsed.data, owner.stack);
  const view = parsed.success ? viewOf(parsed.data) : lenientView(input);
  policyChecks(view, errors, warnings, owner);
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const k = formatIssue(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (unique.length > 0 || !parsed.success) {
    return { ok: false, errors: unique, warnings };
  }
  return { ok: true, config: parsed.data, warnings };
}

/** Throws a `ConfigError` listing every problem, or returns the typed config. */
export function parseConfig(
  raw: unknown,
  owner: ConfigOwner = {},
): { config: OrgConfig; warnings: Finding[] } {
  const r = validateConfig(raw, owner);
  if (!r.ok) throw new ConfigError(r.errors);
  return { config: r.config, warnings: r.warnings };
}
