/**
 * The mass-removal guard (after peribolos' `--maximum-removal-delta`): a change that removes more
 * than `guard.maxRemovalPercent` of the human team memberships, or of the team grants, compared
 * with what exists now, fails before anything changes, naming the counts. It goes through only
 * with an acknowledgement that names the exact number of removals, so an acknowledgement written
 * for one change never covers a larger one.
 *
 * "What exists now" is, in order: a baseline plan JSON (the plan of the deployed config), or the
 * adopt record (the live organization when it was adopted). Pure: snapshots in, verdict out.
 */
import type { AccessModel } from "../access";
import type { AdoptRecord } from "./record";

export interface MemberRow {
  readonly team: string;
  readonly login: string;
  /** Pulumi Cloud team, or its GitHub mirror. */
  readonly service: "pulumi" | "github";
}

export interface GrantRow {
  readonly team: string;
  readonly kind: "stack" | "environment";
  /** `project/stack` or `project/environment`. */
  readonly target: string;
  readonly level: string;
}

/** Who is on which team, and which team holds what: what the guard counts. */
export interface AccessSnapshot {
  /** Human team memberships (machine teams have no members). */
  readonly members: readonly MemberRow[];
  /** Team grants above none, human and machine. */
  readonly grants: readonly GrantRow[];
  /**
   * Organization memberships the program manages (an `OrganizationMember` each, when admins are
   * declared). A plain member the program stops declaring is removed from the organization.
   */
  readonly organization?: readonly OrgMemberRow[];
  /**
   * The `guard.maxRemovalPercent` the compared-with state was planned with (a baseline plan JSON
   * records it as `guardLimit`); absent when unknown (an adopt record, an older plan).
   */
  readonly maxRemovalPercent?: number;
}

export interface OrgMemberRow {
  readonly login: string;
  readonly role: string;
}

export interface GuardSettings {
  readonly maxRemovalPercent: number;
  readonly acknowledgeRemovals?: number;
}

export interface GuardResult {
  /** What the change was compared with (`baseline plan.json`, `the adopt record`). */
  readonly source: string;
  readonly ok: boolean;
  /** Over the limit, let through by a matching acknowledgement. */
  readonly acknowledged: boolean;
  readonly limitPercent: number;
  /**
   * Set when this change raises `guard.maxRemovalPercent` above the compared-with state's limit
   * and also removes something: that limit (the removals are checked against it, not the new one).
   */
  readonly raisedFrom?: number;
  readonly members: { readonly removed: readonly MemberRow[]; readonly total: number };
  readonly grants: { readonly removed: readonly GrantRow[]; readonly total: number };
  /**
   * Plain organization members removed from the organization without losing a team membership
   * in the same change (those are already counted in `members`), of all plain members.
   */
  readonly organization: { readonly removed: readonly string[]; readonly total: number };
  /** Removals the guard counts: memberships plus grants plus organization members. */
  readonly removals: number;
  readonly message: string;
}

export const memberKey = (m: MemberRow) => `${m.service}\u0000${m.team}\u0000${m.login}`;
export const grantKey = (g: Pick<GrantRow, "team" | "kind" | "target">) =>
  `${g.team}\u0000${g.kind}\u0000${g.target}`;

const percent = (part: number, whole: number) => (whole === 0 ? 0 : (part * 100) / whole);
const fmt = (p: number) => `${Math.round(p * 10) / 10}%`;

/** The removals of `current` against `previous`, and whether they may go through. */
export function checkRemovals(
  previous: AccessSnapshot,
  current: AccessSnapshot,
  settings: GuardSettings,
  source: string,
): GuardResult {
  const nowMembers = new Set(current.members.map(memberKey));
  const nowGrants = new Set(current.grants.map(grantKey));
  const prevMembers = uniqueBy(previous.members, memberKey);
  const prevGrants = uniqueBy(previous.grants, grantKey);
  const removedMembers = prevMembers.filter((m) => !nowMembers.has(memberKey(m)));
  const removedGrants = prevGrants.filter((g) => !nowGrants.has(grantKey(g)));
  const pm = percent(removedMembers.length, prevMembers.length);
  const pg = percent(removedGrants.length, prevGrants.length);
  const org = removedOrgMembers(previous, current, removedMembers);
  const po = percent(org.removed.length, org.total);
  const removalCount = removedMembers.length + removedGrants.length + org.removed.length;
  // A limit raised in the change that removes: the reviewer would decide both at once, so the
  // removals are checked against the deployed (lower) limit; the new one applies from the next change.
  const raisedFrom =
    previous.maxRemovalPercent !== undefined &&
    settings.maxRemovalPercent > previous.maxRemovalPercent &&
    removalCount > 0
      ? previous.maxRemovalPercent
      : undefined;
  const limit = raisedFrom ?? settings.maxRemovalPercent;
  const over = pm > limit || pg > limit || po > limit;
  const removals = removalCount;
  const acknowledged = over && settings.acknowledgeRemovals === removals;
  const orgCounts = org.removed.length
    ? ` and ${org.removed.length} of ${org.total} organization members (${fmt(po)})`
    : "";
  const counts =
    `removes ${removedMembers.length} of ${prevMembers.length} human team memberships (${fmt(pm)}) ` +
    `and ${removedGrants.length} of ${prevGrants.length} team grants (${fmt(pg)})${orgCounts}, compared with ${source}`;
  let message: string;
  if (!over) message = `guard: this change ${counts}: within guard.maxRemovalPercent (${limit}%)`;
  else if (acknowledged)
    message = `guard: this change ${counts}: over guard.maxRemovalPercent (${limit}%), acknowledged (guard.acknowledgeRemovals: ${removals})`;
  else
    message =
      `guard: this change ${counts}: more than guard.maxRemovalPercent (${limit}%) of ` +
      [
        pm > limit ? "memberships" : "",
        pg > limit ? "grants" : "",
        po > limit ? "organization members" : "",
      ]
        .filter(Boolean)
        .join(" and ") +
      ". Nothing was changed. If the removal is intended, acknowledge exactly this many removals: " +
      `set secure-org:guard.acknowledgeRemovals to ${removals} (or pass --acknowledge-removals ` +
      `${removals} to the plan)` +
      (settings.acknowledgeRemovals !== undefined
        ? `; the config acknowledges ${settings.acknowledgeRemovals}, not ${removals}`
        : "");
  if (raisedFrom !== undefined)
    message +=
      `. Note: this same change raises guard.maxRemovalPercent from ${raisedFrom}% (${source}) to ` +
      `${settings.maxRemovalPercent}%, so the removals are checked against ${raisedFrom}%: raise the ` +
      "limit in a change of its own, or acknowledge the exact number of removals";
  return {
    source,
    ok: !over || acknowledged,
    acknowledged,
    limitPercent: limit,
    ...(raisedFrom !== undefined ? { raisedFrom } : {}),
    members: { removed: removedMembers, total: prevMembers.length },
    grants: { removed: removedGrants, total: prevGrants.length },
    organization: org,
    removals,
    message,
  };
}

/**
 * Plain members of `previous` the program no longer declares at all (it deletes their
 * `OrganizationMember`, removing them from the organization), except those who lose a team
 * membership in this change (already counted). Admins are retained on delete, so never counted.
 */
function removedOrgMembers(
  previous: AccessSnapshot,
  current: AccessSnapshot,
  removedMembers: readonly MemberRow[],
): { removed: string[]; total: number } {
  const plain = [
    ...new Set((previous.organization ?? []).filter((m) => m.role !== "admin").map((m) => m.login)),
  ];
  const now = new Set((current.organization ?? []).map((m) => m.login));
  const counted = new Set(removedMembers.map((m) => m.login));
  return {
    removed: plain.filter((login) => !now.has(login) && !counted.has(login)).sort(),
    total: plain.length,
  };
}

function uniqueBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** What the config declares: human memberships (Pulumi and GitHub) and every grant above none. */
export function snapshotOfModel(model: AccessModel): AccessSnapshot {
  const members: MemberRow[] = [];
  for (const t of model.teams) {
    if (t.kind !== "human") continue;
    for (const login of t.members) members.push({ team: t.name, login, service: "pulumi" });
    for (const login of t.github?.members ?? [])
      members.push({ team: t.name, login, service: "github" });
  }
  // The program declares organization members only when admins are declared (components/org.ts).
  const organization = model.members.some((m) => m.role === "admin")
    ? model.members.map((m) => ({ login: m.login, role: m.role }))
    : [];
  const grants: GrantRow[] = [];
  for (const g of model.grants) {
    if (g.stackPermission !== "none")
      grants.push({
        team: g.team,
        kind: "stack",
        target: `${g.project}/${g.stack}`,
        level: g.stackPermission,
      });
    if (g.environmentPermission !== "none")
      grants.push({
        team: g.team,
        kind: "environment",
        target: `${g.environment.project}/${g.environment.name}`,
        level: g.environmentPermission,
      });
  }
  return { members, grants, organization };
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * What the guard counts of an adopted resource: a Pulumi team's members, an organization member, a
 * GitHub team's members, a stack grant or an environment grant. Each managed type says which
 * (kinds/, `guard`); the record's other entries are not counted.
 */
export type GuardRole =
  | "pulumi-team"
  | "organization-member"
  | "github-team-members"
  | "stack-grant"
  | "environment-grant";

/**
 * The live organization as adopted: the members of every adopted team (Pulumi and GitHub) and
 * every adopted grant, from the record's `live` values and identifying inputs. `roleOf` says what
 * each resource type counts as (kinds/index.ts gives it from the managed areas).
 */
export function snapshotOfRecord(
  record: AdoptRecord,
  roleOf: (type: string) => GuardRole | undefined,
): AccessSnapshot {
  const members: MemberRow[] = [];
  const grants: GrantRow[] = [];
  const organization: OrgMemberRow[] = [];
  for (const e of record.imports) {
    const live = e.live ?? {};
    // Pulumi team members are logins; GitHub team members are `{ username, role }`.
    const list = (Array.isArray(live.members) ? (live.members as unknown[]) : [])
      .map((m) => (typeof m === "string" ? m : str((m as { username?: unknown } | null)?.username)))
      .filter((m) => m !== "");
    switch (roleOf(e.type)) {
      case "pulumi-team":
        for (const login of list)
          members.push({ team: str(e.match.name), login, service: "pulumi" });
        break;
      case "organization-member":
        organization.push({ login: str(e.match.username), role: str(live.role) });
        break;
      case "github-team-members":
        for (const login of list) members.push({ team: str(live.team), login, service: "github" });
        break;
      case "stack-grant":
        grants.push({
          team: str(e.match.team),
          kind: "stack",
          target: `${str(e.match.project)}/${str(e.match.stack)}`,
          level: str(live.permission),
        });
        break;
      case "environment-grant":
        grants.push({
          team: str(e.match.team),
          kind: "environment",
          target: `${str(e.match.project)}/${str(e.match.environment)}`,
          level: str(live.permission),
        });
        break;
    }
  }
  return { members, grants, organization };
}

const rec = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * A plan JSON (`npm run plan -- --json`, format version 1) as the guard's baseline: its
 * `teamMembers` and its access matrix. A plan written before `teamMembers` existed gives them from the
 * team resources' inputs (without the plan's stand-in for the deploying user).
 */
export function snapshotOfPlanJson(json: unknown): AccessSnapshot {
  const report = rec(json);
  if (report.formatVersion !== 1)
    throw new Error("the baseline is not a plan JSON of format version 1 (npm run plan -- --json)");
  const members: MemberRow[] = [];
  if (Array.isArray(report.teamMembers)) {
    for (const m of report.teamMembers.map(rec))
      if (m.human !== false && (m.service === "pulumi" || m.service === "github"))
        members.push({ team: str(m.team), login: str(m.login), service: m.service });
  } else {
    for (const r of list(report.resources).map(rec)) {
      const inputs = rec(r.inputs);
      if (r.type === "pulumiservice:index:Team")
        for (const login of list(inputs.members))
          if (typeof login === "string" && login !== "bootstrap-admin")
            members.push({ team: str(inputs.name), login, service: "pulumi" });
    }
  }
  const grants: GrantRow[] = [];
  for (const tier of list(report.accessMatrix).map(rec))
    for (const row of list(tier.rows).map(rec)) {
      if (str(row.stackPermission) && row.stackPermission !== "none")
        grants.push({
          team: str(row.team),
          kind: "stack",
          target: str(row.stack),
          level: str(row.stackPermission),
        });
      if (str(row.environmentPermission) && row.environmentPermission !== "none")
        grants.push({
          team: str(row.team),
          kind: "environment",
          target: str(row.environment),
          level: str(row.environmentPermission),
        });
    }
  const membership = rec(report.membership);
  const organization: OrgMemberRow[] =
    membership.managed === true
      ? [
          ...list(membership.admins).map((login) => ({ login: str(login), role: "admin" })),
          ...list(membership.members).map((m) => ({ login: str(rec(m).login), role: "member" })),
        ].filter((m) => m.login !== "")
      : [];
  const limit = rec(report.guardLimit).maxRemovalPercent;
  const maxRemovalPercent =
    typeof limit === "number" && Number.isInteger(limit) && limit >= 0 && limit <= 100
      ? limit
      : undefined;
  return {
    members,
    grants,
    organization,
    ...(maxRemovalPercent !== undefined ? { maxRemovalPercent } : {}),
  };
}
