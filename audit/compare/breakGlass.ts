/**
 * Break-glass approved per use (issue 28), live against declared:
 * - each break-glass environment keeps its open gate, with at least the declared approvals, no
 *   self-approval, and no eligible approver beyond the declared teams (else high drift);
 * - no open gate on a tier environment a pipeline opens (it would stop every deploy);
 * - each open request of a break-glass environment in the period (who, when, approved by whom, for
 *   how long), an approval by the requester or by someone outside the approver teams (high), a
 *   request asking for a grant or access longer than the declared maxDuration (the gate bounds
 *   neither; high once approved);
 * - each human open of a break-glass environment without an approval of that user's request in
 *   the declared duration before it (high); an approval that does not count (above) is no approval. Requests and approvals are not audit log events, so
 *   they are read from the change requests and their events (docs/assumptions.md).
 */
import { AccessModel, BreakGlassSpec } from "../../model/access";
import { stackKey } from "./helpers";
import { normalizeEvent, OPEN_EVENTS, targetOf } from "./auditLog";
import { qualify, readEscDocument } from "./escDocument";
import { Add, LiveAuditEvent, LiveBreakGlass, LiveSnapshot } from "./types";

const envKey = (e: { project: string; name: string }) => stackKey(e.project, e.name);

/** Compares gates, requests and opens; returns one row per request for the report. */
export function compareBreakGlass(
  model: AccessModel,
  live: LiveBreakGlass,
  log: { from: number; to: number; events: readonly LiveAuditEvent[] } | undefined,
  add: Add,
  definitions?: LiveSnapshot["definitions"],
): BreakGlassRequestRow[] {
  for (const spec of model.breakGlass) checkGate(spec, live, model, add);
  for (const s of model.stacks) {
    if (!s.protected || s.mode === "direct") continue;
    const key = envKey(s.environment);
    for (const g of live.gates.get(key) ?? [])
      if (g.enabled && g.target.actionTypes.includes("open"))
        add({
          severity: "high",
          code: "gate-blocks-pipeline",
          subject: `environment:${key}`,
          message: `open gate "${g.name}" on ${key}, which the ${s.mode} pipeline opens: a gated open without an approved request fails, so every deploy stops. Gate the break-glass environment instead`,
        });
  }
  const rows = requestRows(model, live, add);
  if (log) checkOpens(model, rows, log, add);
  if (definitions) checkImports(model, definitions, add);
  return rows;
}

/**
 * Import routes around or into a gate, from the definitions the audit read (protected tier and
 * break-glass environments): a protected environment that imports a break-glass environment (its
 * pipeline's open would need an approved request: the spec creates requests "for each imported
 * environment that has open gates"), and what a break-glass environment imports (an approved open
 * reveals it too; whether the opener also needs open on it is not settled, docs/assumptions.md).
 */
function checkImports(
  model: AccessModel,
  definitions: NonNullable<LiveSnapshot["definitions"]>,
  add: Add,
): void {
  const bg = new Map(model.breakGlass.map((b) => [envKey(b.environment), b]));
  const bootstrap = new Set(
    model.pipelines.filter((p) => p.bootstrap).map((p) => envKey(p.environment)),
  );
  for (const d of definitions) {
    const key = stackKey(d.project, d.name);
    const doc = readEscDocument(d.yaml);
    if (doc === "unreadable") continue;
    // As ESC resolves them (unqualified: the default project), explicit and implicit alike.
    const full = [...new Set(doc.imports.map((i) => qualify(i.name)))];
    const spec = bg.get(key);
    if (!spec) {
      for (const i of full.filter((x) => bg.has(x)))
        add({
          severity: "high",
          code: "gate-blocks-pipeline",
          subject: `environment:${key}`,
          message: `protected environment ${key} imports break-glass environment ${i}: its open gate then applies to the pipeline's opens of ${key} too, so deploys stop (or wait on a break-glass approval). Remove the import`,
        });
      continue;
    }
    if (!full.length) continue;
    const toBootstrap = full.filter((x) => bootstrap.has(x));
    add({
      severity: toBootstrap.length ? "high" : "medium",
      code: "break-glass-env-imports",
      subject: `environment:${key}`,
      message: `break-glass environment ${key} imports ${full.join(", ")}: each approved open (${spec.source}) reveals ${full.length > 1 ? "them" : "it"} too${toBootstrap.length ? `, including the bootstrap's ${toBootstrap.join(", ")} (the GitHub App key)` : ""}. Keep its definition its own, or make sure the approvers know what they approve`,
      live: full,
    });
  }
}

function checkGate(spec: BreakGlassSpec, live: LiveBreakGlass, model: AccessModel, add: Add) {
  const key = envKey(spec.environment);
  const subject = `environment:${key}`;
  const gates = (live.gates.get(key) ?? []).filter(
    (g) => g.enabled && g.target.actionTypes.includes("open"),
  );
  if (!gates.length) {
    add({
      severity: "high",
      code: "break-glass-gate-missing",
      subject,
      message: `break-glass environment ${key} has no enabled open gate: whoever holds open on it opens it without approval (${spec.source})`,
      declared: `open gate, ${spec.requiredApprovals} approval(s) by ${spec.approvers.join(", ")}`,
      live: "none",
    });
    return;
  }
  const declaredTeams = new Set(spec.approvers);
  const humanTeams = new Set(model.teams.map((t) => t.name));
  // A request applies only once every applicable gate is satisfied (the spec's
  // ChangeRequestGateEvaluation.satisfied: "Indicates if all applicable gates are satisfied and the
  // change request is ready for application"), so one sound gate bounds every open, provided it
  // applies to them: enabled, action open, on this environment (the filter above). Only then.
  const problems = gates.map((g) => {
    const p: string[] = [];
    if ((g.rule.numApprovalsRequired ?? 0) < spec.requiredApprovals)
      p.push(
        `${g.rule.numApprovalsRequired ?? 0} approval(s) required, declared ${spec.requiredApprovals}`,
      );
    if (g.rule.allowSelfApproval !== false) p.push("self-approval allowed");
    // Declared true (model/access/breakGlass.ts gateRequest): an approval must not outlive a
    // change of the environment (an import added after the approval).
    if (g.rule.requireReapprovalOnChange !== true) p.push("re-approval on change not required");
    for (const a of g.rule.eligibleApprovers ?? [])
      if (a.eligibilityType !== "team_member" || !declaredTeams.has(a.name ?? ""))
        p.push(
          `eligible approver ${a.eligibilityType}:${a.name ?? a.user?.githubLogin ?? a.permission ?? ""} is not a declared approver team` +
            (a.name && !humanTeams.has(a.name) ? " (nor a declared team)" : ""),
        );
    if (!(g.rule.eligibleApprovers ?? []).length) p.push("no eligible approver listed");
    return { g, p };
  });
  if (problems.some((x) => x.p.length === 0)) return;
  for (const { g, p } of problems)
    add({
      severity: "high",
      code: "break-glass-gate-weakened",
      subject,
      message: `open gate "${g.name}" on break-glass environment ${key} is weaker than declared (${spec.source}): ${p.join("; ")}`,
      declared: `${spec.requiredApprovals} approval(s), no self-approval, approvers ${spec.approvers.join(", ")}`,
      live: p.join("; "),
    });
}

/**
 * An approval of a request (`approved_by_user`), and when it stopped counting: withdrawn by its
 * approver (`unapproved_by_user`: "logged when a user withdraws their approval"), or superseded by
 * a revision added after it (`revision_added`), since the declared gate requires re-approval on
 * change (`requireReapprovalOnChange: true`, model/access/breakGlass.ts).
 */
export interface Approval {
  readonly by: string;
  readonly at: string;
  /** When it stopped counting; absent while it stands. */
  readonly until?: string;
  readonly ended?: "withdrawn" | "superseded by a revision";
}

const time = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

/** Each approval of a request with the time it stopped counting (events in any order). */
export function standingApprovals(
  events: readonly {
    eventType: string;
    createdAt: string;
    createdBy: { githubLogin: string };
  }[],
): Approval[] {
  const sorted = [...events].sort((a, b) => time(a.createdAt) - time(b.createdAt));
  return sorted.flatMap((e, i) => {
    if (e.eventType !== "approved_by_user") return [];
    const by = e.createdBy.githubLogin;
    const end = sorted
      .slice(i + 1)
      .find(
        (x) =>
          x.eventType === "revision_added" ||
          (x.eventType === "unapproved_by_user" &&
            x.createdBy.githubLogin.toLowerCase() === by.toLowerCase()),
      );
    return [
      end
        ? {
            by,
            at: e.createdAt,
            until: end.createdAt,
            ended:
              end.eventType === "revision_added"
                ? ("superseded by a revision" as const)
                : ("withdrawn" as const),
          }
        : { by, at: e.createdAt },
    ];
  });
}

/** One open request of a break-glass environment, as the audit reports it. */
export interface BreakGlassRequestRow {
  readonly id: string;
  readonly environment: string;
  readonly requester: string;
  readonly requestedAt: string;
  readonly status: string;
  readonly description: string;
  readonly approvals: readonly Approval[];
  /** The approvals that count: by a member of an approver team, not the requester nor a member of the requesting team. */
  readonly validApprovals: readonly Approval[];
  /** The declared bound on the grant. */
  readonly maxDuration?: string;
  /** What the request asked for (ReadOpenEnvironmentRequest), when read. */
  readonly accessDurationSeconds?: number;
  readonly grantExpirationSeconds?: number;
}

function requestRows(model: AccessModel, live: LiveBreakGlass, add: Add): BreakGlassRequestRow[] {
  const specs = new Map(model.breakGlass.map((b) => [envKey(b.environment), b]));
  const members = new Map(model.teams.map((t) => [t.name, new Set(t.members)]));
  const rows: BreakGlassRequestRow[] = [];
  for (const r of live.requests) {
    if (r.action !== "open" || r.entity.entityType !== "environment") continue;
    const key = stackKey(r.entity.project ?? "", r.entity.name ?? "");
    const spec = specs.get(key);
    if (!spec) continue;
    const approvals = standingApprovals(live.events.get(r.id) ?? []);
    const requester = r.createdBy.githubLogin;
    const requesterTeams = spec.requesters.filter((t) => members.get(t)?.has(requester));
    const why = (by: string) =>
      by === requester
        ? "the requester"
        : requesterTeams.some((t) => members.get(t)?.has(by))
          ? "a member of the requesting team"
          : spec.approvers.some((t) => members.get(t)?.has(by))
            ? undefined
            : "who is in no declared approver team";
    const asked = live.durations?.get(r.id);
    const row: BreakGlassRequestRow = {
      id: r.id,
      environment: key,
      requester,
      requestedAt: r.createdAt,
      status: r.status,
      description: r.description,
      approvals,
      validApprovals: approvals.filter((a) => why(a.by) === undefined),
      maxDuration: spec.maxDuration,
      accessDurationSeconds: asked?.accessDurationSeconds,
      grantExpirationSeconds: asked?.grantExpirationSeconds,
    };
    rows.push(row);
    const by =
      approvals
        .map((a) => `${a.by} at ${a.at}${a.until ? ` (${a.ended} at ${a.until})` : ""}`)
        .join(", ") || "nobody yet";
    const long = asked
      ? `, asked for ${asked.accessDurationSeconds}s of access within a grant of ${asked.grantExpirationSeconds}s`
      : "";
    add({
      severity: "info",
      code: "break-glass-request",
      subject: `actor:${requester} environment:${key}`,
      message: `break-glass request ${r.id} on ${key} by ${requester} at ${r.createdAt} (${r.status}), approved by ${by}${long}; declared at most ${spec.maxDuration}: ${r.description}`,
    });
    for (const a of approvals) {
      const bad = why(a.by);
      if (bad)
        add({
          severity: "high",
          code: "break-glass-approval-invalid",
          subject: `actor:${a.by} environment:${key}`,
          message: `break-glass request ${r.id} by ${requester} on ${key} was approved by ${a.by} at ${a.at}, ${bad} (${spec.source})`,
        });
    }
    const over = asked
      ? [
          ["access", asked.accessDurationSeconds],
          ["grant expiry", asked.grantExpirationSeconds],
        ].filter(([, v]) => !(Number(v) > 0 && Number(v) <= spec.maxDurationSeconds))
      : [];
    if (over.length)
      add({
        severity: approvals.length ? "high" : "medium",
        code: "break-glass-request-too-long",
        subject: `actor:${requester} environment:${key}`,
        message: `break-glass request ${r.id} by ${requester} on ${key} asked for ${over.map(([k, v]) => `${k} ${v}s`).join(" and ")}, over the declared ${spec.maxDuration} (${spec.maxDurationSeconds}s; ${spec.source})${approvals.length ? ", and was approved" : ""}: the gate does not bound the grant, the approver must refuse it`,
        declared: `at most ${spec.maxDurationSeconds}s`,
        live: over.map(([k, v]) => `${k} ${v}s`).join(", "),
      });
  }
  return rows;
}

/** Each human open of a break-glass environment needs an approval of that user's request first. */
function checkOpens(
  model: AccessModel,
  rows: readonly BreakGlassRequestRow[],
  log: { from: number; to: number; events: readonly LiveAuditEvent[] },
  add: Add,
): void {
  const specs = new Map(model.breakGlass.map((b) => [envKey(b.environment), b]));
  for (const e of log.events) {
    if (!OPEN_EVENTS.has(normalizeEvent(e.event))) continue;
    const login = e.user?.githubLogin?.trim();
    const key = targetOf(e.description, new Set(specs.keys()));
    // Every open counts, whatever authenticated it: a CLI open carries its access token's name
    // (`tokenName`), and a token's name is never trusted (auditLog.ts `actorOf`).
    if (!key) continue;
    const spec = specs.get(key) as BreakGlassSpec;
    if (!login) {
      // No user: a team or organization token, or a service identity. No request is a token's, so
      // none approves it (fail closed; the audit log review leaves break-glass opens to this check).
      const who = e.actorName?.trim() || e.tokenName?.trim() || "(unknown actor)";
      add({
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: `actor:${who} environment:${key}`,
        message: `${who}, with no user login (a token), opened break-glass environment ${key} at ${new Date(e.timestamp * 1000).toISOString()}: no request can approve an open by a token`,
      });
      continue;
    }
    // Only approvals that count (valid, by distinct approvers, as many as the gate requires), and
    // only within the shorter of the declared bound and the grant the request asked for.
    const approved = rows.some((r) => {
      if (r.environment !== key || r.requester.toLowerCase() !== login.toLowerCase()) return false;
      const window = Math.min(
        spec.maxDurationSeconds,
        r.grantExpirationSeconds ?? spec.maxDurationSeconds,
      );
      const approvers = new Set(
        r.validApprovals
          .filter((a) => {
            const at = Date.parse(a.at) / 1000;
            // Withdrawn or superseded before the open: no approval for it.
            const standing = a.until === undefined || e.timestamp < Date.parse(a.until) / 1000;
            return at <= e.timestamp && e.timestamp - at <= window && standing;
          })
          .map((a) => a.by.toLowerCase()),
      );
      return approvers.size >= spec.requiredApprovals;
    });
    if (!approved)
      add({
        severity: "high",
        code: "break-glass-open-unapproved",
        subject: `actor:${login} environment:${key}`,
        message: `${login} opened break-glass environment ${key} at ${new Date(e.timestamp * 1000).toISOString()} without a request of theirs approved in the ${spec.maxDuration} before`,
      });
  }
}
