/**
 * The audit's comparison: a snapshot of the live organization (what audit/audit.ts reads from the
 * Pulumi Cloud REST API and ESC) against the access model, giving findings with a severity. Pure:
 * no I/O and no Pulumi imports, so the tests build live snapshots from the model
 * (`impliedSnapshot`), mutate them and check each drift is reported exactly once.
 *
 * What is compared (finding codes in AUDIT_CODES):
 * - teams and members (the bootstrap identity that Pulumi Cloud adds to every team it creates, the
 *   "deployer", is ignored as a member);
 * - every team stack and environment permission against the declared grants: undeclared, missing,
 *   above or below the declared level, and any human team that can write a protected stack or open
 *   a protected environment; declared break-glass grants are reported as such (info);
 * - stacks and environments of a tier (their name is a tier's name or a declared stack or
 *   environment name) that no config declares;
 * - org defaults against `defaults`;
 * - OIDC policies: wildcards and missing pins on any allow policy, and the GitHub issuer's policies
 *   against `buildOidcPolicies(model, ids)`. The numeric GitHub ids come from the config when
 *   pinned (`github.ownerId`, `projects[].repositoryId`), otherwise from the live allow policies of
 *   each identity (its `repository_id` and `repository_owner_id`), used only when they agree. Live
 *   ids catch every policy change except one that swaps the ids in all of an identity's policies at
 *   once: pin the ids in config to catch that too;
 * - protected-tier environment definitions that hold static cloud credentials;
 * - the audit log: who opened protected environments, and who updated protected stacks outside the
 *   pipelines' identities.
 */
import { parseDocument, isMap, isPair, isScalar, isSeq, Node } from "yaml";
import { AccessModel, ENV_RANK, Grant, STACK_RANK } from "../model/access";
import { EnvironmentPermission, Severity, StackPermission } from "../model/config";
import { buildOidcPolicies, GITHUB_ISSUER_URL, GithubIds, toProviderPolicies } from "../model/oidc";

// ---------------------------------------------------------------------------------------------
// The live snapshot
// ---------------------------------------------------------------------------------------------

export interface LiveTeam {
  readonly name: string;
  /** `pulumi`, `github` or `scim`. */
  readonly kind: string;
  /** Member logins. */
  readonly members: readonly string[];
  /** Pulumi's numeric stack permission: 0 none, 101 read, 102 write, 103 admin, 104 creator. */
  readonly stacks: readonly { project: string; stack: string; permission: number }[];
  readonly environments: readonly {
    project: string;
    name: string;
    permission: string;
    /** Go duration as the service returns it ("1h0m0s"). */
    maxOpenDuration?: string;
  }[];
}

export interface LiveOrgDefaults {
  readonly defaultStackPermission: number;
  readonly defaultEnvironmentPermission: string;
  readonly membersCanCreateStacks: boolean;
  readonly membersCanDeleteStacks: boolean;
  readonly membersCanCreateTeams: boolean;
  /** Absent or null: no token expiry policy. */
  readonly maxAccessTokenExpiryDays?: number | null;
}

/** An authorization policy as the REST API returns it. */
export interface LivePolicy {
  readonly decision: string;
  readonly tokenType: string;
  readonly teamName?: string;
  readonly userLogin?: string;
  readonly runnerID?: string;
  readonly authorizedPermissions?: readonly string[] | null;
  readonly rules: Readonly<Record<string, string>>;
}

export interface LiveIssuer {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly policies: readonly LivePolicy[];
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

export type Section =
  "defaults" | "teams" | "stacks" | "environments" | "definitions" | "oidc" | "auditLog";

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
  /** ESC environments visible to the token. */
  readonly environments?: readonly { project: string; name: string }[];
  /** Definitions (YAML, secrets still encrypted) of the protected-tier environments. */
  readonly definitions?: readonly { project: string; name: string; yaml: string }[];
  readonly oidcIssuers?: readonly LiveIssuer[];
  /** Events in [from, to] (unix seconds). */
  readonly auditLog?: { from: number; to: number; events: readonly LiveAuditEvent[] };
  readonly notCovered: readonly { section: Section; message: string }[];
}

// ---------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------

/** Finding code -> what it means. Severities are given per finding (see each check). */
export const AUDIT_CODES = {
  "team-undeclared": "a team exists that no config declares",
  "team-missing": "a declared team does not exist",
  "member-undeclared": "a human team has a member the config does not declare",
  "member-missing": "a declared member is not on the team",
  "machine-team-member": "a machine (pipeline or audit) team has a human member: high",
  "grant-undeclared": "a team permission that no config declares",
  "grant-missing": "a declared team permission does not exist",
  "grant-above-declared": "a team permission above the declared level",
  "grant-below-declared": "a team permission below the declared level",
  "grant-open-duration": "a break-glass open grant without its declared maxOpenDuration bound",
  "human-protected-access":
    "a human team can write a protected stack or open a protected environment outside declared break-glass: high",
  "break-glass": "a declared break-glass grant (reported, not a violation): info",
  "stack-undeclared": "a stack of a tier (by its name) that no config declares",
  "environment-undeclared": "an environment of a tier (by its name) that no config declares",
  "org-default-differs": "an organization default differs from `defaults`",
  "oidc-issuer-missing": "no GitHub Actions OIDC issuer, though pipelines need one",
  "oidc-policy-wildcard": "an allow policy with a wildcard ('*' or '?') in a rule: high",
  "oidc-policy-unpinned":
    "a GitHub allow policy without aud, repository_id or repository_owner_id: high",
  "oidc-policy-undeclared": "a GitHub issuer policy that the config does not imply",
  "oidc-policy-missing": "a policy the config implies is missing",
  "oidc-policy-changed": "a policy differs from the one the config implies",
  "oidc-ids": "where the numeric GitHub ids for the comparison came from: info",
  "oidc-ids-unknown": "the numeric GitHub ids are unknown, so policies were not compared",
  "esc-static-credentials":
    "a protected-tier environment holds static cloud credentials where an OIDC login would do: high",
  "esc-definition-unreadable": "a protected-tier environment definition is not valid YAML",
  "environment-open-human": "a human opened a protected environment without break-glass: high",
  "environment-open-break-glass": "a human opened a protected environment under break-glass",
  "environment-open-pipeline": "a pipeline identity opened a protected environment: info",
  "protected-update-outside-pipeline":
    "a protected stack was updated by someone other than its pipeline identity: high",
  "protected-update-pipeline": "a pipeline identity updated a protected stack: info",
  "not-covered": "a part of the organization the token could not read",
  deployer: "the login ignored as a team member (the bootstrap identity): info",
} as const;

export type AuditCode = keyof typeof AUDIT_CODES;

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
   * The bootstrap identity's login, ignored as a team member. Undefined: inferred (the one login
   * on every live team the config declares, when there is exactly one); null: none.
   */
  readonly deployer?: string | null;
  /** Numeric GitHub ids pinned in config (`github.ownerId`, `projects[].repositoryId`). */
  readonly pinnedIds?: { ownerId?: number; repositoryIds: Readonly<Record<string, number>> };
}

export interface CompareResult {
  readonly findings: AuditFinding[];
  readonly deployer: { login?: string; source: "option" | "inferred" | "none" };
  readonly githubIds: {
    source: "config" | "live" | "config+live" | "unknown";
    ids?: GithubIds;
  };
  readonly activity: ActivityRow[];
}

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

export function sortFindings(findings: readonly AuditFinding[]): AuditFinding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      cmp(a.code, b.code) ||
      cmp(a.subject, b.subject) ||
      cmp(a.message, b.message),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------------------------------------
// Permission helpers
// ---------------------------------------------------------------------------------------------

/** Pulumi's numeric stack permission as a name (104 "creator" is admin). */
export function stackPermissionName(n: number): StackPermission {
  if (n >= 103) return "admin";
  if (n === 102) return "write";
  if (n === 101) return "read";
  return "none";
}

export const STACK_PERMISSION_NUMBER: Record<StackPermission, number> = {
  none: 0,
  read: 101,
  write: 102,
  admin: 103,
};

function envPermission(p: string): EnvironmentPermission {
  return (p in ENV_RANK ? p : "admin") as EnvironmentPermission;
}

/** Seconds of a Go duration ("1h0m0s", "15m", "90s", "1.5h"); undefined when unreadable. */
export function durationSeconds(d: string | undefined): number | undefined {
  if (d === undefined || d.trim() === "") return undefined;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6 };
  let total = 0;
  let rest = d.trim();
  while (rest.length) {
    const m = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * (unit[m[2]] ?? 0);
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** A Go-style duration ("1h0m0s") from config durations ("1h", "15m", "1h30m"). */
export function goDuration(d: string): string {
  const s = durationSeconds(d) ?? 0;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m${s % 60}s`;
}

const stackKey = (project: string, stack: string) => `${project}/${stack}`;

// ---------------------------------------------------------------------------------------------
// The comparison
// ---------------------------------------------------------------------------------------------

interface Resources {
  /** Declared stacks and environments by `project/name`, with their protection. */
  stacks: Map<string, { protected: boolean; tier: string }>;
  envs: Map<string, { protected: boolean; tier: string }>;
  /** Stack name -> tier, environment name -> tier (tier names and declared names). */
  tierOfStack: Map<string, string>;
  tierOfEnv: Map<string, string>;
  protectedTiers: Set<string>;
}

function resourcesOf(model: AccessModel): Resources {
  const r: Resources = {
    stacks: new Map(),
    envs: new Map(),
    tierOfStack: new Map(),
    tierOfEnv: new Map(),
    protectedTiers: new Set(),
  };
  for (const s of model.stacks) {
    r.stacks.set(stackKey(s.project, s.stack), { protected: s.protected, tier: s.tier });
    r.envs.set(stackKey(s.environment.project, s.environment.name), {
      protected: s.protected,
      tier: s.tier,
    });
    if (s.protected) r.protectedTiers.add(s.tier);
  }
  for (const s of model.stacks) {
    r.tierOfStack.set(s.tier, s.tier);
    r.tierOfEnv.set(s.tier, s.tier);
  }
  for (const s of model.stacks) {
    if (!r.tierOfStack.has(s.stack)) r.tierOfStack.set(s.stack, s.tier);
    if (!r.tierOfEnv.has(s.environment.name)) r.tierOfEnv.set(s.environment.name, s.tier);
  }
  return r;
}

/** Whether a live stack or environment is protected: declared, or named like a protected tier. */
function isProtected(r: Resources, kind: "stack" | "environment", key: string): boolean {
  const declared = (kind === "stack" ? r.stacks : r.envs).get(key);
  if (declared) return declared.protected;
  const name = key.slice(key.indexOf("/") + 1);
  const tier = (kind === "stack" ? r.tierOfStack : r.tierOfEnv).get(name);
  return tier !== undefined && r.protectedTiers.has(tier);
}

/**
 * Compares a live snapshot with the access model. Findings are sorted (severity, code, subject);
 * see AUDIT_CODES.
 */
export function compareAccess(
  model: AccessModel,
  live: LiveSnapshot,
  options: CompareOptions = {},
): CompareResult {
  const findings: AuditFinding[] = [];
  const add = (f: AuditFinding) => findings.push(f);
  const res = resourcesOf(model);

  for (const n of live.notCovered)
    add({
      severity: "medium",
      code: "not-covered",
      subject: `section:${n.section}`,
      message: `not audited: ${n.message}`,
    });

  const deployer = resolveDeployer(model, live, options.deployer);
  if (deployer.login)
    add({
      severity: "info",
      code: "deployer",
      subject: `member:${deployer.login}`,
      message:
        `${deployer.login} is ignored as a team member: Pulumi Cloud adds the identity that ` +
        `creates a team to it (${deployer.source === "option" ? "given with --deployer" : "inferred: the one login on every declared team; pass --deployer to pin it"})`,
    });

  if (live.teams) compareTeams(model, live.teams, deployer.login, res, add);
  compareResources(live, res, add);
  if (live.defaults) compareDefaults(model, live.defaults, add);
  const githubIds = live.oidcIssuers
    ? compareOidc(model, live.oidcIssuers, options.pinnedIds, add)
    : { source: "unknown" as const };
  if (live.definitions) compareDefinitions(live.definitions, res, add);
  const activity = live.auditLog ? reviewAuditLog(model, live, res, add) : [];

  return { findings: sortFindings(findings), deployer, githubIds, activity };
}

function resolveDeployer(
  model: AccessModel,
  live: LiveSnapshot,
  option: string | null | undefined,
): CompareResult["deployer"] {
  if (option === null) return { source: "none" };
  if (option !== undefined) return { login: option, source: "option" };
  const declared = new Map(model.teams.map((t) => [t.name, t]));
  const teams = (live.teams ?? []).filter((t) => declared.has(t.name));
  if (teams.length === 0) return { source: "none" };
  let common = new Set(teams[0].members);
  for (const t of teams.slice(1)) common = new Set(t.members.filter((m) => common.has(m)));
  // A login declared on every one of those teams is a member in its own right.
  const candidates = [...common].filter(
    (login) => !teams.every((t) => declared.get(t.name)?.members.includes(login)),
  );
  return candidates.length === 1
    ? { login: candidates[0], source: "inferred" }
    : { source: "none" };
}

type Add = (f: AuditFinding) => void;

function compareTeams(
  model: AccessModel,
  liveTeams: readonly LiveTeam[],
  deployer: string | undefined,
  res: Resources,
  add: Add,
): void {
  const declaredTeams = new Map(model.teams.map((t) => [t.name, t]));
  const liveByName = new Map(liveTeams.map((t) => [t.name, t]));
  const declaredStack = new Map<string, Grant>();
  const declaredEnv = new Map<string, Grant>();
  for (const g of model.grants) {
    if (g.stackPermission !== "none")
      declaredStack.set(`${g.team}\u0000${stackKey(g.project, g.stack)}`, g);
    if (g.environmentPermission !== "none")
      declaredEnv.set(`${g.team}\u0000${stackKey(g.environment.project, g.environment.name)}`, g);
  }

  for (const t of model.teams) {
    if (liveByName.has(t.name)) continue;
    const grants = model.grants.filter((g) => g.team === t.name).length;
    add({
      severity: "medium",
      code: "team-missing",
      subject: `team:${t.name}`,
      message:
        `declared ${t.kind} team ${t.name} does not exist (${grants} declared grant` +
        `${grants === 1 ? "" : "s"} cannot exist either): run the bootstrap`,
    });
  }

  for (const team of liveTeams) {
    const declared = declaredTeams.get(team.name);
    const members = team.members.filter((m) => m !== deployer);
    if (!declared)
      add({
        severity: "medium",
        code: "team-undeclared",
        subject: `team:${team.name}`,
        message:
          `team ${team.name} (${team.kind}) is not declared in the config` +
          (members.length ? `; members: ${members.join(", ")}` : "; no members"),
        live: { kind: team.kind, members },
      });
    else if (declared.kind === "machine") {
      for (const m of members)
        add({
          severity: "high",
          code: "machine-team-member",
          subject: `member:${m} team:${team.name}`,
          message:
            `${m} is a member of machine team ${team.name}, whose token only its workflow should ` +
            "obtain: the member gets every permission of that identity",
        });
    } else {
      for (const m of members.filter((x) => !declared.members.includes(x)))
        add({
          severity: "medium",
          code: "member-undeclared",
          subject: `member:${m} team:${team.name}`,
          message: `${m} is a member of team ${team.name} but not declared in teams[].members`,
        });
      for (const m of declared.members.filter((x) => !team.members.includes(x)))
        add({
          severity: "low",
          code: "member-missing",
          subject: `member:${m} team:${team.name}`,
          message: `${m} is declared in team ${team.name} but is not a member`,
        });
    }

    // A team is human when declared so, or (undeclared) when it has members.
    const human = declared ? declared.kind === "human" : members.length > 0;
    const who = members.length ? ` (members: ${members.join(", ")})` : "";
    const ctx = { team: team.name, human, who, res, add };

    const seenStacks = new Set<string>();
    for (const s of team.stacks) {
      const level = stackPermissionName(s.permission);
      if (level === "none") continue;
      const key = stackKey(s.project, s.stack);
      seenStacks.add(key);
      const grant = declaredStack.get(`${team.name}\u0000${key}`);
      checkGrant(ctx, STACK_CHECK, key, level, grant && { level: grant.stackPermission, grant });
    }

    const seenEnvs = new Set<string>();
    for (const e of team.environments) {
      if (e.permission === "none") continue;
      const key = stackKey(e.project, e.name);
      seenEnvs.add(key);
      const grant = declaredEnv.get(`${team.name}\u0000${key}`);
      const breakGlass = checkGrant(
        ctx,
        ENV_CHECK,
        key,
        envPermission(e.permission),
        grant && { level: grant.environmentPermission, grant },
      );
      // A break-glass open grant must keep its declared bound on each session.
      const bound = durationSeconds(grant?.maxOpenDuration);
      const actual = durationSeconds(e.maxOpenDuration);
      if (breakGlass && bound !== undefined && (!actual || actual > bound))
        add({
          severity: "medium",
          code: "grant-open-duration",
          subject: `team:${team.name} environment:${key}`,
          message:
            `break-glass open grant of team ${team.name} on ${key} has ` +
            (actual ? `sessions of up to ${e.maxOpenDuration}` : "no session bound") +
            `; declared maxOpenDuration: ${grant?.maxOpenDuration}`,
          declared: grant?.maxOpenDuration,
          live: e.maxOpenDuration ?? null,
        });
    }

    if (!declared) continue;
    const missing = (kind: "stack" | "environment", key: string, level: string) =>
      add({
        severity: "low",
        code: "grant-missing",
        subject: `team:${team.name} ${kind}:${key}`,
        message: `declared ${kind} ${level} of team ${team.name} on ${key} does not exist`,
        declared: level,
        live: "none",
      });
    for (const g of model.grants.filter((x) => x.team === team.name)) {
      const stack = stackKey(g.project, g.stack);
      const env = stackKey(g.environment.project, g.environment.name);
      if (g.stackPermission !== "none" && !seenStacks.has(stack))
        missing("stack", stack, g.stackPermission);
      if (g.environmentPermission !== "none" && !seenEnvs.has(env))
        missing("environment", env, g.environmentPermission);
    }
  }
}

/** How stack and environment permissions compare, and from which level they are elevated. */
interface GrantKind<P extends string> {
  readonly kind: "stack" | "environment";
  readonly rank: Record<P, number>;
  /** On a protected resource, this level or more is elevated (deploys, or decrypts secrets). */
  readonly elevated: P;
  readonly why: string;
}
const STACK_CHECK: GrantKind<StackPermission> = {
  kind: "stack",
  rank: STACK_RANK,
  elevated: "write",
  why: "only the pipeline may change it",
};
const ENV_CHECK: GrantKind<EnvironmentPermission> = {
  kind: "environment",
  rank: ENV_RANK,
  elevated: "open",
  why: "it decrypts or changes protected secrets",
};

/**
 * One live team permission against the declared one: exactly one finding (or none when it is as
 * declared). A human team's elevated permission on a protected resource is `human-protected-access`
 * unless a declared break-glass grant covers it; returns whether it is such a covered break-glass.
 */
function checkGrant<P extends string>(
  ctx: { team: string; human: boolean; who: string; res: Resources; add: Add },
  k: GrantKind<P>,
  key: string,
  level: P,
  declared: { level: P; grant: Grant } | undefined,
): boolean {
  const { team, add } = ctx;
  const elevated = isProtected(ctx.res, k.kind, key) && k.rank[level] >= k.rank[k.elevated];
  const subject = `team:${team} ${k.kind}:${key}`;
  const want = declared?.level;
  const breakGlass =
    declared?.grant.breakGlass !== undefined && k.rank[level] <= k.rank[declared.level];
  if (ctx.human && elevated && !breakGlass)
    add({
      severity: "high",
      code: "human-protected-access",
      subject,
      message:
        `human team ${team}${ctx.who} holds ${k.kind} ${level} on protected ${k.kind} ${key}: ` +
        `${k.why} (${want ? `declared: ${want}` : "not declared"})`,
      declared: want ?? "none",
      live: level,
    });
  else if (!declared)
    add({
      severity: elevated ? "high" : "medium",
      code: "grant-undeclared",
      subject,
      message: `team ${team} holds ${k.kind} ${level} on ${key}, which no config declares`,
      declared: "none",
      live: level,
    });
  else if (k.rank[level] !== k.rank[declared.level]) {
    const above = k.rank[level] > k.rank[declared.level];
    add({
      severity: above ? (elevated ? "high" : "medium") : "low",
      code: above ? "grant-above-declared" : "grant-below-declared",
      subject,
      message: `team ${team} holds ${k.kind} ${level} on ${key}; declared: ${declared.level}`,
      declared: declared.level,
      live: level,
    });
  } else if (breakGlass && elevated) {
    const g = declared.grant;
    add({
      severity: "info",
      code: "break-glass",
      subject,
      message:
        `break-glass: team ${team}${ctx.who} holds ${k.kind} ${level} on ${key}` +
        (g.maxOpenDuration ? ` (sessions of at most ${g.maxOpenDuration})` : "") +
        `: ${g.breakGlass}`,
    });
    return true;
  }
  return false;
}

function compareResources(live: LiveSnapshot, res: Resources, add: Add): void {
  for (const s of live.stacks ?? []) {
    const key = stackKey(s.project, s.stack);
    if (res.stacks.has(key)) continue;
    const tier = res.tierOfStack.get(s.stack);
    if (tier === undefined) continue;
    const prot = res.protectedTiers.has(tier);
    add({
      severity: prot ? "high" : "medium",
      code: "stack-undeclared",
      subject: `stack:${key}`,
      message:
        `stack ${key} is named like tier ${tier}${prot ? " (protected)" : ""} but no config ` +
        "declares it: its creator is its admin, outside the declared grants",
    });
  }
  for (const e of live.environments ?? []) {
    const key = stackKey(e.project, e.name);
    if (res.envs.has(key)) continue;
    const tier = res.tierOfEnv.get(e.name);
    if (tier === undefined) continue;
    const prot = res.protectedTiers.has(tier);
    add({
      severity: prot ? "high" : "medium",
      code: "environment-undeclared",
      subject: `environment:${key}`,
      message:
        `environment ${key} is named like tier ${tier}${prot ? " (protected)" : ""} but no ` +
        "config declares it: nobody reviews who may open it",
    });
  }
}

function compareDefaults(model: AccessModel, live: LiveOrgDefaults, add: Add): void {
  const d = model.defaults;
  const diff = (
    field: string,
    severity: Severity,
    declared: unknown,
    actual: unknown,
    why: string,
  ) =>
    add({
      severity,
      code: "org-default-differs",
      subject: `org:${field}`,
      message: `organization default ${field} is ${JSON.stringify(actual)}, declared ${JSON.stringify(declared)}: ${why}`,
      declared,
      live: actual,
    });

  const stack = stackPermissionName(live.defaultStackPermission);
  if (STACK_RANK[stack] > STACK_RANK[d.stackPermission])
    diff(
      "stackPermission",
      "high",
      d.stackPermission,
      stack,
      `every org member (and every team token) gets stack ${stack} on every stack, protected ones included`,
    );
  else if (stack !== d.stackPermission)
    diff("stackPermission", "low", d.stackPermission, stack, "narrower than declared");

  const env = envPermission(live.defaultEnvironmentPermission);
  if (ENV_RANK[env] > ENV_RANK[d.environmentPermission])
    diff(
      "environmentPermission",
      ENV_RANK[env] >= ENV_RANK.open ? "high" : "medium",
      d.environmentPermission,
      env,
      `every org member gets environment ${env} on every environment, protected ones included`,
    );
  else if (env !== d.environmentPermission)
    diff("environmentPermission", "low", d.environmentPermission, env, "narrower than declared");

  const flags = [
    ["membersCanCreateStacks", "members can create stacks and become their admins"],
    ["membersCanDeleteStacks", "members can delete stacks"],
    ["membersCanCreateTeams", "members can create teams outside the config"],
  ] as const;
  for (const [field, why] of flags) {
    const actual = live[field];
    if (actual === d[field]) continue;
    if (actual) diff(field, "medium", d[field], actual, why);
    else diff(field, "low", d[field], actual, "narrower than declared");
  }

  if (d.maxAccessTokenExpiryDays !== undefined) {
    const actual = live.maxAccessTokenExpiryDays ?? null;
    if (actual === null || actual === 0)
      diff(
        "maxAccessTokenExpiryDays",
        "medium",
        d.maxAccessTokenExpiryDays,
        actual,
        "no token expiry policy: tokens may live forever",
      );
    else if (actual > d.maxAccessTokenExpiryDays)
      diff(
        "maxAccessTokenExpiryDays",
        "medium",
        d.maxAccessTokenExpiryDays,
        actual,
        "tokens may live longer than declared",
      );
    else if (actual < d.maxAccessTokenExpiryDays)
      diff(
        "maxAccessTokenExpiryDays",
        "low",
        d.maxAccessTokenExpiryDays,
        actual,
        "narrower than declared",
      );
  }
}

// --- OIDC -------------------------------------------------------------------------------------

const normUrl = (u: string) => u.trim().replace(/\/+$/, "").toLowerCase();

/** A comparable form: no undefined keys, permissions sorted, `[]` and absent the same. */
function canonical(p: LivePolicy): string {
  const perms = [...(p.authorizedPermissions ?? [])].sort();
  const rules = Object.fromEntries(Object.entries(p.rules ?? {}).sort(([a], [b]) => cmp(a, b)));
  return JSON.stringify([
    p.decision,
    p.tokenType,
    p.teamName ?? null,
    p.userLogin ?? null,
    p.runnerID ?? null,
    perms,
    rules,
  ]);
}

/** Which expected policy a live one is a changed version of: same decision, token and event. */
function pairKey(p: LivePolicy): string {
  const who =
    p.tokenType === "team"
      ? (p.teamName ?? "")
      : p.tokenType === "organization"
        ? [...(p.authorizedPermissions ?? [])].sort().join(",")
        : (p.userLogin ?? p.runnerID ?? "");
  return JSON.stringify([p.decision, p.tokenType, who, p.rules?.event_name ?? null]);
}

function describePolicy(p: LivePolicy): string {
  const who =
    p.tokenType === "team"
      ? `team ${p.teamName ?? "(no team)"}`
      : p.tokenType === "organization"
        ? `organization token [${(p.authorizedPermissions ?? []).join(", ")}]`
        : `${p.tokenType} token ${p.userLogin ?? p.runnerID ?? ""}`.trim();
  return `${p.decision} ${who} when ${JSON.stringify(p.rules ?? {})}`;
}

const PINS = ["aud", "repository_id", "repository_owner_id"] as const;

function compareOidc(
  model: AccessModel,
  issuers: readonly LiveIssuer[],
  pinned: CompareOptions["pinnedIds"],
  add: Add,
): CompareResult["githubIds"] {
  const github = issuers.filter((i) => normUrl(i.url) === normUrl(GITHUB_ISSUER_URL));
  if (github.length === 0 && model.identities.length > 0)
    add({
      severity: "medium",
      code: "oidc-issuer-missing",
      subject: "oidc:github-actions",
      message: `no OIDC issuer for ${GITHUB_ISSUER_URL}: the pipelines cannot obtain tokens`,
    });

  // Wildcards (any issuer) and missing pins (GitHub issuer), on allow policies only: a deny
  // with a wildcard only denies more.
  const flagged = new Set<LivePolicy>();
  for (const issuer of issuers) {
    const isGithub = github.includes(issuer);
    issuer.policies.forEach((p, i) => {
      if (p.decision !== "allow") return;
      const subject = `oidc:${issuer.name}#${i}`;
      const wild = Object.entries(p.rules ?? {}).filter(([, v]) => /[*?]/.test(String(v)));
      if (wild.length) {
        flagged.add(p);
        add({
          severity: "high",
          code: "oidc-policy-wildcard",
          subject,
          message:
            `${describePolicy(p)}: ${wild.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(", ")} ` +
            "matches more than one context; pin exact values",
          live: p,
        });
        return;
      }
      const missing = isGithub ? PINS.filter((k) => !(p.rules ?? {})[k]) : [];
      if (missing.length) {
        flagged.add(p);
        add({
          severity: "high",
          code: "oidc-policy-unpinned",
          subject,
          message:
            `${describePolicy(p)} does not pin ${missing.join(", ")}: a job of another ` +
            "repository, owner or audience could obtain the token",
          live: p,
        });
      }
    });
  }
  if (github.length === 0) return { source: "unknown" };

  const issuer = github[0];
  const ids = resolveIds(model, issuer.policies, pinned);
  if (!ids.ids) {
    add({
      severity: "medium",
      code: "oidc-ids-unknown",
      subject: `oidc:${issuer.name}`,
      message:
        `the policies of ${issuer.name} were not compared with the config: ${ids.reason}. ` +
        "Pin github.ownerId and projects[].repositoryId in the config",
    });
    return { source: "unknown" };
  }
  let expected: LivePolicy[];
  try {
    expected = toProviderPolicies(buildOidcPolicies(model, ids.ids));
  } catch (e) {
    add({
      severity: "medium",
      code: "oidc-ids-unknown",
      subject: `oidc:${issuer.name}`,
      message: `the expected policies could not be built: ${(e as Error).message}`,
    });
    return { source: "unknown" };
  }
  add({
    severity: "info",
    code: "oidc-ids",
    subject: `oidc:${issuer.name}`,
    message:
      `policies compared with the config using GitHub owner id ${ids.ids.ownerId} and repository ` +
      `ids ${JSON.stringify(ids.ids.repositoryIds)} (from ${ids.source})`,
  });

  const remaining = new Map<number, LivePolicy>(expected.map((p, i) => [i, p]));
  const take = (match: (p: LivePolicy) => boolean): number | undefined => {
    for (const [i, p] of remaining)
      if (match(p)) {
        remaining.delete(i);
        return i;
      }
    return undefined;
  };
  const liveLeft: [number, LivePolicy][] = [];
  issuer.policies.forEach((p, i) => {
    if (flagged.has(p)) return;
    const c = canonical(p);
    if (take((e) => canonical(e) === c) === undefined) liveLeft.push([i, p]);
  });
  // A flagged policy replacing an expected one is reported once, as flagged.
  for (const p of issuer.policies.filter((x) => flagged.has(x)))
    take((e) => pairKey(e) === pairKey(p));
  const undeclared: [number, LivePolicy][] = [];
  for (const [i, p] of liveLeft) {
    const j = take((e) => pairKey(e) === pairKey(p));
    if (j === undefined) {
      undeclared.push([i, p]);
      continue;
    }
    const want = expected[j];
    const keys = [...new Set([...Object.keys(want.rules), ...Object.keys(p.rules ?? {})])].sort();
    const changes = keys
      .filter((k) => want.rules[k] !== (p.rules ?? {})[k])
      .map(
        (k) =>
          `${k}: ${JSON.stringify(want.rules[k] ?? null)} -> ${JSON.stringify((p.rules ?? {})[k] ?? null)}`,
      );
    const otherFields = canonical({ ...p, rules: {} }) !== canonical({ ...want, rules: {} });
    add({
      severity: p.decision === "allow" ? "high" : "medium",
      code: "oidc-policy-changed",
      subject: `oidc:${issuer.name}#${i}`,
      message:
        `${describePolicy(p)} differs from the declared policy: ` +
        [...changes, ...(otherFields ? ["token fields differ"] : [])].join("; "),
      declared: want,
      live: p,
    });
  }
  for (const [i, p] of undeclared)
    add({
      severity: p.decision === "allow" ? "high" : "low",
      code: "oidc-policy-undeclared",
      subject: `oidc:${issuer.name}#${i}`,
      message: `${describePolicy(p)} is not implied by the config`,
      live: p,
    });
  for (const [i, p] of remaining)
    add({
      severity: p.decision === "deny" ? "medium" : "low",
      code: "oidc-policy-missing",
      subject: `oidc:${issuer.name} expected#${i}`,
      message:
        `${describePolicy(p)} is missing` +
        (p.decision === "deny"
          ? ": that safety net is gone"
          : ": that pipeline cannot obtain its token"),
      declared: p,
    });
  return { source: ids.source, ids: ids.ids };
}

function resolveIds(
  model: AccessModel,
  policies: readonly LivePolicy[],
  pinned: CompareOptions["pinnedIds"],
): { ids?: GithubIds; source: CompareResult["githubIds"]["source"]; reason?: string } {
  const allows = policies.filter((p) => p.decision === "allow");
  const unique = (values: (string | undefined)[]): number | undefined => {
    const set = new Set(values.filter((v): v is string => !!v && /^\d+$/.test(v)));
    return set.size === 1 ? Number([...set][0]) : undefined;
  };
  let usedLive = false;
  let usedConfig = false;
  let ownerId = pinned?.ownerId;
  if (ownerId !== undefined) usedConfig = true;
  else {
    ownerId = unique(allows.map((p) => p.rules?.repository_owner_id));
    usedLive = true;
  }
  if (ownerId === undefined)
    return { source: "unknown", reason: "the live allow policies do not agree on one owner id" };
  const repositoryIds: Record<string, number> = {};
  for (const repo of [...new Set(model.identities.map((i) => i.repository))].sort()) {
    const pin = pinned?.repositoryIds[repo];
    if (pin !== undefined) {
      repositoryIds[repo] = pin;
      usedConfig = true;
      continue;
    }
    const mine = model.identities.filter((i) => i.repository === repo);
    const values = allows
      .filter((p) =>
        mine.some((i) =>
          i.tokenType === "team"
            ? p.tokenType === "team" && p.teamName === i.team
            : p.tokenType === "organization",
        ),
      )
      .map((p) => p.rules?.repository_id);
    const id = unique(values);
    if (id === undefined)
      return {
        source: "unknown",
        reason: `the live allow policies of repository ${repo}'s identities do not agree on one repository id`,
      };
    repositoryIds[repo] = id;
    usedLive = true;
  }
  return {
    ids: { ownerId, repositoryIds },
    source: usedConfig && usedLive ? "config+live" : usedConfig ? "config" : "live",
  };
}

// --- ESC definitions --------------------------------------------------------------------------

/** Key names (lower case, letters and digits only) that hold static cloud credentials. */
const CREDENTIAL_KEYS = new Set([
  // AWS
  "accesskeyid",
  "secretaccesskey",
  "sessiontoken",
  "awsaccesskeyid",
  "awssecretaccesskey",
  "awssessiontoken",
  "awsaccesskey",
  "awssecretkey",
  // Azure
  "clientsecret",
  "armclientsecret",
  "azureclientsecret",
  "azurenativeclientsecret",
  // Google Cloud
  "googlecredentials",
  "gcpcredentials",
  "googlecloudkeyfilejson",
  "googleapplicationcredentialsjson",
]);
const AWS_ACCESS_KEY = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
/** A value that is only interpolations (`${aws.login.accessKeyId}`) is not a static secret. */
const ONLY_INTERPOLATION = /^(?:\$\{[^}]+\}\s*)+$/;

/** Paths in an environment definition that hold static cloud credentials. */
export function staticCredentialPaths(yamlText: string): string[] | "unreadable" {
  const doc = parseDocument(yamlText);
  if (doc.errors.length) return "unreadable";
  const out: string[] = [];
  const isStatic = (node: unknown): boolean => {
    if (isScalar(node)) {
      if (node.value === null || node.value === undefined || node.value === "") return false;
      return !(typeof node.value === "string" && ONLY_INTERPOLATION.test(node.value.trim()));
    }
    // `fn::secret: <ciphertext or plaintext>` (or any other literal structure) is static.
    if (isMap(node))
      return node.items.some(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value).startsWith("fn::secret"),
      );
    return false;
  };
  const walk = (node: unknown, path: string) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const here = path ? `${path}.${key}` : key;
        if (
          CREDENTIAL_KEYS.has(key.toLowerCase().replace(/[^a-z0-9]/g, "")) &&
          isStatic(pair.value)
        )
          out.push(here);
        else walk(pair.value, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (isScalar(node) && typeof node.value === "string" && AWS_ACCESS_KEY.test(node.value))
      out.push(path);
  };
  walk(doc.contents as Node | null, "");
  return out;
}

function compareDefinitions(
  definitions: NonNullable<LiveSnapshot["definitions"]>,
  res: Resources,
  add: Add,
): void {
  for (const d of definitions) {
    const key = stackKey(d.project, d.name);
    if (!isProtected(res, "environment", key)) continue;
    const paths = staticCredentialPaths(d.yaml);
    if (paths === "unreadable")
      add({
        severity: "low",
        code: "esc-definition-unreadable",
        subject: `environment:${key}`,
        message: `the definition of ${key} is not valid YAML, so it was not checked for static credentials`,
      });
    else if (paths.length)
      add({
        severity: "high",
        code: "esc-static-credentials",
        subject: `environment:${key}`,
        message:
          `protected environment ${key} holds static cloud credentials at ${paths.join(", ")}: ` +
          "use an OIDC login instead (fn::open::aws-login with oidc, fn::open::azure-login with " +
          "oidc: true, fn::open::gcp-login with oidc) so no long-lived key exists",
        live: paths,
      });
  }
}

// --- Audit log --------------------------------------------------------------------------------

/** Normalizes an event id or display name: "Environment Open" -> "environment-open". */
export const normalizeEvent = (e: string) => e.trim().toLowerCase().replace(/\s+/g, "-");

/**
 * Events that decrypt a protected environment's secrets (`environment-read-open` reads values of a
 * session already counted by its open).
 */
export const OPEN_EVENTS = new Set([
  "environment-open",
  "environment-revision-tag-open",
  "environment-draft-open",
  "environment-decrypted",
]);
export const UPDATE_EVENTS = new Set(["stack-update-started"]);

/** The `project/name` a description names, among `candidates` (quoted or bare). */
function targetOf(description: string, candidates: ReadonlySet<string>): string | undefined {
  const tokens = [
    ...[...description.matchAll(/"([^"]+)"/g)].map((m) => m[1]),
    ...description.split(/[\s"'(),]+/),
  ];
  for (const t of tokens) {
    const parts = t.split("/").filter(Boolean);
    if (parts.length < 2) continue;
    const key = parts.slice(-2).join("/");
    if (candidates.has(key)) return key;
  }
  return undefined;
}

interface Actor {
  kind: ActorKind;
  /** team name, org name, login, or a description. */
  name: string;
}

/**
 * Who did it. A login that is a member of some team is a human, whatever the token's name (a
 * token's name is chosen by its creator, so it is never trusted). Otherwise the service-set
 * `actorName`/`actorUrn` (and the user fields) name a machine team, the organization (an
 * organization token) or Pulumi Deployments. ⚠️ How the live service fills these fields for team
 * and organization tokens is not documented; see the reference.
 */
function actorOf(model: AccessModel, e: LiveAuditEvent, humans: ReadonlySet<string>): Actor {
  const login = e.user?.githubLogin?.trim();
  if (login && humans.has(login)) return { kind: "human", name: login };
  const machineTeams = new Set(model.teams.filter((t) => t.kind === "machine").map((t) => t.name));
  const names = [e.actorName, e.actorUrn?.split(/[:/]/).pop(), login, e.user?.name]
    .filter((x): x is string => !!x && x.trim() !== "")
    .map((x) => x.trim().replace(/^(?:team|organization|org):/i, ""));
  for (const n of names) if (machineTeams.has(n)) return { kind: "team-token", name: n };
  if (/deployment/i.test(`${e.actorName ?? ""} ${e.actorUrn ?? ""}`))
    return { kind: "deployments", name: e.actorName || "pulumi-deployments" };
  for (const n of names)
    if (n === model.organization) return { kind: "organization-token", name: n };
  if (login) return { kind: "human", name: login };
  return { kind: "unknown", name: e.actorName || e.tokenName || "(unknown actor)" };
}

function reviewAuditLog(
  model: AccessModel,
  live: LiveSnapshot,
  res: Resources,
  add: Add,
): ActivityRow[] {
  const log = live.auditLog as NonNullable<LiveSnapshot["auditLog"]>;
  const protectedEnvs = new Set([...res.envs].filter(([, v]) => v.protected).map(([k]) => k));
  const protectedStacks = new Set([...res.stacks].filter(([, v]) => v.protected).map(([k]) => k));
  for (const e of live.environments ?? []) {
    const k = stackKey(e.project, e.name);
    if (isProtected(res, "environment", k)) protectedEnvs.add(k);
  }
  for (const s of live.stacks ?? []) {
    const k = stackKey(s.project, s.stack);
    if (isProtected(res, "stack", k)) protectedStacks.add(k);
  }
  const humans = new Set<string>([
    ...model.teams.flatMap((t) => t.members),
    ...(live.teams ?? []).flatMap((t) => t.members),
  ]);

  const envGrant = (team: string, env: string) =>
    model.grants.find(
      (g) => g.team === team && stackKey(g.environment.project, g.environment.name) === env,
    );
  const stackOf = (key: string) => model.stacks.find((s) => stackKey(s.project, s.stack) === key);
  const bootstrapStacks = new Set(
    model.pipelines.filter((p) => p.bootstrap).map((p) => stackKey(p.project, p.stack)),
  );
  const bootstrapEnvs = new Set(
    model.pipelines
      .filter((p) => p.bootstrap)
      .map((p) => stackKey(p.environment.project, p.environment.name)),
  );
  const breakGlassFor = (login: string, env: string) =>
    model.teams.some(
      (t) =>
        t.kind === "human" &&
        t.members.includes(login) &&
        envGrant(t.name, env)?.breakGlass !== undefined &&
        ENV_RANK[envGrant(t.name, env)?.environmentPermission ?? "none"] >= ENV_RANK.open,
    );

  const rows = new Map<string, { -readonly [K in keyof ActivityRow]: ActivityRow[K] }>();
  const record = (
    kind: ActivityRow["kind"],
    target: string,
    actor: Actor,
    verdict: ActivityRow["verdict"],
    at: number,
  ) => {
    const k = JSON.stringify([kind, target, actor.kind, actor.name, verdict]);
    const iso = new Date(at * 1000).toISOString();
    const row = rows.get(k);
    if (!row)
      rows.set(k, {
        kind,
        target,
        actor: actor.name,
        actorKind: actor.kind,
        count: 1,
        first: iso,
        last: iso,
        verdict,
      });
    else {
      row.count++;
      if (iso < row.first) row.first = iso;
      if (iso > row.last) row.last = iso;
    }
  };

  for (const e of log.events) {
    if (e.timestamp < log.from || e.timestamp > log.to) continue;
    const id = normalizeEvent(e.event);
    if (OPEN_EVENTS.has(id)) {
      const env = targetOf(e.description, protectedEnvs);
      if (!env) continue;
      const actor = actorOf(model, e, humans);
      let verdict: ActivityRow["verdict"] = "violation";
      if (actor.kind === "team-token") {
        if (ENV_RANK[envGrant(actor.name, env)?.environmentPermission ?? "none"] >= ENV_RANK.open)
          verdict = "pipeline";
      } else if (actor.kind === "organization-token") {
        if (bootstrapEnvs.has(env)) verdict = "pipeline";
      } else if (actor.kind === "deployments") {
        if (
          model.stacks.some(
            (s) =>
              s.mode === "pulumi-deployments" &&
              stackKey(s.environment.project, s.environment.name) === env,
          )
        )
          verdict = "pipeline";
      } else if (actor.kind === "human" && breakGlassFor(actor.name, env)) verdict = "break-glass";
      record("environment-open", env, actor, verdict, e.timestamp);
    } else if (UPDATE_EVENTS.has(id)) {
      const stack = targetOf(e.description, protectedStacks);
      if (!stack) continue;
      const actor = actorOf(model, e, humans);
      const spec = stackOf(stack);
      let verdict: ActivityRow["verdict"] = "violation";
      if (actor.kind === "team-token") {
        const g = model.grants.find(
          (x) =>
            x.team === actor.name &&
            x.identity === "machine" &&
            stackKey(x.project, x.stack) === stack,
        );
        if (g && STACK_RANK[g.stackPermission] >= STACK_RANK.write) verdict = "pipeline";
      } else if (actor.kind === "organization-token") {
        if (bootstrapStacks.has(stack)) verdict = "pipeline";
      } else if (actor.kind === "deployments") {
        if (spec?.mode === "pulumi-deployments") verdict = "pipeline";
      }
      record("stack-update", stack, actor, verdict, e.timestamp);
    }
  }

  const activity = [...rows.values()].sort(
    (a, b) => cmp(a.kind, b.kind) || cmp(a.target, b.target) || cmp(a.actor, b.actor),
  );
  const days = Math.round((log.to - log.from) / 86400);
  for (const r of activity) {
    const times = `${r.count} time${r.count === 1 ? "" : "s"} in the last ${days} day${days === 1 ? "" : "s"} (last ${r.last})`;
    const who = `${r.actorKind === "human" ? "" : `${r.actorKind} `}${r.actor}`;
    if (r.kind === "environment-open") {
      const subject = `actor:${r.actor} environment:${r.target}`;
      if (r.verdict === "pipeline")
        add({
          severity: "info",
          code: "environment-open-pipeline",
          subject,
          message: `${who} opened protected environment ${r.target} ${times}`,
        });
      else if (r.verdict === "break-glass")
        add({
          severity: "medium",
          code: "environment-open-break-glass",
          subject,
          message: `break-glass used: ${who} opened protected environment ${r.target} ${times}; check it matches a declared incident`,
        });
      else
        add({
          severity: "high",
          code: "environment-open-human",
          subject,
          message: `${who} opened protected environment ${r.target} ${times} without a declared break-glass grant`,
        });
    } else {
      const subject = `actor:${r.actor} stack:${r.target}`;
      if (r.verdict === "pipeline")
        add({
          severity: "info",
          code: "protected-update-pipeline",
          subject,
          message: `${who} updated protected stack ${r.target} ${times}`,
        });
      else
        add({
          severity: "high",
          code: "protected-update-outside-pipeline",
          subject,
          message: `${who} updated protected stack ${r.target} ${times}, outside its pipeline's identity`,
        });
    }
  }
  return activity;
}

// ---------------------------------------------------------------------------------------------
// The organization the model implies
// ---------------------------------------------------------------------------------------------

/** A protected environment definition with no static credentials: an OIDC login. */
export function cleanDefinitionYaml(project: string, name: string): string {
  return [
    `# ${project}/${name}`,
    "values:",
    "  aws:",
    "    login:",
    "      fn::open::aws-login:",
    "        oidc:",
    `          roleArn: arn:aws:iam::123456789012:role/${project}-${name}-deploy`,
    `          sessionName: pulumi-${project}-${name}`,
    "  environmentVariables:",
    "    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}",
    "    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}",
    "    AWS_SESSION_TOKEN: ${aws.login.sessionToken}",
    "  pulumiConfig:",
    "    aws:region: us-east-1",
    "",
  ].join("\n");
}

/**
 * The live snapshot an organization exactly as the model declares it would give: every declared
 * team with its members (plus the deployer, which Pulumi Cloud adds) and grants, the declared
 * stacks and environments (protected ones with OIDC-only definitions), the org defaults and the
 * GitHub issuer with `buildOidcPolicies(model, ids)`. The audit log is empty. Tests mutate it.
 */
export function impliedSnapshot(
  model: AccessModel,
  ids: GithubIds,
  opts: { deployer?: string; now?: number; days?: number } = {},
): LiveSnapshot {
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  const teams: LiveTeam[] = model.teams.map((t) => {
    const grants = model.grants.filter((g) => g.team === t.name);
    return {
      name: t.name,
      kind: "pulumi",
      members: [...new Set([...t.members, ...(opts.deployer ? [opts.deployer] : [])])].sort(),
      stacks: grants
        .filter((g) => g.stackPermission !== "none")
        .map((g) => ({
          project: g.project,
          stack: g.stack,
          permission: STACK_PERMISSION_NUMBER[g.stackPermission],
        })),
      environments: grants
        .filter((g) => g.environmentPermission !== "none")
        .map((g) => ({
          project: g.environment.project,
          name: g.environment.name,
          permission: g.environmentPermission,
          ...(g.maxOpenDuration ? { maxOpenDuration: goDuration(g.maxOpenDuration) } : {}),
        })),
    };
  });
  const envs = [
    ...new Map(
      model.stacks.map((s) => [stackKey(s.environment.project, s.environment.name), s]),
    ).values(),
  ];
  return {
    organization: model.organization,
    defaults: {
      defaultStackPermission: STACK_PERMISSION_NUMBER[model.defaults.stackPermission],
      defaultEnvironmentPermission: model.defaults.environmentPermission,
      membersCanCreateStacks: model.defaults.membersCanCreateStacks,
      membersCanDeleteStacks: model.defaults.membersCanDeleteStacks,
      membersCanCreateTeams: model.defaults.membersCanCreateTeams,
      maxAccessTokenExpiryDays: model.defaults.maxAccessTokenExpiryDays ?? null,
    },
    teams,
    stacks: model.stacks.map((s) => ({ project: s.project, stack: s.stack })),
    environments: envs.map((s) => ({ project: s.environment.project, name: s.environment.name })),
    definitions: envs
      .filter((s) => s.protected)
      .map((s) => ({
        project: s.environment.project,
        name: s.environment.name,
        yaml: cleanDefinitionYaml(s.environment.project, s.environment.name),
      })),
    oidcIssuers: [
      {
        id: "4f3d2a1b-0000-4000-8000-000000000001",
        name: "github-actions",
        url: GITHUB_ISSUER_URL,
        policies: toProviderPolicies(buildOidcPolicies(model, ids)),
      },
    ],
    auditLog: { from: now - (opts.days ?? 7) * 86400, to: now, events: [] },
    notCovered: [],
  };
}
