/**
 * What passes between the benchmark's processes: the result a child reports (one JSON line on
 * stdout) and the recording the program child writes for the baseline child; plus the rounding
 * and memory helpers both children use.
 */
import { readFileSync } from "node:fs";
import { RecordedResource } from "../plan/mockRun";

/** Wall-clock and CPU time of one step. */
export interface StepTime {
  readonly wallMs: number;
  /** CPU of this process and of the children it waited for (esbuild), user + system. */
  readonly cpuMs: number;
}

/** The plan's steps after registration, as the program child times them. */
export const PLAN_STEPS = [
  "validate",
  "construct",
  "register",
  "simulate",
  "check",
  "report",
  "render",
] as const;
export type PlanStep = (typeof PLAN_STEPS)[number];

/** What a child process reports (one JSON line on stdout). */
export interface ChildResult {
  readonly kind: "program" | "baseline";
  readonly projects: number;
  /** For a shard run: the shard's name, or "core". */
  readonly shard?: string;
  /** Validation only (program). */
  readonly validateMs?: number;
  /** Synchronous construction of every resource object (program: `buildOrg`). */
  readonly constructMs: number;
  /** Validation + construction + registration under mocks, until everything is recorded. */
  readonly runMs: number;
  /** CPU time of the same span (this process and the children it waited for). */
  readonly runCpuMs: number;
  /** Program: the whole plan, registration, OIDC simulation, checks, report and text output. */
  readonly planMs?: number;
  readonly planCpuMs?: number;
  /** Program: each step of the plan. */
  readonly steps?: Readonly<Record<PlanStep, StepTime>>;
  /** From process start to the end of the run. */
  readonly processMs: number;
  /** Peak RSS when registration ended. */
  readonly maxRssMB: number;
  /** Program: peak RSS when the whole plan (text output included) ended. */
  readonly planMaxRssMB?: number;
  readonly resources: number;
  readonly customResources: number;
  readonly depth: number;
  /**
   * Dependency URNs the engine receives, summed over custom resources: a dependency on a
   * component counts every custom resource inside it (that is how the SDK sends it).
   */
  readonly dependencyEdges: number;
}

/** What the baseline needs from the program run, written to a file between the two children. */
export type RecordingEntry = Pick<
  RecordedResource,
  "urn" | "type" | "name" | "custom" | "parent" | "inputs" | "secretInputs"
> & {
  /** Explicit and implicit dependencies, as recorded (components not expanded). */
  readonly dependencies: readonly string[];
  readonly provider?: string;
};

export interface Recording {
  readonly organization: string;
  readonly resources: readonly RecordingEntry[];
}

export const ms = (n: number) => Math.round(n * 10) / 10;
export const rssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Clock ticks of children this process waited for (Linux /proc; 0 elsewhere), in ms. */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    // Fields 16 and 17 (cutime, cstime), counted from the state field (3): indices 13, 14.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

/** CPU time so far, in ms: this process (all threads, GC included) and its waited-for children. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000 + childrenCpuMs();
}
