/**
 * The access model: validated config -> every team, stack, environment, grant, machine identity,
 * pipeline, repository protection and webhook the bootstrap declares, each with the reason it
 * exists. Pure data; components turn it into resources, the plan prints it, the audit compares the
 * live org with it.
 */
import {
  DEFAULT_ROLE_REPOSITORY_PERMISSION,
  DeployMode,
  EnvironmentPermission,
  Finding,
  OrgConfig,
  ProjectConfig,
  REPOSITORY_PERMISSIONS,
  RepositoryPermission,
  StackPermission,
  TierConfig,
  WEBHOOK_GROUPS,
} from "./config";
import {
  AUDIT_GITHUB_ENVIRONMENT,
  AUDIT_WORKFLOW_PATH,
  AUDITOR_TEAM,
  machineTeamName,
  workflowPath,
} from "./names";

export type IdentityKind = "human" | "machine";

export interface TeamSpec {
  readonly name: string;
  readonly kind: IdentityKind;
  readonly displayName: string;
  readonly description: string;
  /** Pulumi Cloud members (machine teams have none). */
  readonly members: readonly string[];
  readonly formerNames: readonly string[];
  /** GitHub mirror, when the team declares githubMembers. */
  readonly github?: {
    readonly members: readonly string[];
    /** Repository -> permission this team's roles (or reviewer duty) imply. */
    readonly repositories: readonly {
      repository: string;
      permission: RepositoryPermission;
      reason: string;
    }[];
  };
  /** Config path the team came from (machine teams: the pipeline's). */
  readonly source: string;
}

export interface EnvironmentRef {
  /** ESC project: the Pulumi project name. */
  readonly project: string;
  readonly name: string;
}

export interface StackSpec {
  /** `project/tier`: the stable identity used in logical names. */
  readonly key: string;
  readonly project: string;
  readonly tier: string;
  readonly stack: string;
  readonly environment: EnvironmentRef;
  readonly protected: boolean;
  readonly mode: DeployMode;
  /** Whether the program creates the stack (false for the bootstrap's own stacks, which exist). */
  readonly managed: boolean;
  /** Former `project/tier` keys, for aliases. */
  readonly formerKeys: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly source: string;
}

export interface Grant {
  readonly tier: string;
  readonly project: string;
  readonly stack: string;
  readonly environment: EnvironmentRef;
  readonly team: string;
  readonly identity: IdentityKind;
  readonly role?: string;
  readonly stackPermission: StackPermission;
  readonly environmentPermission: EnvironmentPermission;
  /** Bound on an environment open session (break-glass grants on protected tiers). */
  readonly maxOpenDuration?: string;
  readonly breakGlass?: string;
  readonly reason: string;
}

export interface MachineIdentity {
  /** Team whose token the identity obtains; the org for the bootstrap. */
  readonly team: string;
  readonly tokenType: "team" | "organization";
  /** `audit`: the scheduled audit's read-only identity (see `AuditSpec`). */
  readonly purpose: "deploy" | "preview" | "audit";
  /** The project it deploys or previews; the bootstrap project for the auditor. */
  readonly project: string;
  /** The tier it deploys or previews; `audit` for the auditor, which reads every protected tier. */
  readonly tier: string;
  readonly repository: string;
  /** Branch the job must run on (deploy) or target (preview: the PR base). */
  readonly branch: string;
  /** GitHub environment the job must run in (deploy only). */
  readonly githubEnvironment?: string;
  /** GitHub events that may obtain the token. */
  readonly events: readonly string[];
  /** The generated workflow file whose job (and only it) may obtain a deploy token. */
  readonly workflowPath?: string;
  readonly may: readonly string[];
}

export interface PipelineSpec {
  readonly key: string;
  readonly project: string;
  readonly tier: string;
  readonly mode: Exclude<DeployMode, "direct">;
  readonly repository: string;
  readonly workDir: string;
  readonly branch: string;
  readonly stack: string;
  readonly environment: EnvironmentRef;
  readonly protected: boolean;
  readonly approvers: readonly string[];
  readonly requiredApprovals: number;
  readonly previewPullRequests: boolean;
  readonly manualDispatch: boolean;
  readonly timeoutMinutes: number;
  readonly nodeVersion: string;
  readonly bootstrap: boolean;
  readonly deploy?: MachineIdentity;
  readonly preview?: MachineIdentity;
  /** github-actions only. */
  readonly workflowPath?: string;
  /** Status check name of the pull-request job (github-actions), required by the ruleset. */
  readonly checkName?: string;
  readonly githubEnvironment?: string;
}

export interface RepositorySpec {
  readonly name: string;
  readonly id?: number;
  readonly defaultBranch: string;
  readonly projects: readonly string[];
  /** Pipelines (keys) that deploy from this repository. */
  readonly pipelines: readonly string[];
  readonly requiredApprovals: number;
  readonly requiredChecks: readonly string[];
  readonly environments: readonly {
    name: string;
    tier: string;
    protected: boolean;
    branch: string;
    reviewers: readonly string[];
  }[];
  readonly codeowners: readonly { path: string; teams: readonly string[] }[];
  readonly allowedActions: readonly string[];
  readonly hasActionsPipeline: boolean;
}

export interface WebhookSpec {
  /** Logical key: webhook name, plus the stack or environment it is scoped to. */
  readonly key: string;
  readonly name: string;
  readonly displayName: string;
  readonly url: string;
  readonly format: string;
  readonly active: boolean;
  readonly scope: "organization" | "stack" | "environment";
  readonly projectName?: string;
  readonly stackName?: string;
  readonly environmentName?: string;
  readonly groups?: readonly string[];
  readonly filters?: readonly string[];
  readonly secretConfigKey?: string;
}

export interface DriftSpec {
  readonly key: string;
  readonly project: string;
  readonly stack: string;
  readonly schedule: string;
  readonly autoRemediate: boolean;
}

export interface ApprovalSpec {
  readonly key: string;
  readonly environment: EnvironmentRef;
  readonly approvers: readonly string[];
  readonly required: number;
}

/**
 * The scheduled audit (`audit.schedule`): a workflow in the platform repository that runs
 * `npm run audit` for the bootstrap stack with the token of the auditor team, obtained by OIDC.
 *
 * The auditor team holds `read` on every protected environment (the definition, not its secrets:
 * the audit flags static cloud credentials there) and no stack permission at all (stack read
 * decrypts the stack's secret config). A team token also carries the organization's default
 * member rights, which is what lets it list teams with their members and permissions and read the
 * org settings. What such a token cannot see (and the audit then reports as not covered): OIDC
 * issuers and their policies and the audit log (organization admin, or a custom role with those
 * read permissions, on Enterprise/Business Critical), and stacks it has no permission on (the
 * stack list shows only stacks visible to the token). See audit/audit.ts.
 */
export interface AuditSpec {
  readonly identity: MachineIdentity;
  /** Cron schedule of the workflow (UTC). */
  readonly cron: string;
  /** Days of audit log each run reviews. */
  readonly days: number;
  /** The bootstrap stack whose `Pulumi.<stack>.yaml` the audit reads. */
  readonly stack: string;
  /** The platform repository, its default branch and the bootstrap's directory in it. */
  readonly repository: string;
  readonly branch: string;
  readonly workDir: string;
  readonly nodeVersion: string;
  readonly workflowPath: string;
  readonly githubEnvironment: string;
  readonly timeoutMinutes: number;
}

/** Minutes before the scheduled audit job is cancelled. */
export const AUDIT_TIMEOUT_MINUTES = 30;

export interface AccessModel {
  readonly organization: string;
  readonly github: OrgConfig["github"];
  readonly defaults: OrgConfig["defaults"];
  readonly oidc: OrgConfig["oidc"];
  readonly teams: readonly TeamSpec[];
  readonly stacks: readonly StackSpec[];
  readonly grants: readonly Grant[];
  readonly identities: readonly MachineIdentity[];
  readonly pipelines: readonly PipelineSpec[];
  readonly repositories: readonly RepositorySpec[];
  readonly approvals: readonly ApprovalSpec[];
  readonly driftSchedules: readonly DriftSpec[];
  readonly webhooks: readonly WebhookSpec[];
  /** The scheduled audit, when `audit.schedule` is set. */
  readonly audit?: AuditSpec;
  readonly findings: readonly Finding[];
}

const REPO_RANK = Object.fromEntries(REPOSITORY_PERMISSIONS.map((p, i) => [p, i])) as Record<
  RepositoryPermission,
  number
>;

/** The role a team holds on a project: the project's own entry beats "*". */
export function roleFor(
  access: Readonly<Record<string, string>>,
  project: string,
): string | undefined {
  return access[project] ?? access["*"];
}

export const pipelineKey = (project: string, tier: string) => `${project}/${tier}`;

/** Name of the pull-request status check of a github-actions pipeline (a job name). */
export const checkNameFor = (project: string, tier: string, bootstrap: boolean) =>
  bootstrap ? `offline plan (${project}/${tier})` : `pulumi preview (${project}/${tier})`;

export function buildAccessModel(
  config: OrgConfig,
  warnings: readonly Finding[] = [],
): AccessModel {
  const findings: Finding[] = [...warnings];
  const tierByName = new Map(config.tiers.map((t) => [t.name, t]));
  const tierIndex = new Map(config.tiers.map((t, i) => [t.name, i]));

  const stacks: StackSpec[] = [];
  const grants: Grant[] = [];
  const pipelines: PipelineSpec[] = [];
  const identities: MachineIdentity[] = [];
  const approvals: ApprovalSpec[] = [];
  const driftSchedules: DriftSpec[] = [];
  const machineTeams: TeamSpec[] = [];

  config.projects.forEach((project, pi) => {
    for (const [tierName, projectTier] of Object.entries(project.tiers)) {
      const tier = tierByName.get(tierName) as TierConfig;
      const source = `projects[${pi}].tiers.${tierName}`;
      const stackName = projectTier.stack ?? tierName;
      const environment: EnvironmentRef = {
        project: project.name,
        name: projectTier.environment ?? tierName,
      };
      const mode: DeployMode =
        tier.deploy.mode === "direct" ? "direct" : (projectTier.mode ?? tier.deploy.mode);
      const owners = config.teams
        .filter((t) => roleFor(t.access, project.name) !== undefined && t.access[project.name])
        .map((t) => t.name);
      stacks.push({
        key: pipelineKey(project.name, tierName),
        project: project.name,
        tier: tierName,
        stack: stackName,
        environment,
        protected: tier.protected,
        mode,
        managed: !project.bootstrap,
        formerKeys: formerKeys(project, tier),
        tags: {
          "secure-org:tier": tierName,
          "secure-org:protected": String(tier.protected),
          "secure-org:deploy": mode,
          "secure-org:owner": owners.length ? owners.join(",") : "unassigned",
          "secure-org:repository": `${config.github.owner}/${project.repository}`,
        },
        source,
      });

      // Human grants.
      config.teams.forEach((team, ti) => {
        const role = roleFor(team.access, project.name);
        if (!role) return;
        const policy = tier.roles[role];
        if (!policy) return;
        if (policy.stack === "none" && policy.environment === "none") return;
        const via = team.access[project.name] ? `access.${project.name}` : `access["*"]`;
        grants.push({
          tier: tierName,
          project: project.name,
          stack: stackName,
          environment,
          team: team.name,
          identity: "human",
          role,
          stackPermission: policy.stack,
          environmentPermission: policy.environment,
          maxOpenDuration:
            policy.breakGlass && ["open", "write", "admin"].includes(policy.environment)
              ? policy.breakGlass.maxOpenDuration
              : undefined,
          breakGlass: policy.breakGlass?.justification,
          reason:
            `teams[${ti}].${via} = ${role}; tiers[${tierIndex.get(tierName)}].roles.${role} = ` +
            `stack ${policy.stack}, environment ${policy.environment}`,
        });
      });

      if (mode === "direct") continue;

      // A pipeline.
      const key = pipelineKey(project.name, tierName);
      const branch = tier.deploy.branch as string;
      const githubEnvironment = mode === "github-actions" ? tierName : undefined;
      let deploy: MachineIdentity | undefined;
      let preview: MachineIdentity | undefined;
      const previews = tier.deploy.previewPullRequests ?? !tier.protected;
      if (mode === "github-actions") {
        const events = tier.deploy.manualDispatch ? ["push", "workflow_dispatch"] : ["push"];
        if (project.bootstrap) {
          deploy = {
            team: config.organization,
            tokenType: "organization",
            purpose: "deploy",
            project: project.name,
            tier: tierName,
            repository: project.repository,
            branch,
            githubEnvironment,
            events,
            workflowPath: workflowPath(project.name, tierName),
            may: [`administer organization ${config.organization} (runs this bootstrap)`],
          };
        } else {
          const deployTeam = machineTeamName(project.name, tierName, "deploy");
          deploy = {
            team: deployTeam,
            tokenType: "team",
            purpose: "deploy",
            project: project.name,
            tier: tierName,
            repository: project.repository,
            branch,
            githubEnvironment,
            events,
            workflowPath: workflowPath(project.name, tierName),
            may: [
              `write stack ${project.name}/${stackName}`,
              `open environment ${environment.project}/${environment.name}`,
            ],
          };
          machineTeams.push(machineTeam(deployTeam, "deploy", key, source));
          grants.push({
            tier: tierName,
            project: project.name,
            stack: stackName,
            environment,
            team: deployTeam,
            identity: "machine",
            stackPermission: "write",
            environmentPermission: "open",
            reason: `deploy identity of pipeline ${key}: pulumi up needs stack write and environment open`,
          });
          if (previews) {
            const previewTeam = machineTeamName(project.name, tierName, "preview");
            preview = {
              team: previewTeam,
              tokenType: "team",
              purpose: "preview",
              project: project.name,
              tier: tierName,
              repository: project.repository,
              branch,
              events: ["pull_request"],
              may: [
                `read stack ${project.name}/${stackName}`,
                `open environment ${environment.project}/${environment.name}`,
              ],
            };
            machineTeams.push(machineTeam(previewTeam, "preview", key, source));
            grants.push({
              tier: tierName,
              project: project.name,
              stack: stackName,
              environment,
              team: previewTeam,
              identity: "machine",
              stackPermission: "read",
              environmentPermission: "open",
              reason: `preview identity of pipeline ${key}: pulumi preview needs stack read and environment open`,
            });
            if (tier.protected)
              findings.push({
                severity: "high",
                code: "protected-preview",
                path: `tiers[${tierIndex.get(tierName)}].deploy.previewPullRequests`,
                message:
                  `pull-request previews of ${key} run the PR's code with a token that decrypts ` +
                  `${tierName} config: anyone who can push a branch to ${project.repository} can read ` +
                  "those secrets (fork PRs get no token). Set previewPullRequests: false if that is too much",
              });
          }
        }
        identities.push(...[deploy, preview].filter((x): x is MachineIdentity => !!x));
      } else {
        findings.push({
          severity: "info",
          code: "deployments-environment-access",
          path: source,
          message:
            `Pulumi Deployments runs ${key} with a token that is admin on that stack only; with org ` +
            `defaults at none it cannot open ${environment.project}/${environment.name} unless a ` +
            "deployment role (Enterprise) grants it",
        });
        if (tier.driftDetection)
          driftSchedules.push({
            key,
            project: project.name,
            stack: stackName,
            schedule: tier.driftDetection.schedule,
            autoRemediate: tier.driftDetection.autoRemediate,
          });
      }

      const requiredApprovals =
        tier.deploy.requiredApprovals ?? (tier.deploy.approvers.length > 0 ? 1 : 0);
      pipelines.push({
        key,
        project: project.name,
        tier: tierName,
        mode,
        repository: project.repository,
        workDir: project.workDir,
        branch,
        stack: stackName,
        environment,
        protected: tier.protected,
        approvers: tier.deploy.approvers,
        requiredApprovals,
        previewPullRequests: previews,
        manualDispatch: tier.deploy.manualDispatch,
        timeoutMinutes: tier.deploy.timeoutMinutes,
        nodeVersion: project.nodeVersion,
        bootstrap: project.bootstrap,
        deploy,
        preview,
        workflowPath: mode === "github-actions" ? workflowPath(project.name, tierName) : undefined,
        checkName:
          mode === "github-actions" && (previews || project.bootstrap)
            ? checkNameFor(project.name, tierName, project.bootstrap)
            : undefined,
        githubEnvironment,
      });

      if (tier.protected && tier.deploy.approvers.length > 0 && !project.bootstrap)
        approvals.push({
          key,
          environment,
          approvers: tier.deploy.approvers,
          required: Math.max(1, requiredApprovals),
        });
    }
  });

  const audit = buildAudit(config, stacks);
  if (audit) {
    identities.push(audit.identity);
    machineTeams.push(auditorTeam(config));
    for (const s of stacks.filter((x) => x.protected))
      grants.push({
        tier: s.tier,
        project: s.project,
        stack: s.stack,
        environment: s.environment,
        team: AUDITOR_TEAM,
        identity: "machine",
        stackPermission: "none",
        environmentPermission: "read",
        reason:
          "scheduled audit: reads the definition (not its secrets) to flag static cloud " +
          "credentials; no stack permission, since stack read decrypts the stack's secret config",
      });
  }

  const repositories = buildRepositories(config, pipelines, audit);
  const teams = [...humanTeams(config, repositories), ...machineTeams];
  const webhooks = buildWebhooks(config, stacks);

  // Findings about org-wide settings.
  const anyProtected = config.tiers.some((t) => t.protected);
  if (anyProtected && config.defaults.stackPermission === "read")
    findings.push({
      severity: "high",
      code: "default-stack-read",
      path: "defaults.stackPermission",
      message:
        'default stack permission "read" lets every org member decrypt the secret config of protected stacks',
    });
  if (anyProtected && config.defaults.environmentPermission === "read")
    findings.push({
      severity: "low",
      code: "default-environment-read",
      path: "defaults.environmentPermission",
      message:
        'default environment permission "read" lets every org member read protected environment definitions (not secrets)',
    });
  if (config.defaults.membersCanCreateStacks)
    findings.push({
      severity: "medium",
      code: "members-create-stacks",
      path: "defaults.membersCanCreateStacks",
      message: "members can create stacks and become their admins, outside the declared grants",
    });
  for (const t of config.tiers)
    if (
      t.driftDetection &&
      !driftSchedules.some((d) => stacks.find((s) => s.key === d.key)?.tier === t.name)
    )
      findings.push({
        severity: "info",
        code: "drift-no-stacks",
        path: `tiers[${tierIndex.get(t.name)}].driftDetection`,
        message: `no stack of tier "${t.name}" deploys through Pulumi Deployments, so no drift schedule is created`,
      });

  return {
    organization: config.organization,
    github: config.github,
    defaults: config.defaults,
    oidc: config.oidc,
    teams,
    stacks,
    grants,
    identities,
    pipelines,
    repositories,
    approvals,
    driftSchedules,
    webhooks,
    audit,
    findings,
  };
}

function buildAudit(config: OrgConfig, stacks: readonly StackSpec[]): AuditSpec | undefined {
  const schedule = config.audit.schedule;
  if (!schedule) return undefined;
  // Config validation guarantees a bootstrap project with exactly one tier.
  const boot = config.projects.find((p) => p.bootstrap) as ProjectConfig;
  const tierName = Object.keys(boot.tiers)[0];
  const stack = stacks.find((s) => s.project === boot.name && s.tier === tierName) as StackSpec;
  const repository = config.github.platformRepository;
  return {
    identity: {
      team: AUDITOR_TEAM,
      tokenType: "team",
      purpose: "audit",
      project: boot.name,
      tier: "audit",
      repository,
      branch: boot.defaultBranch,
      githubEnvironment: AUDIT_GITHUB_ENVIRONMENT,
      events: ["schedule", "workflow_dispatch"],
      workflowPath: AUDIT_WORKFLOW_PATH,
      may: [
        "read protected environment definitions (not their secrets)",
        "list teams, members and permissions and read org settings (organization member rights)",
      ],
    },
    cron: schedule.cron,
    days: schedule.days,
    stack: stack.stack,
    repository,
    branch: boot.defaultBranch,
    workDir: boot.workDir,
    nodeVersion: boot.nodeVersion,
    workflowPath: AUDIT_WORKFLOW_PATH,
    githubEnvironment: AUDIT_GITHUB_ENVIRONMENT,
    timeoutMinutes: AUDIT_TIMEOUT_MINUTES,
  };
}

function auditorTeam(config: OrgConfig): TeamSpec {
  return {
    name: AUDITOR_TEAM,
    kind: "machine",
    displayName: "secure-org audit (scheduled)",
    description:
      `Machine identity: the scheduled audit workflow of ${config.github.owner}/` +
      `${config.github.platformRepository} obtains this team's token by OIDC. Read-only: ` +
      "environment read on protected tiers, no stack permission. No human members.",
    members: [],
    formerNames: [],
    source: "audit.schedule",
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

function machineTeam(
  name: string,
  purpose: "deploy" | "preview",
  key: string,
  source: string,
): TeamSpec {
  return {
    name,
    kind: "machine",
    displayName: `${key} ${purpose} (pipeline)`,
    description:
      purpose === "deploy"
        ? `Machine identity: the ${key} pipeline's deploy job obtains this team's token by OIDC. No human members.`
        : `Machine identity: the ${key} pipeline's pull-request preview obtains this team's token by OIDC. No human members.`,
    members: [],
    formerNames: [],
    source,
  };
}

function repositoryPermissionFor(config: OrgConfig, role: string): RepositoryPermission {
  return config.roles[role]?.repository ?? DEFAULT_ROLE_REPOSITORY_PERMISSION[role] ?? "none";
}

function humanTeams(config: OrgConfig, repositories: readonly RepositorySpec[]): TeamSpec[] {
  return config.teams.map((team, ti) => {
    let github: TeamSpec["github"];
    if (team.githubMembers) {
      const perms = new Map<string, { permission: RepositoryPermission; reason: string }>();
      const raise = (repository: string, permission: RepositoryPermission, reason: string) => {
        const cur = perms.get(repository);
        if (permission === "none") return;
        if (!cur || REPO_RANK[permission] > REPO_RANK[cur.permission])
          perms.set(repository, { permission, reason });
      };
      for (const project of config.projects) {
        const role = roleFor(team.access, project.name);
        if (!role) continue;
        raise(
          project.repository,
          repositoryPermissionFor(config, role),
          `role ${role} on project ${project.name}`,
        );
      }
      // Environment reviewers need at least read access to the repository.
      for (const repo of repositories)
        if (repo.environments.some((e) => e.reviewers.includes(team.name)))
          raise(repo.name, "pull", "reviews deployments of this repository's GitHub environments");
      github = {
        members: team.githubMembers,
        repositories: [...perms.entries()]
          .map(([repository, v]) => ({ repository, ...v }))
          .sort((a, b) => a.repository.localeCompare(b.repository)),
      };
    }
    return {
      name: team.name,
      kind: "human",
      displayName: team.displayName ?? team.name,
      description: team.description ?? `Declared in the secure-org config (teams[${ti}])`,
      members: team.members,
      formerNames: team.formerNames,
      github,
      source: `teams[${ti}]`,
    };
  });
}

function buildRepositories(
  config: OrgConfig,
  pipelines: readonly PipelineSpec[],
  audit: AuditSpec | undefined,
): RepositorySpec[] {
  const byRepo = new Map<string, ProjectConfig[]>();
  for (const p of config.projects)
    byRepo.set(p.repository, [...(byRepo.get(p.repository) ?? []), p]);
  const out: RepositorySpec[] = [];
  for (const [name, projects] of byRepo) {
    const repoPipelines = pipelines.filter((p) => p.repository === name);
    const auditHere = audit?.repository === name;
    if (repoPipelines.length === 0 && !auditHere) continue;
    const defaultBranch = projects[0].defaultBranch;
    const actions = repoPipelines.filter((p) => p.mode === "github-actions");
    const environments = actions.map((p) => ({
      name: p.githubEnvironment as string,
      tier: p.tier,
      protected: p.protected,
      branch: p.branch,
      reviewers: p.protected ? p.approvers : [],
    }));
    // The scheduled audit's environment: no reviewers (nobody approves a nightly run), the default
    // branch only; its OIDC policy pins it.
    if (audit && auditHere)
      environments.push({
        name: audit.githubEnvironment,
        tier: "audit",
        protected: false,
        branch: audit.branch,
        reviewers: [],
      });
    // One GitHub environment per tier name, even if several projects share the repository.
    const uniqueEnvs = [...new Map(environments.map((e) => [e.name, e])).values()];
    const protectedOwners = [
      ...new Set(repoPipelines.filter((p) => p.protected).flatMap((p) => p.approvers)),
    ];
    const platform = config.github.platformTeam;
    const codeowners: { path: string; teams: string[] }[] = [];
    for (const p of projects) {
      const owners = protectedOwners.length ? protectedOwners : platform ? [platform] : [];
      if (owners.length && p.workDir !== ".")
        codeowners.push({ path: `/${p.workDir}/`, teams: owners });
      else if (owners.length) codeowners.push({ path: "*", teams: owners });
    }
    if (platform) {
      codeowners.push({ path: "/.github/workflows/", teams: [platform] });
      codeowners.push({ path: "/.github/CODEOWNERS", teams: [platform] });
    }
    out.push({
      name,
      id: projects.find((p) => p.repositoryId)?.repositoryId,
      defaultBranch,
      projects: projects.map((p) => p.name),
      pipelines: repoPipelines.map((p) => p.key),
      requiredApprovals: Math.max(1, ...repoPipelines.map((p) => p.requiredApprovals)),
      requiredChecks: actions
        .filter((p) => p.checkName && p.branch === defaultBranch)
        .map((p) => p.checkName as string),
      environments: uniqueEnvs,
      codeowners: dedupeCodeowners(codeowners),
      allowedActions: [...new Set(projects.flatMap((p) => p.allowedActions))],
      hasActionsPipeline: actions.length > 0 || auditHere,
    });
  }
  return out;
}

function dedupeCodeowners(entries: { path: string; teams: string[] }[]) {
  const byPath = new Map<string, Set<string>>();
  for (const e of entries) {
    const set = byPath.get(e.path) ?? new Set<string>();
    e.teams.forEach((t) => set.add(t));
    byPath.set(e.path, set);
  }
  return [...byPath].map(([path, teams]) => ({ path, teams: [...teams] }));
}

function buildWebhooks(config: OrgConfig, stacks: readonly StackSpec[]): WebhookSpec[] {
  const out: WebhookSpec[] = [];
  for (const w of config.audit.webhooks) {
    const base = {
      name: w.name,
      url: w.url,
      format: w.format,
      active: w.active,
      filters: w.filters,
      secretConfigKey: w.secretConfigKey,
    };
    if (!w.scope) {
      out.push({
        ...base,
        key: w.name,
        displayName: `secure-org ${w.name}`,
        scope: "organization",
        groups: w.filters ? undefined : (w.groups ?? [...WEBHOOK_GROUPS]),
      });
      continue;
    }
    for (const s of stacks.filter((x) => x.tier === w.scope?.tier)) {
      if (w.scope.kind === "stacks")
        out.push({
          ...base,
          key: `${w.name}/${s.project}/${s.stack}`,
          displayName: `secure-org ${w.name} ${s.project}/${s.stack}`,
          scope: "stack",
          projectName: s.project,
          stackName: s.stack,
          groups: w.filters ? undefined : (w.groups ?? ["stacks", "deployments"]),
        });
      else
        out.push({
          ...base,
          key: `${w.name}/${s.environment.project}/${s.environment.name}`,
          displayName: `secure-org ${w.name} ${s.environment.project}/${s.environment.name}`,
          scope: "environment",
          projectName: s.environment.project,
          environmentName: s.environment.name,
          groups: w.filters ? undefined : (w.groups ?? ["environments"]),
        });
    }
  }
  return out;
}

/** Stack permission ranks, for comparisons (audit, plan). */
export const STACK_RANK: Record<StackPermission, number> = { none: 0, read: 1, write: 2, admin: 3 };
export const ENV_RANK: Record<EnvironmentPermission, number> = {
  none: 0,
  read: 1,
  open: 2,
  write: 3,
  admin: 4,
};
