/**
 * The one reader of Pulumi Cloud's OIDC policy matching. Every policy generator, the simulator,
 * the validation of adopted policies and the audit read rule keys, rule values and team scopes
 * through it, and every "is this pin exact" or "who can produce this value" question goes through
 * it too. Pure: no Pulumi imports, nothing from the rest of model/oidc.
 *
 * - path.ts: rule keys as claim paths (dotted, quoted segments, nested claims);
 * - pattern.ts: wildcard values (`*`, `?`, `.`) and exactness;
 * - rules.ts: one rule against one token, unsettled where no source says how Pulumi compares;
 * - evaluate.ts: team scopes, deny over allow, the fail-closed decision.
 *
 * docs/assumptions.md (section "Pulumi Cloud OIDC matching") quotes the source of each reading.
 */
export { claimKey, formatClaimPath, lookupClaim, parseClaimPath } from "./path";
export type { ClaimLookup, ParsedPath } from "./path";
export {
  assertExactValue,
  hasWildcard,
  isExactPattern,
  matchPattern,
  otherMatch,
  widensBeyond,
  WILDCARD_CHARACTERS,
  wildcardsIn,
} from "./pattern";
export { matchRuleOn, matchRules } from "./rules";
export type { RuleOutcome, RuleResult, RulesResult } from "./rules";
export { decide, policyApplies, policyOutcome, tokenLabel, tokensFor } from "./evaluate";
export type { Decision, MatchPolicy, MatchTokenType, TokenRequest } from "./evaluate";
export { issuerFor, issuerUrlKey } from "./issuer";
export { hasRunWildcard, producibleOtherThan, ruleWidens } from "./produce";
