/**
 * OIDC trust between GitHub Actions and Pulumi Cloud: the issuer's authorization policies, a
 * simulator of how Pulumi Cloud evaluates them, and a table of realistic GitHub claim sets that
 * shows which pipeline context can obtain which Pulumi token. Pure: no Pulumi imports.
 *
 * Pulumi Cloud semantics (see the platform facts): a policy applies when its token type (and team,
 * or authorized permission for organization tokens) matches the request and every one of its rules
 * matches a claim; deny beats allow; nothing matching means denied. Rule values are glob-like:
 * `*` any run, `?` zero or one character, `.` exactly one character (so a literal dot is itself a
 * wildcard), everything else literal.
 *
 * Layout: `policies.ts` (the policies and their warnings), `simulator.ts` (the evaluation),
 * `github/` (GitHub Actions: issuer, claims, the context table).
 */
export {
  audienceFor,
  buildOidcPolicies,
  jobWorkflowRef,
  overlapWarnings,
  requestFor,
  ruleWarnings,
  tokenLabel,
  toProviderPolicies,
  UNTRUSTED_EVENTS,
} from "./policies";
export type { OidcPolicy, Permission, ProviderPolicy, TokenType } from "./policies";
export { evaluate, matchRule, tokensFor } from "./simulator";
export type { Decision, TokenRequest } from "./simulator";
export {
  AUDIT_CONTEXT_LABEL,
  byRepository,
  claimsFor,
  GITHUB_ISSUER_URL,
  simulatePipelines,
} from "./github";
export { buildIssuers, ciIssuers, CI_UNITS, simulateCiPipelines } from "./ciIssuers";
export { evaluateAcross, issuerName, orgCandidates, tokensAcross } from "./issuers";
export type { CiScenario, CiUnit, IssuerPolicies } from "./issuers";
export type { ClaimOptions, ContextRow, GithubIds, SubjectFormat } from "./github";
export { declaredIssuers, GITHUB_ISSUER_NAME, issuerUrlKey } from "./declared";
export type { DeclaredIssuer } from "./declared";
