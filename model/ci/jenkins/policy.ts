/**
 * The Jenkins unit's policy: what Jenkins' tokens cannot make safe (pull-request previews, manual
 * runs on protected tiers), and the job it pins (one repository may have a job per tier).
 */
import type { LenientTier } from "../../config/view";
import type { Report, TierUse } from "../../config/policy/shared";
import type { CiPolicyUnit } from "../policyTypes";

function checkEntry(
  err: Report,
  t: LenientTier,
  entry: Record<string, unknown>,
  where: string,
  _use: TierUse,
): void {
  const ownPreviews = entry.previewPullRequests === true;
  if (ownPreviews)
    err(
      `${where}.previewPullRequests`,
      "Jenkins names each pull request's job by its number (job/PR-<n>/), so no exact OIDC rule can admit pull-request previews without a wildcard. Set it to false",
    );
  if (t.protected && t.deploy.manualDispatch)
    err(
      where,
      `tier "${t.name}" allows manual runs, and Jenkins' tokens cannot tell a manual "Build Now" or a "Replay" (which runs edited pipeline code) from a build of a reviewed push: Jenkins cannot deploy a protected tier with manualDispatch`,
    );
}

export const jenkinsPolicy: CiPolicyUnit = {
  checkEntry,
  identity: (jk) => ({ id: `${String(jk.url)}/${String(jk.jobPath)}`, rest: "" }),
  // Jenkins may build one repository in several jobs (one multibranch job per tier).
  repositoryPerIdentity: "job",
};
