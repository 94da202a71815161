/**
 * One rule against one token: whether the claim its key names matches its value.
 *
 * Settled by Pulumi's docs: string claims, by the wildcard pattern (pattern.ts), at the claim path
 * (path.ts). Not settled (no source says it; docs/assumptions.md records each): a claim that is a
 * list (a CI's list of context ids), a boolean (a CI's "rerun with SSH" flag), a
 * number or an object; a missing claim against a pattern that matches the empty string (`*`); a key
 * this reader cannot parse. Those give "unsettled" when any plausible reading matches (an element,
 * the value's text, its JSON), and "no-match" when none does. Callers fail closed: an unsettled
 * allow may grant (counted in what a job can reach) but is never counted on; an unsettled deny is
 * counted on for nothing.
 */
import { lookupClaim } from "./path";
import { matchPattern } from "./pattern";

export type RuleOutcome = "match" | "no-match" | "unsettled";

export interface RuleResult {
  readonly outcome: RuleOutcome;
  /** Why the outcome is unsettled (no source says how Pulumi decides it). */
  readonly note?: string;
}

/** The texts a non-string claim might be compared as, under any reading we can think of. */
function readings(value: unknown): string[] {
  if (Array.isArray(value))
    return [
      ...value.flatMap((v) => (typeof v === "string" ? [v] : readings(v))),
      JSON.stringify(value),
      `[${value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(" ")}]`,
    ];
  if (typeof value === "object" && value !== null) return [JSON.stringify(value)];
  return [String(value)];
}

const kindOf = (v: unknown) =>
  Array.isArray(v) ? "list" : v === null ? "null" : typeof v === "object" ? "object" : typeof v;

/** One rule: `pattern` against the claim `key` names in `claims`. */
export function matchRuleOn(
  key: string,
  pattern: string,
  claims: Readonly<Record<string, unknown>>,
): RuleResult {
  const found = lookupClaim(claims, key);
  if (found.kind === "unreadable") return { outcome: "unsettled", note: found.reason };
  if (found.kind === "missing")
    return matchPattern(pattern, "")
      ? {
          outcome: "unsettled",
          note: `claim ${key} is absent and ${JSON.stringify(pattern)} matches the empty string (undocumented)`,
        }
      : { outcome: "no-match" };
  const value = found.value;
  if (typeof value === "string")
    return { outcome: matchPattern(pattern, value) ? "match" : "no-match" };
  if (!readings(value).some((r) => matchPattern(pattern, r))) return { outcome: "no-match" };
  return {
    outcome: "unsettled",
    note:
      `claim ${key} is a ${kindOf(value)}; Pulumi's docs do not say how a rule compares a ` +
      `${kindOf(value)} (assumed: as ${Array.isArray(value) ? "any element" : "its text"})`,
  };
}

export interface RulesResult {
  /** "match" when every rule matches; "no-match" when one cannot; else "unsettled". */
  readonly outcome: RuleOutcome;
  readonly notes: readonly string[];
}

/** Every rule of a policy (an empty rule set matches every token). */
export function matchRules(
  rules: Readonly<Record<string, string>>,
  claims: Readonly<Record<string, unknown>>,
): RulesResult {
  const notes: string[] = [];
  for (const [key, pattern] of Object.entries(rules)) {
    const r = matchRuleOn(key, pattern, claims);
    if (r.outcome === "no-match") return { outcome: "no-match", notes: [] };
    if (r.note) notes.push(r.note);
  }
  return { outcome: notes.length ? "unsettled" : "match", notes };
}
