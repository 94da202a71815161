/**
 * Drift cases: OIDC issuers and policies. The GitHub issuer's policies in the clean organization
 * (prod example): #0 the organization token's allow (platform, push on main), #1-#5 its denies,
 * #6 payments-prod-deploy's allow, #7-#11 its denies (#7 pull_request), #12 the drift team's allow,
 * #19 payments-staging-deploy's allow, #25 the preview's allow (pull_request on main), #29/#30 the
 * auditor's allows.
 */
import { CASES as C1 } from "./oidc/cases1";
import { CASES as C2 } from "./oidc/cases2";
import { CASES as C3 } from "./oidc/cases3";
import { CASES as C4 } from "./oidc/cases4";
import { DriftCase } from "./case";
export { multiCi } from "./oidc/support";

export const CASES: DriftCase[] = [...C1, ...C2, ...C3, ...C4];
