/**
 * A shard's stack (issue 20): the part of a sharded organization one shard deploys, and what the
 * core exports for it. See model/access/shards.ts for who may do what, model/access/scope.ts for
 * which resources each stack owns.
 *
 * A shard creates its projects' stacks and ESC environments, every grant on them, approval rules,
 * webhooks, pipelines (deployment settings, drift schedules, workflow files), the protection of
 * its repositories (GitHub environments, Actions settings, CODEOWNERS, rulesets) and the core's
 * teams' permissions on those repositories. It creates no team: it names the core's, and reads
 * their GitHub ids and the webhook secrets from the core stack's outputs through a
 * `StackReference`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as github from "@pulumi/github";
import { AccessModel, buildAccessModel } from "../model/access";
import { scopeModel, scopeStack } from "../model/access/scope";
import { OrgConfig } from "../model/config";
import { GITHUB_PROVIDER_PACING, githubAppAuth } from "./github";
import { EnvironmentTier } from "./environmentTier";
import {
  BuildOrgOptions,
  createBranchProtections,
  createCiFiles,
  createPipelines,
  createRepositoryEnvironments,
  createTiers,
  Org,
  OrgContext,
  SecureOrg,
} from "./org";
import { DeploymentPipeline } from "./deploymentPipeline";
import { createTeamRepository, TeamHandle } from "./secureTeam";

/** The core stack's outputs a shard reads (index.ts exports them from the core). */
export const CORE_OUTPUTS = {
  /** Team name -> numeric GitHub team id, for every team mirrored to GitHub. */
  githubTeamIds: "githubTeamIds",
  /** Secret config key -> value, for the webhooks the shards create (a secret output). */
  webhookSecrets: "webhookSecrets",
} as const;

export interface ShardOrg {
  readonly root: SecureOrg;
  /** The shard's part of the model. */
  readonly model: AccessModel;
  readonly shard: string;
  /** `<organization>/<project>/<core stack>`. */
  readonly coreStack: string;
  readonly core: pulumi.StackReference;
  readonly tiers: ReadonlyMap<string, EnvironmentTier>;
  readonly pipelines: ReadonlyMap<string, DeploymentPipeline>;
  readonly files: ReadonlyMap<string, string>;
}

/** What the core exports for its shards (index.ts), from the built core. */
export function coreExports(org: Org) {
  const ids: Record<string, pulumi.Output<number>> = Object.create(null);
  for (const [name, team] of org.teams) if (team.githubTeamId) ids[name] = team.githubTeamId;
  const cfg = new pulumi.Config("secure-org");
  const secrets: Record<string, pulumi.Output<string>> = Object.create(null);
  for (const k of org.model.sharding?.secretKeys ?? []) secrets[k] = cfg.requireSecret(k);
  return {
    [CORE_OUTPUTS.githubTeamIds]: pulumi.all(ids),
    [CORE_OUTPUTS.webhookSecrets]: pulumi.secret(pulumi.all(secrets)),
  };
}

/** Builds shard `shard` of a sharded organization. */
export function buildShard(
  config: OrgConfig,
  shard: string,
  options: Omit<BuildOrgOptions, "secret" | "deployer"> = {},
): ShardOrg {
  const full = buildAccessModel(config, options.warnings ?? []);
  const model = scopeModel(full, { kind: "shard", name: shard });
  const sharding = full.sharding;
  if (!sharding) throw new Error("the config declares no shards");
  const root = new SecureOrg(model.organization, options.rootOptions);
  const githubProvider = new github.Provider(
    "github",
    {
      owner: config.github.owner,
      appAuth: githubAppAuth(options.env ?? process.env),
      ...GITHUB_PROVIDER_PACING,
    },
    { parent: root },
  );
  const coreStack = `${model.organization}/${sharding.project}/${scopeStack(full, { kind: "core" })}`;
  const core = new pulumi.StackReference("core", { name: coreStack }, { parent: root });
  const teamIds = core.requireOutput(CORE_OUTPUTS.githubTeamIds) as pulumi.Output<
    Record<string, number>
  >;
  const secrets = core.requireOutput(CORE_OUTPUTS.webhookSecrets) as pulumi.Output<
    Record<string, string>
  >;
  const ctx: OrgContext = {
    config,
    model,
    root,
    parent: { parent: root },
    githubProvider,
    secret: (key) => secrets.apply((m) => valueOf(m, key, "webhook secret")),
    index: {
      repositories: new Map(model.repositories.map((r) => [r.name, r])),
      drift: new Map(model.driftSchedules.map((d) => [d.key, d])),
    },
  };
  const teams = teamHandles(model, teamIds);
  const tiers = createTiers(ctx, teams, true);
  const repoEnvs = createRepositoryEnvironments(ctx, teams);
  createTeamRepositories(ctx, teams);
  const files = new Map<string, string>();
  const pipelines = createPipelines(ctx, { teams, tiers, repoEnvs }, files);
  // Other CIs' pipeline files of the shard's projects; the core's issuers already trust them.
  const ciFiles = createCiFiles(ctx, { teams, repoEnvs }, files);
  createBranchProtections(ctx, pipelines, ciFiles, files);
  root.done({ organization: model.organization, shard, pipelines: [...pipelines.keys()] });
  return { root, model, shard, coreStack, core, tiers, pipelines, files };
}

/** The core's teams as a shard names them: no resource, GitHub ids from the core's outputs. */
function teamHandles(
  model: AccessModel,
  teamIds: pulumi.Output<Record<string, number>>,
): Map<string, TeamHandle> {
  const out = new Map<string, TeamHandle>();
  for (const t of model.teams)
    out.set(t.name, {
      teamName: t.name,
      githubTeamId: t.github
        ? teamIds.apply((ids) => valueOf(ids, t.name, "GitHub team id"))
        : undefined,
    });
  return out;
}

/** The core's teams' permissions on this shard's repositories, under the shard's root. */
function createTeamRepositories(
  { model, parent, githubProvider }: OrgContext,
  teams: ReadonlyMap<string, TeamHandle>,
): void {
  for (const t of model.teams) {
    const id = teams.get(t.name)?.githubTeamId;
    if (!t.github || id === undefined) continue;
    for (const access of t.github.repositories)
      createTeamRepository(
        parent.parent,
        t.name,
        pulumi.output(id).apply(String),
        access,
        githubProvider,
      );
  }
}

/** `map[key]`, or an error naming what the core did not export. */
function valueOf<T>(map: Readonly<Record<string, T>> | undefined, key: string, what: string): T {
  if (!map || !Object.prototype.hasOwnProperty.call(map, key))
    throw new Error(
      `the core stack exports no ${what} for "${key}": run the core stack's pipeline first`,
    );
  return map[key];
}
