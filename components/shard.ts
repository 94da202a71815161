/**
 * A shard's stack (issue 20): the part of a sharded organization one shard deploys, and what the
 * core exports for it. See model/access/shards.ts for who may do what, model/access/scope.ts for
 * which resources each stack owns.
 *
 * A shard creates its projects' stacks and ESC environments, every grant on them, approval rules,
 * webhooks, pipelines (deployment settings, drift schedules, workflow files), the protection of
 * its repositories (GitHub environments, Actions settings, CODEOWNERS, rulesets) and the core's
 * teams' permissions on those repositories. It creates no team: it names the core's, and looks
 * their GitHub ids up by slug (a team name is its own slug: lower-case letters, digits and '-').
 * It reads nothing of the core stack: `read` on a stack decrypts its secrets (the core's state
 * holds its GitHub App key and every webhook secret), so a shard holds no grant on it. The
 * webhook secrets a shard's webhooks sign with come from the shard's own stack config (its ESC
 * environment), as the core's come from the core's.
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
  OrgContext,
  SecureOrg,
} from "./org";
import { DeploymentPipeline } from "./deploymentPipeline";
import { createTeamRepository, TeamHandle } from "./secureTeam";

export interface ShardOrg {
  readonly root: SecureOrg;
  /** The shard's part of the model. */
  readonly model: AccessModel;
  readonly shard: string;
  /** `<organization>/<project>/<core stack>`. */
  readonly coreStack: string;
  readonly tiers: ReadonlyMap<string, EnvironmentTier>;
  readonly pipelines: ReadonlyMap<string, DeploymentPipeline>;
  readonly files: ReadonlyMap<string, string>;
}

/** Builds shard `shard` of a sharded organization. */
export function buildShard(
  config: OrgConfig,
  shard: string,
  options: Omit<BuildOrgOptions, "deployer"> = {},
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
  const ctx: OrgContext = {
    config,
    model,
    root,
    parent: { parent: root },
    githubProvider,
    // The shard's own stack config (secure-org:shardOf's stack file, or its ESC environment).
    secret: options.secret ?? ((key) => new pulumi.Config("secure-org").requireSecret(key)),
    index: {
      repositories: new Map(model.repositories.map((r) => [r.name, r])),
      drift: new Map(model.driftSchedules.map((d) => [d.key, d])),
    },
  };
  const teams = teamHandles(model, { provider: githubProvider, parent: root });
  const tiers = createTiers(ctx, teams, true);
  const repoEnvs = createRepositoryEnvironments(ctx, teams);
  createTeamRepositories(ctx, teams);
  const files = new Map<string, string>();
  const pipelines = createPipelines(ctx, { teams, tiers, repoEnvs }, files);
  // Other CIs' pipeline files of the shard's projects; the core's issuers already trust them.
  const ciFiles = createCiFiles(ctx, { teams, repoEnvs }, files);
  createBranchProtections(ctx, pipelines, ciFiles, files);
  root.done({ organization: model.organization, shard, pipelines: [...pipelines.keys()] });
  return { root, model, shard, coreStack, tiers, pipelines, files };
}

/**
 * The core's teams as a shard names them: no resource; the GitHub id of each mirrored team looked
 * up by its slug, which is its name (`summaryOnly`: one request, no member or repository lists).
 */
function teamHandles(
  model: AccessModel,
  invokeOpts: pulumi.InvokeOptions,
): Map<string, TeamHandle> {
  const out = new Map<string, TeamHandle>();
  for (const t of model.teams)
    out.set(t.name, {
      teamName: t.name,
      githubTeamId: t.github
        ? github.getTeamOutput({ slug: t.name, summaryOnly: true }, invokeOpts).id.apply(Number)
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
