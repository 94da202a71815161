/**
 * The shapes of the access model: teams, stacks, grants, machine identities, pipelines,
 * repositories, webhooks, drift schedules, approvals and the scheduled audit, plus the permission
 * ranks used to compare them.
 */
import type { CiSystem, DeploymentTrigger, RepositoryHost } from "../config/ci";
import type { MemberSpec } from "./members";
import type { GuardrailLevel, GuardrailPolicy } from "../config/guardrails";
import {
  DeployMode,
  EnvironmentPermission,
  OrgConfig,
  ProjectConfig,
  TierConfig,
  ENVIRONMENT_PERMISSIONS,
  REPOSITORY_PERMISSIONS,
  RepositoryPermission,
  STACK_PERMISSIONS,
  StackPermission,
} from "../config/schema";
import type { Finding } from "../config/messages";
import type { CloudEnvironmentSpec } from "../cloud/environments";

export type IdentityKind = "human" | "machine";

import type { CiBinding } from "../ci/registry";
export type { CiBinding };

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
  /** This program's own stacks besides the bootstrap's: a shard's (issue 20). */
  readonly platform?: boolean;
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
  /**
   * Per-use break-glass (./breakGlass.ts): usable only through an open request approved by these
   * teams; absent for standing grants.
   */
  readonly approval?: {
    readonly approvers: readonly string[];
    readonly required: number;
    readonly maxDuration: string;
  };
  readonly reason: string;
}

/** A per-use break-glass: its environment, open gate and requesting teams (./breakGlass.ts). */
export interface BreakGlassSpec {
  /** `project/tier/role`. */
  readonly key: string;
  readonly project: string;
  readonly tier: string;
  readonly role: string;
  /** The tier's environment the pipelines open (no gate, no human grant). */
  readonly protectedEnvironment: EnvironmentRef;
  /** `<project>/<env>-breakglass`: its own definition, an open gate, the requesters' `open`. */
  readonly environment: EnvironmentRef;
  readonly requesters: readonly string[];
  readonly approvers: readonly string[];
  readonly requiredApprovals: number;
  readonly maxDuration: string;
  readonly maxDurationSeconds: number;
  readonly justification: string;
  /** Config path of the role's breakGlass. */
  readonly source: string;
}

export interface MachineIdentity {
  /** Team whose token the identity obtains; the org for the bootstrap. */
  readonly team: string;
  /** The CI whose jobs obtain the token. */
  readonly ci: CiSystem;
  /** How a unit CI's tokens identify the job (absent for the default CI). */
  readonly binding?: CiBinding;
  readonly tokenType: "team" | "organization";
  /** `audit`: the scheduled audit's read-only identity (see `AuditSpec`). */
  /** `drift`: the scheduled drift check of a default-CI stack (read-only). */
  readonly purpose: "deploy" | "preview" | "audit" | "drift";
  /** The project it deploys or previews; the bootstrap project for the auditor. */
  readonly project: string;
  /** The tier it deploys or previews; `audit` for the auditor, which reads every protected tier. */
  readonly tier: string;
  readonly repository: string;
  /** Branch the job must run on (deploy) or target (preview: the PR base). */
  readonly branch: string;
  /**
   * GitHub environment the job must run in: deploy and audit always; a preview only when its
   * tier's previews are reviewed (the environment's reviewers approve each run).
   */
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
  /** The CI running the pipeline, or calling the Deployments REST API; none for GitHub App deployments. */
  readonly ci?: CiSystem;
  /** Deployments mode only: started by the GitHub App or by a CI job through the REST API. */
  readonly trigger?: DeploymentTrigger;
  /** The CI's generated file in the repository (the default CI: the workflow). */
  readonly pipelineFile?: string;
  readonly repository: string;
  /** Where the repository lives; only GitHub repositories get files committed. */
  readonly repositoryHost: RepositoryHost;
  readonly workDir: string;
  readonly branch: string;
  readonly stack: string;
  readonly environment: EnvironmentRef;
  readonly protected: boolean;
  readonly approvers: readonly string[];
  readonly requiredApprovals: number;
  readonly previewPullRequests: boolean;
  /** Previews run in the GitHub environment `<tier>-preview`, approved per run by the approvers. */
  readonly reviewedPreviews: boolean;
  readonly manualDispatch: boolean;
  readonly timeoutMinutes: number;
  readonly nodeVersion: string;
  readonly bootstrap: boolean;
  readonly deploy?: MachineIdentity;
  readonly preview?: MachineIdentity;
  /** The default CI only. */
  readonly workflowPath?: string;
  /** The scheduled drift check (default-CI stacks of a tier with driftDetection). */
  readonly drift?: DriftCheckSpec;
  /** Status check name of the pull-request job (default CI), required by the ruleset. */
  readonly checkName?: string;
  readonly githubEnvironment?: string;
}

/**
 * A scheduled drift check of a default-CI stack: on the tier's cron, on the repository's
 * default branch, in its own GitHub environment, a job obtains a read-only token (stack read,
 * environment open) and runs `pulumi preview --refresh --expect-no-changes`, failing on drift.
 */
export interface DriftCheckSpec {
  readonly identity: MachineIdentity;
  readonly cron: string;
  readonly workflowPath: string;
  readonly githubEnvironment: string;
  /** The repository's default branch: GitHub runs schedules there. */
  readonly branch: string;
}

export interface RepositorySpec {
  readonly name: string;
  /** Where it lives: only GitHub repositories get rulesets, CODEOWNERS and committed files. */
  readonly host: RepositoryHost;
  readonly id?: number;
  readonly defaultBranch: string;
  readonly projects: readonly string[];
  /** Pipelines (keys) that deploy from this repository. */
  readonly pipelines: readonly string[];
  readonly requiredApprovals: number;
  /** Status checks required on pull requests to the default branch. */
  readonly requiredChecks: readonly string[];
  /**
   * Branches besides the default one that rulesets protect (a protected tier deploys from each),
   * with the checks required on pull requests to each.
   */
  readonly protectedBranches: readonly { branch: string; requiredChecks: readonly string[] }[];
  readonly environments: readonly {
    name: string;
    tier: string;
    protected: boolean;
    /** The only branch that may deploy to it; absent for reviewed previews (any PR branch). */
    branch?: string;
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
  /** Plain URL; absent when `urlSecretConfigKey` names the secret config key that holds it. */
  readonly url?: string;
  readonly urlSecretConfigKey?: string;
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

export interface AccessModel {
  readonly organization: string;
  readonly github: OrgConfig["github"];
  readonly defaults: OrgConfig["defaults"];
  readonly oidc: OrgConfig["oidc"];
  /** The digest of the image the generated non-GitHub jobs run in (`secure-org:images`). */
  readonly images?: OrgConfig["images"];
  readonly teams: readonly TeamSpec[];
  readonly stacks: readonly StackSpec[];
  readonly grants: readonly Grant[];
  readonly identities: readonly MachineIdentity[];
  readonly pipelines: readonly PipelineSpec[];
  readonly repositories: readonly RepositorySpec[];
  readonly approvals: readonly ApprovalSpec[];
  /** Per-use break-glass environments and their open gates (./breakGlass.ts). */
  readonly breakGlass: readonly BreakGlassSpec[];
  readonly driftSchedules: readonly DriftSpec[];
  readonly webhooks: readonly WebhookSpec[];
  /** The login environments of the tier environments that log in to a cloud (model/cloud/). */
  readonly cloud: readonly CloudEnvironmentSpec[];
  /** Organization members and admins as declared. */
  readonly members: readonly MemberSpec[];
  /** Custom roles (`defaults.customRoles`). */
  readonly roles: readonly RoleSpec[];
  /** The scheduled audit, when `audit.schedule` is set. */
  readonly audit?: AuditSpec;
  /** The guardrails policy pack and its groups (./guardrails.ts). */
  readonly guardrails: GuardrailsSpec;
  readonly findings: readonly Finding[];
  /** The core and shards (`secure-org:shards`); absent when the org is one stack (./shards.ts). */
  readonly sharding?: Sharding;
}

/** Each level's rank in its ordered list (a null-prototype map: names are data, never keys). */
function ranks<P extends string>(levels: readonly P[]): Readonly<Record<P, number>> {
  const out = Object.create(null) as Record<P, number>;
  levels.forEach((p, i) => (out[p] = i));
  return out;
}

/**
 * The permission ranks, the one copy (from the config's ordered permission lists): GitHub
 * repository permissions (keeping the strongest of several), stack and environment permissions
 * (comparisons in the model's invariants, the audit, the plan and adopt).
 */
export const REPO_RANK = ranks(REPOSITORY_PERMISSIONS);
export const STACK_RANK = ranks(STACK_PERMISSIONS);
export const ENV_RANK = ranks(ENVIRONMENT_PERMISSIONS);

export interface RoleSpec {
  /** `shard-<name>`: a shard's pipeline role (./shards.ts). */
  readonly key: "deployments" | "auditor" | `shard-${string}`;
  /** Display name in Pulumi Cloud; unique in the organization. */
  readonly name: string;
  readonly description: string;
  /** Scopes granted on every entity (organization-level reads). */
  readonly globalScopes: readonly string[];
  /** Scopes granted only on these environments (each pinned by its id at deploy time). */
  readonly environmentScopes: readonly string[];
  readonly environments: readonly EnvironmentRef[];
  /** The team the role is assigned to (`TeamRoleAssignment`). */
  readonly team?: string;
  /** Whether the role becomes the organization's default deployment role. */
  readonly defaultDeploymentRole: boolean;
}

export interface GuardrailStack {
  /** `project/tier`, the model's key. */
  readonly key: string;
  readonly project: string;
  readonly stack: string;
  readonly tier: string;
}

export interface GuardrailGroupSpec {
  /** The policy group's name in Pulumi Cloud. */
  readonly name: string;
  readonly kind: "mandatory" | "advisory";
  /** `preventative` blocks mandatory violations; `audit` reports after each update. */
  readonly mode: "preventative" | "audit";
  readonly stacks: readonly GuardrailStack[];
  readonly levels: Readonly<Record<GuardrailPolicy, GuardrailLevel>>;
}

export interface GuardrailsSpec {
  readonly enabled: boolean;
  /** Why guardrails are off, when they are. */
  readonly reason?: string;
  readonly pack: string;
  /** `project/stack` of the stacks that may manage Pulumi Cloud tokens and access. */
  readonly platformStacks: readonly string[];
  /** Stateful types protected besides the pack's built-in list. */
  readonly protectedTypes: readonly string[];
  /** Groups in order (mandatory first); a group with no stack is left out. */
  readonly groups: readonly GuardrailGroupSpec[];
  /** Protected tiers outside the mandatory group, and why. */
  readonly optOut: readonly { tier: string; reason: string }[];
}

export interface ShardSpec {
  readonly name: string;
  /** The shard's stack (of the bootstrap project). */
  readonly stack: string;
  /** Owned projects, in config order. */
  readonly projects: readonly string[];
  /** Repositories of the owned projects, in config order. */
  readonly repositories: readonly string[];
  readonly identity: MachineIdentity;
  /** Config path of the shard. */
  readonly source: string;
}

export interface Sharding {
  /** The bootstrap project, whose stacks the core and the shards are. */
  readonly project: string;
  /** The core stack (the bootstrap project's own). */
  readonly coreStack: string;
  readonly shards: readonly ShardSpec[];
  /** Project -> the shard that owns it; projects not listed belong to the core. */
  readonly ownerOf: ReadonlyMap<string, string>;
  /**
   * Secret config keys of the webhooks scoped to stacks or environments, which shards create:
   * the core (which holds the secrets) exports their values to the shards.
   */
  readonly secretKeys: readonly string[];
}

/** A project's entry for one tier, resolved against the tier it names. */
export interface StackContext {
  readonly config: OrgConfig;
  readonly project: ProjectConfig;
  readonly tier: TierConfig;
  /** Index of the tier in `config.tiers`, for config paths. */
  readonly tierIndex: number;
  /** `project/tier`. */
  readonly key: string;
  readonly stackName: string;
  readonly environment: EnvironmentRef;
  readonly mode: DeployMode;
  /**
   * Whether the pipeline previews pull requests: the project's own choice, else the tier's, else
   * only on unprotected tiers.
   */
  readonly previews: boolean;
  /** Config path of the project's tier entry. */
  readonly source: string;
  /** The project's entry for this tier (its CI identity blocks). */
  readonly entry: ProjectConfig["tiers"][string];
  /** The CI running the pipeline or calling the Deployments REST API. */
  readonly ci?: CiSystem;
  readonly trigger?: DeploymentTrigger;
  readonly repositoryHost: RepositoryHost;
}
