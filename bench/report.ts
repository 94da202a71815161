/**
 * The benchmark's report: per size (program against baseline) and between consecutive sizes
 * (scaling), the targets, and how they are printed (two tables, the targets, then one JSON
 * object, the last thing on stdout).
 */
import * as os from "node:os";
import { childFlags, Options } from "./options";
import { ms } from "./protocol";
import { Measured } from "./spawn";

/** Targets from the issue. */
const TARGETS = {
  maxOverhead: 1.3,
  /** Time ratio / size ratio between consecutive sizes; 1 is exactly linear. */
  maxScaling: 1.0,
  /**
   * Not in the issue: a quadratic number of dependency edges (see `dependencyEdges`) stays hidden
   * behind flat depth and fixed costs at small sizes. The mix of resources shifts a little with
   * size, hence the margin.
   */
  maxEdgeGrowth: 1.1,
};

type Timings = Pick<
  Measured,
  "validateMs" | "constructMs" | "runMs" | "processMs" | "wallMs" | "maxRssMB" | "dependencyEdges"
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
  /** program.runMs / baseline.runMs */
  readonly overhead: number;
  /** program.processMs / baseline.processMs (module loading included) */
  readonly processOverhead: number;
}

export interface ScalingReport {
  readonly from: number;
  readonly to: number;
  readonly sizeRatio: number;
  readonly resourceRatio: number;
  readonly edgeRatio: number;
  readonly programTimeRatio: number;
  readonly baselineTimeRatio: number;
  /** programTimeRatio / sizeRatio: 1 is linear, below is sub-linear. */
  readonly programVsLinear: number;
  readonly baselineVsLinear: number;
  readonly programMemoryRatio: number;
}

/** Target name -> what it requires and whether this run met it. */
export type Targets = Record<string, { readonly target: string; readonly met: boolean }>;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

const timings = (m: Measured): Timings => ({
  validateMs: m.validateMs,
  constructMs: m.constructMs,
  runMs: m.runMs,
  processMs: m.processMs,
  wallMs: m.wallMs,
  maxRssMB: m.maxRssMB,
  dependencyEdges: m.dependencyEdges,
});

export function sizeReport(p: Measured, b: Measured): SizeReport {
  if (b.customResources !== p.customResources)
    throw new Error(
      `baseline registered ${b.customResources} custom resources, the program ${p.customResources}`,
    );
  return {
    projects: p.projects,
    resources: p.resources,
    customResources: p.customResources,
    componentResources: p.resources - p.customResources,
    depth: p.depth,
    baselineDepth: b.depth,
    program: timings(p),
    baseline: timings(b),
    overhead: round(p.runMs / b.runMs),
    processOverhead: round(p.processMs / b.processMs),
  };
}

export function scaling(sizes: readonly SizeReport[]): ScalingReport[] {
  const out: ScalingReport[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const a = sizes[i - 1];
    const b = sizes[i];
    const sizeRatio = b.projects / a.projects;
    const programTimeRatio = b.program.runMs / a.program.runMs;
    const baselineTimeRatio = b.baseline.runMs / a.baseline.runMs;
    out.push({
      from: a.projects,
      to: b.projects,
      sizeRatio: round(sizeRatio),
      resourceRatio: round(b.resources / a.resources),
      edgeRatio: round(b.program.dependencyEdges / a.program.dependencyEdges),
      programTimeRatio: round(programTimeRatio),
      baselineTimeRatio: round(baselineTimeRatio),
      programVsLinear: round(programTimeRatio / sizeRatio),
      baselineVsLinear: round(baselineTimeRatio / sizeRatio),
      programMemoryRatio: round(b.program.maxRssMB / a.program.maxRssMB),
    });
  }
  return out;
}

function targetsOf(reports: readonly SizeReport[], scale: readonly ScalingReport[]): Targets {
  return {
    overhead: {
      target: `program / baseline <= ${TARGETS.maxOverhead} at every size`,
      met: reports.every((r) => r.overhead <= TARGETS.maxOverhead),
    },
    linear: {
      target: `(time ratio / size ratio) <= ${TARGETS.maxScaling} between consecutive sizes`,
      met: scale.every((s) => s.programVsLinear <= TARGETS.maxScaling),
    },
    depth: {
      target: "graph depth is the same at every size",
      met: reports.every((r) => r.depth === reports[0].depth),
    },
    edges: {
      target: `dependency edges grow like resources (edges x / resources x <= ${TARGETS.maxEdgeGrowth})`,
      met: scale.every((s) => s.edgeRatio / s.resourceRatio <= TARGETS.maxEdgeGrowth),
    },
  };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "),
    )
    .join("\n");
}

function sizeTable(reports: readonly SizeReport[]): string {
  const f = (n: number | undefined) => (n ?? 0).toFixed(0);
  return table([
    [
      "projects",
      "resources",
      "custom",
      "depth",
      "edges",
      "validate ms",
      "construct ms",
      "program ms",
      "baseline ms",
      "overhead",
      "prog proc ms",
      "base proc ms",
      "prog RSS MB",
      "base RSS MB",
    ],
    ...reports.map((r) => [
      String(r.projects),
      String(r.resources),
      String(r.customResources),
      String(r.depth),
      String(r.program.dependencyEdges),
      f(r.program.validateMs),
      f(r.program.constructMs),
      f(r.program.runMs),
      f(r.baseline.runMs),
      r.overhead.toFixed(2),
      f(r.program.processMs),
      f(r.baseline.processMs),
      String(r.program.maxRssMB),
      String(r.baseline.maxRssMB),
    ]),
  ]);
}

function scalingTable(scale: readonly ScalingReport[]): string {
  return table([
    [
      "scaling",
      "size x",
      "resources x",
      "edges x",
      "program x",
      "vs linear",
      "baseline x",
      "vs linear",
      "prog RSS x",
    ],
    ...scale.map((s) => [
      `${s.from} -> ${s.to}`,
      s.sizeRatio.toFixed(1),
      s.resourceRatio.toFixed(2),
      s.edgeRatio.toFixed(2),
      s.programTimeRatio.toFixed(2),
      s.programVsLinear.toFixed(2),
      s.baselineTimeRatio.toFixed(2),
      s.baselineVsLinear.toFixed(2),
      s.programMemoryRatio.toFixed(2),
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
  started: number,
): Targets {
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs; child flags: ${childFlags(opts).join(" ")}` +
      (opts.repeat > 1 ? `; median of ${opts.repeat} runs` : ""),
  );
  console.log("");
  console.log(sizeTable(reports));
  if (scale.length) {
    console.log("");
    console.log(scalingTable(scale));
  }

  const targets = targetsOf(reports, scale);
  const totalMs = ms(performance.now() - started);
  console.log("");
  for (const [name, t] of Object.entries(targets))
    console.log(`${t.met ? "met    " : "MISSED "} ${name}: ${t.target}`);
  console.log(`total ${(totalMs / 1000).toFixed(1)} s`);
  console.log("");
  console.log(
    JSON.stringify(
      {
        node: process.version,
        cpus: os.cpus().length,
        childFlags: childFlags(opts),
        repeat: opts.repeat,
        sizes: reports,
        scaling: scale,
        targets,
        totalMs,
      },
      null,
      2,
    ),
  );
  return targets;
}
