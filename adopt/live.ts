/**
 * The live organization as `npm run adopt` reads it: Pulumi Cloud (org settings and members,
 * teams with members and grants, stacks with tags, ESC environments, OIDC issuers and policies,
 * webhooks, deployment settings, drift schedules, ESC approval rules) and, when a GitHub token is
 * given, GitHub (teams with members and repositories; per repository the environments, branch
 * policies, rulesets, files and Actions settings the proposal touches).
 */
import type { LiveOrgDefaults, LivePolicy } from "../audit/compare";

export interface LiveTeamFull {
  readonly name: string;
  /** `pulumi`, `github` or `scim`. */
  readonly kind: string;
  readonly displayName: string;
  readonly description: string;
  readonly members: readonly string[];
  readonly stacks: readonly { project: string; stack: string; permission: number }[];
  readonly environments: readonly {
    project: string;
    name: string;
    permission: string;
    maxOpenDuration?: string;
  }[];
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

export interface LiveDeploymentSettings {
  readonly project: string;
  readonly stack: string;
  readonly branch?: string;
  readonly repoDir?: string;
  readonly provider?: string;
  /** `owner/repo`. */
  readonly repository?: string;
  readonly deployCommits?: boolean;
  readonly previewPullRequests?: boolean;
  readonly pullRequestTemplate?: boolean;
  readonly paths?: readonly string[];
}

export interface LiveDriftSchedule {
  readonly project: string;
  readonly stack: string;
  readonly id: string;
  readonly cron: string;
  readonly autoRemediate: boolean;
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

export interface LiveIssuerFull {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly maxExpiration?: number;
  readonly thumbprints: readonly string[];
  readonly policies: readonly LivePolicy[];
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
  readonly github?: LiveGithub;
}
