/**
 * `buildOrg`: the whole organization as Pulumi resources, from a validated config. Each part has
 * its own function below, called in registration order (the offline plan lists resources in that
 * order).
 */
import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import * as github from "@pulumi/github";
import { AccessModel, buildAccessModel, PipelineSpec } from "../model/access";
import { CORE, scopeModel } from "../model/access/scope";
import { appendTo } from "../model/collections";
import { githubNameKey, sameGithubName } from "../model/names";
import { Finding, OrgConfig } from "../model/config";
import { GithubIds } from "../model/oidc";
import { renderCiFiles } from "../model/ci/files";
import { renderAuditWorkflow } from "../model/ci/github/workflow";
import { PACK_SOURCE_PATH, packVersionTag } from "../policy/source";
import { DeploymentPipeline } from "./deploymentPipeline";
import { EnvironmentHandle, EnvironmentTier, webhookArgs } from "./environmentTier";
import { withAdoption } from "./adoption";
import { GITHUB_PROVIDER_PACING, githubAppAuth, resolveGithubIds } from "./github";
import { Guardrails } from "./guardrails";
import { OidcTrust } from "./oidcTrust";
import { CustomRoles } from "./customRoles";
import { OrgMembership } from "./membership";
import { OrgDefaults } from "./orgDefaults";
import { BranchProtection, RepositoryEnvironments } from "./repositoryProtection";
import { SecureTeam, TeamHandle } from "./secureTeam";
import { DEFAULT_CI } from "../model/ci/registry";
import { componentType } from "./types";

// Its home is components/github.ts; kept here so `from "./org"` imports keep working.
export { githubAppAuth } from "./github";

export const SECURE_ORG_TYPE = componentType("SecureOrg");

/** The root of everything the bootstrap creates; named after the Pulumi organization. */
export class SecureOrg extends pulumi.ComponentResource {
  constructor(organization: string, opts?: pulumi.ComponentResourceOptions) {
    super(SECURE_ORG_TYPE, organization, {}, opts);
  }
  /** Called by `buildOrg` once every child exists. */
  done(outputs: pulumi.Inputs): void {
    this.registerOutputs(outputs);
  }
}

export interface BuildOrgOptions {
  /** Resolves a secret config key (webhook HMAC keys). Defaults to the stack's secret config. */
  readonly secret?: (key: string) => pulumi.Output<string>;
  /** Warnings from validation, carried into the model's findings. */
  readonly warnings?: readonly Finding[];
  /**
   * The Pulumi Cloud login that runs `pulumi up`; defaults to the provider's current user.
   * Pass `null` to leave it out of team members (tests that do not model it).
   */
  readonly deployer?: pulumi.Input<string> | null;
  /** Options for the root component (e.g. `transformations` to record what is registered). */
  readonly rootOptions?: pulumi.ComponentResourceOptions;
  /** Where GitHub App credentials are read from (default: the process environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Hears about adopt record entries that no longer match the config (components/adoption.ts). */
  readonly warn?: (message: string) => void;
}

export interface Org {
  readonly root: SecureOrg;
  readonly model: AccessModel;
  readonly teams: ReadonlyMap<string, SecureTeam>;
  readonly tiers: ReadonlyMap<string, EnvironmentTier>;
  readonly pipelines: ReadonlyMap<string, DeploymentPipeline>;
  readonly oidc: OidcTrust;
  readonly defaults: OrgDefaults;
  /** Organization membership, when `admins` are declared. */
  readonly membership?: OrgMembership;
  /** Custom roles, when `defaults.customRoles` is on. */
  readonly roles?: CustomRoles;
  readonly githubIds: pulumi.Output<GithubIds>;
  /** Every file the bootstrap commits, by `repository:path`, for review (`plan --out`). */
  readonly files: ReadonlyMap<string, string>;
  /** The guardrails policy pack and groups, unless `guardrails.enabled` is false. */
  readonly guardrails?: Guardrails;
}

/**
 * Builds the whole organization from a validated config. Called by `index.ts` for `pulumi up`,
 * and by the offline plan, the tests and the benchmark under mocks.
 *
 * Order: teams -> tiers (stacks, environments, grants) -> OIDC issuer -> GitHub environments ->
 * pipelines (deployment settings, workflow files) -> the scheduled audit's workflow (when
 * `audit.schedule` is set) -> branch rulesets (after every committed file).
 */
export function buildOrg(config: OrgConfig, options: BuildOrgOptions = {}): Org {
  // A sharded org: this is the core stack's part (components/shard.ts builds a shard's).
  const full = buildAccessModel(config, options.warnings ?? []);
  const model = full.sharding ? scopeModel(full, CORE) : full;
  // With an adopt record, one transformation on the root imports what already exists.
  const root = new SecureOrg(
    model.organization,
    withAdoption(config, model, options.rootOptions, options.warn),
  );
  const githubProvider = new github.Provider(
    "github",
    {
      owner: config.github.owner,
      appAuth: githubAppAuth(options.env ?? process.env),
      ...GITHUB_PROVIDER_PACING,
    },
    { parent: root },
  );
  const ctx: OrgContext = {
    config,
    model,
    root,
    parent: { parent: root },
    githubProvider,
    secret: options.secret ?? ((key: string) => new pulumi.Config("secure-org").requireSecret(key)),
    index: {
      repositories: new Map(model.repositories.map((r) => [githubNameKey(r.name), r])),
      drift: new Map(model.driftSchedules.map((d) => [d.key, d])),
    },
  };

  const deployer = deployerOf(options, root);
  const membership = createMembership(ctx, deployer);
  const teams = createTeams(ctx, deployer);
  const tiers = createTiers(ctx, teams);
  const roles = createCustomRoles(ctx, teams, tiers);
  const defaults = createOrgDefaults(ctx, roles?.deploymentRoleId);
  createOrgWebhooks(ctx);
  const guardrails = createGuardrails(ctx, tiers);
  const githubIds = resolveGithubIds(config, model, githubProvider, root);
  const oidc = createOidcTrust(ctx, teams, githubIds);
  const repoEnvs = createRepositoryEnvironments(ctx, teams);
  // Every committed file, in this order: workflows, the audit's workflow, CODEOWNERS.
  const files = new Map<string, string>();
  const pipelines = createPipelines(ctx, { teams, tiers, repoEnvs, oidc }, files);
  const auditWorkflow = createAuditWorkflow(ctx, { teams, repoEnvs, oidc }, files);
  const ciFiles = createCiFiles(ctx, { teams, repoEnvs, oidc }, files);
  const extraFiles = [
    ...(auditWorkflow && model.audit
      ? [{ repository: model.audit.repository, file: auditWorkflow }]
      : []),
    ...ciFiles,
  ];
  createBranchProtections(ctx, pipelines, extraFiles, files);

  root.done({
    organization: model.organization,
    teams: [...teams.keys()],
    pipelines: [...pipelines.keys()],
  });

  return {
    root,
    model,
    teams,
    tiers,
    pipelines,
    oidc,
    defaults,
    membership,
    roles,
    guardrails,
    githubIds,
    files,
  };
}

/** What every part of the organization is built from. */
export interface OrgContext {
  readonly config: OrgConfig;
  readonly model: AccessModel;
  readonly root: SecureOrg;
  /** The options of every direct child of the root. */
  readonly parent: { parent: SecureOrg };
  readonly githubProvider: github.Provider;
  /** Resolves a secret config key (webhook HMAC keys). */
  readonly secret: (key: string) => pulumi.Output<string>;
  /** The model's lists by key, so that no part of the build scans a list per item. */
  readonly index: {
    readonly repositories: ReadonlyMap<string, AccessModel["repositories"][number]>;
    readonly drift: ReadonlyMap<string, AccessModel["driftSchedules"][number]>;
  };
}

/** What the audit's workflow waits for; pipelines also need their tier's stack. */
interface WorkflowDeps {
  readonly teams: ReadonlyMap<string, TeamHandle>;
  readonly repoEnvs: ReadonlyMap<string, RepositoryEnvironments>;
  /** The OIDC issuer (absent in a shard: the core's trusts its pipelines). */
  readonly oidc?: OidcTrust;
}

export interface PipelineDeps extends WorkflowDeps {
  readonly tiers: ReadonlyMap<string, EnvironmentTier>;
}

function createOrgDefaults(
  { config, model, parent }: OrgContext,
  deploymentRoleId: pulumi.Output<string> | undefined,
): OrgDefaults {
  const d = config.defaults;
  return new OrgDefaults(
    "org-defaults",
    {
      organization: model.organization,
      stackPermission: d.stackPermission,
      environmentPermission: d.environmentPermission,
      membersCanCreateStacks: d.membersCanCreateStacks,
      membersCanDeleteStacks: d.membersCanDeleteStacks,
      membersCanCreateTeams: d.membersCanCreateTeams,
      membersCanTransferStacks: d.membersCanTransferStacks,
      membersCanInviteCollaborators: d.membersCanInviteCollaborators,
      membersCanCreateAccounts: d.membersCanCreateAccounts,
      accountPermission: d.accountPermission,
      maxAccessTokenExpiryDays: d.maxAccessTokenExpiryDays,
      defaultDeploymentRoleId: deploymentRoleId,
    },
    parent,
  );
}

/** Organization membership, when admins are declared (otherwise membership is not managed). */
function createMembership(
  { config, model, parent }: OrgContext,
  deployer: pulumi.Input<string> | undefined,
): OrgMembership | undefined {
  if (config.admins.length === 0) return undefined;
  return new OrgMembership(
    "members",
    {
      organization: model.organization,
      members: model.members,
      deployer,
    },
    parent,
  );
}

/** Custom roles (`defaults.customRoles`), once the environments they pin exist. */
function createCustomRoles(
  { model, parent }: OrgContext,
  teams: ReadonlyMap<string, SecureTeam>,
  tiers: ReadonlyMap<string, EnvironmentTier>,
): CustomRoles | undefined {
  if (model.roles.length === 0) return undefined;
  const byEnvironment = new Map<string, EnvironmentHandle>();
  for (const s of model.stacks) {
    const env = tiers.get(s.tier)?.environments.get(s.key);
    if (env) byEnvironment.set(`${s.environment.project}/${s.environment.name}`, env);
  }
  for (const c of model.cloud) {
    const env = tiers.get(c.tier)?.cloudEnvironments.get(c.key);
    if (env) byEnvironment.set(`${c.environment.project}/${c.environment.name}`, env);
  }
  return new CustomRoles(
    "roles",
    {
      organization: model.organization,
      roles: model.roles,
      environment: (ref) => byEnvironment.get(`${ref.project}/${ref.name}`),
      teams,
    },
    parent,
  );
}

/** The login that runs `pulumi up`: given, left out (`null`), or the provider's current user. */
function deployerOf(options: BuildOrgOptions, root: SecureOrg): pulumi.Input<string> | undefined {
  return options.deployer === null
    ? undefined
    : (options.deployer ?? ps.getCurrentUserOutput({ parent: root }).username);
}

function createTeams(
  { model, parent, githubProvider }: OrgContext,
  deployer: pulumi.Input<string> | undefined,
): Map<string, SecureTeam> {
  const teams = new Map<string, SecureTeam>();
  for (const team of model.teams) {
    teams.set(
      team.name,
      new SecureTeam(
        team.name,
        {
          organization: model.organization,
          team,
          deployer,
          githubProvider: team.github ? githubProvider : undefined,
        },
        parent,
      ),
    );
  }
  return teams;
}

export function createTiers(
  { config, model, parent, secret }: OrgContext,
  teams: ReadonlyMap<string, TeamHandle>,
  skipEmpty = false,
): Map<string, EnvironmentTier> {
  const tiers = new Map<string, EnvironmentTier>();
  // The config's tiers, then each shard's own stack as a tier of its own (issue 20).
  for (const tier of [...config.tiers, ...shardTiers(model)]) {
    if (skipEmpty && !model.stacks.some((s) => s.tier === tier.name)) continue;
    tiers.set(
      tier.name,
      new EnvironmentTier(
        tier.name,
        {
          organization: model.organization,
          tier: tier.name,
          formerNames: tier.formerNames,
          protected: tier.protected,
          ...tierSlice(model, tier.name),
          teams,
          secret,
        },
        parent,
      ),
    );
  }
  return tiers;
}

/** A shard's stack, environment and grants live in a tier named after the shard's stack. */
function shardTiers(model: AccessModel) {
  const stacks = new Set(model.stacks.map((s) => s.stack));
  return (model.sharding?.shards ?? [])
    .filter((s) => stacks.has(s.stack))
    .map((s) => ({ name: s.stack, formerNames: [] as string[], protected: true }));
}

/** The stacks, grants, approval rules and stack- or environment-scoped webhooks of one tier. */
export function tierSlice(model: AccessModel, tier: string) {
  const stacks = model.stacks.filter((s) => s.tier === tier);
  // Looked up by key (linear in the model, not stacks x approvals or stacks x webhooks).
  const keys = new Set(stacks.map((s) => s.key));
  const targets = new Set(
    stacks.flatMap((s) => [
      `stack\u0000${s.project}\u0000${s.stack}`,
      `env\u0000${s.project}\u0000${s.environment.name}`,
    ]),
  );
  return {
    stacks,
    grants: model.grants.filter((g) => g.tier === tier),
    cloud: model.cloud.filter((c) => c.tier === tier),
    approvals: model.approvals.filter((a) => a.key.endsWith(`/${tier}`) && keys.has(a.key)),
    breakGlass: model.breakGlass.filter((b) => b.tier === tier),
    webhooks: model.webhooks.filter(
      (w) =>
        w.scope !== "organization" &&
        targets.has(
          w.stackName
            ? `stack\u0000${w.projectName}\u0000${w.stackName}`
            : `env\u0000${w.projectName}\u0000${w.environmentName}`,
        ),
    ),
  };
}

function createOrgWebhooks({ model, parent, secret }: OrgContext): void {
  for (const w of model.webhooks.filter((x) => x.scope === "organization"))
    new ps.Webhook(`webhook/${w.key}`, webhookArgs(model.organization, w, secret), parent);
}

/** The guardrails pack and its policy groups, once every tier's stacks exist. */
function createGuardrails(
  { model, parent }: OrgContext,
  tiers: ReadonlyMap<string, EnvironmentTier>,
): Guardrails | undefined {
  if (!model.guardrails.enabled) return undefined;
  return new Guardrails(
    "guardrails",
    {
      organization: model.organization,
      spec: model.guardrails,
      versionTag: packVersionTag(),
      sourcePath: PACK_SOURCE_PATH,
      stackResources: new Map([...tiers.values()].flatMap((t) => [...t.stacks])),
    },
    parent,
  );
}

/** The OIDC issuer, once the machine teams its policies name exist. */
function createOidcTrust(
  { model, parent }: OrgContext,
  teams: ReadonlyMap<string, SecureTeam>,
  githubIds: pulumi.Output<GithubIds>,
): OidcTrust {
  const machineTeams = model.teams
    .filter((t) => t.kind === "machine")
    .map((t) => teams.get(t.name) as SecureTeam);
  return new OidcTrust("oidc", { model, ids: githubIds, dependsOn: machineTeams }, parent);
}

/** GitHub environments and Actions settings of every repository with an Actions pipeline. */
export function createRepositoryEnvironments(
  { model, parent, githubProvider }: OrgContext,
  teams: ReadonlyMap<string, TeamHandle>,
): Map<string, RepositoryEnvironments> {
  const teamIds = new Map<string, pulumi.Input<number>>();
  for (const [name, t] of teams) if (t.githubTeamId) teamIds.set(name, t.githubTeamId);

  const repoEnvs = new Map<string, RepositoryEnvironments>();
  for (const repo of model.repositories.filter((r) => r.hasActionsPipeline))
    repoEnvs.set(
      githubNameKey(repo.name),
      new RepositoryEnvironments(repo.name, { repository: repo, teamIds, githubProvider }, parent),
    );
  return repoEnvs;
}

/** Every pipeline; the workflow files they commit are added to `files`. */
export function createPipelines(
  ctx: OrgContext,
  deps: PipelineDeps,
  files: Map<string, string>,
): Map<string, DeploymentPipeline> {
  const pipelines = new Map<string, DeploymentPipeline>();
  for (const p of ctx.model.pipelines) {
    const pipeline = createPipeline(ctx, deps, p);
    pipelines.set(p.key, pipeline);
    if (pipeline.workflowContent && p.workflowPath)
      files.set(`${p.repository}:${p.workflowPath}`, pipeline.workflowContent);
    if (pipeline.driftWorkflowContent && p.drift)
      files.set(`${p.repository}:${p.drift.workflowPath}`, pipeline.driftWorkflowContent);
  }
  return pipelines;
}

function createPipeline(
  { config, model, parent, githubProvider, index }: OrgContext,
  { teams, tiers, repoEnvs, oidc }: PipelineDeps,
  p: PipelineSpec,
): DeploymentPipeline {
  const repo = index.repositories.get(githubNameKey(p.repository));
  const envs = repoEnvs.get(githubNameKey(p.repository));
  const stack = tiers.get(p.tier)?.stacks.get(p.key);
  const identityTeams = [p.deploy, p.preview, p.drift?.identity]
    .filter((i) => i?.tokenType === "team")
    .map((i) => teams.get(i?.team as string)?.ready)
    .filter((t): t is pulumi.Resource => !!t);
  return new DeploymentPipeline(
    p.key,
    {
      organization: model.organization,
      githubOwner: config.github.owner,
      pipeline: p,
      defaultBranch: repo?.defaultBranch ?? "main",
      stack,
      githubEnvironment: p.githubEnvironment
        ? envs?.environments.get(p.githubEnvironment)
        : undefined,
      dependsOn:
        p.ci === DEFAULT_CI
          ? [...(oidc ? [oidc] : []), ...identityTeams, ...(envs?.ready ?? [])]
          : [],
      drift: index.drift.get(p.key),
      githubProvider,
    },
    parent,
  );
}

/**
 * The scheduled audit's workflow, in the platform repository (audit.schedule): committed once
 * its GitHub environment, the auditor team and the OIDC policy that trusts it exist. Added to
 * `files`.
 */
function createAuditWorkflow(
  { config, model, root, githubProvider }: OrgContext,
  { teams, repoEnvs, oidc }: WorkflowDeps,
  files: Map<string, string>,
): github.RepositoryFile | undefined {
  if (!model.audit) return undefined;
  const a = model.audit;
  const content = renderAuditWorkflow(a, {
    organization: model.organization,
    githubOwner: config.github.owner,
  });
  const envs = repoEnvs.get(githubNameKey(a.repository));
  const auditWorkflow = new github.RepositoryFile(
    "audit-workflow",
    {
      repository: a.repository,
      branch: a.branch,
      file: a.workflowPath,
      content,
      commitMessage: "secure-org: scheduled audit [skip ci]",
      overwriteOnCreate: true,
    },
    {
      parent: root,
      provider: githubProvider,
      dependsOn: [
        ...(oidc ? [oidc] : []),
        ...[teams.get(a.identity.team)?.ready].filter((t): t is pulumi.Resource => !!t),
        ...(envs?.environments.get(a.githubEnvironment) ? envs.ready : []),
      ],
    },
  );
  files.set(`${a.repository}:${a.workflowPath}`, content);
  return auditWorkflow;
}

/**
 * The pipeline files of the other CIs (the units of model/ci/registry.ts) and the callers of
 * REST-triggered deployments, one per repository and CI: all added to `files` (for `plan --out`),
 * committed only to repositories on GitHub, once the OIDC issuers and the machine teams exist.
 */
export function createCiFiles(
  { model, root, githubProvider }: OrgContext,
  { teams, oidc }: WorkflowDeps,
  files: Map<string, string>,
): CommittedFile[] {
  const committed: CommittedFile[] = [];
  for (const f of renderCiFiles(model)) {
    files.set(`${f.repository}:${f.path}`, f.content);
    if (!f.commit) continue;
    const identityTeams = model.pipelines
      .filter((p) => f.pipelines.includes(p.key))
      .flatMap((p) => [p.deploy, p.preview])
      .filter((i) => i?.tokenType === "team")
      .map((i) => teams.get(i?.team as string)?.ready)
      .filter((t): t is pulumi.Resource => !!t);
    committed.push({
      repository: f.repository,
      file: new github.RepositoryFile(
        `ci-file/${f.repository}/${f.path}`,
        {
          repository: f.repository,
          branch:
            model.repositories.find((r) => sameGithubName(r.name, f.repository))?.defaultBranch ??
            "main",
          file: f.path,
          content: f.content,
          commitMessage: `secure-org: ${f.path} for ${f.pipelines.join(", ")} [skip ci]`,
          overwriteOnCreate: true,
        },
        {
          parent: root,
          provider: githubProvider,
          dependsOn: [...(oidc ? [oidc] : []), ...identityTeams],
        },
      ),
    });
  }
  return committed;
}

/** A file the program commits, and the repository it goes to. */
interface CommittedFile {
  readonly repository: string;
  readonly file: github.RepositoryFile;
}

/**
 * Each GitHub repository's CODEOWNERS and ruleset, after every file committed there; adds
 * CODEOWNERS. Repositories on other hosts are protected there (see the README).
 */
export function createBranchProtections(
  { config, model, parent, githubProvider }: OrgContext,
  pipelines: ReadonlyMap<string, DeploymentPipeline>,
  extraFiles: readonly CommittedFile[],
  files: Map<string, string>,
): void {
  // Every file committed to a repository, by repository: its rulesets come after them.
  const filesByRepo = new Map<string, github.RepositoryFile[]>();
  for (const p of model.pipelines) {
    const pipeline = pipelines.get(p.key);
    for (const f of [pipeline?.workflowFile, pipeline?.driftWorkflowFile])
      if (f) appendTo(filesByRepo, githubNameKey(p.repository), f);
  }
  for (const repo of model.repositories) {
    if (repo.host !== "github") continue;
    const repoFiles = [...(filesByRepo.get(githubNameKey(repo.name)) ?? [])];
    repoFiles.push(
      ...extraFiles.filter((f) => sameGithubName(f.repository, repo.name)).map((f) => f.file),
    );
    const protection = new BranchProtection(
      repo.name,
      {
        repository: repo,
        githubOwner: config.github.owner,
        bootstrapAppId: config.github.bootstrapAppId,
        files: repoFiles,
        githubProvider,
      },
      parent,
    );
    files.set(`${repo.name}:.github/CODEOWNERS`, protection.codeownersContent);
  }
}
