/**
 * The access changes between two plans (`npm run plan -- --baseline <earlier plan JSON>`): grants
 * added, removed, raised or lowered; members added and removed; organization defaults changed; and
 * OIDC tokens whose policies changed, with the workflow contexts that now obtain something else.
 *
 * A plain typed structure (`AccessDiff`), computed from two plan reports (the baseline is read
 * as JSON, format version 1), so any renderer can show it: the plan's text and Markdown below, the
 * `--json` report's `accessDiff`, an HTML report.
 */
import { ENV_RANK, STACK_RANK } from "../model/access";
import { EnvironmentPermission, StackPermission } from "../model/config";
import type { PlanReport } from "./report";

export interface GrantChange {
  readonly team: string;
  /** Whether the team is a human team (machine: a pipeline identity). */
  readonly human: boolean;
  readonly kind: "stack" | "environment";
  /** `project/stack` or `project/environment`. */
  readonly target: string;
  readonly tier: string;
  /** `none` when the grant did not exist. */
  readonly before: string;
  /** `none` when the grant is gone. */
  readonly after: string;
}

export interface MemberChange {
  readonly team: string;
  readonly login: string;
  readonly service: "pulumi" | "github";
}

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

/** A simulated workflow context whose obtainable tokens changed. */
export interface ContextChange {
  readonly pipeline: string;
  readonly context: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

export interface AccessDiff {
  readonly baseline: { readonly organization: string; readonly stack: string };
  readonly grants: {
    readonly added: readonly GrantChange[];
    readonly removed: readonly GrantChange[];
    readonly raised: readonly GrantChange[];
    readonly lowered: readonly GrantChange[];
  };
  readonly members: {
    readonly added: readonly MemberChange[];
    readonly removed: readonly MemberChange[];
  };
  /** Organization admins and members (`membership`), by login. */
  readonly organization: {
    readonly adminsAdded: readonly string[];
    readonly adminsRemoved: readonly string[];
    readonly membersAdded: readonly string[];
    readonly membersRemoved: readonly string[];
  };
  readonly defaults: readonly DefaultChange[];
  readonly identities: readonly IdentityChange[];
  readonly contexts: readonly ContextChange[];
  /** How many changes of each kind, and in all. */
  readonly summary: Readonly<Record<string, number>>;
}

/** The parts of a plan report the diff reads (a baseline may be an older report). */
export type DiffablePlan = Pick<PlanReport, "organization" | "stack" | "accessMatrix" | "oidc"> &
  Partial<Pick<PlanReport, "teamMembers" | "defaults" | "membership">>;

interface GrantState {
  readonly team: string;
  readonly human: boolean;
  readonly kind: "stack" | "environment";
  readonly target: string;
  readonly tier: string;
  readonly level: string;
}

const SEP = "\u0000";

function grantsOf(plan: DiffablePlan): Map<string, GrantState> {
  const out = new Map<string, GrantState>();
  for (const tier of plan.accessMatrix ?? [])
    for (const row of tier.rows) {
      const human = row.kind === "human";
      const add = (kind: "stack" | "environment", target: string, level: string) => {
        if (level === "none") return;
        out.set([row.team, kind, target].join(SEP), {
          team: row.team,
          human,
          kind,
          target,
          tier: tier.tier,
          level,
        });
      };
      add("stack", row.stack, row.stackPermission);
      add("environment", row.environment, row.environmentPermission);
    }
  return out;
}

const rank = (kind: "stack" | "environment", level: string) =>
  kind === "stack"
    ? (STACK_RANK[level as StackPermission] ?? 0)
    : (ENV_RANK[level as EnvironmentPermission] ?? 0);

function diffGrants(before: DiffablePlan, after: DiffablePlan): AccessDiff["grants"] {
  const was = grantsOf(before);
  const now = grantsOf(after);
  const added: GrantChange[] = [];
  const removed: GrantChange[] = [];
  const raised: GrantChange[] = [];
  const lowered: GrantChange[] = [];
  const change = (g: GrantState, b: string, a: string): GrantChange => ({
    team: g.team,
    human: g.human,
    kind: g.kind,
    target: g.target,
    tier: g.tier,
    before: b,
    after: a,
  });
  for (const [key, g] of now) {
    const old = was.get(key);
    if (!old) added.push(change(g, "none", g.level));
    else if (rank(g.kind, g.level) > rank(g.kind, old.level))
      raised.push(change(g, old.level, g.level));
    else if (rank(g.kind, g.level) < rank(g.kind, old.level))
      lowered.push(change(g, old.level, g.level));
  }
  for (const [key, g] of was) if (!now.has(key)) removed.push(change(g, g.level, "none"));
  return {
    added: sortGrants(added),
    removed: sortGrants(removed),
    raised: sortGrants(raised),
    lowered: sortGrants(lowered),
  };
}

const sortGrants = (gs: GrantChange[]) =>
  gs.sort((a, b) =>
    cmp(
      `${a.tier}${SEP}${a.target}${SEP}${a.team}${SEP}${a.kind}`,
      `${b.tier}${SEP}${b.target}${SEP}${b.team}${SEP}${b.kind}`,
    ),
  );
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function diffMembers(before: DiffablePlan, after: DiffablePlan): AccessDiff["members"] {
  const key = (m: MemberChange) => [m.service, m.team, m.login].join(SEP);
  const rows = (p: DiffablePlan) =>
    new Map(
      (p.teamMembers ?? [])
        .filter((m) => m.human)
        .map((m): [string, MemberChange] => [
          key(m),
          { team: m.team, login: m.login, service: m.service },
        ]),
    );
  const was = rows(before);
  const now = rows(after);
  const sort = (ms: MemberChange[]) => ms.sort((a, b) => cmp(key(a), key(b)));
  return {
    added: sort([...now].filter(([k]) => !was.has(k)).map(([, m]) => m)),
    removed: sort([...was].filter(([k]) => !now.has(k)).map(([, m]) => m)),
  };
}

function diffDefaults(before: DiffablePlan, after: DiffablePlan): DefaultChange[] {
  const b = (before.defaults ?? {}) as Record<string, unknown>;
  const a = (after.defaults ?? {}) as Record<string, unknown>;
  if (!before.defaults || !after.defaults) return [];
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .sort()
    .filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null))
    .map((setting) => ({ setting, before: b[setting] ?? null, after: a[setting] ?? null }));
}

type Policy = PlanReport["oidc"]["policies"][number];

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

function diffContexts(before: DiffablePlan, after: DiffablePlan): ContextChange[] {
  const rows = (p: DiffablePlan) =>
    new Map((p.oidc?.contexts ?? []).map((c) => [`${c.pipeline}${SEP}${c.context}`, c]));
  const was = rows(before);
  const now = rows(after);
  const out: ContextChange[] = [];
  for (const key of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const b = [...(was.get(key)?.tokens ?? [])].sort();
    const a = [...(now.get(key)?.tokens ?? [])].sort();
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const [pipeline, context] = key.split(SEP);
    out.push({ pipeline, context, before: b, after: a });
  }
  return out;
}

/** Admins and members who are not in `after` (removed) or not in `before` (added). */
function diffOrganization(before: DiffablePlan, after: DiffablePlan): AccessDiff["organization"] {
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

/** The access changes from `before` (the baseline) to `after` (this plan). */
export function accessDiff(before: DiffablePlan, after: DiffablePlan): AccessDiff {
  const grants = diffGrants(before, after);
  const members = diffMembers(before, after);
  const defaults = diffDefaults(before, after);
  const organization = diffOrganization(before, after);
  const identities = diffIdentities(before, after);
  const contexts = diffContexts(before, after);
  const summary = {
    grantsAdded: grants.added.length,
    grantsRemoved: grants.removed.length,
    grantsRaised: grants.raised.length,
    grantsLowered: grants.lowered.length,
    membersAdded: members.added.length,
    membersRemoved: members.removed.length,
    defaultsChanged: defaults.length,
    adminsAdded: organization.adminsAdded.length,
    adminsRemoved: organization.adminsRemoved.length,
    orgMembersAdded: organization.membersAdded.length,
    orgMembersRemoved: organization.membersRemoved.length,
    identitiesChanged: identities.length,
    contextsChanged: contexts.length,
  };
  return {
    baseline: { organization: before.organization, stack: before.stack },
    grants,
    members,
    organization,
    defaults,
    identities,
    contexts,
    summary: { ...summary, total: Object.values(summary).reduce((a, b) => a + b, 0) },
  };
}

/** Reads a baseline plan JSON; throws with what is wrong. */
export function parseBaseline(text: string, file: string): DiffablePlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON: ${(e as Error).message}`);
  }
  const r = json as Partial<PlanReport> | null;
  if (!r || typeof r !== "object" || r.formatVersion !== 1 || !Array.isArray(r.accessMatrix))
    throw new Error(
      `${file}: not a plan JSON of format version 1 (write one with npm run plan -- --json)`,
    );
  return r as DiffablePlan;
}
