/**
 * Sharding (`secure-org:shards`, issue 20), as plain data: which stack owns each project, and what
 * each shard's own pipeline brings into the core.
 *
 * A shard is a stack of the bootstrap project (`<core stack>-<name>`) that owns a set of projects.
 * It deploys through its own pipeline in the platform repository, as the core does, but with the
 * token of its own machine team (`<bootstrap>-<shard stack>-deploy`), not an organization token.
 * The core (organization admin) creates that team and gives it:
 * - `write` on the shard's stack and `open` on its ESC environment (the shard's GitHub App
 *   credentials): its own stack, and nothing else of the core's;
 * - nothing on the core stack: `read` on a stack decrypts its secrets (the core's state holds its
 *   GitHub App key and every webhook secret), so a shard looks the core's GitHub teams up by slug
 *   and takes its webhook secrets from its own stack config;
 * - a custom role with `stack:create` and `environment:create`: a shard creates its projects'
 *   stacks and environments, and becomes their admin as their creator, which is what lets it
 *   grant the declared teams access to them.
 * The pipeline runs in its own GitHub environment (named after the shard's stack, reviewed by the
 * bootstrap tier's approvers), from its own generated workflow on the bootstrap's branch; the
 * core's OIDC issuer trusts exactly that job for the shard's token.
 */
import { OrgConfig, ProjectConfig, TierConfig } from "../config";
import { DEFAULT_CI } from "../ci/registry";
import { machineTeamName, workflowPath } from "../names";
import { machineTeam } from "./teams";
import {
  Grant,
  MachineIdentity,
  PipelineSpec,
  RoleSpec,
  ShardSpec,
  Sharding,
  StackSpec,
  TeamSpec,
} from "./types";

export type { ShardSpec, Sharding } from "./types";
import type { Finding } from "../config";

/** Scopes a shard's custom role grants: creating its projects' stacks and environments. */
export const SHARD_ROLE_SCOPES = ["stack:create", "environment:create"] as const;

/** What the shards add to the (core's) model: their stacks, teams, grants, pipelines, roles. */
export interface ShardAccess {
  readonly sharding: Sharding;
  readonly stacks: readonly StackSpec[];
  readonly machineTeams: readonly TeamSpec[];
  readonly grants: readonly Grant[];
  readonly identities: readonly MachineIdentity[];
  readonly pipelines: readonly PipelineSpec[];
  readonly roles: readonly RoleSpec[];
  /** The risk each shard's create scopes accept (organization-wide in Pulumi Cloud). */
  readonly findings: readonly Finding[];
}

/** The core stack: the bootstrap project's (validation: one bootstrap project, one tier). */
export function coreStackName(config: OrgConfig): string {
  const boot = config.projects.find((p) => p.bootstrap) as ProjectConfig;
  const [tierName, entry] = Object.entries(boot.tiers)[0];
  return entry.stack ?? tierName;
}

/** A shard's stack, or undefined when the config has no such shard. */
export function shardStackName(config: OrgConfig, shard: string): string | undefined {
  const s = config.shards.find((x) => x.name === shard);
  return s ? (s.stack ?? `${coreStackName(config)}-${s.name}`) : undefined;
}

/** Which shard owns each project (config validation refused overlaps). */
export function shardOwners(config: OrgConfig): Map<string, string> {
  const owner = new Map<string, string>();
  const projects = new Set(config.projects.map((p) => p.name));
  const teams = new Map(config.teams.map((t) => [t.name, t]));
  for (const s of config.shards) {
    for (const p of s.projects) owner.set(p, s.name);
    for (const t of s.teams)
      for (const p of Object.keys(teams.get(t)?.access ?? {}))
        if (p !== "*" && projects.has(p)) owner.set(p, s.name);
  }
  return owner;
}

/** The shards' part of the model, or undefined when the config declares none. */
export function buildShardAccess(config: OrgConfig): ShardAccess | undefined {
  if (config.shards.length === 0) return undefined;
  // Config validation guarantees one bootstrap project on exactly one tier.
  const boot = config.projects.find((p) => p.bootstrap) as ProjectConfig;
  const [tierName, entry] = Object.entries(boot.tiers)[0];
  const tier = config.tiers.find((t) => t.name === tierName) as TierConfig;
  const coreStack = entry.stack ?? tierName;
  const ownerOf = shardOwners(config);
  const parts = config.shards.map((_s, i) => shardPart(config, boot, tier, coreStack, ownerOf, i));
  return {
    sharding: {
      project: boot.name,
      coreStack,
      shards: parts.map((p) => p.spec),
      ownerOf,
      secretKeys: [
        ...new Set(
          config.audit.webhooks.flatMap((w) =>
            w.scope
              ? [w.secretConfigKey, w.urlSecretConfigKey].filter((k): k is string => !!k)
              : [],
          ),
        ),
      ].sort(),
    },
    stacks: parts.map((p) => p.stack),
    machineTeams: parts.map((p) => p.team),
    grants: parts.flatMap((p) => p.grants),
    identities: parts.map((p) => p.spec.identity),
    pipelines: parts.map((p) => p.pipeline),
    roles: parts.map((p) => p.role),
    findings: parts.map((p, i) => ({
      severity: "medium" as const,
      code: "shard-create-scope",
      path: `shards[${i}]`,
      message:
        `shard ${p.spec.name}'s identity (team ${p.team.name}) holds ${SHARD_ROLE_SCOPES.join(" and ")}, ` +
        "which Pulumi Cloud grants organization-wide: it can create (not read or change) a stack or " +
        "environment in a project another stack owns, and becomes that new one's admin. A name taken " +
        "that way makes the owner's deploy fail (it already exists) instead of handing over access. " +
        "Accepted so that shards deploy in parallel; sharding is off without secure-org:shards.",
    })),
  };
}

/** What one shard part is made from. */
interface PartInput {
  readonly config: OrgConfig;
  readonly boot: ProjectConfig;
  readonly tier: TierConfig;
  readonly coreStack: string;
  readonly shard: OrgConfig["shards"][number];
  readonly source: string;
  readonly stack: string;
  readonly owned: readonly ProjectConfig[];
  readonly team: string;
}

function shardPart(
  config: OrgConfig,
  boot: ProjectConfig,
  tier: TierConfig,
  coreStack: string,
  ownerOf: ReadonlyMap<string, string>,
  index: number,
) {
  const s = config.shards[index];
  const stack = s.stack ?? `${coreStack}-${s.name}`;
  const input: PartInput = {
    config,
    boot,
    tier,
    coreStack,
    shard: s,
    source: `shards[${index}]`,
    stack,
    owned: config.projects.filter((p) => ownerOf.get(p.name) === s.name),
    team: machineTeamName(boot.name, stack, "deploy"),
  };
  const identity = shardIdentity(input);
  return {
    spec: {
      name: s.name,
      stack,
      projects: input.owned.map((p) => p.name),
      repositories: [...new Set(input.owned.map((p) => p.repository))],
      identity,
      source: input.source,
    } satisfies ShardSpec,
    stack: shardStack(input),
    team: machineTeam(input.team, "deploy", `${boot.name}/${stack}`, input.source),
    grants: shardGrants(input),
    pipeline: shardPipeline(input, identity),
    role: shardRole(input),
  };
}

/** The shard's deploy identity: its own machine team, from its own job in the platform repository. */
function shardIdentity({ boot, tier, stack, owned, team }: PartInput): MachineIdentity {
  const names = owned.slice(0, 3).map((p) => p.name);
  return {
    team,
    ci: DEFAULT_CI,
    tokenType: "team",
    purpose: "deploy",
    project: boot.name,
    tier: stack,
    repository: boot.repository,
    branch: tier.deploy.branch as string,
    githubEnvironment: stack,
    events: tier.deploy.manualDispatch ? ["push", "workflow_dispatch"] : ["push"],
    workflowPath: workflowPath(boot.name, stack),
    may: [
      `write stack ${boot.name}/${stack} and open environment ${boot.name}/${stack} (the shard's own)`,
      `create the stacks and environments of ${owned.length} project(s) (${names.join(", ")}${owned.length > 3 ? ", ..." : ""}) and administer them as their creator`,
    ],
  };
}

/** The shard's stack, a stack of the bootstrap project the core creates. */
function shardStack({ config, boot, tier, shard, source, stack }: PartInput): StackSpec {
  return {
    key: `${boot.name}/${stack}`,
    project: boot.name,
    tier: stack,
    stack,
    environment: { project: boot.name, name: stack },
    protected: tier.protected,
    mode: DEFAULT_CI,
    managed: true,
    platform: true,
    formerKeys: [],
    tags: {
      "secure-org:tier": tier.name,
      "secure-org:protected": String(tier.protected),
      "secure-org:deploy": DEFAULT_CI,
      "secure-org:owner": "secure-org",
      "secure-org:repository": `${config.github.owner}/${boot.repository}`,
      "secure-org:shard": shard.name,
    },
    source,
  };
}

/**
 * Write on its own stack (and open its environment): nothing more. Not even read on the core
 * stack, whose secrets (GitHub App key, webhook secrets) stack read would decrypt.
 */
function shardGrants({ boot, shard, stack, team }: PartInput): Grant[] {
  return [
    {
      project: boot.name,
      team,
      identity: "machine" as const,
      tier: stack,
      stack,
      environment: { project: boot.name, name: stack },
      stackPermission: "write",
      environmentPermission: "open",
      reason: `deploy identity of shard ${shard.name}: pulumi up of its own stack`,
    },
  ];
}

function shardPipeline({ boot, tier, stack }: PartInput, identity: MachineIdentity): PipelineSpec {
  return {
    key: `${boot.name}/${stack}`,
    project: boot.name,
    tier: stack,
    mode: DEFAULT_CI,
    ci: DEFAULT_CI,
    pipelineFile: identity.workflowPath,
    repository: boot.repository,
    // Validation: sharding needs the bootstrap's repository on GitHub (./policy/shards.ts).
    repositoryHost: "github",
    workDir: boot.workDir,
    branch: identity.branch,
    stack,
    environment: { project: boot.name, name: stack },
    protected: tier.protected,
    approvers: tier.deploy.approvers,
    requiredApprovals: tier.deploy.requiredApprovals ?? (tier.deploy.approvers.length ? 1 : 0),
    previewPullRequests: false,
    reviewedPreviews: false,
    manualDispatch: tier.deploy.manualDispatch,
    timeoutMinutes: tier.deploy.timeoutMinutes,
    nodeVersion: boot.nodeVersion,
    bootstrap: false,
    deploy: identity,
    workflowPath: identity.workflowPath as string,
    githubEnvironment: stack,
  };
}

function shardRole({ shard, team }: PartInput): RoleSpec {
  return {
    key: `shard-${shard.name}`,
    name: `secure-org shard ${shard.name}`,
    description:
      `The pipeline of shard ${shard.name}: create the stacks and ESC environments of its projects ` +
      "(and so administer them as their creator); nothing else (managed by secure-org)",
    globalScopes: [...SHARD_ROLE_SCOPES],
    environmentScopes: [],
    environments: [],
    team,
    defaultDeploymentRole: false,
  };
}
