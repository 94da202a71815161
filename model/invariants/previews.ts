/**
 * Pipelines whose OIDC claims cannot be told apart. A `pull_request` job's workflow reference
 * names the pull request, not the workflow file, so two preview identities of one repository that
 * preview pull requests to the same branch (in the same GitHub environment, or none) match each
 * other's policies: each preview could obtain the other's token.
 */
import { CI_BINDINGS } from "../ci/bindings";
import type { AccessModel } from "../access";
import { ConfigIssue, OrgConfig } from "../config";
import { githubNameKey } from "../names";

export function checkDistinguishablePreviews(
  config: OrgConfig,
  model: AccessModel,
  errors: ConfigIssue[],
): void {
  const tierIndex = new Map(config.tiers.map((t, i) => [t.name, i]));
  const seen = new Map<string, string>();
  for (const p of model.pipelines) {
    if (!p.preview) continue;
    const b = p.preview.binding;
    // GitHub: a pull_request's claims name the base branch and the environment. Other CIs' tokens
    // name no target branch: only what the CI unit's previewKey names (a service connection, a context).
    const key =
      b === undefined
        ? JSON.stringify([
            githubNameKey(p.repository),
            p.branch,
            githubNameKey(p.preview.githubEnvironment ?? ""),
          ])
        : JSON.stringify([
            b.system,
            githubNameKey(p.repository),
            CI_BINDINGS.get(b.system)?.previewKey?.(b) ?? "",
          ]);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, p.key);
      continue;
    }
    errors.push({
      path: `tiers[${tierIndex.get(p.tier)}].deploy.previewPullRequests`,
      message:
        `${first} and ${p.key} both preview pull requests ${b ? `on ${b.system}` : `to ${p.branch}`} in repository ${p.repository}` +
        (p.preview.githubEnvironment
          ? ` in GitHub environment ${p.preview.githubEnvironment}`
          : "") +
        ": a pull_request job's OIDC claims do not name its workflow, so each preview could obtain " +
        "the other's token. Set deploy.reviewedPreviews: true (each project's previews then run in " +
        "their own GitHub environment, which the policies pin), preview only one of them, or move one " +
        "project to its own repository",
    });
  }
}
