/**
 * The access heatmap, one table per tier: rows are teams (human, then machine, told apart by a
 * text badge and a hatched row), columns are the tier's projects, each cell the stack and
 * environment permission in words, coloured by level, with break-glass, findings and access
 * changes marked in words too.
 */
import { ENV_RANK, STACK_RANK } from "../../model/access";
import { EnvironmentPermission, StackPermission } from "../../model/config";
import { DEPLOYMENTS_LABEL, DEPLOYMENTS_MODE, MODE_LABELS } from "../../model/ci/registry";
import { GrantChange, GrantLevel } from "../accessDiff";
import { h, Html, Ids, joinHtml, plural } from "./markup";
import { CellEntry, FindingRef, HeatColumn, HeatRow, ReportView, TierView } from "./view";

/** Colour level 0-4 of a stack permission (none, read, -, write, admin). */
const stackLevel = (p: string): number => [0, 1, 3, 4][STACK_RANK[p as StackPermission] ?? 0];
/** Colour level 0-4 of an environment permission (none, read, open, write, admin). */
const envLevel = (p: string): number => ENV_RANK[p as EnvironmentPermission] ?? 0;

export function heatmapSection(view: ReportView): Html {
  return h`<section id="access" aria-labelledby="access-h">
<h2 id="access-h">Access by tier</h2>
${legend()}
${adminsNote(view)}
${view.tiers.map((t) => tierTable(view, t))}
</section>`;
}

/** Organization admins hold every permission without a grant, so no heatmap shows them. */
function adminsNote(view: ReportView): Html | "" {
  const admins = view.input.model.members.filter((m) => m.role === "admin");
  if (!admins.length) return "";
  return h`<p class="admins"><strong>Not in the heatmaps:</strong> ${plural(admins.length, "organization admin")} (${admins.map((a) => a.login).join(", ")}), who can do anything on every tier without a grant; see <a href="#members">Organization members</a>.</p>`;
}

function legend(): Html {
  const levels: [number, string][] = [
    [0, "none"],
    [1, "read"],
    [2, "open (environment)"],
    [3, "write"],
    [4, "admin"],
  ];
  return h`<div class="legend">
<p>Each cell: <b>stack</b> permission, then <b>env</b> (ESC environment) permission, in words and
by colour: ${joinHtml(
    levels.map(([l, t]) => h`<span class="p l${l}">${t}</span>`),
    " ",
  )}.
Rows: <span class="badge human">human</span> teams and <span class="badge machine">machine</span>
identities (pipeline teams, no human members). Marks: <span class="tag bg">break-glass</span>
(declared human exception), <span class="tag sev-high">high #1</span> a finding (links to it),
<span class="tag chg">changed</span> an access change since the baseline.
A human with stack write/admin or env open/write/admin on a protected tier is only allowed as
break-glass. The heatmap is standing access (held at any moment); on protected tiers the table
below it is access on approval (per-use break-glass, each use approved by another team).</p>
<p id="decrypts"><b>Which permissions decrypt secrets:</b> stack <span class="p l1">read</span>,
<span class="p l3">write</span> and <span class="p l4">admin</span> decrypt the stack's secret
config (stack read is the Stack Read permission set, which includes <code>stack:decrypt</code>
and runs previews); env <span class="p l2">open</span>, <span class="p l3">write</span> and
<span class="p l4">admin</span> decrypt the environment's secrets and obtain its dynamic
credentials; env <span class="p l1">read</span> shows the environment's definition only, never a
secret value. The summary counts a human grant on a protected tier only when it decrypts
something.</p>
</div>`;
}

function tierTable(view: ReportView, tier: TierView): Html {
  const capId = `${tier.id}-cap`;
  const human = tier.rows.filter((r) => r.kind === "human");
  const machine = tier.rows.filter((r) => r.kind === "machine");
  return h`<section class="tier${tier.protected ? " protected" : ""}" id="${tier.id}">
<div class="scroll" role="region" aria-labelledby="${capId}" tabindex="0">
<table class="heat">
<caption id="${capId}">Tier ${tier.name}${tier.protected ? h` <span class="badge prot">protected</span>` : ""}: ${plural(human.length, "human team")}, ${plural(machine.length, "machine row")}, ${plural(tier.columns.length, "project")} ${findingMarks(tier.findings)}</caption>
<thead><tr><th scope="col" class="corner">team</th>${tier.columns.map((c) => columnHeader(view.ids, tier, c))}</tr></thead>
<tbody>
${tier.rows.map((r) => row(view.ids, tier, r))}
</tbody>
</table>
</div>
${breakGlassList(tier)}
${tier.protected ? onApprovalTable(view, tier) : ""}
</section>`;
}

/**
 * A protected tier's access on approval beside its standing access (the heatmap above): who may
 * request what, approved by whom, for how long (per-use break-glass, docs/break-glass.md).
 */
function onApprovalTable(view: ReportView, tier: TierView): Html {
  const specs = view.input.model.breakGlass.filter((b) => b.tier === tier.name);
  const capId = `${tier.id}-approval-cap`;
  if (!specs.length)
    return h`<p class="on-approval" id="${capId}">Tier ${tier.name}, access on approval: nobody (no per-use break-glass). The heatmap above is everything anyone holds on this tier.</p>`;
  return h`<div class="scroll" role="region" aria-labelledby="${capId}" tabindex="0">
<table class="on-approval">
<caption id="${capId}">Tier ${tier.name}: access on approval, each use (the heatmap above is standing access)</caption>
<thead><tr><th scope="col">teams</th><th scope="col">may request</th><th scope="col">on</th><th scope="col">approved by</th><th scope="col">approvals</th><th scope="col">for at most</th><th scope="col">why</th></tr></thead>
<tbody>
${specs.map(
  (b) =>
    h`<tr><td>${b.requesters.join(", ")} (role ${b.role})</td><td>open</td><td>${b.environment.project}/${b.environment.name}</td><td>${b.approvers.join(", ")}, never the requester or a member of the requesting team</td><td>${String(b.requiredApprovals)}</td><td>${b.maxDuration}</td><td>${b.justification}</td></tr>`,
)}
</tbody>
</table>
</div>`;
}

/** The tier's break-glass grants with their justification, one item per role. */
function breakGlassList(tier: TierView): Html | "" {
  const byRole = new Map<string, { justification: string; max?: string; where: string[] }>();
  for (const r of tier.rows)
    for (const [project, entries] of r.cells)
      for (const g of entries.map((e) => e.grant))
        if (g?.breakGlass) {
          const key = `${g.role ?? ""}\u0000${g.breakGlass}`;
          const item = byRole.get(key) ?? {
            justification: g.breakGlass,
            max: g.maxOpenDuration,
            where: [],
          };
          item.where.push(`${g.team} on ${project}`);
          byRole.set(key, item);
        }
  if (!byRole.size) return "";
  return h`<ul class="bg-list">${[...byRole].map(
    ([key, i]) =>
      h`<li><span class="tag bg">break-glass</span> role <b>${key.split("\u0000")[0]}</b> (${i.where.join(", ")})${i.max ? `, sessions of at most ${i.max}` : ""}: ${i.justification}</li>`,
  )}</ul>`;
}

function columnHeader(ids: Ids, tier: TierView, c: HeatColumn): Html {
  // A pipeline on another CI says which (its pipeline is not a default-CI workflow).
  const mode =
    c.ci && c.mode === DEPLOYMENTS_MODE
      ? `${DEPLOYMENTS_LABEL} via ${c.ci}`
      : c.ci
        ? `${c.ci} pipeline`
        : (MODE_LABELS.get(c.mode) ?? c.mode);
  const sub = [c.stack === tier.name ? "" : `stack ${c.stack}`, mode].filter(Boolean).join(" · ");
  return h`<th scope="col" id="${ids.id("col", `${tier.name}/${c.project}`)}"><span class="proj">${c.project}</span> <span class="sub">${sub}</span> ${findingMarks(c.findings)}</th>`;
}

function row(ids: Ids, tier: TierView, r: HeatRow): Html {
  const cls = `${r.kind}${r.removed ? " removed" : ""}`;
  const header = h`<th scope="row" class="${cls}" id="${ids.id("row", `${tier.name}/${r.key}`)}"><span class="badge ${r.kind}">${r.kind}</span> <span class="team-name">${r.label}</span>${r.removed ? h` <span class="tag chg">not declared now</span>` : ""}${findingMarks(r.findings)}</th>`;
  // Neighbouring projects the row has no access to share one cell: a large org's heatmap is
  // mostly "none", and one cell per project made the browser stall on its layout.
  const cells: Html[] = [];
  let empty = 0;
  const flush = () => {
    if (empty > 1) cells.push(h`<td class="n" colspan="${empty}"><span>none</span></td>`);
    else if (empty === 1) cells.push(h`<td class="n"><span>none</span></td>`);
    empty = 0;
  };
  for (const c of tier.columns) {
    const entries = r.cells.get(c.project);
    if (!entries) {
      empty++;
      continue;
    }
    flush();
    cells.push(cell(ids.id("cell", `${tier.name}/${r.key}/${c.project}`), tier, r, entries));
  }
  flush();
  return h`<tr class="${cls}">${header}${cells}</tr>\n`;
}

function cell(id: string, tier: TierView, r: HeatRow, entries: readonly CellEntry[]): Html {
  const levels = entries.flatMap((e) =>
    e.grant ? [stackLevel(e.grant.stackPermission), envLevel(e.grant.environmentPermission)] : [0],
  );
  const strong = r.kind === "human" && tier.protected && Math.max(...levels) >= 2;
  const marked = entries.some((e) => e.findings.length || e.change);
  const cls = [
    `c h${Math.max(...levels)}`,
    strong ? "alarm" : "",
    entries.some((e) => e.grant?.breakGlass) ? "bg" : "",
    entries.some((e) => e.change) ? "chg" : "",
  ]
    .filter(Boolean)
    .join(" ");
  const title = entries.map((e) => e.grant?.reason ?? `removed since the baseline`).join("\n");
  return h`<td class="${cls}"${marked ? h` id="${id}"` : ""} title="${title}">${entries.map((e) => entry(e, r.grouped))}</td>`;
}

function entry(e: CellEntry, grouped: boolean): Html {
  const g = e.grant;
  const who = grouped ? h`<span class="who">${e.team}</span>` : "";
  const perms = g
    ? h`<span class="p l${stackLevel(g.stackPermission)}">stack ${g.stackPermission}</span> <span class="p l${envLevel(g.environmentPermission)}">env ${g.environmentPermission}</span>`
    : h`<span class="p l0">none</span>`;
  const bg = g?.breakGlass
    ? h`<span class="tag bg">break-glass${g.maxOpenDuration ? ` (max ${g.maxOpenDuration})` : ""}</span>`
    : "";
  // Spaces between the parts, so that text (and a screen reader) reads "stack write env open".
  return h`<div class="e">${joinHtml([who, perms, bg, findingMarks(e.findings), changeTag(e.change)], " ")}</div>`;
}

export function findingMarks(findings: readonly FindingRef[]): Html {
  return joinHtml(
    findings.map(
      (f) =>
        h`<a class="tag sev-${f.finding.severity}" href="#${f.id}">${f.finding.severity} #${f.n}</a>`,
    ),
    " ",
  );
}

export const levelText = (l: GrantLevel | undefined): string =>
  l
    ? `stack ${l.stackPermission}, env ${l.environmentPermission}${l.breakGlass ? ", break-glass" : ""}`
    : "none";

function changeTag(c: GrantChange | undefined): Html | "" {
  if (!c) return "";
  const text =
    c.change === "added"
      ? "added since the baseline"
      : c.change === "removed"
        ? `removed (was ${levelText(c.before)})`
        : `${c.change} (was ${levelText(c.before)})`;
  return h`<span class="tag chg chg-${c.change}">${text}</span>`;
}
