/**
 * What the access report shows, derived from the plan report and the access model: per tier the
 * heatmap's rows (teams), columns (projects) and cells (grants), every finding with the page
 * elements its config path points at, and the access diff attached to the cells it concerns.
 * Pure: no markup here.
 */
import { AccessModel, Grant, MachineIdentity } from "../../model/access";
import { Finding } from "../../model/config";
import { isDefaultCi } from "../../model/ci/registry";
import { requestFor, tokenLabel } from "../../model/oidc";
import { AccessDiff, GrantChange } from "../accessDiff";
import { PlanReport } from "../report";
import { Ids } from "./markup";

export interface HtmlInput {
  readonly report: PlanReport;
  /** The access model the report was made from (team kinds, config paths, identities). */
  readonly model: AccessModel;
  /** From `plan --baseline`: highlighted in the heatmap and listed in its own section. */
  readonly accessDiff?: AccessDiff;
}

export interface FindingRef {
  /** 1-based, in the report's order (by severity). */
  readonly n: number;
  readonly id: string;
  readonly finding: Finding;
}

/** A link to a page element a finding concerns. */
export interface Related {
  readonly id: string;
  readonly label: string;
}

export interface CellEntry {
  readonly team: string;
  /** Absent when the diff says the grant was removed. */
  readonly grant?: Grant;
  readonly findings: readonly FindingRef[];
  readonly change?: GrantChange;
}

export interface HeatRow {
  readonly key: string;
  readonly label: string;
  readonly kind: "human" | "machine";
  /** Several machine teams of one purpose (one per project) share the row. */
  readonly grouped: boolean;
  /** For a team that is not (or no longer) declared: shown only because the diff names it. */
  readonly removed: boolean;
  readonly findings: FindingRef[];
  readonly cells: Map<string, CellEntry[]>;
}

export interface HeatColumn {
  readonly project: string;
  readonly stack: string;
  readonly mode: string;
  /** The CI that runs the pipeline (or calls the Deployments API), when not the default CI. */
  readonly ci?: string;
  readonly findings: FindingRef[];
}

export interface TierView {
  readonly name: string;
  readonly protected: boolean;
  readonly id: string;
  /** Findings about the tier (`tiers[k]...`) that no row, column or cell of it shows. */
  readonly findings: readonly FindingRef[];
  readonly columns: readonly HeatColumn[];
  readonly rows: readonly HeatRow[];
}

export interface ReportView {
  readonly input: HtmlInput;
  readonly ids: Ids;
  readonly findings: readonly FindingRef[];
  readonly tiers: readonly TierView[];
  /** Element id of each finding's config path on the page, when the page shows it. */
  readonly targetOf: ReadonlyMap<FindingRef, Related>;
  /** Cells, rows and columns each finding is marked on. */
  readonly related: ReadonlyMap<FindingRef, Related[]>;
  /** Machine identity of each token label (`team:x`, `organization:admin`). */
  readonly identityByToken: ReadonlyMap<string, MachineIdentity>;
  readonly grantsByTeam: ReadonlyMap<string, readonly Grant[]>;
}

/** Whether config path `prefix` is `path` or one of its ancestors (`a.b` covers `a.b[0].c`). */
export const covers = (prefix: string, path: string): boolean =>
  path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/** The config paths a human grant's reason names (`teams[0].access["*"]`, `tiers[2].roles.x`). */
export function reasonPaths(reason: string): string[] {
  return [
    ...reason.matchAll(/\b(?:teams|tiers|projects)\[\d+\](?:\.[A-Za-z0-9_*-]+|\["[^"]*"\])*/g),
  ].map((m) => m[0]);
}

const cellKey = (tier: string, team: string, project: string) =>
  `${tier}\u0000${team}\u0000${project}`;

export function buildView(input: HtmlInput): ReportView {
  const { report, model } = input;
  const ids = new Ids();
  const findings = report.findings.map((finding, i) => ({
    n: i + 1,
    id: ids.id("finding", String(i + 1)),
    finding,
  }));
  const related = new Map<FindingRef, Related[]>(findings.map((f) => [f, []]));
  const relate = (f: FindingRef, r: Related) => related.get(f)?.push(r);
  const identityByToken = new Map(model.identities.map((i) => [tokenLabel(requestFor(i)), i]));
  const grantsByTeam = new Map<string, Grant[]>();
  // Standing grants only: per-use break-glass is the tier's "access on approval" table.
  for (const g of model.grants)
    if (!g.approval) grantsByTeam.set(g.team, [...(grantsByTeam.get(g.team) ?? []), g]);
  const changes = new Map<string, GrantChange>();
  for (const c of input.accessDiff?.grants ?? [])
    changes.set(cellKey(c.tier, c.team, c.project), c);

  const tierPaths = new Map<string, string>();
  for (const g of model.grants)
    for (const p of reasonPaths(g.reason)) {
      const m = /^tiers\[\d+\]/.exec(p);
      if (m) tierPaths.set(g.tier, m[0]);
    }
  const tiers = report.accessMatrix.map((t) =>
    tierView(t.tier, t.protected, {
      model,
      ids,
      findings,
      relate,
      changes,
      path: tierPaths.get(t.tier),
    }),
  );
  return {
    input,
    ids,
    findings,
    tiers,
    targetOf: targets(model, ids, findings),
    related,
    identityByToken,
    grantsByTeam,
  };
}

interface TierContext {
  readonly model: AccessModel;
  readonly ids: Ids;
  readonly findings: readonly FindingRef[];
  readonly relate: (f: FindingRef, r: Related) => void;
  readonly changes: ReadonlyMap<string, GrantChange>;
  /** The tier's config path (`tiers[k]`), when a grant's reason names it. */
  readonly path?: string;
}

function tierView(name: string, isProtected: boolean, ctx: TierContext): TierView {
  const { model, ids, findings, relate } = ctx;
  const tierId = ids.id("tier", name);
  const stacks = model.stacks.filter((s) => s.tier === name);
  const columns: HeatColumn[] = stacks.map((s) => {
    // About this stack (`projects[i].tiers.t...`) or about the whole project (`projects[i]`).
    const marked = findings.filter(
      (f) => covers(s.source, f.finding.path) || covers(f.finding.path, s.source),
    );
    const id = ids.id("col", `${name}/${s.project}`);
    for (const f of marked) relate(f, { id, label: `project ${s.project} on tier ${name}` });
    const ci = model.pipelines.find((p) => p.project === s.project && p.tier === name)?.ci;
    return {
      project: s.project,
      stack: s.stack,
      mode: s.mode,
      ...(!isDefaultCi(ci) ? { ci } : {}),
      findings: marked,
    };
  });
  const rows = heatRows(name, ctx);
  for (const row of rows) {
    const id = ids.id("row", `${name}/${row.key}`);
    for (const f of row.findings) relate(f, { id, label: `team ${row.label} on tier ${name}` });
    for (const [project, entries] of row.cells)
      for (const f of new Set(entries.flatMap((e) => e.findings)))
        relate(f, {
          id: ids.id("cell", `${name}/${row.key}/${project}`),
          label: `${row.label} on ${project} (${name})`,
        });
  }
  const shown = new Set([
    ...columns.flatMap((c) => c.findings),
    ...rows.flatMap((r) => [
      ...r.findings,
      ...[...r.cells.values()].flat().flatMap((e) => e.findings),
    ]),
  ]);
  const path = ctx.path;
  const own = path ? findings.filter((f) => covers(path, f.finding.path) && !shown.has(f)) : [];
  for (const f of own) relate(f, { id: `${tierId}-cap`, label: `tier ${name}` });
  return { name, protected: isProtected, id: tierId, findings: own, columns, rows };
}

/** Every human team (config order), then the machine teams holding grants on the tier. */
function heatRows(tier: string, ctx: TierContext): HeatRow[] {
  const { model, findings } = ctx;
  const purposeOf = new Map(model.identities.map((i) => [i.team, i.purpose as string]));
  const rows = new Map<string, HeatRow>();
  const newRow = (key: string, label: string, kind: HeatRow["kind"], more: Partial<HeatRow>) => {
    const row: HeatRow = {
      key,
      label,
      kind,
      grouped: false,
      removed: false,
      findings: [],
      cells: new Map(),
      ...more,
    };
    rows.set(key, row);
    return row;
  };
  for (const t of model.teams.filter((t) => t.kind === "human"))
    newRow(`team:${t.name}`, t.name, "human", {
      findings: findings.filter((f) => covers(t.source, f.finding.path)),
    });
  const machine = model.grants.filter((g) => g.tier === tier && g.identity === "machine");
  const teamsByPurpose = new Map<string, Set<string>>();
  for (const g of machine) {
    const purpose = purposeOf.get(g.team) ?? "machine";
    teamsByPurpose.set(purpose, (teamsByPurpose.get(purpose) ?? new Set()).add(g.team));
  }
  const machineRowKey = (team: string) => {
    const purpose = purposeOf.get(team) ?? "machine";
    const teams = teamsByPurpose.get(purpose) ?? new Set([team]);
    return teams.size > 1 ? `machine:${purpose}` : `team:${team}`;
  };
  for (const [purpose, teams] of teamsByPurpose)
    if (teams.size > 1)
      newRow(
        `machine:${purpose}`,
        `${purpose} identities (${teams.size} machine teams)`,
        "machine",
        {
          grouped: true,
        },
      );
    else newRow(`team:${[...teams][0]}`, [...teams][0], "machine", {});

  const rowFor = (team: string, kind: HeatRow["kind"]) => {
    const key = kind === "machine" ? machineRowKey(team) : `team:${team}`;
    return rows.get(key) ?? newRow(key, team, kind, { removed: true });
  };
  for (const g of model.grants.filter((g) => g.tier === tier && !g.approval)) {
    const paths = g.identity === "human" ? reasonPaths(g.reason) : [];
    addEntry(rowFor(g.team, g.identity), g.project, {
      team: g.team,
      grant: g,
      findings: findings.filter((f) => paths.some((p) => covers(p, f.finding.path))),
      change: ctx.changes.get(cellKey(tier, g.team, g.project)),
    });
  }
  for (const c of ctx.changes.values())
    if (c.tier === tier && c.change === "removed")
      addEntry(rowFor(c.team, c.kind), c.project, { team: c.team, findings: [], change: c });
  return [...rows.values()];
}

function addEntry(row: HeatRow, project: string, entry: CellEntry): void {
  row.cells.set(project, [...(row.cells.get(project) ?? []), entry]);
}

/**
 * Where each finding's config path is shown: the longest registered ancestor of the path among
 * teams (`teams[i]`), projects (`projects[i]`), pipelines and stacks (`projects[i].tiers.t`),
 * tiers (`tiers[k]`, known from the grants' reasons), `oidc` and the scheduled audit.
 */
function targets(
  model: AccessModel,
  ids: Ids,
  findings: readonly FindingRef[],
): Map<FindingRef, Related> {
  const registered = new Map<string, Related>();
  const register = (path: string, r: Related) => {
    if (!registered.has(path)) registered.set(path, r);
  };
  register("oidc", { id: "trust", label: "OIDC trust" });
  if (model.audit) {
    const r = { id: ids.id("pipeline", "scheduled audit"), label: "the scheduled audit" };
    register("audit.schedule", r);
  }
  for (const t of model.teams)
    if (t.kind === "human")
      register(t.source, { id: ids.id("team", t.name), label: `team ${t.name}` });
  for (const s of model.stacks) {
    const pipeline = model.pipelines.find((p) => p.key === s.key);
    register(
      s.source,
      pipeline
        ? { id: ids.id("pipeline", pipeline.key), label: `pipeline ${pipeline.key}` }
        : { id: ids.id("tier", s.tier), label: `tier ${s.tier}` },
    );
    const project = s.source.replace(/\.tiers\..*$/, "");
    register(project, { id: ids.id("project", s.project), label: `project ${s.project}` });
  }
  for (const g of model.grants)
    for (const p of reasonPaths(g.reason)) {
      const tier = /^tiers\[\d+\]/.exec(p);
      if (tier) register(tier[0], { id: ids.id("tier", g.tier), label: `tier ${g.tier}` });
    }
  const out = new Map<FindingRef, Related>();
  const paths = [...registered.keys()].sort((a, b) => b.length - a.length);
  for (const f of findings) {
    const hit = paths.find((p) => covers(p, f.finding.path));
    if (hit) out.set(f, registered.get(hit) as Related);
  }
  return out;
}
