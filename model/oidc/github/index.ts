/**
 * GitHub Actions as an OIDC client of Pulumi Cloud: the issuer, its id token claims, and the
 * context table that tries realistic claim sets against the issuer's policies. Other CI systems'
 * claim shapes belong beside this folder, one folder each.
 */
export { byRepository, GITHUB_ISSUER_URL } from "./issuer";
export type { GithubIds, SubjectFormat } from "./issuer";
export { claimsFor } from "./claims";
export type { ClaimOptions } from "./claims";
export { AUDIT_CONTEXT_LABEL, simulatePipelines } from "./contexts";
export type { ContextRow } from "./contexts";
