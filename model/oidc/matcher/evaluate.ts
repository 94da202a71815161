/**
 * How Pulumi Cloud decides one token exchange (Pulumi docs, Administration → OIDC issuers):
 * "Pulumi Cloud denies any exchange that no allow policy matches"; "A policy, allow or deny, only
 * matches exchange requests for its own token type, team, user, or runner"; "Claim values and team
 * scopes support wildcards"; "deny always takes precedence over allow. Policy order and how
 * specific each rule is have no effect."
 *
 * Where a rule is unsettled (rules.ts), the decision is computed both ways: `allowed` is whether
 * the exchange may be granted (an allow may match and no deny surely matches): what a job can
 * reach, the fail-closed bound for every "who can get this token" question; `certain` is whether
 * it surely is (an allow surely matches and no deny may match). `unsettled` says what `allowed`
 * rests on when it is not certain.
 */
import { matchPattern } from "./pattern";
import { matchRules, RuleOutcome } from "./rules";

export type MatchTokenType = "team" | "organization" | "personal" | "runner";

/** The parts of a policy the matcher reads. */
export interface MatchPolicy {
  readonly decision: "allow" | "deny";
  readonly tokenType: MatchTokenType;
  readonly teamName?: string;
  readonly authorizedPermissions?: readonly string[];
  readonly rules: Readonly<Record<string, string>>;
  readonly description?: string;
}

export interface TokenRequest {
  tokenType: "team" | "organization";
  team?: string;
  permission?: "admin" | "standard";
}

export interface Decision {
  /** May be granted (fail-closed bound on reach). */
  allowed: boolean;
  /** Surely granted under the documented rules alone. */
  certain: boolean;
  /** index of the deciding policy */
  matched?: number;
  reason: string;
  /** What `allowed` rests on that no source settles (empty when certain or denied). */
  unsettled: string[];
}

/** Label of a token request, as the plan prints it: `team:<name>` or `organization:<permission>`. */
export function tokenLabel(request: TokenRequest): string {
  return request.tokenType === "team"
    ? `team:${request.team ?? "?"}`
    : `organization:${request.permission ?? "admin"}`;
}

/**
 * Whether a policy is about the requested token. The team scope is a pattern ("team scopes
 * support wildcards"): `ci.prod` is about team `ci-prod` too. A team policy without a team name,
 * or an organization policy without authorized permissions, is not valid for Pulumi; such a
 * policy is read as denying every token of its type and allowing none.
 */
export function policyApplies(policy: MatchPolicy, request: TokenRequest): boolean {
  if (policy.tokenType !== request.tokenType) return false;
  if (request.tokenType === "team") {
    if (policy.teamName === undefined) return policy.decision === "deny";
    return request.team !== undefined && matchPattern(policy.teamName, request.team);
  }
  if (policy.authorizedPermissions === undefined) return policy.decision === "deny";
  return policy.authorizedPermissions.includes(request.permission ?? "admin");
}

/** The outcome of one policy for one exchange ("no-match" when it is about another token). */
export function policyOutcome(
  policy: MatchPolicy,
  claims: Readonly<Record<string, unknown>>,
  request: TokenRequest,
): { outcome: RuleOutcome; notes: readonly string[] } {
  if (!policyApplies(policy, request)) return { outcome: "no-match", notes: [] };
  return matchRules(policy.rules, claims);
}

const describe = (p: MatchPolicy, i: number) =>
  `policy ${i}${p.description ? `: ${p.description}` : ""}`;

/** One exchange against an issuer's policies. */
export function decide(
  policies: readonly MatchPolicy[],
  claims: Readonly<Record<string, unknown>>,
  request: TokenRequest,
): Decision {
  const label = tokenLabel(request);
  let sureAllow: number | undefined;
  let mayAllow: number | undefined;
  let mayAllowNotes: readonly string[] = [];
  let mayDeny: number | undefined;
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i];
    const { outcome, notes } = policyOutcome(p, claims, request);
    if (outcome === "no-match") continue;
    if (p.decision === "deny") {
      if (outcome === "match")
        return {
          allowed: false,
          certain: false,
          matched: i,
          reason: `${label} denied by ${describe(p, i)}`,
          unsettled: [],
        };
      mayDeny ??= i;
      continue;
    }
    if (outcome === "match") sureAllow ??= i;
    else if (mayAllow === undefined) {
      mayAllow = i;
      mayAllowNotes = notes;
    }
  }
  const allow = sureAllow ?? mayAllow;
  if (allow === undefined)
    return {
      allowed: false,
      certain: false,
      reason: `${label} denied: no allow policy matches (the issuer denies by default)`,
      unsettled: [],
    };
  const certain = sureAllow !== undefined && mayDeny === undefined;
  const unsettled = certain
    ? []
    : [
        ...(sureAllow === undefined ? mayAllowNotes : []),
        ...(mayDeny !== undefined ? [`deny policy ${mayDeny} may apply (an unsettled rule)`] : []),
      ];
  return {
    allowed: true,
    certain,
    matched: allow,
    reason: `${label} allowed by ${describe(policies[allow], allow)}${certain ? "" : ` (unsettled: ${unsettled.join("; ")})`}`,
    unsettled,
  };
}

/** The candidates whose exchange may be granted, in candidate order. */
export function tokensFor(
  policies: readonly MatchPolicy[],
  claims: Readonly<Record<string, unknown>>,
  candidates: readonly TokenRequest[],
): TokenRequest[] {
  return candidates.filter((c) => decide(policies, claims, c).allowed);
}
