/**
 * The sharded row of the benchmark: the largest size planned again as a core and its shards
 * (bench/synthetic.ts `syntheticShards`), each in a fresh process, against the unsharded plan of
 * the same size, and the targets for it: each shard's plan (the core included) peaks at most 1.2
 * times the RSS of raw registration of its own resources (a baseline child replaying that shard's
 * recording; issue 31 replaced an absolute 600 MB, which was below the SDK's own floor for the
 * 4,650 resources of a shard of 1,000 projects), and takes at most an eighth of the unsharded
 * plan's CPU time.
 */
import { ms } from "./protocol";
import { Measured } from "./spawn";

export const SHARD_TARGETS = { maxRssRatio: 1.2, maxTimeFraction: 1 / 8 };

export interface ShardRun {
  readonly shard: string;
  readonly resources: number;
  readonly planMs: number;
  readonly planCpuMs: number;
  readonly maxRssMB: number;
  /** Raw registration of the shard's own resources (baseline child), peak RSS. */
  readonly baselineRssMB: number;
  /** maxRssMB / baselineRssMB */
  readonly rssRatio: number;
}

export interface ShardReport {
  readonly projects: number;
  readonly shards: number;
  readonly unsharded: {
    readonly planMs: number;
    readonly planCpuMs: number;
    readonly maxRssMB: number;
  };
  readonly runs: readonly ShardRun[];
  /** The largest shard's figures (the core included). */
  readonly maxRssMB: number;
  /** The largest plan / raw registration RSS ratio of a shard (the core included). */
  readonly maxRssRatio: number;
  readonly maxPlanCpuMs: number;
  readonly maxPlanMs: number;
  /** maxPlanCpuMs / unsharded.planCpuMs */
  readonly timeFraction: number;
  /** Printed table (not part of the JSON). */
  readonly table: string;
}

export function shardReport(
  projects: number,
  unsharded: Measured,
  runs: readonly { program: Measured; baseline: Measured }[],
  table: (rows: string[][]) => string,
): ShardReport {
  const shardRuns: ShardRun[] = runs.map(({ program: r, baseline: b }) => {
    if (b.customResources !== r.customResources)
      throw new Error(
        `shard ${r.shard}: baseline registered ${b.customResources} custom resources, the program ${r.customResources}`,
      );
    const maxRssMB = r.planMaxRssMB ?? r.maxRssMB;
    return {
      shard: r.shard ?? "?",
      resources: r.resources,
      planMs: r.planMs ?? r.runMs,
      planCpuMs: r.planCpuMs ?? r.runCpuMs,
      maxRssMB,
      baselineRssMB: b.maxRssMB,
      rssRatio: Math.round((maxRssMB / b.maxRssMB) * 100) / 100,
    };
  });
  const base = {
    planMs: unsharded.planMs ?? unsharded.runMs,
    planCpuMs: unsharded.planCpuMs ?? unsharded.runCpuMs,
    maxRssMB: unsharded.planMaxRssMB ?? unsharded.maxRssMB,
  };
  const maxCpu = Math.max(...shardRuns.map((r) => r.planCpuMs));
  return {
    projects,
    shards: shardRuns.filter((r) => r.shard !== "core").length,
    unsharded: base,
    runs: shardRuns,
    maxRssMB: Math.max(...shardRuns.map((r) => r.maxRssMB)),
    maxRssRatio: Math.max(...shardRuns.map((r) => r.rssRatio)),
    maxPlanCpuMs: maxCpu,
    maxPlanMs: Math.max(...shardRuns.map((r) => r.planMs)),
    timeFraction: Math.round((maxCpu / base.planCpuMs) * 1000) / 1000,
    table: table([
      [
        `sharded ${projects}`,
        "resources",
        "plan CPU ms",
        "plan wall ms",
        "plan RSS MB",
        "raw RSS MB",
        "RSS / raw",
        "CPU / unsharded",
      ],
      [
        "unsharded",
        "",
        ms(base.planCpuMs).toFixed(0),
        ms(base.planMs).toFixed(0),
        String(base.maxRssMB),
        "",
        "",
        "1",
      ],
      ...shardRuns.map((r) => [
        r.shard,
        String(r.resources),
        r.planCpuMs.toFixed(0),
        r.planMs.toFixed(0),
        String(r.maxRssMB),
        String(r.baselineRssMB),
        r.rssRatio.toFixed(2),
        (r.planCpuMs / base.planCpuMs).toFixed(3),
      ]),
    ]),
  };
}

export function shardTargets(r: ShardReport) {
  return {
    shardMemory: {
      target: `each shard's plan (the core included) peaks at <= ${SHARD_TARGETS.maxRssRatio} x the RSS of raw registration of its own resources`,
      met: r.maxRssRatio <= SHARD_TARGETS.maxRssRatio,
      measured: `largest ratio ${r.maxRssRatio} over ${r.runs.length} runs of ${r.projects} projects in ${r.shards} shards (${r.runs.map((x) => `${x.shard} ${x.maxRssMB}/${x.baselineRssMB} MB`).join(", ")})`,
    },
    shardTime: {
      target: `each shard's plan takes <= 1/${1 / SHARD_TARGETS.maxTimeFraction} of the unsharded plan's CPU time`,
      met: r.timeFraction <= SHARD_TARGETS.maxTimeFraction,
      measured: `largest ${(r.maxPlanCpuMs / 1000).toFixed(1)} s of ${(r.unsharded.planCpuMs / 1000).toFixed(1)} s = ${r.timeFraction}`,
    },
  };
}
