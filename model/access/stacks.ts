/**
 * One project on one tier: the context every per-stack builder reads, and the stack it declares
 * (name, environment, deploy mode, aliases and tags).
 */
import { DEFAULT_CI, DEPLOYMENTS_MODE, hasPreviewRoute } from "../ci/registry";
import { OrgConfig, ProjectConfig, TierConfig } from "../config";
import { projectHosts } from "./hosts";
import { teamIndex } from "./teamIndex";
import { pipelineKey } from "./pipelines";
import { StackContext, StackSpec } from "./types";

export type { StackContext } from "./types";

/** Every project's tiers, in config order (projects, then each project's tiers). */
export function stackContexts(config: OrgConfig): StackContext[] {
  const tierByName = new Map(config.tiers.map((t) => [t.name, t]));
  const tierIndex = new Map(config.tiers.map((t, i) => [t.name, i]));
  const hosts = projectHosts(config);
  return config.projects.flatMap((project, pi) =>
    Object.entries(project.tiers).map(([tierName, projectTier]): StackContext => {
      const tier = tierByName.get(tierName) as TierConfig;
      const mode =
        tier.deploy.mode === "direct" ? "direct" : (projectTier.mode ?? tier.deploy.mode);
      const trigger =
        mode === DEPLOYMENTS_MODE
          ? (projectTier.trigger ?? tier.deploy.trigger ?? "github-app")
          : undefined;
      const ci =
        mode === DEFAULT_CI || trigger === "api" ? (projectTier.ci ?? DEFAULT_CI) : undefined;
      return {
        config,
        project,
        tier,
        tierIndex: tierIndex.get(tierName) as number,
        key: pipelineKey(project.name, tierName),
        stackName: projectTier.stack ?? tierName,
        environment: { project: project.name, name: projectTier.environment ?? tierName },
        mode,
        // REST-triggered deployments and CIs without one have no preview route (validation refuses one).
        previews:
          projectTier.previewPullRequests ??
          (trigger === "api" || !hasPreviewRoute(ci)
            ? false
            : (tier.deploy.previewPullRequests ??
              (tier.deploy.reviewedPreviews || !tier.protected))),
        source: `projects[${pi}].tiers.${tierName}`,
        entry: projectTier,
        ci,
        trigger,
        repositoryHost: hosts[pi],
      };
    }),
  );
}

/** The stack of one project on one tier. */
export function stackSpec(ctx: StackContext): StackSpec {
  const { config, project, tier, mode } = ctx;
  const owners = teamIndex(config)
    .explicit(project.name)
    .map((ti) => config.teams[ti].name);
  return {
    key: ctx.key,
    project: project.name,
    tier: tier.name,
    stack: ctx.stackName,
    environment: ctx.environment,
    protected: tier.protected,
    mode,
    managed: !project.bootstrap,
    formerKeys: formerKeys(project, tier),
    tags: {
      "secure-org:tier": tier.name,
      "secure-org:protected": String(tier.protected),
      "secure-org:deploy": mode,
      "secure-org:owner": owners.length ? owners.join(",") : "unassigned",
      "secure-org:repository": `${config.github.owner}/${project.repository}`,
    },
    source: ctx.source,
  };
}

function formerKeys(project: ProjectConfig, tier: TierConfig): string[] {
  const projects = [project.name, ...project.formerNames];
  const tiers = [tier.name, ...tier.formerNames];
  const keys: string[] = [];
  for (const p of projects)
    for (const t of tiers) if (p !== project.name || t !== tier.name) keys.push(`${p}/${t}`);
  return keys;
}
