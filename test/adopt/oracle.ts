/**
 * The test's own answer to "does this already exist, and under which ID": written from the
 * providers' ID formats (pulumi-pulumiservice v1.3.0 Read functions, terraform-provider-github
 * v6.13.0 importers) and the messy organization's data, independently of adopt/imports.ts.
 */
import type { PlanResource } from "../../plan";
import type { World } from "../support/adoptServer";
import { ORG } from "../support/messyOrg";

/** [type, logical name, import ID]: at least one per type the program registers. */
export const EXPECTED_IMPORTS: readonly [string, string, string][] = [
  ["pulumiservice:index:Team", "platform-pulumi", "acme/platform"],
  ["pulumiservice:index:Team", "analytics-prod-deploy-pulumi", "acme/analytics-prod-deploy"],
  ["pulumiservice:index:Stack", "web/prod/stack", "acme/web/production"],
  ["pulumiservice:index:Stack", "identity/staging/stack", "acme/identity/uat"],
  [
    "pulumiservice:index:TeamStackPermission",
    "payments/prod/stack-grant/platform",
    "acme/payments/prod/platform",
  ],
  [
    "pulumiservice:index:TeamStackPermission",
    "analytics/prod/stack-grant/analytics-prod-deploy",
    "acme/analytics/prod/analytics-prod-deploy",
  ],
  [
    "pulumiservice:index:TeamEnvironmentPermission",
    "payments/prod/environment-grant/sre",
    "acme/sre/payments+prod",
  ],
  ["pulumiservice:index:Environment", "identity/prod/environment", "acme/identity/live"],
  ["pulumiservice:index:OidcIssuer", "oidc-github-actions", "acme/iss-github"],
  ["pulumiservice:index:Webhook", "webhook/security-alerts", "acme/4b0d0671"],
  ["pulumiservice:index:DeploymentSettings", "web/prod-settings", "acme/web/production"],
  ["pulumiservice:index:DriftSchedule", "web/prod-drift", "acme/web/production/drift/sched-web"],
  [
    "pulumiservice:index:ApprovalRule",
    "payments/prod/approval",
    "environment/acme/payments/prod/gate-payments",
  ],
  ["pulumiservice:index:OrganizationMember", "members-alice", "acme/alice"],
  ["pulumiservice:index:OrganizationMember", "members-erin", "acme/erin"],
  [
    "pulumiservice:index:PolicyGroup",
    "policy-group/advisory",
    "acme/secure-org-guardrails-advisory",
  ],
  ["github:index/team:Team", "platform-github", "11"],
  ["github:index/teamMembers:TeamMembers", "platform-github-members", "11"],
  [
    "github:index/teamRepository:TeamRepository",
    "platform-github-repo-payments-infra",
    "11:payments-infra",
  ],
  [
    "github:index/repositoryEnvironment:RepositoryEnvironment",
    "payments-infra-env-prod",
    "payments-infra:prod",
  ],
  [
    "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
    "payments-infra-env-prod-branch",
    "payments-infra:prod:501",
  ],
  [
    "github:index/repositoryRuleset:RepositoryRuleset",
    "payments-infra-ruleset",
    "payments-infra:77",
  ],
  [
    "github:index/repositoryFile:RepositoryFile",
    "payments-infra-codeowners",
    "payments-infra:.github/CODEOWNERS:main",
  ],
  [
    "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
    "payments-infra-workflow-permissions",
    "payments-infra",
  ],
  [
    "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions",
    "payments-infra-actions-permissions",
    "payments-infra",
  ],
];

/**
 * The imports whose declared inputs differ from live in the faithful proposal: what the config
 * cannot say (GitHub team maintainers, the pipeline team's description, a foreign approval rule,
 * the program's Actions allow-list and CODEOWNERS, the new pipelines' OIDC policies).
 */
export const KNOWN_DIFFERENCES = [
  "analytics-infra-actions-permissions: allowedActions",
  "analytics-prod-deploy-pulumi: displayName,description",
  "data-infra-actions-permissions: allowedActions",
  "data/prod/approval: name,approvalRuleConfig.numApprovalsRequired,approvalRuleConfig.eligibleApprovers",
  "identity-infra-actions-permissions: allowedActions",
  "mobile-infra-actions-permissions: allowedActions",
  "oidc-github-actions: policies",
  "payments-infra-actions-permissions: allowedActions",
  "payments-infra-codeowners: content",
  "reporting-actions-permissions: allowedActions",
  "web-github-members: members",
];

/** Types adopt does not look up (it proposes no custom roles; a pack version is published). */
export const NOT_LOOKED_UP = [
  "pulumiservice:index:PolicyPack",
  "pulumiservice:index:OrganizationRole",
  "pulumiservice:index:TeamRoleAssignment",
];

const s = (v: unknown) => String(v);

/** The import ID of what `inputs` describe, when it exists in `w`; undefined when it does not. */
export function existsLive(
  w: World,
  type: string,
  i: Record<string, unknown>,
  byUrn: ReadonlyMap<string, PlanResource>,
  r: PlanResource,
): string | undefined {
  switch (type) {
    case "pulumiservice:index:Team":
      return w.teams.some((t) => t.name === i.name) ? `${ORG}/${s(i.name)}` : undefined;
    case "pulumiservice:index:Stack":
      return w.stacks.some((x) => x.project === i.projectName && x.stack === i.stackName)
        ? `${ORG}/${s(i.projectName)}/${s(i.stackName)}`
        : undefined;
    case "pulumiservice:index:StackTags": {
      const st = w.stacks.find((x) => x.project === i.project && x.stack === i.stack);
      const declared = Object.keys(i.tags as object);
      return st && declared.some((k) => k in st.tags)
        ? `${ORG}/${s(i.project)}/${s(i.stack)}/tags`
        : undefined;
    }
    case "pulumiservice:index:TeamStackPermission":
      return w.teams
        .find((t) => t.name === i.team)
        ?.stacks.some((x) => x.project === i.project && x.stack === i.stack)
        ? `${ORG}/${s(i.project)}/${s(i.stack)}/${s(i.team)}`
        : undefined;
    case "pulumiservice:index:TeamEnvironmentPermission":
      return w.teams
        .find((t) => t.name === i.team)
        ?.environments.some((x) => x.project === i.project && x.name === i.environment)
        ? `${ORG}/${s(i.team)}/${s(i.project)}+${s(i.environment)}`
        : undefined;
    case "pulumiservice:index:Environment":
      return w.environments.some((e) => e.project === i.project && e.name === i.name)
        ? `${ORG}/${s(i.project)}/${s(i.name)}`
        : undefined;
    case "pulumiservice:index:OidcIssuer": {
      const iss = w.oidcIssuers.find((x) => x.url === i.url);
      return iss ? `${ORG}/${iss.id}` : undefined;
    }
    case "pulumiservice:index:Webhook": {
      const hook = w.webhooks.find(
        (x) => x.displayName === i.displayName && x.scope.kind === "organization" && !i.projectName,
      );
      return hook ? `${ORG}/${hook.name}` : undefined;
    }
    case "pulumiservice:index:DeploymentSettings":
      return w.deploymentSettings.some((x) => x.project === i.project && x.stack === i.stack)
        ? `${ORG}/${s(i.project)}/${s(i.stack)}`
        : undefined;
    case "pulumiservice:index:DriftSchedule": {
      const d = w.driftSchedules.find((x) => x.project === i.project && x.stack === i.stack);
      return d ? `${ORG}/${s(i.project)}/${s(i.stack)}/drift/${d.id}` : undefined;
    }
    case "pulumiservice:index:ApprovalRule": {
      const env = i.environmentIdentifier as { project: string; name: string };
      const g = w.approvalRules.find(
        (x) => x.project === env.project && x.environment === env.name,
      );
      return g ? `environment/${ORG}/${env.project}/${env.name}/${g.id}` : undefined;
    }
    case "pulumiservice:index:PolicyGroup":
      return w.policyGroups.some((g) => g.name === i.name) ? `${ORG}/${s(i.name)}` : undefined;
    case "pulumiservice:index:OrganizationMember":
      return w.members.some((m) => m.login === i.username) ? `${ORG}/${s(i.username)}` : undefined;
    default:
      return githubExists(w, type, i, byUrn, r);
  }
}

/** The GitHub half of existsLive. */
function githubExists(
  w: World,
  type: string,
  i: Record<string, unknown>,
  byUrn: ReadonlyMap<string, PlanResource>,
  r: PlanResource,
): string | undefined {
  const siblingTeam = () =>
    [...byUrn.values()].find((x) => x.parent === r.parent && x.type === "github:index/team:Team")
      ?.inputs.name;
  const ghTeam = (name: unknown) => w.github?.teams.find((t) => t.slug === name);
  const repo = (name: unknown) => w.github?.repositories.find((x) => x.name === name);
  switch (type) {
    case "github:index/team:Team":
      return ghTeam(i.name) ? String(ghTeam(i.name)?.id) : undefined;
    case "github:index/teamMembers:TeamMembers":
      return ghTeam(siblingTeam()) ? String(ghTeam(siblingTeam())?.id) : undefined;
    case "github:index/teamRepository:TeamRepository": {
      const t = ghTeam(siblingTeam());
      return t?.repositories.some((x) => x.name === i.repository)
        ? `${t.id}:${s(i.repository)}`
        : undefined;
    }
    case "github:index/repositoryEnvironment:RepositoryEnvironment":
      return repo(i.repository)?.environments.some((e) => e.name === i.environment)
        ? `${s(i.repository)}:${s(i.environment)}`
        : undefined;
    case "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": {
      const p = repo(i.repository)
        ?.environments.find((e) => e.name === i.environment)
        ?.policies.find((x) => x.name === i.branchPattern);
      return p ? `${s(i.repository)}:${s(i.environment)}:${p.id}` : undefined;
    }
    case "github:index/repositoryRuleset:RepositoryRuleset": {
      const rs = repo(i.repository)?.rulesets.find((x) => x.name === i.name);
      return rs ? `${s(i.repository)}:${rs.id}` : undefined;
    }
    case "github:index/repositoryFile:RepositoryFile":
      return repo(i.repository)?.files.some((f) => f.path === i.file && f.branch === i.branch)
        ? `${s(i.repository)}:${s(i.file)}:${s(i.branch)}`
        : undefined;
    case "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions":
    case "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions":
      return repo(i.repository) ? s(i.repository) : undefined;
    default:
      return undefined;
  }
}
