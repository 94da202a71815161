/**
 * What passes between the benchmark's processes: the result a child reports (one JSON line on
 * stdout) and the recording the program child writes for the baseline child; plus the rounding
 * and memory helpers both children use.
 */
import { RecordedResource } from "../plan/mockRun";

/** What a child process reports (one JSON line on stdout). */
export interface ChildResult {
  readonly kind: "program" | "baseline";
  readonly projects: number;
  /** Validation only (program). */
  readonly validateMs?: number;
  /** Synchronous construction of every resource object (program: `buildOrg`). */
  readonly constructMs: number;
  /** Validation + construction + registration under mocks, until everything is recorded. */
  readonly runMs: number;
  /** From process start to the end of the run. */
  readonly processMs: number;
  readonly maxRssMB: number;
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
