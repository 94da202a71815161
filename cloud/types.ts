/**
 * What goes over the wire to Pulumi Cloud and what a call takes: the options of `request` and
 * `paginate`, the response shapes the client returns (only the fields we use), the `PATCH
 * /api/orgs/{org}` body, and the permission each audit call needs (for 403 messages).
 */

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Retry 5xx and network errors. Default: true for GET and HEAD only. */
  idempotent?: boolean;
  /** What the call does, in words, for error messages: "update organization settings". */
  operation?: string;
  /** The permission the call needs, for 403 messages: "organization admin". */
  requires?: string;
}

export interface PaginateOptions {
  query?: Record<string, string | number | undefined>;
  /** Query parameter that carries the token back. Default `continuationToken`. */
  tokenParam?: string;
  /** Response key holding the next token: `continuationToken` (default) or ESC's `nextToken`. */
  tokenKey?: string;
  /** Fail (rather than silently truncate) when more pages remain after this many. Default 100. */
  maxPages?: number;
  operation?: string;
  requires?: string;
}

/** `GET /api/orgs/{org}/metadata` (and the `PATCH /api/orgs/{org}` response). Fields we use. */
export interface OrganizationMetadata {
  id?: string;
  kind?: string;
  /** The caller's role in the organization. */
  userRole?: string;
  /** Pulumi's numeric stack permission (codes: model/cloud/stackPermissions.ts). */
  defaultStackPermission: number;
  defaultEnvironmentPermission: string;
  membersCanCreateStacks: boolean;
  membersCanDeleteStacks: boolean;
  membersCanTransferStacks?: boolean;
  membersCanCreateTeams: boolean;
  membersCanCreateAccounts?: boolean;
  /** Insights account permission: 0 none, 1 read, 2 write, 3 admin. */
  defaultAccountPermission?: number;
  defaultDeploymentRoleId?: string;
  /** Absent or null: no token expiry policy. */
  maxAccessTokenExpiryDays?: number | null;
  features?: Record<string, boolean | undefined>;
  [key: string]: unknown;
}

/** A member of a team (`GET /api/orgs/{org}/teams/{team}`). */
export interface TeamMember {
  name: string;
  /** The user's login (not necessarily a GitHub login). */
  githubLogin: string;
  avatarUrl?: string;
  email?: string;
  /** The member's role on the team. */
  role?: "none" | "member" | "admin" | string;
}

/** A team's stack grant (permission codes: model/cloud/stackPermissions.ts). */
export interface TeamStackPermission {
  projectName: string;
  stackName: string;
  permission: number;
  permissionSetName?: string;
}

/** A team's ESC environment grant. `maxOpenDuration` is a Go duration ("1h0m0s"). */
export interface TeamEnvironmentPermission {
  projectName: string;
  envName: string;
  permission: "none" | "read" | "open" | "write" | "admin" | string;
  maxOpenDuration?: string;
  permissionSetName?: string;
}

/** `GET /api/orgs/{org}/teams/{team}`; list entries may carry only part of it. */
export interface Team {
  kind: "github" | "pulumi" | "scim" | string;
  name: string;
  displayName?: string;
  description?: string;
  userRole?: string;
  members?: TeamMember[];
  stacks?: TeamStackPermission[];
  environments?: TeamEnvironmentPermission[];
  roleIds?: string[];
  /** The Insights account permissions team membership grants (`TeamAccountPermission`). */
  accounts?: { accountName: string; permission: number; permissionSetName?: string }[];
  /** Set when the service could not list the members (e.g. the GitHub backend is unreachable). */
  listMembersError?: string;
}

/** `GET /api/orgs/{org}/oidc/issuers` entries. */
export interface OidcIssuer {
  id: string;
  name: string;
  url: string;
  issuer?: string;
  thumbprints?: string[];
  maxExpiration?: number;
  created?: string;
  modified?: string;
  lastUsed?: string;
}

/** One policy of an issuer (`AuthPolicy.policies[]`). `rules` values are glob-like strings. */
export interface AuthPolicyDefinition {
  decision: "allow" | "deny" | string;
  tokenType: "organization" | "team" | "personal" | "runner" | string;
  teamName?: string;
  userLogin?: string;
  runnerID?: string;
  roleID?: string;
  authorizedPermissions?: string[] | null;
  rules: Record<string, string>;
}

/** `GET /api/orgs/{org}/auth/policies/oidcissuers/{issuerId}`. `id` is the policy id. */
export interface AuthPolicy {
  id: string;
  version?: number;
  created?: string;
  modified?: string;
  policies: AuthPolicyDefinition[];
}

/** An audit log event (V1 and V2). `timestamp` is unix seconds. */
export interface AuditLogEvent {
  timestamp: number;
  sourceIP?: string;
  /** The event id (`environment-open`) or, per older docs, its display name (`Environment Open`). */
  event: string;
  description: string;
  user?: { name?: string; githubLogin?: string; avatarUrl?: string; email?: string };
  tokenID?: string;
  tokenName?: string;
  /** A non-human actor (a team or organization token, a deployment), when the service names one. */
  actorName?: string;
  actorUrn?: string;
  reqOrgAdmin?: boolean;
  reqStackAdmin?: boolean;
  authFailure?: boolean;
}

/** `GET /api/user/stacks` entries. `lastUpdate` is unix seconds. */
export interface StackSummary {
  id?: string;
  orgName: string;
  projectName: string;
  stackName: string;
  lastUpdate?: number;
  resourceCount?: number;
}

/** What the audit calls need, for 403 messages (⚠️ Pulumi does not document most of these). */
export const REQUIRES = {
  teams:
    "an organization member's rights (organization admins, members and team tokens, which carry " +
    "the org's default member rights, can list teams)",
  oidc:
    "organization admin (reading OIDC issuers and their authorization policies; a custom role " +
    "needs oidc_issuers:read and, for the policies, probably auth_policies:read)",
  auditLogs:
    "the audit_logs:read permission (organization admin by default; audit logs need the " +
    "Enterprise or Business Critical edition)",
  stacks: "organization membership",
  members:
    "the org_member:read permission (organization admin, or a custom role with it such as the " +
    "auditor role of defaults.customRoles; ⚠️ whether plain members can list members is not documented)",
  roles:
    "the right to read custom roles (organization admin; for a custom role probably role:read, a " +
    "scope of the spec's RbacPermission list, ⚠️ its mapping to this endpoint is not documented; " +
    "custom roles need the Enterprise or Business Critical edition)",
  policyGroups:
    "the right to read policy groups (organization admin, or a role with policy group read; " +
    "policy groups need an edition with Pulumi Policies)",
} as const;

/** `GET /api/orgs/{org}/members` entries (`OrganizationMember`). */
export interface OrganizationMember {
  /** Deprecated by the spec but still returned: the built-in role. */
  role?:
    "none" | "member" | "admin" | "potential-member" | "stack-collaborator" | "billing-manager";
  /** The member's role: a built-in one (`member`, `admin`, `billingManager`) or a custom role. */
  fgaRole?: { id: string; name: string; modifiedAt?: string };
  user: { name: string; githubLogin: string; avatarUrl?: string; email?: string };
  created?: string;
  knownToPulumi?: boolean;
  virtualAdmin?: boolean;
}

/** A custom role (`PermissionDescriptorRecord`, `GET /api/orgs/{org}/roles`). */
export interface CustomRole {
  id: string;
  name?: string;
  uxPurpose?: string;
  resourceType?: string;
  /** The permission descriptor tree (`__type` at every level). */
  details?: unknown;
  orgId?: string;
  version?: number;
  isOrgDefault?: boolean;
  created?: string;
  modified?: string;
}

/** `GET /api/orgs/{org}/policygroups` entries (`AppPolicyGroupSummary`). */
export interface PolicyGroupSummary {
  name: string;
  isOrgDefault: boolean;
  numStacks: number;
  numAccounts?: number;
  numEnabledPolicyPacks: number;
  entityType: "stacks" | "accounts";
  mode: "audit" | "preventative";
}

/** A policy pack applied to a policy group (`AppPolicyPackMetadata`). */
export interface PolicyGroupPack {
  name: string;
  displayName: string;
  version: number;
  versionTag: string;
  /** Policy name (or `all`) -> its enforcement level and settings. */
  config?: Record<string, unknown>;
  environments?: string[];
}

/** `GET /api/orgs/{org}/policygroups/{policyGroup}` (`PolicyGroup`). */
export interface PolicyGroup {
  name: string;
  isOrgDefault: boolean;
  entityType: "stacks" | "accounts";
  mode: "audit" | "preventative";
  stacks: { name: string; routingProject: string }[];
  appliedPolicyPacks: PolicyGroupPack[];
  accounts: string[];
  agentPoolId?: string;
}

/** `PATCH /api/orgs/{org}` body: every field optional, absent fields are left as they are. */
export interface UpdateOrganizationRequest {
  setDefaultStackPermission?: number;
  setDefaultEnvironmentPermission?: string;
  setMembersCanCreateStacks?: boolean;
  setMembersCanDeleteStacks?: boolean;
  setMembersCanTransferStacks?: boolean;
  setMembersCanCreateTeams?: boolean;
  setMembersCanInviteCollaborators?: boolean;
  setMembersCanCreateAccounts?: boolean;
  /** Insights account permission: 0 none, 1 read, 2 write, 3 admin. */
  setDefaultAccountPermission?: number;
  /** 0 clears the policy. */
  setMaxAccessTokenExpiryDays?: number;
  /** The custom role deployments run with (the default deployment role); "" clears it. */
  setDefaultDeploymentRoleId?: string;
}
