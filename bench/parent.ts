/**
 * The benchmark's parent process: for each size, one program child then one baseline child (each
 * `--repeat` times, keeping the median), then the report.
 */
import { mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { BENCH_DIR, Options, parseArgs } from "./options";
import { printReport, scaling, SizeReport, sizeReport } from "./report";
import { median } from "./spawn";

/** Runs the benchmark for the command line `argv`; returns the exit code. */
export function parent(argv: string[]): number {
  const opts = parseArgs(argv);
  const started = performance.now();
  const reports = measureSizes(opts, started);
  const targets = printReport(opts, reports, scaling(reports), started);
  return opts.check && !Object.values(targets).every((t) => t.met) ? 1 : 0;
}

/** Both children for every size, in order; the recording file is removed after each size. */
function measureSizes(opts: Options, started: number): SizeReport[] {
  mkdirSync(BENCH_DIR, { recursive: true });
  const reports: SizeReport[] = [];
  for (const projects of opts.sizes) {
    const recordingFile = path.join(BENCH_DIR, `recording-${projects}.json`);
    try {
      const program = median(opts, "program", projects, recordingFile);
      const baseline = median(opts, "baseline", projects, recordingFile);
      reports.push(sizeReport(program, baseline));
    } finally {
      rmSync(recordingFile, { force: true });
    }
    process.stderr.write(
      `bench: ${projects} projects done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
    );
  }
  return reports;
}
