/**
 * The live organization as the managed areas read it (kinds/read.ts, shared by the audit and
 * adopt): one set of types. The audit's snapshot (audit/compare/types.ts `LiveSnapshot`) holds the
 * Pulumi Cloud parts it compares; adopt's `LiveOrg` holds what it proposes from: org settings and
 * members, teams with members and grants, stacks with tags, ESC environments, OIDC issuers and
 * policies, webhooks, deployment settings, drift schedules, ESC approval rules and, when a GitHub
 * token is given, GitHub (teams with members and repositories; per repository the environments,
 * branch policies, rulesets, files and Actions settings the proposal touches).
 */

export interface LiveTeam {
  readonly name: string;
  /** `pulumi`, `github` or `scim`. */
  readonly kind: string;
  /** Member logins. */
  readonly members: readonly string[];
  /** Pulumi's numeric stack permission (codes: model/cloud/stackPermissions.ts). */
  readonly stacks: readonly { project: string; stack: string; permission: number }[];
  readonly environments: readonly {
    project: string;
    name: string;
    permission: string;
    /** Go duration as the service returns it ("1h0m0s"). */
    maxOpenDuration?: string;
  }[];
  /**
   * Ids of the custom roles the team holds (`Team.roleIds` and `GET .../teams/{team}/roles`);
   * absent when they were not read.
   */
  readonly roleIds?: readonly string[];
  /**
   * The Insights account permissions team membership grants (`Team.accounts`,
   * `TeamAccountPermission`: 0 none, 1 read, 2 write, 3 admin); absent when it grants none.
   */
  readonly accounts?: readonly { account: string; permission: number }[];
}

export interface LiveOrgDefaults {
  readonly defaultStackPermission: number;
  readonly defaultEnvironmentPermission: string;
  readonly membersCanCreateStacks: boolean;
  readonly membersCanDeleteStacks: boolean;
  readonly membersCanCreateTeams: boolean;
  /** Absent or null: no token expiry policy. */
  readonly maxAccessTokenExpiryDays?: number | null;
  /** Absent when the service did not return them. */
  readonly membersCanTransferStacks?: boolean;
  readonly membersCanCreateAccounts?: boolean;
  /** Insights account permission: 0 none, 1 read, 2 write, 3 admin. */
  readonly defaultAccountPermission?: number;
  /** The custom role deployments run with (the default deployment role); absent or "" when none. */
  readonly defaultDeploymentRoleId?: string;
}

/** An authorization policy as the REST API returns it. */
export interface LivePolicy {
  readonly decision: string;
  readonly tokenType: string;
  readonly teamName?: string;
  readonly userLogin?: string;
  readonly runnerID?: string;
  /** A custom role the token carries. */
  readonly roleID?: string;
  readonly authorizedPermissions?: readonly string[] | null;
  readonly rules: Readonly<Record<string, string>>;
}

export interface LiveIssuer {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  /** Longest lifetime, in seconds, of a token exchanged with it; absent when not set. */
  readonly maxExpiration?: number;
  readonly policies: readonly LivePolicy[];
}

/** A custom role (`GET /api/orgs/{org}/roles?uxPurpose=role`). */
export interface LiveRole {
  readonly id: string;
  readonly name: string;
  /** Its permission descriptor tree (`details`), `__type` at every level. */
  readonly details?: unknown;
}

/** An organization member (`GET /api/orgs/{org}/members`). */
export interface LiveMember {
  readonly login: string;
  /** `admin`, `member`, `billing-manager`, ... (from `role`, else `fgaRole.name`). */
  readonly role: string;
  /** The member's role when it is a custom role (`fgaRole`, not a built-in one). */
  readonly customRole?: { id: string; name: string };
}

/** An audit log event as the REST API returns it (`timestamp` in unix seconds). */
export interface LiveAuditEvent {
  readonly timestamp: number;
  readonly event: string;
  readonly description: string;
  readonly user?: { name?: string; githubLogin?: string };
  readonly tokenName?: string;
  readonly actorName?: string;
  readonly actorUrn?: string;
  readonly sourceIP?: string;
}

/** A declared policy group as the REST API returns it (audit/compare/guardrails.ts). */
export interface LivePolicyGroup {
  readonly name: string;
  /** `preventative` or `audit`. */
  readonly mode: string;
  readonly entityType: string;
  readonly stacks: readonly { project: string; stack: string }[];
  /** Applied policy packs; `config` maps a policy (or `all`) to its level and settings. */
  readonly packs: readonly { name: string; versionTag: string; config?: Record<string, unknown> }[];
}

/** A team with its display name and description (what adopt proposes and compares). */
export interface LiveTeamFull extends LiveTeam {
  readonly displayName: string;
  readonly description: string;
}

export interface LiveWebhook {
  /** The service's name of the webhook (part of its import ID). */
  readonly name: string;
  readonly displayName: string;
  readonly payloadUrl: string;
  readonly active: boolean;
  readonly format: string;
  readonly filters: readonly string[];
  readonly groups: readonly string[];
  readonly hasSecret: boolean;
  readonly scope:
    | { readonly kind: "organization" }
    | { readonly kind: "stack"; readonly project: string; readonly stack: string }
    | { readonly kind: "environment"; readonly project: string; readonly environment: string };
}

/**
 * A stack's deployment settings (`GetDeploymentSettings`; absent: it has none) and drift
 * schedules (`ListScheduledDeployment`, the `detect-drift` deployments).
 */
export interface LiveDeployment {
  readonly project: string;
  readonly stack: string;
  readonly settings?: {
    readonly branch?: string;
    readonly repoDir?: string;
    readonly provider?: string;
    /** `owner/repo`. */
    readonly repository?: string;
    readonly deployCommits?: boolean;
    readonly deployTags?: boolean;
    readonly tagFilters: readonly string[];
    readonly previewPullRequests?: boolean;
    readonly pullRequestTemplate?: boolean;
    readonly paths: readonly string[];
    readonly preRunCommands: readonly string[];
    readonly executorImage?: string;
    readonly agentPoolID?: string;
  };
  readonly driftSchedules: readonly {
    readonly id: string;
    readonly cron: string;
    readonly autoRemediate: boolean;
    readonly paused: boolean;
  }[];
}

type DeploymentFields = NonNullable<LiveDeployment["settings"]>;

/** A stack's deployment settings as adopt records them (the fields of `LiveDeployment`'s). */
export interface LiveDeploymentSettings
  extends
    Pick<
      DeploymentFields,
      | "branch"
      | "repoDir"
      | "provider"
      | "repository"
      | "deployCommits"
      | "previewPullRequests"
      | "pullRequestTemplate"
    >,
    Partial<Pick<DeploymentFields, "paths">> {
  readonly project: string;
  readonly stack: string;
}

/** A drift schedule as adopt records it (the fields of `LiveDeployment`'s). */
export interface LiveDriftSchedule extends Pick<
  LiveDeployment["driftSchedules"][number],
  "id" | "cron" | "autoRemediate"
> {
  readonly project: string;
  readonly stack: string;
}

export interface LiveApprovalRule {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly project: string;
  readonly environment: string;
  readonly actionTypes: readonly string[];
  readonly numApprovalsRequired: number;
  readonly allowSelfApproval: boolean;
  readonly requireReapprovalOnChange: boolean;
  /** Eligible approvers: `team:<name>`, `user:<login>`, `permission:<p>`. */
  readonly approvers: readonly string[];
}

/** An issuer with its thumbprints (what adopt records). */
export interface LiveIssuerFull extends LiveIssuer {
  readonly thumbprints: readonly string[];
}

export interface LiveGithubTeam {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly privacy: string;
  readonly members: readonly { login: string; role: "member" | "maintainer" }[];
  /** Repository name -> permission (`pull`, `triage`, `push`, `maintain`, `admin`). */
  readonly repositories: readonly { name: string; permission: string }[];
}

export interface LiveGithubRepository {
  readonly name: string;
  readonly id: number;
  readonly defaultBranch: string;
  readonly environments: readonly {
    name: string;
    preventSelfReview: boolean;
    canAdminsBypass: boolean;
    waitTimer: number;
    reviewerTeamIds: readonly number[];
    customBranchPolicies: boolean;
    protectedBranches: boolean;
    policies: readonly { id: number; name: string }[];
  }[];
  readonly rulesets: readonly { id: number; name: string; target: string; enforcement: string }[];
  /** Files that exist, by `path@branch`, with their text. */
  readonly files: readonly { path: string; branch: string; content: string }[];
  readonly workflowPermissions?: {
    defaultWorkflowPermissions: string;
    canApprovePullRequestReviews: boolean;
  };
  readonly actionsPermissions?: { enabled: boolean; allowedActions: string };
}

export interface LiveGithub {
  readonly owner: string;
  readonly ownerId?: number;
  readonly teams: readonly LiveGithubTeam[];
  /** Only the repositories the proposal touches (read after proposing). */
  readonly repositories: readonly LiveGithubRepository[];
}

export interface LiveOrg {
  readonly organization: string;
  /** ISO time of the read. */
  readonly readAt: string;
  readonly defaults?: LiveOrgDefaults;
  readonly members: readonly { login: string; role: string }[];
  readonly teams: readonly LiveTeamFull[];
  readonly stacks: readonly {
    project: string;
    stack: string;
    tags: Readonly<Record<string, string>>;
  }[];
  readonly environments: readonly { project: string; name: string }[];
  readonly oidcIssuers: readonly LiveIssuerFull[];
  readonly webhooks: readonly LiveWebhook[];
  readonly deploymentSettings: readonly LiveDeploymentSettings[];
  readonly driftSchedules: readonly LiveDriftSchedule[];
  readonly approvalRules: readonly LiveApprovalRule[];
  /** Policy groups (their names, modes and entity types). */
  readonly policyGroups: readonly { name: string; mode: string; entityType: string }[];
  /**
   * Change gates that are no ESC approval rule (another rule type, or a target that is not an
   * environment): adopt lists them unmanaged with that reason. Absent: none were read.
   */
  readonly otherGates?: readonly LiveOtherGate[];
  readonly github?: LiveGithub;
}

/** A change gate adopt cannot read as an approval rule, and why. */
export interface LiveOtherGate {
  readonly id: string;
  readonly name: string;
  readonly ruleType: string;
  readonly entityType: string;
  readonly qualifiedName: string;
}
