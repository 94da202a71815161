/**
 * What a project tier says about the CI system that runs its pipeline (`ci:`) and how that CI
 * identifies itself in its OIDC tokens: one identity block per CI unit (model/ci/registry.ts),
 * each built from the value rules of model/ci/values.ts.
 */
import { z } from "zod";
import { CI_SYSTEMS, ciBlocks } from "../ci/registry";

export { CI_BLOCK_KEYS, CI_SYSTEMS, REPOSITORY_HOSTS } from "../ci/registry";
export type { CiSystem, RepositoryHost } from "../ci/registry";
export { checkIssuerUrl, RULE_NAME, UUID } from "../ci/values";

/** How Pulumi Deployments of a stack are started: the GitHub App (git events) or the REST API. */
export const DEPLOYMENT_TRIGGERS = ["github-app", "api"] as const;
export type DeploymentTrigger = (typeof DEPLOYMENT_TRIGGERS)[number];

/** The keys a project tier adds for CI pipelines and REST-triggered deployments. */
export const projectTierCiKeys = {
  /** The CI system that runs this project's pipeline on the tier (default github-actions). */
  ci: z.enum(CI_SYSTEMS).optional(),
  /** For pulumi-deployments: start deployments through the GitHub App or the REST API. */
  trigger: z.enum(DEPLOYMENT_TRIGGERS).optional(),
  ...ciBlocks(),
};
