/**
 * The plan of a sharded organization as a pull request comment (`npm run plan -- --all
 * --markdown`), sized like the single stack's (plan/markdown.ts): first what a reviewer decides on
 * (every stack's guard verdict and access changes, then all stacks' findings by severity), then the
 * per-stack table and each stack's details, collapsed; the whole comment under GitHub's limit, cut
 * with a pointer to `--all --markdown --full` past it.
 */
import { Finding, SEVERITIES } from "../model/config";
import {
  Block,
  changeBlocks,
  detailBlocks,
  findingBlocks,
  fit,
  guardBlocks,
  MarkdownOptions,
} from "./markdown";
import { htmlText, mdTable, mdText } from "./markdownText";
import { changeGroups } from "./reportAdoption";
import type { MergedSummary, StackPlan } from "./merge";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const fmt = (n: number) => n.toLocaleString("en-US");

/** A stack's block, its heading naming the stack (`### Access changes` -> `### prod-web: ...`). */
const ofStack = (stack: string, blocks: readonly Block[]): Block[] =>
  blocks.map((b) => ({
    ...b,
    lines: b.lines.map((l, i) => (i === 0 ? l.replace(/^### /, `### ${mdText(stack)}: `) : l)),
  }));

const changesOf = (p: StackPlan) =>
  p.report.accessDiff ? changeGroups(p.report.accessDiff).reduce((n, [, l]) => n + l.length, 0) : 0;

function titleLines(summary: MergedSummary, plans: readonly StackPlan[]): string[] {
  const count = (s: Finding["severity"]) => summary.findings.filter((f) => f.severity === s).length;
  const compared = plans.filter((p) => p.report.accessDiff).length;
  return [
    `## secure-org plan: ${mdText(summary.organization)} (core stack ${mdText(summary.stack)} and ${plural(plans.length - 1, "shard")})`,
    "",
    [
      compared
        ? `**${plural(
            plans.reduce((n, p) => n + changesOf(p), 0),
            "access change",
          )}** in the ${plural(compared, "stack")} with a baseline`
        : "No baseline: set `guard.baseline` to the base branch's plan JSON to see what this changes",
      `findings: ${SEVERITIES.map((s) => `${count(s)} ${s}`).join(", ")}`,
      `${fmt(summary.resources)} resources in ${plural(plans.length, "stack")}`,
    ].join(" · "),
    "",
  ];
}

function stacksBlock(summary: MergedSummary): Block {
  return {
    details: htmlText(`Stacks (${summary.stacks.length})`),
    lines: mdTable(
      ["stack", "scope", "resources", "findings", "first up: Pulumi / GitHub calls"],
      summary.stacks.map((s) => {
        const up = s.apiBudget.find((r) => r.kind === "up");
        return [
          s.stack,
          s.scope,
          String(s.resources),
          SEVERITIES.map((sev) => `${s.findings[sev]} ${sev}`).join(", "),
          up ? `${fmt(up.pulumi.requests)} / ${fmt(up.github.requests)}` : "-",
        ];
      }),
    ),
  };
}

/** One collapsed block per stack: its detail parts as bold-headed sections (no nested details). */
function stackBlock(p: StackPlan): Block {
  const findings = SEVERITIES.map(
    (s) => `${p.report.findings.filter((f) => f.severity === s).length} ${s}`,
  ).join(", ");
  return {
    details: htmlText(
      `Stack ${p.stack} (${p.scope}): ${p.report.summary.resources} resources, findings ${findings}`,
    ),
    lines: detailBlocks(p.report).flatMap((b) => [
      ...(b.details ? [`**${b.details}**`, ""] : []),
      ...b.lines,
      "",
    ]),
  };
}

export function renderMergedPrMarkdown(
  summary: MergedSummary,
  plans: readonly StackPlan[],
  options: MarkdownOptions = {},
): string {
  const blocks: Block[] = [
    { lines: titleLines(summary, plans) },
    ...plans.flatMap((p) => ofStack(p.stack, guardBlocks(p.report))),
    ...plans.flatMap((p) => ofStack(p.stack, changeBlocks(p.report))),
    ...findingBlocks({ findings: summary.findings }, options.checklist ?? []),
    stacksBlock(summary),
    ...plans.map(stackBlock),
  ];
  return fit(blocks, {
    fullCommand: "npm run plan -- --all --markdown --full",
    ...options,
  });
}
