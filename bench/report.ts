/**
 * The benchmark's report: per size (program against baseline, and the whole plan step by step),
 * between consecutive sizes (scaling of every step), the sharded row, the targets, and how they
 * are printed (tables, the targets, then one JSON object, the last thing on stdout).
 *
 * Overhead and scaling are compared in CPU time (this process's threads, garbage collection
 * included, and the children it waited for): on a shared machine wall-clock time moves with other
 * people's load, CPU time much less. Wall-clock times are reported next to it.
 */
import * as os from "node:os";
import { childFlags, Options } from "./options";
import { ms, PLAN_STEPS, PlanStep, StepTime } from "./protocol";
import { Measured } from "./spawn";
import { ShardReport, shardTargets } from "./shardReport";

/** Targets from the issue. */
export const TARGETS = {
  /** program / baseline CPU time, at every size. */
  maxOverhead: 1.3,
  /** Peak RSS of the whole plan / baseline's, at 1,000 projects. */
  maxPlanMemory: 1.2,
  memoryAtProjects: 1000,
  /** A step's CPU ratio / size ratio between consecutive sizes (1 is linear), with a margin. */
  maxScaling: 1.2,
  /**
   * Not in the issue: a quadratic number of dependency edges (see `dependencyEdges`) stays hidden
   * behind flat depth and fixed costs at small sizes. The mix of resources shifts a little with
   * size, hence the margin.
   */
  maxEdgeGrowth: 1.1,
};

type Timings = Pick<
  Measured,
  | "validateMs"
  | "constructMs"
  | "runMs"
  | "runCpuMs"
  | "planMs"
  | "planCpuMs"
  | "processMs"
  | "wallMs"
  | "maxRssMB"
  | "planMaxRssMB"
  | "dependencyEdges"
>;

export interface SizeReport {
  readonly projects: number;
  readonly resources: number;
  readonly customResources: number;
  readonly componentResources: number;
  /** Longest chain of custom resources (program). */
  readonly depth: number;
  readonly baselineDepth: number;
  readonly program: Timings;
  readonly baseline: Timings;
  /** The plan's steps (program child). */
  readonly steps: Readonly<Record<PlanStep, StepTime>>;
  /** program.runCpuMs / baseline.runCpuMs: validation + construction + registration. */
  readonly overhead: number;
  /** The same in wall-clock time. */
  readonly wallOverhead: number;
  /** Peak RSS per child: the program at registration's end, the whole plan, the baseline. */
  readonly maxRssMB: { readonly program: number; readonly plan: number; readonly baseline: number };
  /** maxRssMB.plan / maxRssMB.baseline */
  readonly planMemoryRatio: number;
}

export interface ScalingReport {
  readonly from: number;
  readonly to: number;
  readonly sizeRatio: number;
  readonly resourceRatio: number;
  readonly edgeRatio: number;
  /** CPU ratio of each step, divided by the size ratio: 1 is linear, below is sub-linear. */
  readonly stepsVsLinear: Readonly<Record<PlanStep, number>>;
  /** Program (validation to registration) and baseline CPU ratios over the size ratio. */
  readonly programVsLinear: number;
  readonly baselineVsLinear: number;
  readonly planMemoryRatio: number;
}

/** Target name -> what it requires, whether this run met it (null: not measured), and why. */
export type Targets = Record<
  string,
  { readonly target: string; readonly met: boolean | null; readonly measured: string }
>;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

const timings = (m: Measured): Timings => ({
  validateMs: m.validateMs,
  constructMs: m.constructMs,
  runMs: m.runMs,
  runCpuMs: m.runCpuMs,
  planMs: m.planMs,
  planCpuMs: m.planCpuMs,
  processMs: m.processMs,
  wallMs: m.wallMs,
  maxRssMB: m.maxRssMB,
  planMaxRssMB: m.planMaxRssMB,
  dependencyEdges: m.dependencyEdges,
});

export function sizeReport(p: Measured, b: Measured): SizeReport {
  if (b.customResources !== p.customResources)
    throw new Error(
      `baseline registered ${b.customResources} custom resources, the program ${p.customResources}`,
    );
  if (!p.steps) throw new Error("the program child reported no steps");
  const plan = p.planMaxRssMB ?? p.maxRssMB;
  return {
    projects: p.projects,
    resources: p.resources,
    customResources: p.customResources,
    componentResources: p.resources - p.customResources,
    depth: p.depth,
    baselineDepth: b.depth,
    program: timings(p),
    baseline: timings(b),
    steps: p.steps,
    overhead: round(p.runCpuMs / b.runCpuMs),
    wallOverhead: round(p.runMs / b.runMs),
    maxRssMB: { program: p.maxRssMB, plan, baseline: b.maxRssMB },
    planMemoryRatio: round(plan / b.maxRssMB),
  };
}

export function scaling(sizes: readonly SizeReport[]): ScalingReport[] {
  const out: ScalingReport[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const a = sizes[i - 1];
    const b = sizes[i];
    const sizeRatio = b.projects / a.projects;
    const vs = (x: number, y: number) => round(y / x / sizeRatio);
    const steps = {} as Record<PlanStep, number>;
    for (const s of PLAN_STEPS) steps[s] = vs(a.steps[s].cpuMs, b.steps[s].cpuMs);
    out.push({
      from: a.projects,
      to: b.projects,
      sizeRatio: round(sizeRatio),
      resourceRatio: round(b.resources / a.resources),
      edgeRatio: round(b.program.dependencyEdges / a.program.dependencyEdges),
      stepsVsLinear: steps,
      programVsLinear: vs(a.program.runCpuMs, b.program.runCpuMs),
      baselineVsLinear: vs(a.baseline.runCpuMs, b.baseline.runCpuMs),
      planMemoryRatio: round(b.maxRssMB.plan / a.maxRssMB.plan),
    });
  }
  return out;
}

const s1 = (n: number) => (n / 1000).toFixed(1);

function targetsOf(
  reports: readonly SizeReport[],
  scale: readonly ScalingReport[],
  shards: ShardReport | undefined,
): Targets {
  const over = reports.filter((r) => r.overhead > TARGETS.maxOverhead);
  const at1000 = reports.find((r) => r.projects === TARGETS.memoryAtProjects);
  const steep = scale.flatMap((s) =>
    Object.entries(s.stepsVsLinear)
      .filter(([, v]) => v > TARGETS.maxScaling)
      .map(([step, v]) => `${step} x${v} of linear from ${s.from} to ${s.to}`),
  );
  return {
    overhead: {
      target: `program / baseline CPU time <= ${TARGETS.maxOverhead} at every size`,
      met: over.length === 0,
      measured: reports
        .map(
          (r) =>
            `${r.projects}: ${r.overhead} (${s1(r.program.runCpuMs)} s / ${s1(r.baseline.runCpuMs)} s; wall ${r.wallOverhead})`,
        )
        .join("; "),
    },
    memory: {
      target: `plan peak RSS <= ${TARGETS.maxPlanMemory} x baseline at ${TARGETS.memoryAtProjects} projects, unsharded`,
      met: at1000 ? at1000.planMemoryRatio <= TARGETS.maxPlanMemory : null,
      measured: at1000
        ? `${at1000.maxRssMB.plan} MB / ${at1000.maxRssMB.baseline} MB = ${at1000.planMemoryRatio} (program at registration's end: ${at1000.maxRssMB.program} MB)`
        : `not measured: run with --sizes including ${TARGETS.memoryAtProjects}; ` +
          reports.map((r) => `${r.projects}: ${r.planMemoryRatio}`).join(", "),
    },
    linear: {
      target: `every plan step's CPU ratio / size ratio <= ${TARGETS.maxScaling} between consecutive sizes`,
      met: scale.length ? steep.length === 0 : null,
      measured: steep.length ? steep.join("; ") : scale.length ? "all steps" : "one size only",
    },
    depth: {
      target: "graph depth is the same at every size",
      met: reports.every((r) => r.depth === reports[0].depth),
      measured: reports.map((r) => `${r.projects}: ${r.depth}`).join(", "),
    },
    edges: {
      target: `dependency edges grow like resources (edges x / resources x <= ${TARGETS.maxEdgeGrowth})`,
      met: scale.every((s) => s.edgeRatio / s.resourceRatio <= TARGETS.maxEdgeGrowth),
      measured: scale
        .map((s) => `${s.from}->${s.to}: ${s.edgeRatio}/${s.resourceRatio}`)
        .join(", "),
    },
    ...(shards ? shardTargets(shards) : {}),
  };
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "),
    )
    .join("\n");
}

const f0 = (n: number | undefined) => (n ?? 0).toFixed(0);

function sizeTable(reports: readonly SizeReport[]): string {
  return table([
    [
      "projects",
      "resources",
      "custom",
      "depth",
      "edges",
      "prog CPU ms",
      "base CPU ms",
      "overhead",
      "(wall)",
      "plan CPU ms",
      "plan wall ms",
      "prog RSS MB",
      "plan RSS MB",
      "base RSS MB",
      "plan/base RSS",
    ],
    ...reports.map((r) => [
      String(r.projects),
      String(r.resources),
      String(r.customResources),
      String(r.depth),
      String(r.program.dependencyEdges),
      f0(r.program.runCpuMs),
      f0(r.baseline.runCpuMs),
      r.overhead.toFixed(2),
      r.wallOverhead.toFixed(2),
      f0(r.program.planCpuMs),
      f0(r.program.planMs),
      String(r.maxRssMB.program),
      String(r.maxRssMB.plan),
      String(r.maxRssMB.baseline),
      r.planMemoryRatio.toFixed(2),
    ]),
  ]);
}

function stepTable(reports: readonly SizeReport[]): string {
  return table([
    ["CPU ms by step", ...PLAN_STEPS],
    ...reports.map((r) => [String(r.projects), ...PLAN_STEPS.map((s) => f0(r.steps[s].cpuMs))]),
  ]);
}

function scalingTable(scale: readonly ScalingReport[]): string {
  return table([
    ["vs linear (CPU)", "size x", "resources x", "edges x", ...PLAN_STEPS, "program", "baseline"],
    ...scale.map((s) => [
      `${s.from} -> ${s.to}`,
      s.sizeRatio.toFixed(1),
      s.resourceRatio.toFixed(2),
      s.edgeRatio.toFixed(2),
      ...PLAN_STEPS.map((st) => s.stepsVsLinear[st].toFixed(2)),
      s.programVsLinear.toFixed(2),
      s.baselineVsLinear.toFixed(2),
    ]),
  ]);
}

/**
 * Prints the tables, the targets, the total time since `started` and the JSON report; returns
 * the targets.
 */
export function printReport(
  opts: Options,
  reports: SizeReport[],
  scale: ScalingReport[],
  shards: ShardReport | undefined,
  started: number,
): Targets {
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; child flags: ${childFlags(opts).join(" ")}` +
      (opts.repeat > 1 ? `; median of ${opts.repeat} runs` : ""),
  );
  for (const t of [sizeTable(reports), stepTable(reports), scale.length ? scalingTable(scale) : ""])
    if (t) console.log(`\n${t}`);
  if (shards) console.log(`\n${shards.table}`);

  const targets = targetsOf(reports, scale, shards);
  const totalMs = ms(performance.now() - started);
  console.log("");
  for (const [name, t] of Object.entries(targets))
    console.log(
      `${t.met === null ? "n/a    " : t.met ? "met    " : "MISSED "} ${name}: ${t.target} (${t.measured})`,
    );
  console.log(`total ${(totalMs / 1000).toFixed(1)} s`);
  console.log("");
  const shardJson = shards ? withoutTable(shards) : undefined;
  console.log(
    JSON.stringify(
      {
        node: process.version,
        cpus: os.cpus().length,
        loadAverage: os.loadavg().map((l) => round(l)),
        childFlags: childFlags(opts),
        repeat: opts.repeat,
        sizes: reports,
        scaling: scale,
        shards: shardJson,
        targets,
        totalMs,
      },
      null,
      2,
    ),
  );
  return targets;
}

/** The sharded row without its printed table (the JSON carries the figures). */
function withoutTable(r: ShardReport): Omit<ShardReport, "table"> {
  return Object.fromEntries(Object.entries(r).filter(([k]) => k !== "table")) as Omit<
    ShardReport,
    "table"
  >;
}
