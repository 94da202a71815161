/**
 * The audit report: the comparison's result with its coverage, summary and audit log window
 * (buildReport), rendered as JSON (format version 1, its shape is described in audit/audit.ts),
 * text or Markdown.
 */
import { AccessModel } from "../model/access";
import { Severity } from "../model/config";
import {
  ActivityRow,
  AuditFinding,
  compareAccess,
  CompareOptions,
  CompareResult,
  LiveSnapshot,
  Section,
} from "./compare";
import { ReadOptions } from "./read";

export const AUDIT_FORMAT_VERSION = 1;

/** Every section the audit reads, in report order; a section missing here does not compile. */
const SECTION_ORDER = {
  defaults: 0,
  teams: 1,
  stacks: 2,
  environments: 3,
  definitions: 4,
  oidc: 5,
  auditLog: 6,
  policyGroups: 7,
  members: 8,
  roles: 9,
  deployments: 10,
  webhooks: 11,
  collaborators: 12,
  stackTags: 13,
  collaboratorInvites: 14,
  breakGlass: 15,
  approvals: 16,
} satisfies Record<Section, number>;

export const SECTIONS: readonly Section[] = (Object.keys(SECTION_ORDER) as Section[]).sort(
  (x, y) => SECTION_ORDER[x] - SECTION_ORDER[y],
);

export interface AuditReport {
  readonly formatVersion: number;
  readonly organization: string;
  readonly stack: string;
  readonly generatedAt: string;
  readonly window: { days: number; from: string; to: string };
  readonly deployer: { login: string | null; source: CompareResult["deployer"]["source"] };
  readonly githubIds: {
    source: CompareResult["githubIds"]["source"];
    ownerId: number | null;
    repositoryIds: Record<string, number>;
  };
  readonly summary: Record<Severity, number> & { exitCode: 0 | 1 };
  readonly coverage: readonly { section: Section; covered: boolean; message?: string }[];
  readonly findings: readonly AuditFinding[];
  readonly activity: readonly ActivityRow[];
  /**
   * HTTP requests of this run the service answered (REST and ESC; a retry after a 429 or a 5xx
   * counts, a try that got no answer does not); absent for a report of a given snapshot.
   */
  readonly requests?: number;
}

export interface AuditOptions extends ReadOptions {
  readonly stack: string;
  /** The bootstrap identity's login; undefined: inferred; null: none. */
  readonly deployer?: string | null;
  /** What adoption left unmanaged (`adopt.unmanaged`), reported as such rather than as drift. */
  readonly unmanaged?: CompareOptions["unmanaged"];
  /** The guardrails pack version each declared policy group must apply (scripts/audit.ts). */
  readonly packVersionTag?: string;
  /** The requests of the read the service answered (audit/audit.ts), printed with the report. */
  readonly requests?: number;
}

/** The report of an already read snapshot. */
export function buildReport(
  model: AccessModel,
  live: LiveSnapshot,
  opts: AuditOptions,
): AuditReport {
  const pinnedRepos: Record<string, number> = Object.create(null);
  for (const r of model.repositories) if (r.id !== undefined) pinnedRepos[r.name] = r.id;
  const result = compareAccess(model, live, {
    deployer: opts.deployer,
    pinnedIds: { ownerId: model.github.ownerId, repositoryIds: pinnedRepos },
    unmanaged: opts.unmanaged,
    packVersionTag: opts.packVersionTag,
  });
  const summary = { high: 0, medium: 0, low: 0, info: 0 };
  for (const f of result.findings) summary[f.severity]++;
  const to = Math.floor(opts.now / 1000);
  const from = live.auditLog?.from ?? to - opts.days * 86400;
  return {
    formatVersion: AUDIT_FORMAT_VERSION,
    organization: model.organization,
    stack: opts.stack,
    generatedAt: new Date(opts.now).toISOString(),
    window: {
      days: opts.days,
      from: new Date(from * 1000).toISOString(),
      to: new Date((live.auditLog?.to ?? to) * 1000).toISOString(),
    },
    deployer: { login: result.deployer.login ?? null, source: result.deployer.source },
    githubIds: {
      source: result.githubIds.source,
      ownerId: result.githubIds.ids?.ownerId ?? null,
      repositoryIds: { ...(result.githubIds.ids?.repositoryIds ?? {}) },
    },
    summary: { ...summary, exitCode: summary.high > 0 ? 1 : 0 },
    coverage: coverageOf(live),
    findings: result.findings,
    activity: result.activity,
    ...(opts.requests !== undefined ? { requests: opts.requests } : {}),
  };
}

/** Which sections were read in full; the reasons of those that were not. */
function coverageOf(live: LiveSnapshot): AuditReport["coverage"] {
  return SECTIONS.map((section) => {
    const messages = live.notCovered.filter((n) => n.section === section).map((n) => n.message);
    // `membersCanInviteCollaborators` is never returned by the API: never covered.
    const present =
      section === "defaults"
        ? live.defaults
        : section === "oidc"
          ? live.oidcIssuers
          : section === "collaboratorInvites"
            ? undefined
            : live[section];
    return {
      section,
      covered: present !== undefined && messages.length === 0,
      ...(messages.length ? { message: messages.join("; ") } : {}),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

export function renderJson(report: AuditReport): string {
  return JSON.stringify(report, null, 2);
}

const count = (r: AuditReport) =>
  `${r.summary.high} high, ${r.summary.medium} medium, ${r.summary.low} low, ${r.summary.info} info`;

export function renderText(r: AuditReport): string {
  const out: string[] = [];
  out.push(`secure-org audit: ${r.organization} (stack ${r.stack}) at ${r.generatedAt}`);
  out.push(`audit log reviewed: ${r.window.from} .. ${r.window.to} (${r.window.days} days)`);
  out.push(`findings: ${count(r)}`);
  if (r.requests !== undefined) out.push(`requests: ${r.requests}`);
  out.push("");
  for (const f of r.findings) out.push(`[${f.severity}] ${f.code} ${f.subject}: ${f.message}`);
  const gaps = r.coverage.filter((c) => !c.covered);
  if (gaps.length) {
    out.push("");
    out.push("not covered:");
    for (const c of gaps) out.push(`  ${c.section}: ${c.message ?? "not read"}`);
  }
  if (r.activity.length) {
    out.push("");
    out.push("activity on protected resources:");
    for (const a of r.activity)
      out.push(
        `  ${a.kind} ${a.target} by ${a.actorKind} ${a.actor}: ${a.count}x, last ${a.last} (${a.verdict})`,
      );
  }
  out.push("");
  out.push(r.summary.exitCode ? "result: FAIL (high findings)" : "result: ok (no high findings)");
  return out.join("\n");
}

export function renderMarkdown(r: AuditReport): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const out: string[] = [];
  out.push(`## secure-org audit: ${r.organization} (stack ${r.stack})`);
  out.push("");
  out.push(
    `${r.summary.exitCode ? "**FAIL**" : "**ok**"}: ${count(r)}. Audit log reviewed from ` +
      `${r.window.from} to ${r.window.to} (${r.window.days} days).` +
      (r.requests !== undefined ? ` ${r.requests} requests.` : ""),
  );
  out.push("");
  out.push("### Findings");
  out.push("");
  if (r.findings.length === 0) out.push("none");
  else {
    out.push("| severity | code | subject | finding |");
    out.push("| --- | --- | --- | --- |");
    for (const f of r.findings)
      out.push(`| ${f.severity} | ${f.code} | ${esc(f.subject)} | ${esc(f.message)} |`);
  }
  const gaps = r.coverage.filter((c) => !c.covered);
  if (gaps.length) {
    out.push("");
    out.push("### Not covered");
    out.push("");
    for (const c of gaps) out.push(`- ${c.section}: ${esc(c.message ?? "not read")}`);
  }
  if (r.activity.length) {
    out.push("");
    out.push("### Activity on protected resources");
    out.push("");
    out.push("| kind | target | actor | count | last | verdict |");
    out.push("| --- | --- | --- | --- | --- | --- |");
    for (const a of r.activity)
      out.push(
        `| ${a.kind} | ${esc(a.target)} | ${esc(`${a.actorKind} ${a.actor}`)} | ${a.count} | ${a.last} | ${a.verdict} |`,
      );
  }
  out.push("");
  return out.join("\n");
}
