/**
 * The API budget of a run: how many API calls each resource type costs the provider that manages
 * it, read from the providers' source, per operation:
 *
 * - `create`: the first `pulumi up` of the resource;
 * - `update`: the smallest in-place update (one updatable input changed); a type without an
 *   Update function is replaced (delete + create);
 * - `read`: `pulumi refresh` (the provider's Read);
 * - `preview`: a `pulumi preview` in which nothing changed (Check and Diff only).
 *
 * Sources (every count below names the file and function it was read from):
 * - pulumiservice 1.3.0: github.com/pulumi/pulumi-pulumiservice at tag v1.3.0,
 *   `provider/pkg/resources/*.go` and the client in `provider/pkg/pulumiapi/*.go` (one HTTP
 *   request per `c.do`/`c.doWithQuery`/`c.SDK.*` call, no retries in `sendRequest`). No
 *   resource's Check or Diff calls the API, so an unchanged preview costs nothing.
 * - @pulumi/github 6.15.0 bridges github.com/integrations/terraform-provider-github at commit
 *   20728bb (tag v6.13.0, the `upstream` submodule of pulumi-github v6.15.0),
 *   `github/resource_github_*.go`. With the legacy client (the default, and what this program
 *   uses), every request goes through `RateLimitTransport` (github/transport.go): one at a time
 *   unless `parallel_requests`, `write_delay_ms` after every POST/PATCH/PUT/DELETE (GraphQL queries
 *   are POSTs too), `read_delay_ms` after every GET. A Diff calls the API only when `repository`
 *   or a team id changes (`diffRepository`, `diffLegacyTeamID` in github/util_diff.go).
 *
 * Counts are requests as the service sees them; retries after errors are not counted.
 */

/** API calls of one operation on one resource. */
export interface Calls {
  /** REST requests (Pulumi Cloud, or GitHub REST v3). */
  readonly requests: number;
  /** Of `requests`, mutating ones (POST, PUT, PATCH, DELETE). */
  readonly writes: number;
  /** GitHub GraphQL queries (a separate hourly budget; each is a POST to the legacy client). */
  readonly graphql: number;
  /** Of `writes`, requests that create content on GitHub (commits): the secondary limit. */
  readonly contentCreating: number;
}

export type Service = "pulumi" | "github";
export type Operation = "create" | "update" | "read" | "preview";
export const OPERATIONS: readonly Operation[] = ["create", "update", "read", "preview"];

/** What a cost may depend on: the resource's inputs and the size of the organization. */
export interface CostInput {
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Organization members the program manages (`OrganizationMember` resources). */
  readonly orgMembers: number;
}

export interface TypeCost {
  readonly service: Service;
  /** The cost of each operation, as a formula for the reader and a function for the plan. */
  readonly formula: Readonly<Record<Operation, string>>;
  readonly cost: Readonly<Record<Operation, (c: CostInput) => Calls>>;
  /** File and function each count was read from. */
  readonly source: string;
  readonly note?: string;
}

/** Organization members per page of `GET /api/orgs/{org}/members`: not documented; assumed. */
export const ASSUMED_MEMBER_PAGE_SIZE = 100;
/** GitHub GraphQL page size of `getTeamMembers` (`members(first: 100)`). */
const TEAM_MEMBERS_PAGE = 100;

const calls = (requests: number, writes = 0, graphql = 0, contentCreating = 0): Calls => ({
  requests,
  writes,
  graphql,
  contentCreating,
});
const ZERO = calls(0);
const fixed = (c: Calls) => () => c;
const count = (v: unknown) =>
  Array.isArray(v) ? v.length : v && typeof v === "object" ? Object.keys(v).length : 0;
const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
const memberPages = (c: CostInput) => pages(c.orgMembers, ASSUMED_MEMBER_PAGE_SIZE);

/** A type with fixed counts; `update: "replace"` for types without an in-place update. */
function simple(
  service: Service,
  create: Calls,
  update: Calls | "replace",
  read: Calls,
  source: string,
  note?: string,
): TypeCost {
  const upd = update === "replace" ? sum(create, calls(1, 1)) : update;
  const f = (c: Calls) =>
    `${c.requests}${c.writes ? ` (${c.writes} w)` : ""}${c.graphql ? ` + ${c.graphql} GraphQL` : ""}`;
  return {
    service,
    formula: {
      create: f(create),
      update: update === "replace" ? `replace: ${f(upd)}` : f(upd),
      read: f(read),
      preview: "0",
    },
    cost: { create: fixed(create), update: fixed(upd), read: fixed(read), preview: fixed(ZERO) },
    source,
    note,
  };
}

export function sum(...all: Calls[]): Calls {
  return all.reduce(
    (a, b) =>
      calls(
        a.requests + b.requests,
        a.writes + b.writes,
        a.graphql + b.graphql,
        a.contentCreating + b.contentCreating,
      ),
    ZERO,
  );
}

export const scale = (c: Calls, n: number): Calls =>
  calls(c.requests * n, c.writes * n, c.graphql * n, c.contentCreating * n);

const PS = "pulumi-pulumiservice v1.3.0 provider/pkg";
const GH = "terraform-provider-github v6.13.0 github";

/** pulumiservice resources and the OrgDefaults dynamic resource. */
const PULUMI_COSTS: Record<string, TypeCost> = {
  "pulumiservice:index:Team": {
    service: "pulumi",
    formula: {
      create: "2 + m (m members, the deploying identity included)",
      update: "1 (+1 per member added or removed)",
      read: "1",
      preview: "0",
    },
    cost: {
      // CreateTeam, AddMemberToTeam per member, GetTeam.
      create: (c) => calls(2 + count(c.inputs.members), 1 + count(c.inputs.members)),
      update: fixed(calls(1, 1)),
      read: fixed(calls(1)),
      preview: fixed(ZERO),
    },
    source: `${PS}/resources/team.go Team.Create/Update/Read; pulumiapi/teams.go CreateTeam, AddMemberToTeam, GetTeam, UpdateTeam`,
  },
  "pulumiservice:index:Stack": simple(
    "pulumi",
    calls(1, 1),
    "replace",
    calls(1),
    `${PS}/resources/stack.go Stack.Create (CreateStack), Stack.Read (StackExists); no Update`,
    "retainOnDelete: a replacement deletes nothing, so it costs the create only",
  ),
  "pulumiservice:index:StackTags": {
    service: "pulumi",
    formula: { create: "t (t tags)", update: "2 per changed tag", read: "1", preview: "0" },
    cost: {
      create: (c) => calls(count(c.inputs.tags), count(c.inputs.tags)),
      update: fixed(calls(2, 2)),
      read: fixed(calls(1)),
      preview: fixed(ZERO),
    },
    source: `${PS}/resources/stack_tags_plural.go StackTags.Create (CreateStackTag per tag), Update (delete + create per changed tag), Read (GetStackTags)`,
  },
  "pulumiservice:index:TeamStackPermission": simple(
    "pulumi",
    calls(1, 1),
    "replace",
    calls(1),
    `${PS}/resources/team_stack_perm.go Create (AddStackPermission), Read (GetTeamStackPermission: GET of the whole team); no Update`,
  ),
  "pulumiservice:index:TeamEnvironmentPermission": simple(
    "pulumi",
    calls(1, 1),
    "replace",
    calls(1),
    `${PS}/resources/team_environment_perm.go Create (AddEnvironmentSettings), Read (GetTeamEnvironmentSettings); no Update`,
  ),
  "pulumiservice:index:Environment": simple(
    "pulumi",
    calls(4, 3),
    calls(2, 1),
    calls(2),
    `${PS}/resources/environment.go Create (CheckYAMLEnvironment, CreateEnvironmentWithProject, UpdateEnvironmentWithRevision, fetchEnvironmentID), Update (UpdateEnvironmentWithRevision, fetchEnvironmentID), Read (GetEnvironment, fetchEnvironmentID)`,
    "the definition is ignoreChanges: an update happens only if organization/project/name change (a replacement)",
  ),
  "pulumiservice:index:ApprovalRule": simple(
    "pulumi",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${PS}/resources/approvalRule.go Create/Update/Read (one client call each)`,
  ),
  "pulumiservice:index:Webhook": simple(
    "pulumi",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${PS}/resources/webhook.go Create/Update/Read (CreateWebhook, UpdateWebhook, GetWebhook)`,
  ),
  "pulumiservice:index:OidcIssuer": simple(
    "pulumi",
    calls(3, 2),
    calls(3, 2),
    calls(2),
    `${PS}/resources/oidc_issuer.go Create (RegisterOidcIssuer, GetAuthPolicies, UpdateAuthPolicies), Update (UpdateOidcIssuer, GetAuthPolicies, UpdateAuthPolicies), Read (GetOidcIssuer, GetAuthPolicies)`,
  ),
  "pulumiservice:index:DeploymentSettings": simple(
    "pulumi",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${PS}/resources/deployment_settings.go Create/Update/Read (one client call each)`,
  ),
  "pulumiservice:index:DriftSchedule": simple(
    "pulumi",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${PS}/resources/drift_schedules.go Create/Update/Read (CreateDriftSchedule, UpdateDriftSchedule, GetStackSchedule)`,
  ),
  "pulumiservice:index:OrganizationMember": {
    service: "pulumi",
    formula: {
      create: "4 + 2p (an existing member; a new one: 2 + 2p); p = pages of the member list",
      update: "3 + 2p",
      read: "1 + 2p",
      preview: "0",
    },
    cost: {
      // AddMemberToOrg (409 for an existing member), ResolveBuiltInRoleID (ListOrgRoles) +
      // UpdateOrgMemberRole, then readOrgMemberState: ListOrgMembers (backend and frontend
      // rosters, every page) and ListOrgRoles.
      create: (c) => calls(4 + 2 * memberPages(c), 2),
      update: (c) => calls(3 + 2 * memberPages(c), 1),
      read: (c) => calls(1 + 2 * memberPages(c)),
      preview: fixed(ZERO),
    },
    source: `${PS}/resources/organization_member.go Create, Update, readOrgMemberState, applyMemberRoleToState; pulumiapi/members.go GetOrgMember -> ListOrgMembers (both rosters, paginated), UpdateOrgMemberRole -> ResolveBuiltInRoleID`,
    note: `reading one member lists every member: reading all of them is quadratic in the organization's size (page size not documented, assumed ${ASSUMED_MEMBER_PAGE_SIZE})`,
  },
  "pulumiservice:index:OrganizationRole": simple(
    "pulumi",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${PS}/resources/organization_role.go Create/Update/Read (CreateRole, UpdateRole, GetRole)`,
  ),
  "pulumiservice:index:TeamRoleAssignment": simple(
    "pulumi",
    calls(2, 1),
    "replace",
    calls(1),
    `${PS}/resources/team_role_assignment.go Create (AssignRoleToTeam, GetTeamRole), Read (GetTeamRole); no Update`,
  ),
  "pulumiservice:index:PolicyPack": simple(
    "pulumi",
    calls(2, 2),
    "replace",
    calls(1),
    `${PS}/resources/policy_pack.go Create -> pulumiapi/policypacks.go PublishPolicyPack (POST, upload to the signed URL, POST complete), Read (ListPolicyPacks); no Update (a new version tag replaces)`,
    "plus one upload to object storage (the signed URL), not a Pulumi Cloud API call; retainOnDelete keeps old versions",
  ),
  "pulumiservice:index:PolicyGroup": {
    service: "pulumi",
    formula: {
      create: "3 (2 without stacks or packs)",
      update: "1 per stack or pack added or removed + 1",
      read: "1",
      preview: "0",
    },
    cost: {
      create: (c) =>
        count(c.inputs.stacks) + count(c.inputs.policyPacks) > 0 ? calls(3, 2) : calls(2, 1),
      update: fixed(calls(2, 1)),
      read: fixed(calls(1)),
      preview: fixed(ZERO),
    },
    source: `${PS}/resources/policy_group.go Create (CreatePolicyGroup, one BatchUpdatePolicyGroup, GetPolicyGroup), Update (one BatchUpdatePolicyGroup per change, GetPolicyGroup), Read (GetPolicyGroup)`,
  },
  "pulumi-nodejs:dynamic:Resource": simple(
    "pulumi",
    calls(2, 1),
    calls(2, 1),
    calls(1),
    "components/orgDefaults.ts orgDefaultsProvider.create/update (getOrgMetadata, then PATCH only when a field differs), read (getOrgMetadata)",
    "OrgDefaults, this program's dynamic resource; an unchanged organization sees no PATCH",
  ),
};

/** GitHub resources (legacy client). */
const GITHUB_COSTS: Record<string, TypeCost> = {
  "github:index/team:Team": simple(
    "github",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${GH}/resource_github_team.go resourceGithubTeamCreate (CreateTeam), Update (EditTeamByID), Read (GetTeamByID with the stored ETag)`,
    "authenticated as a user, GitHub makes the creator a maintainer and create_default_maintainer: false costs 2 more (list and remove members); a GitHub App is not made a member",
  ),
  "github:index/teamMembers:TeamMembers": {
    service: "github",
    formula: {
      create: "1 + m, + 1 GraphQL (m members)",
      update: "1 per member added or removed, + ceil(m/100) GraphQL",
      read: "ceil(m/100) GraphQL",
      preview: "0",
    },
    cost: {
      // lookupTeamSlug (the team id is numeric), getTeamMembers (GraphQL, pages of 100), then
      // AddTeamMembershipBySlug per wanted member not yet in the team (all, on create).
      create: (c) => calls(1 + count(c.inputs.members), count(c.inputs.members), 1),
      update: (c) => calls(1, 1, pages(count(c.inputs.members), TEAM_MEMBERS_PAGE)),
      read: (c) => calls(0, 0, pages(count(c.inputs.members), TEAM_MEMBERS_PAGE)),
      preview: fixed(ZERO),
    },
    source: `${GH}/resource_github_team_members.go Create (lookupTeamSlug, updateTeamMembers), Read/Update (getTeamMembers: GraphQL members(first: 100) per page, updateTeamMembers)`,
    note: "reads every member of the team on every read and update",
  },
  "github:index/teamRepository:TeamRepository": simple(
    "github",
    calls(2, 1),
    calls(2, 1),
    calls(1),
    `${GH}/resource_github_team_repository.go Create/Update (AddTeamRepoByID, then Read), Read (IsTeamRepoByID)`,
  ),
  "github:index/repositoryEnvironment:RepositoryEnvironment": simple(
    "github",
    calls(2, 1),
    calls(1, 1),
    calls(1),
    `${GH}/resource_github_repository_environment.go Create (CreateUpdateEnvironment, Repositories.Get), Update (CreateUpdateEnvironment), Read (GetEnvironment)`,
  ),
  "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy":
    simple(
      "github",
      calls(2, 1),
      calls(1, 1),
      calls(1),
      `${GH}/resource_github_repository_environment_deployment_policy.go Create (CreateDeploymentBranchPolicy, Repositories.Get), Update (UpdateDeploymentBranchPolicy), Read (GetDeploymentBranchPolicy)`,
    ),
  "github:index/repositoryFile:RepositoryFile": simple(
    "github",
    calls(6, 1, 0, 1),
    calls(3, 1, 0, 1),
    calls(2),
    `${GH}/resource_github_repository_file.go Create (Repositories.Get, checkRepositoryBranchExists, GetContents, CreateFile, then Read), Update (UpdateFile, then Read), Read (GetContents, GetCommit)`,
    "each create or update is a commit: a content-creating request",
  ),
  "github:index/repositoryRuleset:RepositoryRuleset": simple(
    "github",
    calls(2, 1),
    calls(2, 1),
    calls(1),
    `${GH}/resource_github_repository_ruleset.go Create (Repositories.Get, CreateRuleset), Update (Repositories.Get, UpdateRuleset), Read (GetRuleset with the stored ETag)`,
  ),
  "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions": simple(
    "github",
    calls(2, 1),
    calls(2, 1),
    calls(1),
    `${GH}/resource_github_workflow_repository_permissions.go CreateOrUpdate (UpdateDefaultWorkflowPermissions, then Read), Read (GetDefaultWorkflowPermissions)`,
  ),
  "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions": simple(
    "github",
    calls(4, 2),
    calls(4, 2),
    calls(2),
    `${GH}/resource_github_actions_repository_permissions.go CreateOrUpdate (UpdateActionsPermissions, EditActionsAllowed for "selected", then Read), Read (GetActionsPermissions, GetActionsAllowed)`,
  ),
};

/** Every resource type the program registers, with its costs. */
export const API_COSTS: Readonly<Record<string, TypeCost>> = { ...PULUMI_COSTS, ...GITHUB_COSTS };

/**
 * Per-run costs that are not resources: provider configuration and invokes. An invoke runs every
 * time the program runs (preview, and again in the update of `pulumi up`); `pulumi refresh` does
 * not run the program, only configures the providers.
 */
export const RUN_COSTS = {
  githubConfigure: {
    service: "github" as const,
    calls: calls(1),
    source: `${GH}/provider.go ConfigureOwner (Organizations.Get of the owner)`,
    note: "with GitHub App authentication the legacy client also exchanges the App's key for one installation token (POST /app/installations/{id}/access_tokens, authenticated as the App), which lives one hour and is not renewed (integrations/terraform-provider-github#977)",
  },
  stackReference: {
    service: "pulumi" as const,
    calls: calls(1),
    source:
      "pulumi/pulumi pkg/resource/deploy/builtins.go (the engine's built-in provider reads the referenced stack's outputs from the backend)",
    note: "read in every program run, preview included; one request assumed, not counted from the engine's source",
  },
  invokes: {
    "pulumiservice:index:getCurrentUser": {
      service: "pulumi" as const,
      calls: calls(1),
      source: `${PS}/functions/current_user.go GetCurrentUserFunction.Invoke (GetCurrentUser)`,
    },
    "github:index/getOrganization:getOrganization": {
      service: "github" as const,
      calls: calls(1),
      source: `${GH}/data_source_github_organization.go dataSourceGithubOrganizationRead (Organizations.Get; summary_only skips listing repositories and members)`,
    },
    "github:index/getTeam:getTeam": {
      service: "github" as const,
      calls: calls(1),
      source: `${GH}/data_source_github_team.go dataSourceGithubTeamRead (Teams.GetTeamBySlug; summary_only skips listing members and repositories)`,
    },
    "github:index/getRepository:getRepository": {
      service: "github" as const,
      calls: calls(1),
      source: `${GH}/data_source_github_repository.go dataSourceGithubRepositoryRead (Repositories.Get, + GetPagesInfo when Pages is on, + License when the repository has one)`,
    },
  } as Readonly<Record<string, { service: Service; calls: Calls; source: string }>>,
};
