/**
 * Reviewed previews from what the program wrote (issue 30 item 1): a protected tier whose live
 * GitHub Actions issuer holds, for a project deploying it from GitHub Actions, exactly the
 * reviewed-preview allow policy the program generates (model/oidc/policies.ts, previewPolicies:
 * a team token of `<project>-<tier>-preview`, `event_name: pull_request`, exact pins of the
 * project's `repository_id`, the tier's branch as `base_ref` and the `<project>-<tier>-preview`
 * GitHub environment), on a tier with approvers GitHub knows, is
 * declared with `deploy.reviewedPreviews`; the tier's other projects keep previews off
 * (`previewPullRequests: false`). The judgement is the plan's own (`isReviewedPreview`), so the
 * adopted policy is then not wide, and a policy that only looks like it (another environment,
 * no `base_ref`, a wildcard, `pull_request_target`, another team or repository) infers nothing.
 */
import { isReviewedPreview, ReviewedPreview } from "../model/config/policy/adoption";
import { GITHUB_ISSUER_URL, issuerUrlKey as normUrl } from "../model/oidc";
import { machineTeamName, previewEnvironmentName, sameGithubName } from "../model/names";
import type { LiveOrg } from "./live";
import type { AdoptFinding, RawProject, RawTier } from "./types";

/** The reviewed preview the program would generate for a project on a tier, if it can. */
function previewOf(p: RawProject, t: RawTier): ReviewedPreview | undefined {
  const id = p.repositoryId;
  if (!t.deploy.branch || !(typeof id === "number" && Number.isSafeInteger(id) && id > 0))
    return undefined;
  return {
    repositoryId: String(id),
    environment: previewEnvironmentName(p.name, t.name),
    branch: t.deploy.branch,
    team: machineTeamName(p.name, t.name, "preview"),
  };
}

/**
 * Whether GitHub does not contradict the preview's environment: GitHub was read, and where the
 * project's repository was read too, the environment exists with required reviewers. (Adopt reads
 * repositories after proposing; the declared environment's reviewers are the tier's approvers,
 * which the import sets.)
 */
function reviewedOnGithub(live: LiveOrg, p: RawProject, env: string): boolean {
  if (!live.github) return false;
  // GitHub folds the case of repository and environment names (docs/assumptions.md, GitHub names).
  const repo = live.github.repositories.find((r) => sameGithubName(r.name, p.repository));
  if (!repo) return true;
  const e = repo.environments.find((x) => sameGithubName(x.name, env));
  return !!e && e.reviewerTeamIds.length > 0;
}

/** Sets `reviewedPreviews` on the tiers the live organization shows them on (in place). */
export function inferReviewedPreviews(
  live: LiveOrg,
  tiers: RawTier[],
  projects: RawProject[],
  findings: AdoptFinding[],
): void {
  const github = live.oidcIssuers.find((i) => normUrl(i.url) === normUrl(GITHUB_ISSUER_URL));
  const allow = (github?.policies ?? []).filter((p) => p.decision === "allow");
  for (const t of tiers) {
    if (!t.protected || !t.deploy.approvers?.length || !t.deploy.branch) continue;
    const on = projects.filter((p) => Object.prototype.hasOwnProperty.call(p.tiers, t.name));
    const reviewed = on.filter((p) => {
      if ((p.tiers[t.name].mode ?? t.deploy.mode) !== "github-actions") return false;
      const preview = previewOf(p, t);
      return (
        preview !== undefined &&
        reviewedOnGithub(live, p, preview.environment) &&
        allow.some((x) => isReviewedPreview(x.rules ?? {}, x.tokenType, x.teamName, [preview]))
      );
    });
    if (!reviewed.length) continue;
    t.deploy.reviewedPreviews = true;
    for (const p of on)
      if (!reviewed.includes(p))
        p.tiers[t.name] = { ...p.tiers[t.name], previewPullRequests: false };
    findings.push({
      severity: "info",
      code: "reviewed-previews",
      subject: `tier:${t.name}`,
      message: `pull requests of ${reviewed.map((p) => p.name).join(", ")} preview tier ${t.name} through the program's reviewed-preview policy: the proposal declares deploy.reviewedPreviews (each preview environment's required reviewers are the tier's approvers)${on.length > reviewed.length ? " (the tier's other projects keep previews off)" : ""}`,
    });
  }
}
