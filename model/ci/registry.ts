/**
 * The registry of CI units: one line per CI other than GitHub Actions (which is the default and
 * runs the program's own workflows). Everything that lists CIs (the config's `ci:` values and
 * identity blocks, the repository hosts, the pipeline files, the hints and init's questions)
 * derives from this list. Adding a CI: its folder under model/ci/ and model/oidc/, and a line here.
 */
import type { z } from "zod";
import { type AzureDevopsBinding, azureDevopsFacts } from "./azure-devops/unit";
import { type CircleciBinding, circleciFacts } from "./circleci/unit";
import { type GitlabBinding, gitlabFacts } from "./gitlab/unit";
import { type JenkinsBinding, jenkinsFacts } from "./jenkins/unit";
import type { CiFacts } from "./unit";

/** The units, in the order the config lists them. */
export const CI_UNIT_FACTS = [gitlabFacts, azureDevopsFacts, jenkinsFacts, circleciFacts] as const;

type Units = typeof CI_UNIT_FACTS;
export type UnitFacts = Units[number];
/** A CI with a unit (every CI but GitHub Actions). */
export type UnitCi = UnitFacts["system"];

const systemsOf = <T extends readonly CiFacts[]>(units: T) =>
  units.map((u) => u.system) as { -readonly [K in keyof T]: T[K]["system"] };

/** The values of a project tier's `ci:`: GitHub Actions, then the units. */
export const CI_SYSTEMS = ["github-actions", ...systemsOf(CI_UNIT_FACTS)] as const;
export type CiSystem = (typeof CI_SYSTEMS)[number];

type ImpliedHost = Extract<UnitFacts, { impliedHost: string }>["impliedHost"];
/** Where a project's repository is hosted; only GitHub repositories get files committed. */
export const REPOSITORY_HOSTS = [
  "github",
  ...CI_UNIT_FACTS.flatMap((u): ImpliedHost[] => ("impliedHost" in u ? [u.impliedHost] : [])),
  "other",
] as readonly ["github", ...ImpliedHost[], "other"];
export type RepositoryHost = (typeof REPOSITORY_HOSTS)[number];

/** The domain of each repository host other CIs name (GitHub, and each unit's implied host). */
export const HOST_DOMAINS: ReadonlyMap<string, string> = new Map([
  ["github", "github.com"],
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

/** Whether a CI has a pull-request preview route by default (GitHub Actions does). */
export const hasPreviewRoute = (ci: string | undefined): boolean =>
  unitFacts(ci ?? "")?.previewRoute ?? true;

/**
 * How a pipeline identity of a CI other than GitHub Actions shows up in its OIDC tokens: the
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
