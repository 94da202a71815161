/**
 * The pipeline files of the CIs other than GitHub Actions, one per repository and CI (GitLab,
 * Azure DevOps, Jenkins and CircleCI each read one file), and the caller script of every
 * repository with REST-triggered deployments. The program commits them only to repositories on
 * GitHub; `plan --out` writes them all for review.
 */
import { AccessModel, PipelineSpec } from "../access";
import { sameGithubName, TRIGGER_SCRIPT_PATH } from "../names";
import { CI_PIPELINE_FILES, UnitCi } from "./registry";
import { renderAzurePipelines } from "./azure-devops/pipeline";
import { renderCircleciConfig } from "./circleci/config";
import { renderGitlabCi } from "./gitlab/pipeline";
import { renderJenkinsfile } from "./jenkins/jenkinsfile";
import { CiRenderContext, pipelinesOn } from "./shared";
import { TRIGGER_SCRIPT } from "./trigger/script";
import { pulumiImage } from "../imagePins";

export interface CiFile {
  readonly repository: string;
  readonly path: string;
  readonly content: string;
  /** Whether the repository is on GitHub (and the program commits the file). */
  readonly commit: boolean;
  /** Pipelines (keys) the file serves. */
  readonly pipelines: readonly string[];
}

export const RENDERERS = {
  gitlab: renderGitlabCi,
  "azure-devops": renderAzurePipelines,
  jenkins: renderJenkinsfile,
  circleci: renderCircleciConfig,
} as const satisfies Record<UnitCi, (pipelines: PipelineSpec[], ctx: CiRenderContext) => string>;

export function renderCiFiles(model: AccessModel): CiFile[] {
  const ctx: CiRenderContext = {
    organization: model.organization,
    maxExpirationSeconds: model.oidc.maxExpirationSeconds,
    image: pulumiImage(model.images?.pulumi),
  };
  const out: CiFile[] = [];
  for (const repo of model.repositories) {
    const commit = repo.host === "github";
    for (const ci of Object.keys(RENDERERS) as (keyof typeof RENDERERS)[]) {
      const pipelines = pipelinesOn(model.pipelines, ci, repo.name);
      if (pipelines.length === 0) continue;
      out.push({
        repository: repo.name,
        path: CI_PIPELINE_FILES[ci],
        content: RENDERERS[ci](pipelines, ctx),
        commit,
        pipelines: pipelines.map((p) => p.key),
      });
    }
    const triggers = model.pipelines.filter(
      (p) => sameGithubName(p.repository, repo.name) && p.trigger === "api",
    );
    if (triggers.length)
      out.push({
        repository: repo.name,
        path: TRIGGER_SCRIPT_PATH,
        content: TRIGGER_SCRIPT,
        commit,
        pipelines: triggers.map((p) => p.key),
      });
  }
  return out;
}
