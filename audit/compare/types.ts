/**
 * The shapes of the audit's comparison: the live snapshot (what audit/read.ts reads from the
 * Pulumi Cloud REST API and ESC), the findings and audit log activity it gives, and its options
 * and result.
 */
import type {
  ChangeGate,
  ChangeRequestEventInfo,
  OpenRequestDurations,
  ChangeRequestInfo,
} from "../../cloud/orgReads";
import { Severity } from "../../model/config";
import { GithubIds } from "../../model/oidc";
import type { AdoptUnmanaged } from "../../model/adopt";
import type { AuditSection } from "../../kinds/types";
import type { EnvironmentGates } from "../../kinds/live";
import { AuditCode } from "./codes";

export type {
  LiveAuditEvent,
  LiveDeployment,
  LiveIssuer,
  LiveMember,
  LiveOrgDefaults,
  LivePolicy,
  LivePolicyGroup,
  LiveRole,
  LiveTeam,
  LiveWebhook,
} from "../../kinds/live";
import type {
  LiveAuditEvent,
  LiveDeployment,
  LiveIssuer,
  LiveMember,
  LiveOrgDefaults,
  LivePolicyGroup,
  LiveRole,
  LiveTeam,
  LiveWebhook,
} from "../../kinds/live";

/** The audit's sections: one definition, kinds/types.ts `AuditSection`. */
export type Section = AuditSection;

/** Change gates of the managed environments, and the change requests with their events. */
export interface LiveBreakGlass {
  /** `project/env` -> its gates (ListGates). */
  readonly gates: ReadonlyMap<string, readonly ChangeGate[]>;
  readonly requests: readonly ChangeRequestInfo[];
  /** Change request id -> its events (ListEvents). */
  readonly events: ReadonlyMap<string, readonly ChangeRequestEventInfo[]>;
  /** Open request id -> the durations it asked for (ReadOpenEnvironmentRequest). */
  readonly durations?: ReadonlyMap<string, OpenRequestDurations>;
}

/**
 * What the audit read. A section the token could not read is absent and listed in `notCovered`
 * (only with `--allow-partial`; otherwise the read fails).
 */
export interface LiveSnapshot {
  readonly organization: string;
  readonly defaults?: LiveOrgDefaults;
  readonly teams?: readonly LiveTeam[];
  /** Stacks visible to the token. */
  readonly stacks?: readonly { project: string; stack: string }[];
  /** ESC environments visible to the token (`id`: `OrgEnvironment.id`, which role conditions name). */
  readonly environments?: readonly { project: string; name: string; id?: string }[];
  /** Definitions (YAML, secrets still encrypted) of the protected-tier environments. */
  readonly definitions?: readonly { project: string; name: string; yaml: string }[];
  readonly oidcIssuers?: readonly LiveIssuer[];
  /** Events in [from, to] (unix seconds). */
  readonly auditLog?: { from: number; to: number; events: readonly LiveAuditEvent[] };
  /** The policy groups the config declares that exist (others are not read). */
  readonly policyGroups?: readonly LivePolicyGroup[];
  /** Organization members with their roles. */
  readonly members?: readonly LiveMember[];
  /**
   * The change gates of every protected tier's and break-glass environment (ListGates, one read
   * per environment): the ESC approval rules ./approvals.ts compares.
   */
  readonly approvals?: readonly EnvironmentGates[];
  /** Gates, open requests and approvals (break-glass, ./breakGlass.ts). */
  readonly breakGlass?: LiveBreakGlass;
  /** Custom roles. */
  readonly roles?: readonly LiveRole[];
  /** Deployment settings and drift schedules of the stacks the config deploys with Deployments. */
  readonly deployments?: readonly LiveDeployment[];
  /** The webhooks of the organization and of every declared stack and environment. */
  readonly webhooks?: readonly LiveWebhook[];
  /** The direct (per-user) permissions on every declared stack. */
  readonly collaborators?: readonly LiveCollaborators[];
  /** The tags of every declared stack that exists. */
  readonly stackTags?: readonly LiveStackTags[];
  /**
   * What was not read, and why. `severity` (default medium) is lower for what no token can read
   * (a setting the API does not return).
   */
  readonly notCovered: readonly { section: Section; message: string; severity?: Severity }[];
}

/** A stack's collaborators (`ListStackPermissions`): users with a permission on it directly. */
export interface LiveCollaborators {
  readonly project: string;
  readonly stack: string;
  /** `stackCreatorUserName`, while the creator keeps its permission. */
  readonly creator?: string;
  /** Login and `StackPermission` code (model/cloud/stackPermissions.ts). */
  readonly users: readonly { readonly login: string; readonly permission: number }[];
}

/** A stack's tags (`GetStack`'s `tags`). */
export interface LiveStackTags {
  readonly project: string;
  readonly stack: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface AuditFinding {
  readonly severity: Severity;
  readonly code: AuditCode;
  /**
   * What it is about: `team:<t>`, `team:<t> stack:<p>/<s>`, `team:<t> environment:<p>/<e>`,
   * `member:<login> team:<t>`, `stack:<p>/<s>`, `environment:<p>/<e>`, `org:<field>`,
   * `oidc:<issuer>#<index>` (live) or `oidc:<issuer> expected#<index>`, `actor:<who> ...`.
   */
  readonly subject: string;
  readonly message: string;
  /** The declared and the live value, where they differ. */
  readonly declared?: unknown;
  readonly live?: unknown;
}

export type ActorKind = "human" | "team-token" | "organization-token" | "deployments" | "unknown";

/** Audit log activity on protected resources, one row per actor and target. */
export interface ActivityRow {
  readonly kind: "environment-open" | "stack-update";
  /** `project/environment` or `project/stack`. */
  readonly target: string;
  readonly actor: string;
  readonly actorKind: ActorKind;
  readonly count: number;
  /** ISO timestamps of the first and last event. */
  readonly first: string;
  readonly last: string;
  /** `pipeline`, `break-glass` or `violation`. */
  readonly verdict: "pipeline" | "break-glass" | "violation";
}

export interface CompareOptions {
  /**
   * The bootstrap identity's login, ignored as a team member. Undefined: inferred (of the logins
   * on every live team the config declares, the one that is a declared admin or the
   * organization's own identity; any other is reported, never excused); null: none.
   */
  readonly deployer?: string | null;
  /** Numeric GitHub ids pinned in config (`github.ownerId`, `projects[].repositoryId`). */
  readonly pinnedIds?: { ownerId?: number; repositoryIds: Readonly<Record<string, number>> };
  /** What adoption left unmanaged (`adopt.unmanaged`): not drift (audit/compare/adopted.ts). */
  readonly unmanaged?: readonly AdoptUnmanaged[];
  /**
   * The guardrails pack's version tag for this checkout's pack (policy/source.ts
   * `packVersionTag`), which each declared group must apply; absent: the version is not compared.
   */
  readonly packVersionTag?: string;
}

export interface CompareResult {
  readonly findings: AuditFinding[];
  readonly deployer: {
    login?: string;
    source: "option" | "inferred" | "none";
    /**
     * Logins on every declared team that were not taken for the bootstrap identity (neither a
     * declared admin nor the organization's own identity): reported, high (`deployer-unconfirmed`).
     */
    unconfirmed?: readonly string[];
  };
  readonly githubIds: {
    source: "config" | "live" | "config+live" | "unknown";
    ids?: GithubIds;
  };
  readonly activity: ActivityRow[];
}

/** Records one finding. */
export type Add = (f: AuditFinding) => void;
