/**
 * The simulator of how Pulumi Cloud evaluates an issuer's policies for one token exchange. It is
 * the one reader in `matcher/` (claim paths, quoted keys, wildcard values and team scopes, deny
 * over allow, unsettled list and boolean claims failing closed), under the names the rest of the
 * model uses.
 */
import { decide, matchPattern, tokensFor as matchTokens } from "./matcher";
import type { Decision, TokenRequest } from "./matcher";
import type { OidcPolicy } from "./policies";

export type { Decision, TokenRequest } from "./matcher";

/** Pulumi Cloud rule matching on whole strings (`*`, `?`, `.` wildcards): see matcher/pattern.ts. */
export const matchRule = matchPattern;

/** How Pulumi Cloud decides one token exchange: deny beats allow, no allow means denied. */
export function evaluate(
  policies: readonly OidcPolicy[],
  claims: Readonly<Record<string, unknown>>,
  request: TokenRequest,
): Decision {
  return decide(policies, claims, request);
}

/** The candidates whose exchange may be granted (the fail-closed bound), in candidate order. */
export function tokensFor(
  policies: readonly OidcPolicy[],
  claims: Readonly<Record<string, unknown>>,
  candidates: readonly TokenRequest[],
): TokenRequest[] {
  return matchTokens(policies, claims, candidates);
}
