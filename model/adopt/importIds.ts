/**
 * Import IDs: for every resource type the program registers, the ID the provider's Read parses,
 * built the way the provider builds it. Sources (read from the providers' code, not guessed):
 *
 * - `@pulumi/pulumiservice` 1.3.0: pulumi/pulumi-pulumiservice at tag v1.3.0,
 *   `provider/pkg/resources/<file>.go`, each resource's `Read` and its ID split function;
 * - `@pulumi/github` 6.15.0 bridges integrations/terraform-provider-github v6.13.0 (the `upstream`
 *   submodule of pulumi/pulumi-github v6.15.0 is commit 20728bb, tagged v6.13.0):
 *   `github/resource_github_<name>.go`, each resource's `Importer`; `github/util.go` for
 *   `buildID`, `parseID2`/`parseID3` (split on ":" at most 2 or 3 times) and `escapeIDPart`
 *   (a ":" inside an environment name or file path is written "??").
 */

export interface ImportIdRule {
  /** The ID's shape. */
  readonly format: string;
  /** Where the format is defined. */
  readonly source: string;
  /** Whether the provider can import the type at all. */
  readonly importable: boolean;
  /** What the plan says about importing this type. */
  readonly note?: string;
}

const PS = "pulumi/pulumi-pulumiservice v1.3.0 provider/pkg/resources/";
const GH = "integrations/terraform-provider-github v6.13.0 github/";

export const IMPORT_ID_RULES: Readonly<Record<string, ImportIdRule>> = {
  "pulumiservice:index:Team": {
    format: "{organization}/{team}",
    source: `${PS}team.go (Read, splitSingleSlashString)`,
    importable: true,
  },
  "pulumiservice:index:Stack": {
    format: "{organization}/{project}/{stack}",
    source: `${PS}stack.go (Read, splitStackResourceID)`,
    importable: true,
  },
  "pulumiservice:index:StackTags": {
    format: "{organization}/{project}/{stack}/tags",
    source: `${PS}stack_tags_plural.go (Read, parseStackTagsResourceID)`,
    importable: true,
    note:
      "importing adopts every tag on the stack (and a later update deletes the undeclared ones), " +
      "so it is imported only when the stack carries exactly the declared tags; otherwise it is " +
      "created, which adds the declared tags and leaves the others alone",
  },
  "pulumiservice:index:TeamStackPermission": {
    format: "{organization}/{project}/{stack}/{team}",
    source: `${PS}team_stack_perm.go (Read, splitTeamStackPermissionID)`,
    importable: true,
  },
  "pulumiservice:index:TeamEnvironmentPermission": {
    format: "{organization}/{team}/{project}+{environment}",
    source: `${PS}team_environment_perm.go (Read, splitTeamEnvironmentPermissionID)`,
    importable: true,
  },
  "pulumiservice:index:Environment": {
    format: "{organization}/{project}/{environment}",
    source: `${PS}environment.go (Read)`,
    importable: true,
    note: "the definition is ignored (ignoreChanges: yaml), so the import keeps it as it is",
  },
  "pulumiservice:index:OidcIssuer": {
    format: "{organization}/{issuerId}",
    source: `${PS}oidc_issuer.go (Read, splitOidcIssuerID)`,
    importable: true,
  },
  "pulumiservice:index:Webhook": {
    format:
      "{organization}/{name} | {organization}/{project}/{stack}/{name} | " +
      "{organization}/environment/{project}/{environment}/{name}",
    source: `${PS}webhook.go (Read, splitWebhookID); {name} is the service's webhook name`,
    importable: true,
  },
  "pulumiservice:index:DeploymentSettings": {
    format: "{organization}/{project}/{stack}",
    source: `${PS}deployment_settings.go (Read)`,
    importable: true,
  },
  "pulumiservice:index:DriftSchedule": {
    format: "{organization}/{project}/{stack}/drift/{scheduleId}",
    source: `${PS}drift_schedules.go (Read) and ttl_schedules.go (parseStackScheduleID)`,
    importable: true,
  },
  "pulumiservice:index:ApprovalRule": {
    format: "environment/{organization}/{project}/{environment}/{ruleId}",
    source: `${PS}approvalRule.go (Read, buildApprovalRuleID)`,
    importable: true,
  },
  "pulumiservice:index:OrganizationMember": {
    format: "{organization}/{username}",
    source: `${PS}organization_member.go (Read)`,
    importable: true,
  },
  "pulumiservice:index:OrganizationRole": {
    format: "{organization}/{roleId}",
    source: `${PS}organization_role.go (Read, splitOrgRoleID)`,
    importable: true,
    note: "adopt does not read custom roles: the proposal leaves defaults.customRoles off",
  },
  "pulumiservice:index:TeamRoleAssignment": {
    format: "{organization}/{team}/{roleId}",
    source: `${PS}team_role_assignment.go (Read)`,
    importable: true,
    note: "adopt does not read role assignments: the proposal leaves defaults.customRoles off",
  },
  "pulumiservice:index:PolicyPack": {
    format: "{organization}/{name}/{versionTag}",
    source: `${PS}policy_pack.go (Read, splitPolicyPackID)`,
    importable: true,
    note: "a pack version is published from this program's code; adopt does not look for an existing one",
  },
  "pulumiservice:index:PolicyGroup": {
    format: "{organization}/{name}",
    source: `${PS}policy_group.go (Read, splitSingleSlashString)`,
    importable: true,
  },
  "github:index/team:Team": {
    format: "{teamId}",
    source: `${GH}resource_github_team.go (resourceGithubTeamImport: id or slug, stored as the id)`,
    importable: true,
  },
  "github:index/teamMembers:TeamMembers": {
    format: "{teamId}",
    source: `${GH}resource_github_team_members.go (resourceGithubTeamMembersImport)`,
    importable: true,
  },
  "github:index/teamRepository:TeamRepository": {
    format: "{teamId}:{repository}",
    source: `${GH}resource_github_team_repository.go (Importer, parseID2)`,
    importable: true,
  },
  "github:index/repositoryEnvironment:RepositoryEnvironment": {
    format: "{repository}:{environment}",
    source: `${GH}resource_github_repository_environment.go (resourceGithubRepositoryEnvironmentImport)`,
    importable: true,
  },
  "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": {
    format: "{repository}:{environment}:{policyId}",
    source: `${GH}resource_github_repository_environment_deployment_policy.go (…Import, parseID3)`,
    importable: true,
  },
  "github:index/repositoryRuleset:RepositoryRuleset": {
    format: "{repository}:{rulesetId}",
    source: `${GH}resource_github_repository_ruleset.go (resourceGithubRepositoryRulesetImport)`,
    importable: true,
  },
  "github:index/repositoryFile:RepositoryFile": {
    format: "{repository}:{file}:{branch}",
    source: `${GH}resource_github_repository_file.go (resourceGithubRepositoryFileImport, parseID3)`,
    importable: true,
  },
  "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions": {
    format: "{repository}",
    source: `${GH}resource_github_workflow_repository_permissions.go (ImportStatePassthroughContext)`,
    importable: true,
  },
  "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions": {
    format: "{repository}",
    source: `${GH}resource_github_actions_repository_permissions.go (ImportStatePassthroughContext)`,
    importable: true,
  },
  "pulumi-nodejs:dynamic:Resource": {
    format: "-",
    source: "components/orgDefaults.ts",
    importable: false,
    note:
      "OrgDefaults is a dynamic resource over PATCH /api/orgs/{org}: there is nothing to import; " +
      "at create it reads the live settings, keeps them to restore on delete, and sets the declared ones",
  },
};

/** Refuses a part that holds the separator the provider splits on: the ID would parse wrong. */
function parts(separator: string, values: readonly string[], what: string): string {
  for (const v of values) {
    if (v.length === 0) throw new Error(`${what}: an empty ID part`);
    if (v.includes(separator))
      throw new Error(
        `${what}: ${JSON.stringify(v)} contains "${separator}", which the provider splits the ID on`,
      );
  }
  return values.join(separator);
}

// --- Pulumi Cloud -----------------------------------------------------------------------------

export const pulumiIds = {
  team: (org: string, team: string) => parts("/", [org, team], "Team"),
  stack: (org: string, project: string, stack: string) =>
    parts("/", [org, project, stack], "Stack"),
  stackTags: (org: string, project: string, stack: string) =>
    `${parts("/", [org, project, stack], "StackTags")}/tags`,
  teamStackPermission: (org: string, project: string, stack: string, team: string) =>
    parts("/", [org, project, stack, team], "TeamStackPermission"),
  teamEnvironmentPermission: (org: string, team: string, project: string, env: string) =>
    `${parts("/", [org, team], "TeamEnvironmentPermission")}/` +
    parts(
      "+",
      [parts("/", [project], "TeamEnvironmentPermission"), env],
      "TeamEnvironmentPermission",
    ),
  environment: (org: string, project: string, env: string) =>
    parts("/", [org, project, env], "Environment"),
  oidcIssuer: (org: string, issuerId: string) => parts("/", [org, issuerId], "OidcIssuer"),
  webhook: (
    org: string,
    name: string,
    scope?: { project: string; stack: string } | { project: string; environment: string },
  ) =>
    !scope
      ? parts("/", [org, name], "Webhook")
      : "stack" in scope
        ? parts("/", [org, scope.project, scope.stack, name], "Webhook")
        : parts("/", [org, "environment", scope.project, scope.environment, name], "Webhook"),
  deploymentSettings: (org: string, project: string, stack: string) =>
    parts("/", [org, project, stack], "DeploymentSettings"),
  driftSchedule: (org: string, project: string, stack: string, scheduleId: string) =>
    parts("/", [org, project, stack, "drift", scheduleId], "DriftSchedule"),
  approvalRule: (org: string, project: string, env: string, ruleId: string) =>
    parts("/", ["environment", org, project, env, ruleId], "ApprovalRule"),
  organizationRole: (org: string, roleId: string) => parts("/", [org, roleId], "OrganizationRole"),
  teamRoleAssignment: (org: string, team: string, roleId: string) =>
    parts("/", [org, team, roleId], "TeamRoleAssignment"),
  policyPack: (org: string, name: string, versionTag: string) =>
    parts("/", [org, name, versionTag], "PolicyPack"),
  policyGroup: (org: string, name: string) => parts("/", [org, name], "PolicyGroup"),
  organizationMember: (org: string, username: string) =>
    // The provider splits at the first "/" only (SplitN 2); the organization holds none.
    `${parts("/", [org], "OrganizationMember")}/${username}`,
};

// --- GitHub -----------------------------------------------------------------------------------

/** The provider's escapeIDPart: a ":" inside the last-but-one parts is written "??". */
export const escapeIdPart = (part: string) => part.split(":").join("??");

export const githubIds = {
  team: (teamId: number) => positive(teamId, "Team"),
  teamMembers: (teamId: number) => positive(teamId, "TeamMembers"),
  teamRepository: (teamId: number, repository: string) =>
    `${positive(teamId, "TeamRepository")}:${parts(":", [repository], "TeamRepository")}`,
  repositoryEnvironment: (repository: string, environment: string) =>
    `${parts(":", [repository], "RepositoryEnvironment")}:${escapeIdPart(environment)}`,
  deploymentPolicy: (repository: string, environment: string, policyId: number) =>
    `${parts(":", [repository], "RepositoryEnvironmentDeploymentPolicy")}:` +
    `${escapeIdPart(environment)}:${positive(policyId, "RepositoryEnvironmentDeploymentPolicy")}`,
  ruleset: (repository: string, rulesetId: number) =>
    `${parts(":", [repository], "RepositoryRuleset")}:${positive(rulesetId, "RepositoryRuleset")}`,
  repositoryFile: (repository: string, file: string, branch: string) =>
    `${parts(":", [repository], "RepositoryFile")}:${escapeIdPart(file)}:${branch}`,
  workflowPermissions: (repository: string) =>
    parts(":", [repository], "WorkflowRepositoryPermissions"),
  actionsPermissions: (repository: string) =>
    parts(":", [repository], "ActionsRepositoryPermissions"),
};

function positive(id: number, what: string): string {
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new Error(`${what}: the GitHub id must be a positive integer, got ${id}`);
  return String(id);
}
