/**
 * The access diff between an earlier (approved) plan and this one: the interface between
 * `plan --baseline <earlier plan JSON>` (issue 17 computes it) and the renderings that show it
 * (the HTML access report highlights it; see plan/html/diff.ts). Pure data, no behaviour.
 *
 * Whoever computes it fills what it knows: `grants` always; `members` and `tokens` when the
 * baseline has them (an empty or absent list renders as nothing). Permissions are the strings of
 * `AccessRow` (`none`, `read`, `write`, `admin`, `open`).
 */

/** One team's permissions on one stack and its environment, as the access matrix shows them. */
export interface GrantLevel {
  readonly stackPermission: string;
  readonly environmentPermission: string;
  /** The break-glass justification, when the grant is break-glass. */
  readonly breakGlass?: string;
}

/**
 * A grant that appeared, disappeared or changed. `raised`: a higher stack or environment
 * permission and neither lower; `lowered`: the reverse; `changed`: anything else (one up, one
 * down, or only the break-glass justification).
 */
export interface GrantChange {
  readonly change: "added" | "removed" | "raised" | "lowered" | "changed";
  readonly tier: string;
  readonly team: string;
  readonly kind: "human" | "machine";
  readonly project: string;
  /** Absent for `added`. */
  readonly before?: GrantLevel;
  /** Absent for `removed`. */
  readonly after?: GrantLevel;
}

/** A Pulumi Cloud member who joined or left a team. */
export interface MemberChange {
  readonly change: "added" | "removed";
  readonly team: string;
  readonly member: string;
}

/** A workflow context (a row of the OIDC context table) whose obtainable tokens changed. */
export interface TokenChange {
  /** `ContextRow.pipeline`. */
  readonly pipeline: string;
  /** `ContextRow.context`. */
  readonly context: string;
  /** Tokens it obtains now and did not before (e.g. `team:payments-prod-deploy`). */
  readonly gained: readonly string[];
  /** Tokens it obtained before and no longer does. */
  readonly lost: readonly string[];
}

export interface AccessDiff {
  /** What the plan is compared with, for the reader: a file name, a commit, a date. */
  readonly baseline: string;
  readonly grants: readonly GrantChange[];
  readonly members?: readonly MemberChange[];
  readonly tokens?: readonly TokenChange[];
}
