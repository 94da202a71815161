/**
 * The plan as a pull request comment (`npm run plan -- --markdown`): what a reviewer must see
 * first, then the rest collapsed, within GitHub's comment limit.
 *
 * 1. the mass-removal guard's verdict;
 * 2. the access changes against the baseline: Pulumi grants, members and tokens, and on GitHub the
 *    repository permissions, environment reviewers, rulesets and CODEOWNERS (who can approve what);
 * 3. the findings by severity (high and medium in full; low and info collapsed, one line per code).
 *
 * Then, each in a collapsed `<details>`: the access per tier, the GitHub access, the OIDC contexts
 * that obtain a token, the pipelines, the resources, the placeholders and generated files.
 *
 * GitHub refuses a comment over 65,536 characters. The comment stays under `limit` (60,000 by
 * default): a section that does not fit is cut at a line with a note, the sections after it are
 * only named, and a pointer says where the whole plan is (the HTML access report, `--full`).
 * Every value from the config is escaped (plan/markdownText.ts).
 */
import { grantDecrypts } from "../model/access";
import { Finding } from "../model/config";
import { DEPLOYMENTS_MODE } from "../model/ci/registry";
import { changeGroups, raisedNote } from "./reportAdoption";
import { environmentText, PlanGithub, rulesetText } from "./github";
import { htmlText, mdTable, mdText } from "./markdownText";
import type { PlanReport } from "./report";

/** GitHub's comment limit is 65,536 characters; this leaves room for what a CI adds. */
export const MARKDOWN_LIMIT = 60_000;

export interface MarkdownOptions {
  /** The character limit (default MARKDOWN_LIMIT). */
  readonly limit?: number;
  /** The HTML access report's file (`--html`), which the truncation note points to. */
  readonly htmlReport?: string;
  /** What is still missing for a real run (plan/checklist.ts): a task list after the findings. */
  readonly checklist?: readonly string[];
  /** The command that prints the whole report (default `npm run plan -- --markdown --full`). */
  readonly fullCommand?: string;
}

/** A part of the comment: its lines, optionally collapsed under a summary. */
export interface Block {
  readonly lines: readonly string[];
  /** Collapsed in `<details>` with this (escaped) summary. */
  readonly details?: string;
}

const SEVERITIES: Finding["severity"][] = ["high", "medium", "low", "info"];
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function renderPrMarkdown(report: PlanReport, options: MarkdownOptions = {}): string {
  const blocks: Block[] = [
    { lines: titleLines(report) },
    ...guardBlocks(report),
    ...changeBlocks(report),
    ...findingBlocks(report, options.checklist ?? []),
    ...detailBlocks(report),
  ];
  return fit(blocks, options);
}

/** The collapsed parts: access per tier, GitHub access, OIDC, pipelines, resources, the rest. */
export function detailBlocks(report: PlanReport): Block[] {
  return [
    ...accessBlocks(report),
    ...githubBlocks(report.github),
    oidcBlock(report),
    pipelinesBlock(report),
    resourcesBlock(report),
    ...restBlocks(report),
  ];
}

function titleLines(report: PlanReport): string[] {
  const count = (s: Finding["severity"]) => report.findings.filter((f) => f.severity === s).length;
  const d = report.accessDiff;
  return [
    `## secure-org plan: ${mdText(report.organization)} (stack ${mdText(report.stack)})`,
    "",
    [
      d
        ? `**${plural(changeCount(report), "access change")}** against ${mdText(d.baseline)}`
        : "No baseline: pass `--baseline <the base branch's plan JSON>` to see what this changes",
      `findings: ${SEVERITIES.map((s) => `${count(s)} ${s}`).join(", ")}`,
      `${report.summary.resources} resources`,
    ].join(" · "),
    "",
  ];
}

const changeCount = (report: PlanReport) =>
  report.accessDiff ? changeGroups(report.accessDiff).reduce((n, [, l]) => n + l.length, 0) : 0;

export function guardBlocks(report: Pick<PlanReport, "guard">): Block[] {
  const g = report.guard;
  if (!g || (g.ok && g.removals === 0)) return [];
  return [
    {
      lines: [
        `### Mass-removal guard: ${g.ok ? "passed" : "STOPPED"}${mdText(raisedNote(g))}`,
        mdText(g.message),
        "",
      ],
    },
  ];
}

export function changeBlocks(report: PlanReport): Block[] {
  const d = report.accessDiff;
  if (!d) return [];
  const groups = changeGroups(d).filter(([, lines]) => lines.length);
  const lines = [`### Access changes (${changeCount(report)})`];
  if (!groups.length) lines.push("none");
  for (const [title, items] of groups)
    lines.push(`**${mdText(title)}**`, ...items.map((l) => `- ${mdText(l)}`));
  if (!d.github)
    lines.push(
      "",
      "GitHub access was not compared: the baseline plan has no `github` part (re-run its plan).",
    );
  return [{ lines: [...lines, ""] }];
}

/** High and medium findings in full; low and info collapsed, one entry per code. */
export function findingBlocks(
  report: Pick<PlanReport, "findings">,
  checklist: readonly string[],
): Block[] {
  const of = (s: Finding["severity"]) => report.findings.filter((f) => f.severity === s);
  const counts = SEVERITIES.map((s) => `${of(s).length} ${s}`).join(", ");
  const out: Block[] = [
    { lines: [`### Findings: ${counts}`, ...(report.findings.length ? [] : ["none"])] },
  ];
  for (const s of ["high", "medium"] as const)
    if (of(s).length)
      out.push({
        lines: [
          `**${s}**`,
          ...of(s).map((f) => `- \`${f.code}\` ${mdText(f.path)}: ${mdText(f.message)}`),
        ],
      });
  for (const s of ["low", "info"] as const) {
    const list = of(s);
    if (!list.length) continue;
    const byCode = new Map<string, Finding[]>();
    for (const f of list) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
    out.push({
      details: `${s} (${list.length})`,
      lines: [...byCode].map(
        ([code, fs]) =>
          `- \`${code}\` ${mdText(fs[0].path)}: ${mdText(fs[0].message)}` +
          (fs.length > 1 ? ` (and ${fs.length - 1} more like it${morePaths(fs)})` : ""),
      ),
    });
  }
  if (checklist.length)
    out.push({
      lines: ["", "### Before a real run", "", ...checklist.map((l) => `- [ ] ${mdText(l)}`)],
    });
  return [...out, { lines: ["", "### Details"] }];
}

/** The other findings' paths, each once, when they differ from the first's. */
function morePaths(fs: readonly Finding[]): string {
  const paths = [...new Set(fs.slice(1).map((f) => f.path))].filter((p) => p !== fs[0].path);
  return paths.length ? `: ${mdText(paths.join(", "))}` : "";
}

/** Per tier: human rows one per team and level, machine rows one per level listing the teams. */
function accessBlocks(report: PlanReport): Block[] {
  return report.accessMatrix.map((tier) => {
    const groups = new Map<string, { cells: string[]; items: Map<string, string[]> }>();
    for (const r of tier.rows) {
      const who = r.kind === "machine" ? "machine teams" : `${r.team} (${r.role ?? "human"})`;
      const env =
        r.environmentPermission + (r.maxOpenDuration ? ` (max ${r.maxOpenDuration})` : "");
      const note = r.breakGlass ? `BREAK-GLASS: ${r.breakGlass}` : "";
      const cells = [who, r.stackPermission, env, note];
      const key = JSON.stringify(cells);
      const g = groups.get(key) ?? { cells, items: new Map<string, string[]>() };
      const item = r.kind === "machine" ? r.team : r.project;
      g.items.set(item, [...(g.items.get(item) ?? []), r.project]);
      groups.set(key, g);
    }
    // A machine team on several projects (the auditor) says which.
    const list = (items: Map<string, string[]>, machine: boolean) =>
      [...items]
        .map(([k, projects]) =>
          machine && projects.length > 1 ? `${k} (${projects.join(", ")})` : k,
        )
        .join(", ");
    const elevated = tier.rows.filter((r) => r.kind === "human" && grantDecrypts(r)).length;
    return {
      details: htmlText(
        `Access: tier ${tier.tier}${tier.protected ? " (protected)" : ""}: ${plural(tier.rows.length, "grant")}, ` +
          `${elevated} human ${elevated === 1 ? "grant decrypts" : "grants decrypt"} secrets`,
      ),
      lines: mdTable(
        ["team", "stack", "environment", "projects (machine: teams)", "note"],
        [...groups.values()].map((g) => [
          g.cells[0],
          g.cells[1],
          g.cells[2],
          list(g.items, g.cells[0] === "machine teams"),
          g.cells[3],
        ]),
      ),
    };
  });
}

/** Rows grouped by every cell but the last, whose values are joined. */
function grouped(rows: readonly string[][]): string[][] {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const key = JSON.stringify(r.slice(0, -1));
    const g = out.get(key);
    if (g) g[g.length - 1] += `, ${r[r.length - 1]}`;
    else out.set(key, [...r]);
  }
  return [...out.values()];
}

function githubBlocks(g: PlanGithub | undefined): Block[] {
  if (!g) return [];
  const perms = grouped(g.permissions.map((p) => [p.team, p.permission, p.repository]));
  const envs = grouped(
    g.environments.map((e) => [e.environment, e.tier, environmentText(e), e.repository]),
  );
  const rules = grouped(g.rulesets.map((r) => [r.branch, rulesetText(r), r.repository]));
  const owners = grouped(g.codeowners.map((c) => [c.path, c.owners.join(", "), c.repository]));
  return [
    {
      details: htmlText(
        `GitHub access: ${plural(g.permissions.length, "team repository permission")}, ` +
          `${plural(g.environments.length, "environment")}, ${plural(g.rulesets.length, "ruleset")}, ` +
          `${plural(g.codeowners.length, "CODEOWNERS entry")}`.replace("entrys", "entries"),
      ),
      lines: [
        "**Team repository permissions**",
        "",
        ...mdTable(["team", "permission", "repositories"], perms),
        "",
        "**Deployment environments (who approves a deployment)**",
        "",
        ...mdTable(["environment", "tier", "approval", "repositories"], envs),
        "",
        "**Rulesets (who approves a pull request)**",
        "",
        ...mdTable(["branch", "rules", "repositories"], rules),
        "",
        "**CODEOWNERS**",
        "",
        ...mdTable(["path", "owners", "repositories"], owners),
      ],
    },
  ];
}

/** Contexts that obtain a token (the legacy and immutable `sub` forms of a context merged). */
function oidcBlock(report: PlanReport): Block {
  const rows = new Map<string, string[]>();
  for (const c of report.oidc.contexts) {
    if (!c.tokens.length) continue;
    const context = c.context.replace(/ \[(legacy|immutable) sub\]$/, "");
    const cells = [c.pipeline, context, c.tokens.join(", ")];
    rows.set(JSON.stringify(cells), cells);
  }
  const tried = report.oidc.contexts.length;
  return {
    details: htmlText(
      `OIDC: ${plural(rows.size, "workflow context")} obtain a token (of ${tried} the simulator tried; tokens live at most ${report.oidc.maxExpirationSeconds}s)`,
    ),
    lines: mdTable(["pipeline", "workflow context", "obtains"], [...rows.values()]),
  };
}

function pipelinesBlock(report: PlanReport): Block {
  return {
    details: htmlText(`Pipelines (${report.pipelines.length})`),
    lines: mdTable(
      ["pipeline", "ci", "repository@branch", "approvals", "deploys as", "previews as"],
      report.pipelines.map((p) => [
        p.key + (p.protected ? " (protected)" : ""),
        p.trigger === "api" ? `${DEPLOYMENTS_MODE} via ${p.ci}` : (p.ci ?? p.mode),
        `${p.repository}@${p.branch}`,
        p.approvers.length ? `${p.requiredApprovals} of ${p.approvers.join(", ")}` : "-",
        p.deployIdentity ?? "-",
        p.previewIdentity ?? "-",
      ]),
    ),
  };
}

function resourcesBlock(report: PlanReport): Block {
  return {
    details: htmlText(`Resources: ${report.summary.resources}`),
    lines: mdTable(
      ["resource type", "count"],
      Object.entries(report.summary.byType).map(([k, v]) => [k, String(v)]),
    ),
  };
}

function restBlocks(report: PlanReport): Block[] {
  const out: Block[] = [];
  if (report.placeholders.length)
    out.push({
      details: htmlText(
        `Placeholders: ${report.placeholders.length} values known only at deploy time`,
      ),
      lines: report.placeholders.map((p) => `- ${mdText(p)}`),
    });
  if (report.files.length)
    out.push({
      details: htmlText(`Generated files (${report.files.length})`),
      lines: report.files.map(
        (f) => `- ${mdText(`${f.repository}: ${f.path} (${f.bytes} bytes)`)}`,
      ),
    });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fitting the comment.

const open = (b: Block) => (b.details ? ["<details>", `<summary>${b.details}</summary>`, ""] : []);
const close = (b: Block) => (b.details ? ["", "</details>", ""] : []);
const size = (lines: readonly string[]) => lines.reduce((n, l) => n + l.length + 1, 0);

function pointer(options: MarkdownOptions, cut: number, omitted: readonly string[]): string[] {
  const where = options.htmlReport
    ? `the HTML access report ${mdText(options.htmlReport.replace(/^.*[\\/]/, ""))} (this job's artifact)`
    : "the HTML access report (`--html <file>`)";
  // At most ten names, so the pointer stays short however many sections were left out.
  const named =
    omitted.length > 10 ? [...omitted.slice(0, 10), `and ${omitted.length - 10} more`] : omitted;
  const full = options.fullCommand ?? "npm run plan -- --markdown --full";
  return [
    "",
    `> **Cut to fit a pull request comment** (${cut} lines left out${named.length ? `; not shown: ${named.join("; ")}` : ""}). ` +
      `The whole plan is in ${where}, and in \`${full}\`.`,
  ];
}

/** Blocks in order while they fit; the first that does not is cut at a line, the rest named. */
export function fit(blocks: readonly Block[], options: MarkdownOptions): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const whole = blocks.flatMap((b) => [...open(b), ...b.lines, ...close(b)]);
  if (size(whole) <= limit) return whole.join("\n");
  // Room for the pointer, at its longest (every later block named).
  const names = blocks.map((b) => b.details ?? "").filter(Boolean);
  const longest = [...names].sort((a, b) => b.length - a.length).slice(0, 10);
  const reserve = size(pointer(options, 0, [...longest, ...names.slice(longest.length)])) + 64;
  const out: string[] = [];
  let i = 0;
  for (; i < blocks.length; i++) {
    const b = blocks[i];
    const lines = [...open(b), ...b.lines, ...close(b)];
    if (size(out) + size(lines) + reserve > limit) break;
    out.push(...lines);
  }
  let cut = 0;
  const b = blocks[i];
  const room = limit - reserve - size(out) - size([...open(b), ...close(b)]) - 80;
  const kept: string[] = [];
  for (const line of b.lines) {
    if (size(kept) + line.length + 1 > room) break;
    kept.push(line);
  }
  cut += b.lines.length - kept.length;
  if (kept.length) out.push(...open(b), ...kept, "", `*... ${cut} more lines cut*`, ...close(b));
  const omitted: string[] = [];
  for (const rest of blocks.slice(i + 1)) {
    cut += rest.lines.length;
    if (rest.details) omitted.push(rest.details);
  }
  if (!kept.length && b.details) omitted.unshift(b.details);
  return [...out, ...pointer(options, cut, omitted)].join("\n");
}
