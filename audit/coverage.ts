/**
 * What the audit reads back of each resource type the bootstrap registers (kinds/): the spec's
 * GET it reads, the comparison (finding codes) and their severity; or why it is not covered.
 * test/audit/coverage.spec.ts checks this table against the registry (every managed type has a
 * row, an audited row's area has an audit section, its endpoint is a GET of the OpenAPI spec and
 * its codes are AUDIT_CODES) and against the copy printed in docs/audit.md, so neither goes stale.
 *
 * `gap` rows are types the API can return but the audit does not compare yet: listed, not hidden.
 * The spec pins the exact set, so a new managed type cannot join them silently.
 */
import { MANAGED_TYPES } from "../kinds";
import type { AuditCode } from "./compare/codes";

export type Coverage =
  | {
      readonly status: "audited";
      /** `GET /api/...` path templates of the OpenAPI spec (or `ESC`: the ESC SDK's read). */
      readonly endpoints: readonly string[];
      readonly codes: readonly AuditCode[];
      readonly severity: string;
    }
  | {
      /** The API (or the audit's token) cannot return it: why. */
      readonly status: "not-covered";
      readonly reason: string;
    }
  | {
      /** The API returns it, the audit does not compare it yet. */
      readonly status: "gap";
      readonly reason: string;
    };

const ORG = "/api/orgs/{orgName}";
const GH = "GitHub resource: the audit reads Pulumi Cloud only (no GitHub token)";

/** Resource type token -> what the audit does with it. */
export const AUDIT_COVERAGE: Readonly<Record<string, Coverage>> = {
  "pulumi-nodejs:dynamic:Resource": {
    status: "audited",
    endpoints: [`GET ${ORG}/metadata`],
    codes: ["org-default-differs", "not-covered"],
    severity:
      "per field (high when it widens access); membersCanInviteCollaborators: info, not returned",
  },
  "pulumiservice:index:OrganizationMember": {
    status: "audited",
    endpoints: [`GET ${ORG}/members`],
    codes: ["admin-undeclared", "admin-missing", "org-member-undeclared", "org-member-missing"],
    severity: "high (undeclared admin), medium, low",
  },
  "pulumiservice:index:Team": {
    status: "audited",
    endpoints: [`GET ${ORG}/teams`, `GET ${ORG}/teams/{teamName}`],
    codes: [
      "team-undeclared",
      "team-missing",
      "member-undeclared",
      "member-missing",
      "machine-team-member",
    ],
    severity: "high (human on a machine team), medium",
  },
  "pulumiservice:index:TeamStackPermission": {
    status: "audited",
    endpoints: [`GET ${ORG}/teams/{teamName}`],
    codes: [
      "grant-undeclared",
      "grant-missing",
      "grant-above-declared",
      "grant-below-declared",
      "human-protected-access",
    ],
    severity: "high on protected tiers, medium",
  },
  "pulumiservice:index:TeamEnvironmentPermission": {
    status: "audited",
    endpoints: [`GET ${ORG}/teams/{teamName}`],
    codes: [
      "grant-undeclared",
      "grant-missing",
      "grant-above-declared",
      "grant-open-duration",
      "human-protected-access",
    ],
    severity: "high on protected tiers, medium",
  },
  "pulumiservice:index:OrganizationRole": {
    status: "audited",
    endpoints: [`GET ${ORG}/roles`],
    codes: ["role-missing", "role-changed", "role-undeclared", "role-condition-environment"],
    severity: "high when it grants more, medium when less, low",
  },
  "pulumiservice:index:TeamRoleAssignment": {
    status: "audited",
    endpoints: [`GET ${ORG}/teams/{teamName}/roles`],
    codes: ["role-grant-undeclared", "role-grant-missing"],
    severity: "high, medium",
  },
  "pulumiservice:index:Stack": {
    status: "audited",
    endpoints: ["GET /api/user/stacks"],
    codes: ["stack-undeclared"],
    severity: "medium",
  },
  "pulumiservice:index:StackTags": {
    status: "gap",
    reason:
      "tags are read by adopt (GET /api/stacks/{orgName}/{projectName}/{stackName}) but not compared",
  },
  "pulumiservice:index:Environment": {
    status: "audited",
    endpoints: [
      "GET /api/esc/environments/{orgName}",
      "GET /api/esc/environments/{orgName}/{projectName}/{envName}",
    ],
    codes: [
      "environment-undeclared",
      "esc-static-credentials",
      "esc-static-secret",
      "esc-definition-unreadable",
      "esc-import-undeclared",
      "esc-login-changed",
      "esc-login-undeclared",
      "esc-login-missing",
    ],
    severity:
      "every tier's and login environment's definition: high (static credentials, an import of or a login to a protected tier's identity, a changed protected login), medium elsewhere",
  },
  "pulumiservice:index:ApprovalRule": {
    status: "gap",
    reason:
      "ListGates (GET /api/change-gates/{orgName}) lists one entity per call; its reader is being fixed separately",
  },
  "pulumiservice:api:Gate": {
    status: "audited",
    endpoints: [
      "GET /api/change-gates/{orgName}",
      "GET /api/change-requests/{orgName}",
      "GET /api/change-requests/{orgName}/{changeRequestID}/events",
      "GET /api/esc/environments/{orgName}/{projectName}/{envName}/open/request/{changeRequestID}",
    ],
    codes: [
      "break-glass-gate-missing",
      "break-glass-gate-weakened",
      "gate-blocks-pipeline",
      "break-glass-request",
      "break-glass-approval-invalid",
      "break-glass-request-too-long",
      "break-glass-open-unapproved",
      "break-glass-env-imports",
    ],
    severity:
      "high (gate removed, disabled or weakened; a gate on a pipeline's environment; an approval by the requester, the requesting team or a non-approver; an approved request longer than declared; an open without an approved request; a protected environment importing a break-glass one; a break-glass environment importing the bootstrap's); medium (a break-glass environment importing others); info (each request)",
  },
  "pulumiservice:index:DeploymentSettings": {
    status: "audited",
    endpoints: ["GET /api/stacks/{orgName}/{projectName}/{stackName}/deployments/settings"],
    codes: ["deployment-settings-changed", "deployment-settings-missing"],
    severity:
      "high on a protected tier when it lets someone deploy from elsewhere (branch, repository, tags, pull requests, triggers under trigger: api, pre-run commands, executor image, agent pool; settings on a stack that deploys from CI); medium otherwise",
  },
  "pulumiservice:index:DriftSchedule": {
    status: "audited",
    endpoints: ["GET /api/stacks/{orgName}/{projectName}/{stackName}/deployments/schedules"],
    codes: ["drift-schedule-missing", "drift-schedule-changed"],
    severity: "medium (deleted, paused, another cron or remediation)",
  },
  "pulumiservice:index:OidcIssuer": {
    status: "audited",
    endpoints: [`GET ${ORG}/oidc/issuers`, `GET ${ORG}/auth/policies/oidcissuers/{issuerId}`],
    codes: [
      "oidc-issuer-missing",
      "oidc-issuer-undeclared",
      "oidc-issuer-expiration",
      "oidc-policy-wildcard",
      "oidc-policy-unpinned",
      "oidc-policy-undeclared",
      "oidc-policy-missing",
      "oidc-policy-changed",
      "oidc-context-admitted",
    ],
    severity:
      "every CI's issuer through the matcher: high (wildcard, unpinned, an allow admitting more, a deny refusing less or missing, undeclared allow), medium, low",
  },
  "pulumiservice:index:Webhook": {
    status: "gap",
    reason: "read by adopt, not compared yet",
  },
  "pulumiservice:index:PolicyPack": {
    status: "audited",
    endpoints: [`GET ${ORG}/policygroups/{policyGroup}`],
    codes: ["guardrail-pack-missing"],
    severity: "high on the protected tiers' group; the pack's version is not compared",
  },
  "pulumiservice:index:PolicyGroup": {
    status: "audited",
    endpoints: [`GET ${ORG}/policygroups`, `GET ${ORG}/policygroups/{policyGroup}`],
    codes: [
      "guardrail-group-missing",
      "guardrail-stack-outside",
      "guardrail-stack-undeclared",
      "guardrail-mode-changed",
      "guardrail-level-weakened",
      "guardrail-settings-changed",
    ],
    severity: "high on protected tiers, medium",
  },
  "github:index/team:Team": { status: "not-covered", reason: GH },
  "github:index/teamMembers:TeamMembers": { status: "not-covered", reason: GH },
  "github:index/teamRepository:TeamRepository": { status: "not-covered", reason: GH },
  "github:index/repositoryEnvironment:RepositoryEnvironment": { status: "not-covered", reason: GH },
  "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": {
    status: "not-covered",
    reason: GH,
  },
  "github:index/repositoryRuleset:RepositoryRuleset": { status: "not-covered", reason: GH },
  "github:index/repositoryFile:RepositoryFile": { status: "not-covered", reason: GH },
  "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions": {
    status: "not-covered",
    reason: GH,
  },
  "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions": {
    status: "not-covered",
    reason: GH,
  },
};

export const coverageOf = (token: string): Coverage | undefined =>
  Object.prototype.hasOwnProperty.call(AUDIT_COVERAGE, token) ? AUDIT_COVERAGE[token] : undefined;

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** The table docs/audit.md prints: type | endpoint | comparison | severity, in registry order. */
export function renderCoverageTable(): string {
  const rows = MANAGED_TYPES.map((t) => {
    const c = coverageOf(t.token);
    if (!c) return `| \`${t.token}\` | ${t.area} | — | **no row** | — |`;
    if (c.status === "audited")
      return `| \`${t.token}\` | ${t.area} | ${c.endpoints.map((e) => `\`${e}\``).join("<br>")} | ${c.codes.map((x) => `\`${x}\``).join(", ")} | ${cell(c.severity)} |`;
    return `| \`${t.token}\` | ${t.area} | — | ${c.status === "gap" ? "not audited yet" : "not covered"}: ${cell(c.reason)} | — |`;
  });
  return [
    "| Type | Area | Read (the spec's GET) | Comparison (codes) | Severity |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
