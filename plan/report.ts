/**
 * The offline plan's report: its text and Markdown renderings, and its shape (the `--json` output,
 * a stable interface, version 1, in plan/reportTypes.ts and plan/planShape.ts).
 */
import { DEPLOYMENTS_MODE, isDefaultCi } from "../model/ci/registry";
import { renderApiBudget } from "./apiEstimate";
import { renderCloud } from "./cloud";
import { renderGuardrails } from "./guardrails";
import { renderMembership } from "./membership";
import { mdTable, mdText } from "./markdownText";
import type { AccessRow, Style } from "./planShape";
import { adoptionSections, changeSections } from "./reportAdoption";
import type { PlanReport } from "./reportTypes";

export type { AccessRow, PlanAccessTier, PlanMember, PlanOidc, Style } from "./planShape";
export type { PlanGuard, PlanReport, PlanResource } from "./reportTypes";

export const PLAN_FORMAT_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Rendering.

export const renderText = (report: PlanReport) => sections(report, TEXT).join("\n");
export const renderMarkdown = (report: PlanReport) => sections(report, MARKDOWN).join("\n");

const TEXT: Style = { md: false, heading: (s) => `== ${s}`, table, item: "  ", esc: (s) => s };
const MARKDOWN: Style = {
  md: true,
  heading: (s) => `### ${s}`,
  table: mdTable,
  item: "- ",
  esc: mdText,
};

function sections(report: PlanReport, style: Style): string[] {
  return [
    ...titleSection(report, style),
    ...changeSections(report, style),
    ...summarySection(report, style),
    ...accessSections(report, style),
    ...oidcSection(report, style),
    ...renderCloud(report.cloud, style),
    ...renderMembership(report.membership, style),
    ...pipelinesSection(report, style),
    ...renderGuardrails(report.guardrails, style),
    ...renderApiBudget(report.apiBudget, style),
    ...findingsSection(report, style),
    ...placeholdersSection(report, style),
    ...filesSection(report, style),
    ...adoptionSections(report, style),
  ];
}

function titleSection(report: PlanReport, { md }: Style): string[] {
  const title = `secure-org plan: ${report.organization} (stack ${report.stack})`;
  return [md ? `## ${title}` : title, ""];
}

function summarySection(report: PlanReport, { heading, table: t }: Style): string[] {
  return [
    heading(`Summary: ${report.summary.resources} resources`),
    ...t(
      ["resource type", "count"],
      Object.entries(report.summary.byType).map(([k, v]) => [k, String(v)]),
    ),
    "",
    ...t(
      ["component", "resources"],
      Object.entries(report.summary.byComponent).map(([k, v]) => [k, String(v)]),
    ),
    "",
  ];
}

/** One access table per tier; on protected tiers, access on approval beside it. */
function accessSections(report: PlanReport, style: Style): string[] {
  const { heading, table: t } = style;
  return report.accessMatrix.flatMap((tier) => [
    heading(
      `Access: tier ${tier.tier}${tier.protected ? " (protected): standing access, held at any moment" : ""}`,
    ),
    ...t(
      ["team", "kind", "project", "stack", "environment", "note"],
      tier.rows
        .filter((r) => r.access === "standing")
        .map((r) => [
          r.team,
          r.kind === "machine" ? "machine" : `human (${r.role})`,
          r.project,
          r.stackPermission,
          r.environmentPermission + (r.maxOpenDuration ? ` (max ${r.maxOpenDuration})` : ""),
          r.breakGlass ? `STANDING BREAK-GLASS: ${r.breakGlass}` : "",
        ]),
    ),
    "",
    ...(tier.protected ? onApprovalSection(tier.tier, tier.rows, style) : []),
  ]);
}

/** Per-use break-glass: who may request what, approved by whom, for how long. */
function onApprovalSection(
  tier: string,
  rows: readonly AccessRow[],
  { heading, table: t }: Style,
): string[] {
  const on = rows.filter((r) => r.access === "on-approval");
  return [
    heading(`Access: tier ${tier} (protected): access on approval, each use`),
    ...(on.length
      ? t(
          ["team", "role", "may request", "on", "approved by", "approvals", "for at most", "why"],
          on.map((r) => [
            r.team,
            r.role ?? "",
            r.environmentPermission,
            r.environment,
            (r.approvers ?? []).join(", ") + " (not the requester)",
            String(r.requiredApprovals ?? 1),
            r.maxOpenDuration ?? "",
            r.breakGlass ?? "",
          ]),
        )
      : ["nobody (no per-use break-glass on this tier)"]),
    "",
  ];
}

function oidcSection(report: PlanReport, { heading, table: t }: Style): string[] {
  return [
    heading(`OIDC issuers (${report.oidc.issuers.length})`),
    ...t(
      ["issuer", "ci", "url", "allow", "deny"],
      report.oidc.issuers.map((i) => [
        i.name,
        i.ci,
        i.url,
        String(i.policies.filter((p) => p.decision === "allow").length),
        String(i.policies.filter((p) => p.decision === "deny").length),
      ]),
    ),
    "",
    heading(
      `OIDC trust: ${report.oidc.issuer} (tokens live at most ${report.oidc.maxExpirationSeconds}s)`,
    ),
    ...t(
      ["pipeline", "workflow context", "obtains"],
      report.oidc.contexts.map((c) => [
        c.pipeline,
        c.context,
        c.tokens.length ? c.tokens.join(", ") : "nothing",
      ]),
    ),
    "",
  ];
}

function pipelinesSection(report: PlanReport, { heading, table: t }: Style): string[] {
  return [
    heading("Pipelines"),
    ...t(
      ["pipeline", "mode", "repository@branch", "approvals", "deploys as", "previews as"],
      report.pipelines.map((p) => [
        p.key + (p.protected ? " (protected)" : ""),
        p.trigger === "api"
          ? `${DEPLOYMENTS_MODE} (REST API from ${p.ci})`
          : !isDefaultCi(p.ci)
            ? `${p.ci} pipeline`
            : p.mode,
        `${p.repository}@${p.branch}`,
        p.approvers.length ? `${p.requiredApprovals} of ${p.approvers.join(", ")}` : "-",
        p.deployIdentity ?? "-",
        p.previewIdentity ?? "-",
      ]),
    ),
    "",
  ];
}

function findingsSection(report: PlanReport, { md, heading, esc }: Style): string[] {
  return [
    heading(`Findings (${report.findings.length})`),
    ...(report.findings.length === 0 ? ["none"] : []),
    ...report.findings.map(
      (f) => `${md ? "- " : ""}${esc(`[${f.severity}] ${f.path}: ${f.message}`)}`,
    ),
    "",
  ];
}

function placeholdersSection(report: PlanReport, { heading, item, esc }: Style): string[] {
  if (!report.placeholders.length) return [];
  return [
    heading("Placeholders (known only at deploy time)"),
    ...report.placeholders.map((p) => `${item}${esc(p)}`),
    "",
  ];
}

function filesSection(report: PlanReport, { heading, item, esc }: Style): string[] {
  if (!report.files.length) return [];
  return [
    heading("Generated files"),
    ...report.files.map((f) => `${item}${esc(`${f.repository}: ${f.path} (${f.bytes} bytes)`)}`),
    "",
  ];
}

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}
