/**
 * Reviewed previews from what the program wrote (issue 30 item 1): a protected tier whose live
 * issuer of the default CI holds, for a project deploying it from the default CI, exactly the
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
import { DEFAULT_CI } from "../model/ci/registry";
import type { LiveOrg } from "./live";
import type { AdoptFinding, RawProject, RawTier } from "./types";

/** The reviewed preview the program would generate for a project on a tier, if it can. */
function previewOf(
  p: RawProject,
  t: RawTier,
  id: number | undefined = p.repositoryId,
): ReviewedPreview | undefined {
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
 * Whether GitHub shows the preview's environment reviewed: the project's repository was read
 * (adopt reads each project repository's environments before proposing) and the environment
 * exists there with required reviewers. `unknown` when GitHub or the repository was not read:
 * nothing is inferred then, and the proposal says what could not be checked.
 */
function reviewedOnGithub(live: LiveOrg, p: RawProject, env: string): "yes" | "no" | "unknown" {
  if (!live.github) return "unknown";
  // GitHub folds the case of repository and environment names (docs/assumptions.md, GitHub names).
  const repo = live.github.repositories.find((r) => sameGithubName(r.name, p.repository));
  if (!repo) return "unknown";
  const e = repo.environments.find((x) => sameGithubName(x.name, env));
  return e && e.reviewerTeamIds.length > 0 ? "yes" : "no";
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
      if ((p.tiers[t.name].mode ?? t.deploy.mode) !== DEFAULT_CI) return false;
      // Without the repository's id (it was not read), a policy shaped like the program's
      // preview for its own repository id is still reported as not checked (never inferred).
      const matches = (preview: ReviewedPreview | undefined) =>
        preview !== undefined &&
        allow.some((x) => isReviewedPreview(x.rules ?? {}, x.tokenType, x.teamName, [preview]));
      const preview =
        p.repositoryId !== undefined
          ? previewOf(p, t)
          : allow
              .map((x) => x.rules?.repository_id)
              .filter((id): id is string => typeof id === "string" && /^[1-9][0-9]{0,15}$/.test(id))
              .map((id) => previewOf(p, t, Number(id)))
              .find(matches);
      if (!preview || !matches(preview)) return false;
      const seen =
        p.repositoryId === undefined ? "unknown" : reviewedOnGithub(live, p, preview.environment);
      if (seen === "unknown")
        findings.push({
          severity: "medium",
          code: "reviewed-preview-unchecked",
          subject: `project:${p.name} tier:${t.name}`,
          message: `the OIDC issuer holds the program's reviewed-preview policy for ${p.name} on tier ${t.name}, but ${live.github ? `repository ${p.repository} could not be read` : "GitHub was not read (set GITHUB_TOKEN)"}, so whether GitHub environment ${preview.environment} has required reviewers could not be checked: the proposal does not declare reviewed previews for it and the policy is judged as it is`,
        });
      return seen === "yes";
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
