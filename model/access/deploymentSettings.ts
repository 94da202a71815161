/**
 * The deployment settings the bootstrap writes for a Deployments-mode pipeline: one
 * function, used by the component (components/deploymentPipeline.ts) and compared by the audit
 * (audit/compare/deployments.ts), so the two cannot disagree.
 */
import type { PipelineSpec } from "./types";

export interface DeclaredDeploymentSettings {
  readonly sourceContext: { readonly git: { readonly branch: string; readonly repoDir?: string } };
  readonly vcs: {
    readonly provider: "github";
    readonly repository: string;
    readonly deployCommits: boolean;
    readonly previewPullRequests: boolean;
    readonly pullRequestTemplate: false;
    readonly paths: readonly string[];
  };
}

/**
 * Preview on pull requests, `pulumi up` on pushes to the tier's branch, limited to the project's
 * work dir, every trigger value explicit. With `trigger: api` the GitHub App clones the repository
 * and starts nothing itself (every trigger off): only the REST caller starts deployments. No
 * pre-run commands, executor image, agent pool or tag triggers are set.
 */
export function declaredDeploymentSettings(
  p: PipelineSpec,
  githubOwner: string,
): DeclaredDeploymentSettings {
  return {
    sourceContext: {
      git: {
        branch: `refs/heads/${p.branch}`,
        ...(p.workDir === "." ? {} : { repoDir: p.workDir }),
      },
    },
    vcs: {
      provider: "github",
      repository: `${githubOwner}/${p.repository}`,
      deployCommits: p.trigger !== "api",
      previewPullRequests: p.trigger !== "api" && p.previewPullRequests,
      pullRequestTemplate: false,
      paths: p.workDir === "." ? ["**"] : [`${p.workDir}/**`],
    },
  };
}
