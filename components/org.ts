import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import * as github from "@pulumi/github";
import { AccessModel, buildAccessModel } from "../model/access";
import { Finding, OrgConfig } from "../model/config";
import { GithubIds } from "../model/oidc";
import { renderAuditWorkflow } from "../model/ci/github/workflow";
import { DeploymentPipeline } from "./deploymentPipeline";
import { EnvironmentTier, webhookArgs } from "./environmentTier";
import { OidcTrust } from "./oidcTrust";
import { OrgDefaults } from "./orgDefaults";
import { BranchProtection, RepositoryEnvironments } from "./repositoryProtection";
import { SecureTeam } from "./secureTeam";

export const SECURE_ORG_TYPE = "secure-org:index:SecureOrg";

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
}

/**
 * GitHub App credentials for the GitHub provider, from `GITHUB_APP_ID`,
 * `GITHUB_APP_INSTALLATION_ID` and `GITHUB_APP_PEM_FILE` (e.g. set by the stack's ESC
 * environment). The provider only uses an App when `appAuth` is given; without these variables it
 * falls back to `GITHUB_TOKEN`. The key stays a secret.
 */
export function githubAppAuth(
  env: Readonly<Record<string, string | undefined>>,
): github.types.input.ProviderAppAuth | undefined {
  const id = env.GITHUB_APP_ID;
  const installationId = env.GITHUB_APP_INSTALLATION_ID;
  const pem = env.GITHUB_APP_PEM_FILE;
  const set = [id, installationId, pem].filter((v) => v !== undefined && v !== "").length;
  if (set === 0) return undefined;
  if (set !== 3)
    throw new Error(
      "GitHub App authentication needs all of GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PEM_FILE",
    );
  return {
    id: id as string,
    installationId: installationId as string,
    pemFile: pulumi.secret(pem as string),
  } as github.types.input.ProviderAppAuth;
}

export interface Org {
  readonly root: SecureOrg;
  readonly model: AccessModel;
  readonly teams: ReadonlyMap<string, SecureTeam>;
  readonly tiers: ReadonlyMap<string, EnvironmentTier>;
  readonly pipelines: ReadonlyMap<string, DeploymentPipeline>;
  readonly oidc: OidcTrust;
  readonly defaults: OrgDefaults;
  readonly githubIds: pulumi.Output<GithubIds>;
  /** Every file the bootstrap commits, by `repository:path`, for review (`plan --out`). */
  readonly files: ReadonlyMap<string, string>;
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
  const model = buildAccessModel(config, options.warnings ?? []);
  const secret =
    options.secret ?? ((key: string) => new pulumi.Config("secure-org").requireSecret(key));

  const root = new SecureOrg(model.organization, options.rootOptions);
  const parent = { parent: root };
  const githubProvider = new github.Provider(
    "github",
    { owner: config.github.owner, appAuth: githubAppAuth(options.env ?? process.env) },
    { parent: root },
  );

  const defaults = new OrgDefaults(
    "org-defaults",
    {
      organization: model.organization,
      stackPermission: config.defaults.stackPermission,
      environmentPermission: config.defaults.environmentPermission,
      membersCanCreateStacks: config.defaults.membersCanCreateStacks,
      membersCanDeleteStacks: config.defaults.membersCanDeleteStacks,
      membersCanCreateTeams: config.defaults.membersCanCreateTeams,
      maxAccessTokenExpiryDays: config.defaults.maxAccessTokenExpiryDays,
    },
    parent,
  );

  const deployer =
    options.deployer === null
      ? undefined
      : (options.deployer ?? ps.getCurrentUserOutput({ parent: root }).username);

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

  const tiers = new Map<string, EnvironmentTier>();
  for (const tier of config.tiers) {
    tiers.set(
      tier.name,
      new EnvironmentTier(
        tier.name,
        {
          organization: model.organization,
          tier: tier.name,
          formerNames: tier.formerNames,
          protected: tier.protected,
          stacks: model.stacks.filter((s) => s.tier === tier.name),
          grants: model.grants.filter((g) => g.tier === tier.name),
          approvals: model.approvals.filter(
            (a) =>
              a.key.endsWith(`/${tier.name}`) &&
              model.stacks.some((s) => s.key === a.key && s.tier === tier.name),
          ),
          webhooks: model.webhooks.filter(
            (w) =>
              w.scope !== "organization" &&
              model.stacks.some(
                (s) =>
                  s.tier === tier.name &&
                  s.project === w.projectName &&
                  (w.stackName
                    ? s.stack === w.stackName
                    : s.environment.name === w.environmentName),
              ),
          ),
          teams,
          secret,
        },
        parent,
      ),
    );
  }

  for (const w of model.webhooks.filter((x) => x.scope === "organization"))
    new ps.Webhook(`webhook/${w.key}`, webhookArgs(model.organization, w, secret), parent);

  const githubIds = resolveGithubIds(config, model, githubProvider, root);
  const machineTeams = model.teams
    .filter((t) => t.kind === "machine")
    .map((t) => teams.get(t.name) as SecureTeam);
  const oidc = new OidcTrust("oidc", { model, ids: githubIds, dependsOn: machineTeams }, parent);

  const files = new Map<string, string>();
  const teamIds = new Map<string, pulumi.Input<number>>();
  for (const [name, t] of teams) if (t.githubTeamId) teamIds.set(name, t.githubTeamId);

  const repoEnvs = new Map<string, RepositoryEnvironments>();
  for (const repo of model.repositories.filter((r) => r.hasActionsPipeline))
    repoEnvs.set(
      repo.name,
      new RepositoryEnvironments(repo.name, { repository: repo, teamIds, githubProvider }, parent),
    );

  const pipelines = new Map<string, DeploymentPipeline>();
  for (const p of model.pipelines) {
    const repo = model.repositories.find((r) => r.name === p.repository);
    const envs = repoEnvs.get(p.repository);
    const stack = tiers.get(p.tier)?.stacks[p.key];
    const identityTeams = [p.deploy, p.preview]
      .filter((i) => i?.tokenType === "team")
      .map((i) => teams.get(i?.team as string) as SecureTeam);
    const pipeline = new DeploymentPipeline(
      p.key,
      {
        organization: model.organization,
        githubOwner: config.github.owner,
        pipeline: p,
        defaultBranch: repo?.defaultBranch ?? "main",
        stack,
        githubEnvironment: p.githubEnvironment
          ? envs?.environments[p.githubEnvironment]
          : undefined,
        dependsOn:
          p.mode === "github-actions" ? [oidc, ...identityTeams, ...(envs?.ready ?? [])] : [],
        drift: model.driftSchedules.find((d) => d.key === p.key),
        githubProvider,
      },
      parent,
    );
    pipelines.set(p.key, pipeline);
    if (pipeline.workflowContent && p.workflowPath)
      files.set(`${p.repository}:${p.workflowPath}`, pipeline.workflowContent);
  }

  // The scheduled audit's workflow, in the platform repository (audit.schedule): committed once
  // its GitHub environment, the auditor team and the OIDC policy that trusts it exist.
  let auditWorkflow: github.RepositoryFile | undefined;
  if (model.audit) {
    const a = model.audit;
    const content = renderAuditWorkflow(a, {
      organization: model.organization,
      githubOwner: config.github.owner,
    });
    const envs = repoEnvs.get(a.repository);
    auditWorkflow = new github.RepositoryFile(
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
          oidc,
          teams.get(a.identity.team) as SecureTeam,
          ...(envs?.environments[a.githubEnvironment] ? envs.ready : []),
        ],
      },
    );
    files.set(`${a.repository}:${a.workflowPath}`, content);
  }

  for (const repo of model.repositories) {
    const repoFiles = model.pipelines
      .filter((p) => p.repository === repo.name)
      .map((p) => pipelines.get(p.key)?.workflowFile)
      .filter((f): f is github.RepositoryFile => !!f);
    if (auditWorkflow && model.audit?.repository === repo.name) repoFiles.push(auditWorkflow);
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

  root.done({
    organization: model.organization,
    teams: [...teams.keys()],
    pipelines: [...pipelines.keys()],
  });

  return { root, model, teams, tiers, pipelines, oidc, defaults, githubIds, files };
}

/**
 * Numeric ids for OIDC rules: pinned in config when given, otherwise looked up from GitHub at
 * deploy time (the owner's id and each pipeline repository's id).
 */
function resolveGithubIds(
  config: OrgConfig,
  model: AccessModel,
  provider: github.Provider,
  parent: pulumi.Resource,
): pulumi.Output<GithubIds> {
  const invokeOpts = { provider, parent };
  const ownerId: pulumi.Input<number> =
    config.github.ownerId ??
    github
      .getOrganizationOutput({ name: config.github.owner, summaryOnly: true }, invokeOpts)
      .id.apply((id) => Number(id));
  const repos = [...new Set(model.identities.map((i) => i.repository))].sort();
  const repositoryIds: Record<string, pulumi.Input<number>> = {};
  for (const repo of repos) {
    const pinned = config.projects.find(
      (p) => p.repository === repo && p.repositoryId,
    )?.repositoryId;
    repositoryIds[repo] =
      pinned ??
      github.getRepositoryOutput({ fullName: `${config.github.owner}/${repo}` }, invokeOpts).repoId;
  }
  return pulumi.all([ownerId, pulumi.all(repositoryIds)]).apply(([owner, ids]) => ({
    ownerId: owner,
    repositoryIds: ids,
  }));
}
