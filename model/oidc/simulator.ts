/**
 * A simulator of how Pulumi Cloud evaluates the issuer's policies for one token exchange: a policy
 * applies when its token type (and team, or authorized permission for organization tokens) matches
 * the request and every one of its rules matches a claim; deny beats allow; nothing matching means
 * denied. Rule values are glob-like: `*` any run, `?` zero or one character, `.` exactly one
 * character (so a literal dot is itself a wildcard), everything else literal.
 */
import type { OidcPolicy } from "./policies";
import { TokenRequest, tokenLabel } from "./tokens";

export type { TokenRequest } from "./tokens";

export interface Decision {
  allowed: boolean;
  /** index of deciding policy */
  matched?: number;
  reason: string;
}

/**
 * Pulumi Cloud rule matching, on whole strings: `*` any run of characters (also empty), `?` zero
 * or one character, `.` exactly one character, anything else literal. A direct NFA simulation
 * (no RegExp), linear in pattern length per value character.
 */
export function matchRule(pattern: string, value: string): boolean {
  const p = Array.from(pattern);
  const n = p.length;
  // states[i]: the first i pattern tokens can match the value characters read so far.
  const close = (states: boolean[]) => {
    for (let i = 0; i < n; i++)
      if (states[i] && (p[i] === "*" || p[i] === "?")) states[i + 1] = true;
    return states;
  };
  let states = close(Array.from({ length: n + 1 }, (_, i) => i === 0));
  for (const ch of value) {
    const next: boolean[] = new Array<boolean>(n + 1).fill(false);
    for (let i = 0; i < n; i++) {
      if (!states[i]) continue;
      const t = p[i];
      if (t === "*") next[i] = true;
      else if (t === "?" || t === "." || t === ch) next[i + 1] = true;
    }
    states = close(next);
    if (!states.some(Boolean)) return false;
  }
  return states[n];
}

function claimString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : String(value);
}

/**
 * Whether a policy is about the requested token. A team policy without a team name, or an
 * organization policy without authorized permissions, is not valid for Pulumi; the simulator lets
 * such a policy deny every token of its type and allow none (the conservative reading).
 */
function applies(policy: OidcPolicy, request: TokenRequest): boolean {
  if (policy.tokenType !== request.tokenType) return false;
  if (request.tokenType === "team") {
    if (policy.teamName === undefined) return policy.decision === "deny";
    return request.team !== undefined && policy.teamName === request.team;
  }
  if (policy.authorizedPermissions === undefined) return policy.decision === "deny";
  return policy.authorizedPermissions.includes(request.permission ?? "admin");
}

/**
 * Whether every rule matches its claim. A claim that is a list (CircleCI's context ids) matches
 * when one of its elements does: an assumption (unverified against Pulumi Cloud); were Pulumi to
 * compare the whole list instead, a rule with one value would match nothing, so the assumption
 * can only make the simulator grant a token the service refuses, never the reverse.
 */
function rulesMatch(
  rules: Readonly<Record<string, string>>,
  claims: Readonly<Record<string, unknown>>,
): boolean {
  for (const [claim, pattern] of Object.entries(rules)) {
    const raw = Object.prototype.hasOwnProperty.call(claims, claim) ? claims[claim] : undefined;
    const values = Array.isArray(raw) ? raw.map(claimString) : [claimString(raw)];
    if (!values.some((v) => v !== undefined && matchRule(pattern, v))) return false;
  }
  return true;
}

/** How Pulumi Cloud decides one token exchange: deny beats allow, no allow means denied. */
export function evaluate(
  policies: readonly OidcPolicy[],
  claims: Readonly<Record<string, unknown>>,
  request: TokenRequest,
): Decision {
  let allow: number | undefined;
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i];
    if (!applies(p, request) || !rulesMatch(p.rules, claims)) continue;
    if (p.decision === "deny")
      return {
        allowed: false,
        matched: i,
        reason: `${tokenLabel(request)} denied by policy ${i}: ${p.description}`,
      };
    allow ??= i;
  }
  if (allow !== undefined)
    return {
      allowed: true,
      matched: allow,
      reason: `${tokenLabel(request)} allowed by policy ${allow}: ${policies[allow].description}`,
    };
  return {
    allowed: false,
    reason: `${tokenLabel(request)} denied: no allow policy matches (the issuer denies by default)`,
  };
}

/** The candidates whose exchange would be granted, in candidate order. */
export function tokensFor(
  policies: readonly OidcPolicy[],
  claims: Readonly<Record<string, unknown>>,
  candidates: readonly TokenRequest[],
): TokenRequest[] {
  return candidates.filter((c) => evaluate(policies, claims, c).allowed);
}
