/**
 * The benchmark's parent process: for each size, one program child then one baseline child (each
 * `--repeat` times, keeping the median), then the sharded row (the largest size planned again as
 * its core and shards, one fresh child each), then the report.
 */
import { mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { BENCH_DIR, Options } from "./options";
import { printReport, scaling, SizeReport, sizeReport, table } from "./report";
import { ShardReport, shardReport } from "./shardReport";
import { median, Measured, spawnChild } from "./spawn";
import { syntheticShardNames } from "./synthetic";

/** Runs the benchmark with the parsed command line; returns the exit code. */
export function parent(opts: Options): number {
  const started = performance.now();
  const { reports, largest } = measureSizes(opts, started);
  const shards = opts.shards > 0 && largest ? measureShards(opts, largest, started) : undefined;
  const targets = printReport(opts, reports, scaling(reports), shards, started);
  return opts.check && !Object.values(targets).every((t) => t.met !== false) ? 1 : 0;
}

/** Both children for every size, in order; the recording file is removed after each size. */
function measureSizes(opts: Options, started: number) {
  mkdirSync(BENCH_DIR, { recursive: true });
  const reports: SizeReport[] = [];
  let largest: Measured | undefined;
  for (const projects of opts.sizes) {
    const recordingFile = path.join(BENCH_DIR, `recording-${projects}.json`);
    try {
      const program = median(opts, "program", projects, recordingFile);
      const baseline = median(opts, "baseline", projects, recordingFile);
      reports.push(sizeReport(program, baseline));
      if (!largest || projects > largest.projects) largest = program;
    } finally {
      rmSync(recordingFile, { force: true });
    }
    progress(`${projects} projects`, started);
  }
  return { reports, largest };
}

/**
 * The largest size as a core and `opts.shards` shards, each planned in its own process and then
 * registered raw by a baseline child from its own recording (issue 31: a shard is held to the raw
 * registration of its own resources, not to an absolute figure below the SDK's floor).
 */
function measureShards(opts: Options, unsharded: Measured, started: number): ShardReport {
  const runs = ["core", ...syntheticShardNames(opts.shards)].map((shard) => {
    const recordingFile = path.join(BENCH_DIR, `recording-${unsharded.projects}-${shard}.json`);
    try {
      const program = spawnChild(
        opts,
        "program",
        unsharded.projects,
        recordingFile,
        `${opts.shards}:${shard}`,
      );
      const baseline = spawnChild(opts, "baseline", unsharded.projects, recordingFile);
      return { program, baseline };
    } finally {
      rmSync(recordingFile, { force: true });
    }
  });
  progress(`${unsharded.projects} projects in ${opts.shards} shards`, started);
  return shardReport(unsharded.projects, unsharded, runs, table);
}

const progress = (what: string, started: number) =>
  process.stderr.write(
    `bench: ${what} done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
  );
