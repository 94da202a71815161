/**
 * The pipeline files of the CIs other than the default, one per repository and CI (each unit
 * of model/ci/units.ts reads one file), and the caller script of every repository with
 * REST-triggered deployments. The program commits them only to repositories on
 * GitHub; `plan --out` writes them all for review.
 */
import { AccessModel } from "../access";
import { sameGithubName, TRIGGER_SCRIPT_PATH } from "../names";
import { CI_PIPELINE_FILES, UnitCi } from "./registry";
import type { CiRenderer } from "./parts";
import { CiRenderContext, pipelinesOn } from "./shared";
import { CI_UNITS_LIST, TRIGGER_SCRIPT } from "./units";
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

/** Each unit's renderer by its system name, in registry order. */
export const RENDERERS = Object.fromEntries(
  CI_UNITS_LIST.map((u) => [u.facts.system, u.render]),
) as Readonly<Record<UnitCi, CiRenderer>>;

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
