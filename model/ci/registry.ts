/**
 * The registry of CI units: the default CI's unit (./github/unit.ts, which runs the program's own
 * workflows), the Pulumi Deployments unit (./pulumi-deployments/unit.ts, a deploy mode), and one
 * line per other CI. Everything that lists CIs (the config's `ci:` values, deploy modes and
 * identity blocks, the repository hosts, the pipeline files, the cron grammars, the hints and
 * init's questions) derives from this file, and consumers import the two built-in units' facts
 * from here. Adding a CI: its folder under model/ci/ and model/oidc/, and a line here.
 */
import type { z } from "zod";
import { DEFAULT_CI, githubActionsFacts } from "./github/unit";
import { DEPLOYMENTS_MODE, pulumiDeploymentsFacts } from "./pulumi-deployments/unit";
import { type AzureDevopsBinding, azureDevopsFacts } from "./azure-devops/unit";
import { type CircleciBinding, circleciFacts } from "./circleci/unit";
import { type GitlabBinding, gitlabFacts } from "./gitlab/unit";
import { type JenkinsBinding, jenkinsFacts } from "./jenkins/unit";
import type { CiFacts, CronGrammar } from "./unit";

export { DEFAULT_CI, githubActionsFacts, isDefaultCi } from "./github/unit";
export type { DefaultCi } from "./github/unit";
export {
  DEPLOYMENT_TRIGGERS,
  DEPLOYMENTS_MODE,
  pulumiDeploymentsFacts,
} from "./pulumi-deployments/unit";
export type { DeploymentsMode, DeploymentTrigger } from "./pulumi-deployments/unit";

/** The units, in the order the config lists them. */
export const CI_UNIT_FACTS = [gitlabFacts, azureDevopsFacts, jenkinsFacts, circleciFacts] as const;

type Units = typeof CI_UNIT_FACTS;
export type UnitFacts = Units[number];
/** A CI with an identity block (every CI but the default). */
export type UnitCi = UnitFacts["system"];

const systemsOf = <T extends readonly CiFacts[]>(units: T) =>
  units.map((u) => u.system) as { -readonly [K in keyof T]: T[K]["system"] };

/** The values of a project tier's `ci:`: the default CI, then the units. */
export const CI_SYSTEMS = [DEFAULT_CI, ...systemsOf(CI_UNIT_FACTS)] as const;
export type CiSystem = (typeof CI_SYSTEMS)[number];

type ImpliedHost = Extract<UnitFacts, { impliedHost: string }>["impliedHost"];
/** Where a project's repository is hosted; only GitHub repositories get files committed. */
export const REPOSITORY_HOSTS = [
  githubActionsFacts.impliedHost,
  ...CI_UNIT_FACTS.flatMap((u): ImpliedHost[] => ("impliedHost" in u ? [u.impliedHost] : [])),
  "other",
] as readonly ["github", ...ImpliedHost[], "other"];
export type RepositoryHost = (typeof REPOSITORY_HOSTS)[number];

/** The domain of each repository host other CIs name (GitHub, and each unit's implied host). */
export const HOST_DOMAINS: ReadonlyMap<string, string> = new Map([
  [githubActionsFacts.impliedHost, githubActionsFacts.impliedHostDomain],
  ...CI_UNIT_FACTS.flatMap((u): [string, string][] =>
    "impliedHostDomain" in u ? [[u.impliedHost, u.impliedHostDomain]] : [],
  ),
]);

/** The repository hosts a unit's projects may live on. */
export const hostsOf = (u: UnitFacts): readonly string[] =>
  u.hosts === "any" ? REPOSITORY_HOSTS : u.hosts;

/** The units whose generated jobs run in the Pulumi image. */
export const PULUMI_IMAGE_CIS: ReadonlySet<string> = new Set(
  CI_UNIT_FACTS.filter((u) => u.runsPulumiImage).map((u) => u.system),
);

/** Whether a CI has a pull-request preview route by default (the default CI does). */
export const hasPreviewRoute = (ci: string | undefined): boolean =>
  unitFacts(ci ?? "")?.previewRoute ?? githubActionsFacts.previewRoute;

/** The deploy modes that run a pipeline: the default CI's workflow, or Pulumi Deployments. */
export const PIPELINE_MODES = [DEFAULT_CI, DEPLOYMENTS_MODE] as const;
export type PipelineMode = (typeof PIPELINE_MODES)[number];
/** The values of `deploy.mode`: `direct` (people run `pulumi up`), then the pipeline modes. */
export const DEPLOY_MODES = ["direct", ...PIPELINE_MODES] as const;

/** Who runs a schedule this program writes, which decides its grammar. */
export type CronRunner = PipelineMode;
/** The cron grammar of each runner. */
export const CRON_GRAMMARS: { readonly [R in CronRunner]: CronGrammar } = {
  [DEFAULT_CI]: githubActionsFacts.cron,
  [DEPLOYMENTS_MODE]: pulumiDeploymentsFacts.cron,
};

/** How messages and reports name the default CI and Pulumi Cloud's deployments. */
export const DEFAULT_CI_LABEL = githubActionsFacts.label;
export const DEPLOYMENTS_LABEL = pulumiDeploymentsFacts.label;

/** What a job calling the Deployments REST API says it does. */
export const TRIGGER_JOB_COMMENT: readonly string[] = pulumiDeploymentsFacts.triggerJobComment;

/** Other spellings of the pipeline modes `npm run init -- --ci` accepts. */
export const PIPELINE_MODE_ALIASES: readonly (readonly [string, PipelineMode])[] = [
  ...githubActionsFacts.initAliases.map((a) => [a, DEFAULT_CI] as const),
  ...pulumiDeploymentsFacts.initAliases.map((a) => [a, DEPLOYMENTS_MODE] as const),
];

/** How messages and reports name each deploy mode. */
export const MODE_LABELS: ReadonlyMap<string, string> = new Map([
  ["direct", "direct"],
  [DEFAULT_CI, githubActionsFacts.label],
  [DEPLOYMENTS_MODE, pulumiDeploymentsFacts.label],
]);

/**
 * How a pipeline identity of a CI other than the default shows up in its OIDC tokens: the
 * issuer (one `OidcIssuer` per issuer URL) and the stable values its policies pin; one per unit.
 */
export type CiBinding = GitlabBinding | AzureDevopsBinding | JenkinsBinding | CircleciBinding;

/** A unit's facts by its system name. */
export function unitFacts(ci: string): UnitFacts | undefined {
  return CI_UNIT_FACTS.find((u) => u.system === ci);
}

/** The config key of each unit's identity block on a project tier. */
export const CI_BLOCK_KEYS = Object.fromEntries(
  CI_UNIT_FACTS.map((u) => [u.system, u.blockKey]),
) as { readonly [U in UnitFacts as U["system"]]: U["blockKey"] };

/** The identity blocks a project tier may carry, one per unit, each optional. */
export const ciBlocks = () =>
  Object.fromEntries(CI_UNIT_FACTS.map((u) => [u.blockKey, u.block.optional()])) as {
    [U in UnitFacts as U["blockKey"]]: z.ZodOptional<U["block"]>;
  };

/** The pipeline file each unit's CI reads, one per repository. */
export const CI_PIPELINE_FILES = Object.fromEntries(
  CI_UNIT_FACTS.map((u) => [u.system, u.pipelineFile]),
) as { readonly [U in UnitFacts as U["system"]]: U["pipelineFile"] };
