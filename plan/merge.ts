/**
 * The plan of a sharded organization (`npm run plan -- --all`, issue 20): the core's and every
 * shard's plan (each its own `PlanReport`, made in a worker process) merged into one report: one
 * row per stack, every finding with the stack it belongs to, the API budget per stack and in
 * total, and each stack's full report (JSON) or its access tables and pipelines (text).
 */
import { Finding, SEVERITIES } from "../model/config";
import { Calls, sum } from "./apiBudget";
import { RunKind } from "./apiEstimate";
import { PlanReport, renderMarkdown, renderText } from "./report";

export interface StackPlan {
  /** "core" or the shard's name. */
  readonly scope: string;
  readonly stack: string;
  readonly report: PlanReport;
}

export interface MergedSummary {
  readonly formatVersion: number;
  readonly kind: "sharded";
  readonly organization: string;
  /** The core stack. */
  readonly stack: string;
  readonly stacks: readonly {
    scope: string;
    stack: string;
    resources: number;
    findings: Readonly<Record<Finding["severity"], number>>;
    apiBudget: PlanReport["apiBudget"]["runs"];
  }[];
  /** Every stack's runs summed (the shards deploy in parallel; GitHub budgets are per App). */
  readonly apiBudget: readonly { kind: RunKind; pulumi: Calls; github: Calls }[];
  readonly resources: number;
  /** Every stack's findings, each path prefixed with its stack (`prod-s01: ...`). */
  readonly findings: readonly Finding[];
}

/** The merged summary of the stacks' plans (the core first, then the shards in config order). */
export function mergePlans(plans: readonly StackPlan[]): MergedSummary {
  const core = plans.find((p) => p.scope === "core");
  if (!core) throw new Error("the merged plan needs the core's plan");
  const kinds = core.report.apiBudget.runs.map((r) => r.kind);
  return {
    formatVersion: core.report.formatVersion,
    kind: "sharded",
    organization: core.report.organization,
    stack: core.stack,
    stacks: plans.map((p) => ({
      scope: p.scope,
      stack: p.stack,
      resources: p.report.summary.resources,
      findings: Object.fromEntries(
        SEVERITIES.map((s) => [s, p.report.findings.filter((f) => f.severity === s).length]),
      ) as Record<Finding["severity"], number>,
      apiBudget: p.report.apiBudget.runs,
    })),
    apiBudget: kinds.map((kind) => {
      const runs = plans.flatMap((p) => p.report.apiBudget.runs.filter((r) => r.kind === kind));
      return {
        kind,
        pulumi: sum(...runs.map((r) => r.pulumi)),
        github: sum(...runs.map((r) => r.github)),
      };
    }),
    resources: plans.reduce((n, p) => n + p.report.summary.resources, 0),
    findings: plans.flatMap((p) =>
      p.report.findings.map((f) => ({ ...f, path: `${p.stack}: ${f.path}` })),
    ),
  };
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** The merged plan as text or Markdown: the per-stack table, findings, then each stack's plan. */
export function renderMerged(
  summary: MergedSummary,
  plans: readonly StackPlan[],
  markdown: boolean,
): string {
  const h = (s: string) => (markdown ? `### ${s}` : `== ${s}`);
  const rows = summary.stacks.map((s) => {
    const up = s.apiBudget.find((r) => r.kind === "up");
    return [
      s.stack,
      s.scope,
      String(s.resources),
      SEVERITIES.map((sev) => `${s.findings[sev]} ${sev}`).join(", "),
      up ? `${fmt(up.pulumi.requests)} / ${fmt(up.github.requests)}` : "-",
    ];
  });
  const header = ["stack", "scope", "resources", "findings", "first up: Pulumi / GitHub calls"];
  const table = markdown
    ? [
        `| ${header.join(" | ")} |`,
        `|${header.map(() => " --- ").join("|")}|`,
        ...rows.map((r) => `| ${r.join(" | ")} |`),
      ]
    : [header.join("  "), ...rows.map((r) => r.join("  "))];
  const render = markdown ? renderMarkdown : renderText;
  return [
    `${markdown ? "## " : ""}secure-org plan: ${summary.organization} (core stack ${summary.stack} and ${plans.length - 1} shards)`,
    "",
    h(`Stacks: ${plans.length}, ${fmt(summary.resources)} resources`),
    ...table,
    "",
    h(`Findings, all stacks (${summary.findings.length})`),
    ...(summary.findings.length ? [] : ["none"]),
    ...summary.findings.map(
      (f) => `${markdown ? "- " : ""}[${f.severity}] ${f.path}: ${f.message}`,
    ),
    "",
    ...plans.flatMap((p) => [render(p.report), ""]),
  ].join("\n");
}
