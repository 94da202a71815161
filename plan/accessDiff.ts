/**
 * The access diff between an earlier (approved) plan and this one: the interface between
 * `plan --baseline <earlier plan JSON>` (issue 17 computes it, `accessDiff` below) and the
 * renderings that show it (the plan's text and Markdown, the `--json` report's `accessDiff`, and
 * the HTML access report, which highlights it; see plan/html/diff.ts). The types are pure data.
 *
 * `grants` always; `members` and `tokens` when the baseline has them (an empty or absent list
 * renders as nothing). Permissions are the strings of `AccessRow` (`none`, `read`, `write`,
 * `admin`, `open`). The optional fields after `tokens` say more (GitHub team members, organization
 * admins and members, org defaults, each token's OIDC policies); a renderer may ignore them.
 */
import { ENV_RANK, STACK_RANK } from "../model/access";
import { EnvironmentPermission, StackPermission } from "../model/config";
import { GithubDiff, githubDiff, PlanGithub } from "./github";
import { PlanMembership } from "./membership";
import type { PlanAccessTier, PlanMember, PlanOidc } from "./planShape";

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

/** An organization default that changed (`defaults`). */
export interface DefaultChange {
  readonly setting: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** A token whose OIDC policies changed: each policy as `allow|deny {rules}`. */
export interface IdentityChange {
  /** `team:<name>`, `organization:<permissions>`, `personal:<login>`, `runner:<id>`. */
  readonly token: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

export interface AccessDiff {
  /** What the plan is compared with, for the reader: a file name, a commit, a date. */
  readonly baseline: string;
  readonly grants: readonly GrantChange[];
  readonly members?: readonly MemberChange[];
  readonly tokens?: readonly TokenChange[];
  /** Members who joined or left a team's GitHub mirror. */
  readonly githubMembers?: readonly MemberChange[];
  /** Organization admins and members (the plan's `membership`), by login. */
  readonly organization?: {
    readonly adminsAdded: readonly string[];
    readonly adminsRemoved: readonly string[];
    readonly membersAdded: readonly string[];
    readonly membersRemoved: readonly string[];
  };
  readonly defaults?: readonly DefaultChange[];
  /** Tokens whose OIDC policies changed (the policies behind `tokens`). */
  readonly identities?: readonly IdentityChange[];
  /**
   * GitHub repository permissions, rulesets, environment reviewers and CODEOWNERS (plan/github.ts);
   * absent when the baseline has no GitHub part (a plan written before it existed).
   */
  readonly github?: GithubDiff;
  /** How many changes of each kind, and in all. */
  readonly summary?: Readonly<Record<string, number>>;
}

/** The parts of a plan report the diff reads (a baseline may be an older report). */
export interface DiffablePlan {
  readonly organization: string;
  readonly stack: string;
  readonly accessMatrix: readonly PlanAccessTier[];
  readonly oidc: PlanOidc;
  readonly teamMembers?: readonly PlanMember[];
  readonly defaults?: Readonly<Record<string, unknown>>;
  readonly membership?: PlanMembership;
  readonly github?: PlanGithub;
}

const SEP = "\u0000";
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Row extends GrantLevel {
  readonly tier: string;
  readonly team: string;
  readonly kind: "human" | "machine";
  readonly project: string;
}

function rowsOf(plan: DiffablePlan): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const tier of plan.accessMatrix ?? [])
    for (const r of tier.rows)
      out.set([tier.tier, r.team, r.project].join(SEP), {
        tier: tier.tier,
        team: r.team,
        kind: r.kind,
        project: r.project,
        stackPermission: r.stackPermission,
        environmentPermission: r.environmentPermission,
        ...(r.breakGlass ? { breakGlass: r.breakGlass } : {}),
      });
  return out;
}

const level = (r: Row): GrantLevel => ({
  stackPermission: r.stackPermission,
  environmentPermission: r.environmentPermission,
  ...(r.breakGlass ? { breakGlass: r.breakGlass } : {}),
});

/** How two levels of one grant compare. */
function changeOf(b: Row, a: Row): GrantChange["change"] | undefined {
  const s =
    (STACK_RANK[a.stackPermission as StackPermission] ?? 0) -
    (STACK_RANK[b.stackPermission as StackPermission] ?? 0);
  const e =
    (ENV_RANK[a.environmentPermission as EnvironmentPermission] ?? 0) -
    (ENV_RANK[b.environmentPermission as EnvironmentPermission] ?? 0);
  if (s === 0 && e === 0)
    return (a.breakGlass ?? "") === (b.breakGlass ?? "") ? undefined : "changed";
  if (s >= 0 && e >= 0) return "raised";
  if (s <= 0 && e <= 0) return "lowered";
  return "changed";
}

function diffGrants(before: DiffablePlan, after: DiffablePlan): GrantChange[] {
  const was = rowsOf(before);
  const now = rowsOf(after);
  const out: GrantChange[] = [];
  const base = (r: Row) => ({ tier: r.tier, team: r.team, kind: r.kind, project: r.project });
  for (const [key, a] of now) {
    const b = was.get(key);
    if (!b) out.push({ change: "added", ...base(a), after: level(a) });
    else {
      const change = changeOf(b, a);
      if (change) out.push({ change, ...base(a), before: level(b), after: level(a) });
    }
  }
  for (const [key, b] of was)
    if (!now.has(key)) out.push({ change: "removed", ...base(b), before: level(b) });
  return out.sort((x, y) =>
    cmp(
      [x.tier, x.project, x.team, x.change].join(SEP),
      [y.tier, y.project, y.team, y.change].join(SEP),
    ),
  );
}

function diffTeamMembers(
  before: DiffablePlan,
  after: DiffablePlan,
  service: "pulumi" | "github",
): MemberChange[] {
  const set = (p: DiffablePlan) =>
    new Set(
      (p.teamMembers ?? [])
        .filter((m) => m.human && m.service === service)
        .map((m) => `${m.team}${SEP}${m.login}`),
    );
  const was = set(before);
  const now = set(after);
  const change = (c: MemberChange["change"], k: string): MemberChange => {
    const [team, member] = k.split(SEP);
    return { change: c, team, member };
  };
  return [
    ...[...was].filter((k) => !now.has(k)).map((k) => change("removed", k)),
    ...[...now].filter((k) => !was.has(k)).map((k) => change("added", k)),
  ].sort((a, b) => cmp(`${a.team}${SEP}${a.member}`, `${b.team}${SEP}${b.member}`));
}

function diffDefaults(before: DiffablePlan, after: DiffablePlan): DefaultChange[] {
  if (!before.defaults || !after.defaults) return [];
  const b = before.defaults as Record<string, unknown>;
  const a = after.defaults as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .sort()
    .filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null))
    .map((setting) => ({ setting, before: b[setting] ?? null, after: a[setting] ?? null }));
}

/** Admins and members who are not in `after` (removed) or not in `before` (added). */
function diffOrganization(
  before: DiffablePlan,
  after: DiffablePlan,
): NonNullable<AccessDiff["organization"]> {
  const admins = (p: DiffablePlan) => new Set(p.membership?.admins ?? []);
  const members = (p: DiffablePlan) => new Set((p.membership?.members ?? []).map((m) => m.login));
  const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();
  // An unmanaged side (no admins declared) says nothing: no change is claimed.
  if (!before.membership?.managed || !after.membership?.managed)
    return { adminsAdded: [], adminsRemoved: [], membersAdded: [], membersRemoved: [] };
  return {
    adminsAdded: minus(admins(after), admins(before)),
    adminsRemoved: minus(admins(before), admins(after)),
    membersAdded: minus(members(after), members(before)),
    membersRemoved: minus(members(before), members(after)),
  };
}

type Policy = PlanOidc["policies"][number];

/** The token a policy is about, as the plan labels it. */
export function policyToken(p: Policy): string {
  switch (p.tokenType) {
    case "team":
      return `team:${p.teamName ?? "?"}`;
    case "organization":
      return `organization:${[...(p.authorizedPermissions ?? [])].sort().join(",")}`;
    case "personal":
      return `personal:${p.userLogin ?? "?"}`;
    default:
      return `runner:${p.runnerID ?? "?"}`;
  }
}

const policyText = (p: Policy) =>
  `${p.decision} ${JSON.stringify(Object.fromEntries(Object.entries(p.rules).sort(([x], [y]) => cmp(x, y))))}`;

function diffIdentities(before: DiffablePlan, after: DiffablePlan): IdentityChange[] {
  const byToken = (p: DiffablePlan) => {
    const out = new Map<string, string[]>();
    for (const policy of p.oidc?.policies ?? []) {
      const t = policyToken(policy);
      out.set(t, [...(out.get(t) ?? []), policyText(policy)]);
    }
    for (const list of out.values()) list.sort();
    return out;
  };
  const was = byToken(before);
  const now = byToken(after);
  return [...new Set([...was.keys(), ...now.keys()])]
    .sort()
    .filter((t) => JSON.stringify(was.get(t) ?? []) !== JSON.stringify(now.get(t) ?? []))
    .map((token) => ({ token, before: was.get(token) ?? [], after: now.get(token) ?? [] }));
}

function diffTokens(before: DiffablePlan, after: DiffablePlan): TokenChange[] {
  const rows = (p: DiffablePlan) =>
    new Map((p.oidc?.contexts ?? []).map((c) => [`${c.pipeline}${SEP}${c.context}`, c.tokens]));
  const was = rows(before);
  const now = rows(after);
  const out: TokenChange[] = [];
  for (const key of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const b = new Set(was.get(key) ?? []);
    const a = new Set(now.get(key) ?? []);
    const gained = [...a].filter((t) => !b.has(t)).sort();
    const lost = [...b].filter((t) => !a.has(t)).sort();
    if (!gained.length && !lost.length) continue;
    const [pipeline, context] = key.split(SEP);
    out.push({ pipeline, context, gained, lost });
  }
  return out;
}

/** The access changes from `before` (the baseline, named `baseline`) to `after` (this plan). */
export function accessDiff(
  before: DiffablePlan,
  after: DiffablePlan,
  baseline = `${before.organization}, stack ${before.stack}`,
): AccessDiff {
  const grants = diffGrants(before, after);
  const members = diffTeamMembers(before, after, "pulumi");
  const githubMembers = diffTeamMembers(before, after, "github");
  const organization = diffOrganization(before, after);
  const defaults = diffDefaults(before, after);
  const identities = diffIdentities(before, after);
  const tokens = diffTokens(before, after);
  const github = githubDiff(before.github, after.github);
  const count = (c: GrantChange["change"]) => grants.filter((g) => g.change === c).length;
  const summary = {
    grantsAdded: count("added"),
    grantsRemoved: count("removed"),
    grantsRaised: count("raised"),
    grantsLowered: count("lowered"),
    grantsChanged: count("changed"),
    membersChanged: members.length,
    githubMembersChanged: githubMembers.length,
    adminsChanged: organization.adminsAdded.length + organization.adminsRemoved.length,
    orgMembersChanged: organization.membersAdded.length + organization.membersRemoved.length,
    defaultsChanged: defaults.length,
    identitiesChanged: identities.length,
    tokensChanged: tokens.length,
    githubPermissionsChanged: github?.permissions.length ?? 0,
    githubEnvironmentsChanged: github?.environments.length ?? 0,
    githubRulesetsChanged: github?.rulesets.length ?? 0,
    codeownersChanged: github?.codeowners.length ?? 0,
  };
  return {
    baseline,
    grants,
    members,
    tokens,
    githubMembers,
    organization,
    defaults,
    identities,
    ...(github ? { github } : {}),
    summary: { ...summary, total: Object.values(summary).reduce((a, b) => a + b, 0) },
  };
}

/** Reads a baseline plan JSON; throws with what is wrong. */
export function parseBaseline(text: string, file: string): DiffablePlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text it read: say what is wrong without echoing the file,
    // which may be anything (a key, a secret) put there by mistake.
    throw new Error(
      `${file}: not JSON (${text.length} characters that do not parse; the content is not shown): ` +
        "point it at a plan JSON written by npm run plan -- --json",
    );
  }
  const r = json as (Partial<DiffablePlan> & { formatVersion?: unknown }) | null;
  if (!r || typeof r !== "object" || r.formatVersion !== 1 || !Array.isArray(r.accessMatrix))
    throw new Error(
      `${file}: not a plan JSON of format version 1 (write one with npm run plan -- --json)`,
    );
  return r as DiffablePlan;
}
