/**
 * The audit log review: who opened protected environments, and who updated protected stacks
 * outside the pipelines' identities; humans' opens of other environments are reported as info. Events are grouped into activity rows (one per kind, target,
 * actor and verdict), each reported as one finding.
 */
import { AccessModel, ENV_RANK, STACK_RANK } from "../../model/access";
import { cmp, stackKey } from "./helpers";
import { isProtected, Resources } from "./resources";
import { ActivityRow, ActorKind, Add, AuditFinding, LiveAuditEvent, LiveSnapshot } from "./types";

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
export function targetOf(description: string, candidates: ReadonlySet<string>): string | undefined {
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

/** What the review knows of the model and the live organization. */
interface Review {
  readonly model: AccessModel;
  /** Protected environments and stacks by `project/name`: declared, or named like a protected tier. */
  readonly protectedEnvs: ReadonlySet<string>;
  readonly protectedStacks: ReadonlySet<string>;
  /** Every other known environment (declared or live), with its tier when it has one. */
  readonly otherEnvs: ReadonlyMap<string, string | undefined>;
  /** Logins of declared and live team members. */
  readonly humans: ReadonlySet<string>;
  /** The bootstrap pipelines' stacks and environments (deployed with an organization token). */
  readonly bootstrapStacks: ReadonlySet<string>;
  readonly bootstrapEnvs: ReadonlySet<string>;
}

function reviewOf(model: AccessModel, live: LiveSnapshot, res: Resources): Review {
  const protectedEnvs = new Set([...res.envs].filter(([, v]) => v.protected).map(([k]) => k));
  const protectedStacks = new Set([...res.stacks].filter(([, v]) => v.protected).map(([k]) => k));
  for (const e of live.environments ?? []) {
    const k = stackKey(e.project, e.name);
    // Break-glass environments' opens are checked against their requests (./breakGlass.ts).
    if (isProtected(res, "environment", k) && !res.breakGlassEnvs.has(k)) protectedEnvs.add(k);
  }
  for (const s of live.stacks ?? []) {
    const k = stackKey(s.project, s.stack);
    if (isProtected(res, "stack", k)) protectedStacks.add(k);
  }
  const otherEnvs = new Map<string, string | undefined>();
  for (const [k, v] of res.envs) if (!v.protected) otherEnvs.set(k, v.tier);
  for (const e of live.environments ?? []) {
    const k = stackKey(e.project, e.name);
    if (!protectedEnvs.has(k) && !otherEnvs.has(k) && !res.breakGlassEnvs.has(k))
      otherEnvs.set(k, res.tierOfEnv.get(e.name));
  }
  // The organization's own name on a live team is the bootstrap pipeline's organization token
  // (what it reports as its user, added to the teams it creates: ./teams.ts `resolveDeployer`),
  // not a person; declared, it is a person's login like any other.
  const humans = new Set<string>([
    ...model.teams.flatMap((t) => t.members),
    ...(live.teams ?? []).flatMap((t) => t.members).filter((m) => m !== model.organization),
  ]);
  const bootstrap = model.pipelines.filter((p) => p.bootstrap);
  return {
    model,
    protectedEnvs,
    protectedStacks,
    otherEnvs,
    humans,
    bootstrapStacks: new Set(bootstrap.map((p) => stackKey(p.project, p.stack))),
    bootstrapEnvs: new Set(
      bootstrap.map((p) => stackKey(p.environment.project, p.environment.name)),
    ),
  };
}

const envGrant = (model: AccessModel, team: string, env: string) =>
  model.grants.find(
    (g) => g.team === team && stackKey(g.environment.project, g.environment.name) === env,
  );

/** Whether a login is on a human team with a declared break-glass open grant on `env`. */
const breakGlassFor = (model: AccessModel, login: string, env: string) =>
  model.teams.some(
    (t) =>
      t.kind === "human" &&
      t.members.includes(login) &&
      envGrant(model, t.name, env)?.breakGlass !== undefined &&
      ENV_RANK[envGrant(model, t.name, env)?.environmentPermission ?? "none"] >= ENV_RANK.open,
  );

/** An open of a protected environment: by its pipeline's identity, under break-glass, or not. */
function openVerdict(r: Review, actor: Actor, env: string): ActivityRow["verdict"] {
  const { model } = r;
  if (actor.kind === "team-token") {
    if (
      ENV_RANK[envGrant(model, actor.name, env)?.environmentPermission ?? "none"] >= ENV_RANK.open
    )
      return "pipeline";
  } else if (actor.kind === "organization-token") {
    if (r.bootstrapEnvs.has(env)) return "pipeline";
  } else if (actor.kind === "deployments") {
    if (
      model.stacks.some(
        (s) =>
          s.mode === "pulumi-deployments" &&
          stackKey(s.environment.project, s.environment.name) === env,
      )
    )
      return "pipeline";
  } else if (actor.kind === "human" && breakGlassFor(model, actor.name, env)) return "break-glass";
  return "violation";
}

/** An update of a protected stack: by its pipeline's identity or not. */
function updateVerdict(r: Review, actor: Actor, stack: string): ActivityRow["verdict"] {
  const { model } = r;
  if (actor.kind === "team-token") {
    const g = model.grants.find(
      (x) =>
        x.team === actor.name && x.identity === "machine" && stackKey(x.project, x.stack) === stack,
    );
    if (g && STACK_RANK[g.stackPermission] >= STACK_RANK.write) return "pipeline";
  } else if (actor.kind === "organization-token") {
    if (r.bootstrapStacks.has(stack)) return "pipeline";
  } else if (actor.kind === "deployments") {
    const spec = model.stacks.find((s) => stackKey(s.project, s.stack) === stack);
    if (spec?.mode === "pulumi-deployments") return "pipeline";
  }
  return "violation";
}

type Row = { -readonly [K in keyof ActivityRow]: ActivityRow[K] };

/** Counts one event into its activity row. */
function record(
  rows: Map<string, Row>,
  kind: ActivityRow["kind"],
  target: string,
  actor: Actor,
  verdict: ActivityRow["verdict"],
  at: number,
): void {
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
}

/** Reviews the audit log's events in its window; returns the activity rows (also as findings). */
export function reviewAuditLog(
  model: AccessModel,
  live: LiveSnapshot,
  res: Resources,
  add: Add,
): ActivityRow[] {
  const log = live.auditLog as NonNullable<LiveSnapshot["auditLog"]>;
  const r = reviewOf(model, live, res);
  const rows = new Map<string, Row>();
  const others = new Map<string, Row>();
  for (const e of log.events) {
    if (e.timestamp < log.from || e.timestamp > log.to) continue;
    const id = normalizeEvent(e.event);
    if (OPEN_EVENTS.has(id)) {
      const env = targetOf(e.description, r.protectedEnvs);
      const actor = actorOf(model, e, r.humans);
      if (env)
        record(rows, "environment-open", env, actor, openVerdict(r, actor, env), e.timestamp);
      const other = env ? undefined : targetOf(e.description, new Set(r.otherEnvs.keys()));
      // Humans only: a pipeline opening its own unprotected environment is its job.
      if (other && actor.kind === "human")
        record(others, "environment-open", other, actor, "violation", e.timestamp);
    } else if (UPDATE_EVENTS.has(id)) {
      const stack = targetOf(e.description, r.protectedStacks);
      if (!stack) continue;
      const actor = actorOf(model, e, r.humans);
      record(rows, "stack-update", stack, actor, updateVerdict(r, actor, stack), e.timestamp);
    }
  }
  const activity = [...rows.values()].sort(
    (a, b) => cmp(a.kind, b.kind) || cmp(a.target, b.target) || cmp(a.actor, b.actor),
  );
  const days = Math.round((log.to - log.from) / 86400);
  for (const row of activity) add(activityFinding(row, days));
  for (const row of [...others.values()].sort(
    (a, b) => cmp(a.target, b.target) || cmp(a.actor, b.actor),
  ))
    add(unprotectedOpenFinding(row, r.otherEnvs.get(row.target), days));
  return activity;
}

/** A human's opens of an environment outside the protected tiers: allowed, reported for review. */
function unprotectedOpenFinding(r: Row, tier: string | undefined, days: number): AuditFinding {
  return {
    severity: "info",
    code: "environment-open-unprotected",
    subject: `actor:${r.actor} environment:${r.target}`,
    message:
      `${r.actor} opened environment ${r.target} (${tier ? `tier ${tier}, ` : ""}not protected) ` +
      `${r.count} time${r.count === 1 ? "" : "s"} in the last ${days} day${days === 1 ? "" : "s"} ` +
      `(last ${r.last})`,
  };
}

/** The finding of one activity row. */
function activityFinding(r: ActivityRow, days: number): AuditFinding {
  const times = `${r.count} time${r.count === 1 ? "" : "s"} in the last ${days} day${days === 1 ? "" : "s"} (last ${r.last})`;
  const who = `${r.actorKind === "human" ? "" : `${r.actorKind} `}${r.actor}`;
  if (r.kind === "environment-open") {
    const subject = `actor:${r.actor} environment:${r.target}`;
    if (r.verdict === "pipeline")
      return {
        severity: "info",
        code: "environment-open-pipeline",
        subject,
        message: `${who} opened protected environment ${r.target} ${times}`,
      };
    if (r.verdict === "break-glass")
      return {
        severity: "medium",
        code: "environment-open-break-glass",
        subject,
        message: `break-glass used: ${who} opened protected environment ${r.target} ${times}; check it matches a declared incident`,
      };
    return {
      severity: "high",
      code: "environment-open-human",
      subject,
      message: `${who} opened protected environment ${r.target} ${times} without a declared break-glass grant`,
    };
  }
  const subject = `actor:${r.actor} stack:${r.target}`;
  if (r.verdict === "pipeline")
    return {
      severity: "info",
      code: "protected-update-pipeline",
      subject,
      message: `${who} updated protected stack ${r.target} ${times}`,
    };
  return {
    severity: "high",
    code: "protected-update-outside-pipeline",
    subject,
    message: `${who} updated protected stack ${r.target} ${times}, outside its pipeline's identity`,
  };
}
