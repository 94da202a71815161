/**
 * What a project tier says about the CI system that runs its pipeline (`ci:`) and how that CI
 * identifies itself in its OIDC tokens: one identity block per CI unit (model/ci/registry.ts),
 * each built from the value rules of model/ci/values.ts.
 */
import { z } from "zod";
import { CI_SYSTEMS, ciBlocks, DEPLOYMENT_TRIGGERS } from "../ci/registry";

export {
  CI_BLOCK_KEYS,
  CI_SYSTEMS,
  DEPLOY_MODES,
  DEPLOYMENT_TRIGGERS,
  PIPELINE_MODES,
  REPOSITORY_HOSTS,
} from "../ci/registry";
export type { CiSystem, DeploymentTrigger, RepositoryHost } from "../ci/registry";
export { checkIssuerUrl, RULE_NAME, UUID } from "../ci/values";

/** The keys a project tier adds for CI pipelines and REST-triggered deployments. */
export const projectTierCiKeys = {
  /** The CI system that runs this project's pipeline on the tier (default: the default CI). */
  ci: z.enum(CI_SYSTEMS).optional(),
  /** In Deployments mode: start deployments through the GitHub App or the REST API. */
  trigger: z.enum(DEPLOYMENT_TRIGGERS).optional(),
  ...ciBlocks(),
};
