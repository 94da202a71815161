/**
 * Repository protection: per repository the GitHub environments with their branch policies, the
 * rulesets, the files the program commits (workflows, CODEOWNERS) and the Actions settings.
 */
import { calls, GH_COSTS, simple } from "./cost";
import { escapeIdPart, GH, parts, positive } from "./ids";
import { repoOf, s } from "./helpers";
import { GITHUB_NOT_AUDITED } from "./coverage";
import type { ManagedArea, ManagedType } from "./types";

/** `{repository}:{environment}`. */
export const repositoryEnvironmentId = (repository: string, environment: string) =>
  `${parts(":", [repository], "RepositoryEnvironment")}:${escapeIdPart(environment)}`;
/** `{repository}:{environment}:{policyId}`. */
export const deploymentPolicyId = (repository: string, environment: string, policyId: number) =>
  `${parts(":", [repository], "RepositoryEnvironmentDeploymentPolicy")}:` +
  `${escapeIdPart(environment)}:${positive(policyId, "RepositoryEnvironmentDeploymentPolicy")}`;
/** `{repository}:{rulesetId}`. */
export const rulesetId = (repository: string, id: number) =>
  `${parts(":", [repository], "RepositoryRuleset")}:${positive(id, "RepositoryRuleset")}`;
/** `{repository}:{file}:{branch}`. */
export const repositoryFileId = (repository: string, file: string, branch: string) =>
  `${parts(":", [repository], "RepositoryFile")}:${escapeIdPart(file)}:${branch}`;
export const workflowPermissionsId = (repository: string) =>
  parts(":", [repository], "WorkflowRepositoryPermissions");
export const actionsPermissionsId = (repository: string) =>
  parts(":", [repository], "ActionsRepositoryPermissions");

export const repositoryEnvironment: ManagedType = {
  token: "github:index/repositoryEnvironment:RepositoryEnvironment",
  schema: "github",
  coverage: { status: "not-covered", reason: GITHUB_NOT_AUDITED },
  importId: {
    format: "{repository}:{environment}",
    source: `${GH}resource_github_repository_environment.go (resourceGithubRepositoryEnvironmentImport)`,
    importable: true,
  },
  cost: simple(
    "github",
    calls(2, 1),
    calls(1, 1),
    calls(1),
    `${GH_COSTS}/resource_github_repository_environment.go Create (CreateUpdateEnvironment, Repositories.Get), Update (CreateUpdateEnvironment), Read (GetEnvironment)`,
  ),
  lookup: (_r, i, ctx) => {
    const e = repoOf(ctx, s(i.repository))?.environments.find((x) => x.name === i.environment);
    if (!e) return undefined;
    return {
      id: repositoryEnvironmentId(s(i.repository), e.name),
      match: { repository: s(i.repository), environment: e.name },
      live: {
        preventSelfReview: e.preventSelfReview,
        canAdminsBypass: e.canAdminsBypass,
        waitTimer: e.waitTimer,
      },
    };
  },
};

export const deploymentPolicy: ManagedType = {
  token: "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
  schema: "github",
  coverage: { status: "not-covered", reason: GITHUB_NOT_AUDITED },
  importId: {
    format: "{repository}:{environment}:{policyId}",
    source: `${GH}resource_github_repository_environment_deployment_policy.go (…Import, parseID3)`,
    importable: true,
  },
  cost: simple(
    "github",
    calls(2, 1),
    calls(1, 1),
    calls(1),
    `${GH_COSTS}/resource_github_repository_environment_deployment_policy.go Create (CreateDeploymentBranchPolicy, Repositories.Get), Update (UpdateDeploymentBranchPolicy), Read (GetDeploymentBranchPolicy)`,
  ),
  lookup: (_r, i, ctx) => {
    const e = repoOf(ctx, s(i.repository))?.environments.find((x) => x.name === i.environment);
    const p = e?.policies.find((x) => x.name === i.branchPattern);
    if (!e || !p) return undefined;
    return {
      id: deploymentPolicyId(s(i.repository), e.name, p.id),
      match: { repository: s(i.repository), environment: e.name, branchPattern: p.name },
    };
  },
};

export const repositoryRuleset: ManagedType = {
  token: "github:index/repositoryRuleset:RepositoryRuleset",
  schema: "github",
  coverage: { status: "not-covered", reason: GITHUB_NOT_AUDITED },
  importId: {
    format: "{repository}:{rulesetId}",
    source: `${GH}resource_github_repository_ruleset.go (resourceGithubRepositoryRulesetImport)`,
    importable: true,
  },
  cost: simple(
    "github",
    calls(2, 1),
    calls(2, 1),
    calls(1),
    `${GH_COSTS}/resource_github_repository_ruleset.go Create (Repositories.Get, CreateRuleset), Update (Repositories.Get, UpdateRuleset), Read (GetRuleset with the stored ETag)`,
  ),
  lookup: (_r, i, ctx) => {
    const rs = repoOf(ctx, s(i.repository))?.rulesets.find((x) => x.name === i.name);
    if (!rs) return undefined;
    return {
      id: rulesetId(s(i.repository), rs.id),
      match: { repository: s(i.repository), name: rs.name },
      live: { target: rs.target, enforcement: rs.enforcement },
    };
  },
};

export const repositoryFile: ManagedType = {
  token: "github:index/repositoryFile:RepositoryFile",
  schema: "github",
  coverage: { status: "not-covered", reason: GITHUB_NOT_AUDITED },
  importId: {
    format: "{repository}:{file}:{branch}",
    source: `${GH}resource_github_repository_file.go (resourceGithubRepositoryFileImport, parseID3)`,
    importable: true,
  },
  cost: simple(
    "github",
    calls(6, 1, 0, 1),
    calls(3, 1, 0, 1),
    calls(2),
    `${GH_COSTS}/resource_github_repository_file.go Create (Repositories.Get, checkRepositoryBranchExists, GetContents, CreateFile, then Read), Update (UpdateFile, then Read), Read (GetContents, GetCommit)`,
    "each create or update is a commit: a content-creating request",
  ),
  // An imported file is never overwritten on create.
  importInputs: (props) => ({ ...props, overwriteOnCreate: false }),
  lookup: (_r, i, ctx) => {
    const repo = repoOf(ctx, s(i.repository));
    const branch = s(i.branch) || repo?.defaultBranch || "";
    const f = repo?.files.find((x) => x.path === i.file && x.branch === branch);
    if (!repo || !f) return undefined;
    return {
      id: repositoryFileId(repo.name, f.path, branch),
      match: { repository: repo.name, file: f.path, branch },
      live: { content: f.content },
    };
  },
};

export const workflowPermissions: ManagedType = {
  token: "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
  schema: "github",
  coverage: { status: "not-covered", reason: GITHUB_NOT_AUDITED },
  importId: {
    format: "{repository}",
    source: `${GH}resource_github_workflow_repository_permissions.go (ImportStatePassthroughContext)`,
    importable: true,
  },
  cost: simple(
    "github",
    calls(2, 1),
    calls(2, 1),
    calls(1),
    `${GH_COSTS}/resource_github_workflow_repository_permissions.go CreateOrUpdate (UpdateDefaultWorkflowPermissions, then Read), Read (GetDefaultWorkflowPermissions)`,
  ),
  lookup: (_r, i, ctx) => {
    const repo = repoOf(ctx, s(i.repository));
    if (!repo?.workflowPermissions) return undefined;
    return {
      id: workflowPermissionsId(repo.name),
      match: { repository: repo.name },
      live: { ...repo.workflowPermissions },
    };
  },
};

export const actionsPermissions: ManagedType = {
  token: "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions",
  schema: "github",
  coverage: { status: "not-covered", reason: GITHUB_NOT_AUDITED },
  importId: {
    format: "{repository}",
    source: `${GH}resource_github_actions_repository_permissions.go (ImportStatePassthroughContext)`,
    importable: true,
  },
  cost: simple(
    "github",
    calls(4, 2),
    calls(4, 2),
    calls(2),
    `${GH_COSTS}/resource_github_actions_repository_permissions.go CreateOrUpdate (UpdateActionsPermissions, EditActionsAllowed for "selected", then Read), Read (GetActionsPermissions, GetActionsAllowed)`,
  ),
  lookup: (_r, i, ctx) => {
    const repo = repoOf(ctx, s(i.repository));
    if (!repo?.actionsPermissions) return undefined;
    return {
      id: actionsPermissionsId(repo.name),
      match: { repository: repo.name },
      live: { ...repo.actionsPermissions },
    };
  },
};

export const repositories: ManagedArea = {
  name: "repositories",
  summary:
    "per repository: GitHub environments and their branch policies, rulesets, committed files, Actions settings",
  types: [
    repositoryEnvironment,
    deploymentPolicy,
    repositoryRuleset,
    repositoryFile,
    workflowPermissions,
    actionsPermissions,
  ],
  audit: [],
  propose: "adopt/record.ts",
};
