/**
 * The benchmark's command line (`--sizes`, `--repeat`, `--stock`, `--cpu-prof`, `--check`), where
 * it writes (.bench/), and the Node flags it gives its children.
 */
import * as os from "node:os";
import * as path from "node:path";

const ROOT = process.env.SECURE_ORG_ROOT ?? path.resolve(__dirname, "..");
export const BENCH_DIR = path.join(ROOT, ".bench");
const DEFAULT_SIZES = [10, 100, 300];
const DEFAULT_SHARDS = 10;

/**
 * SDK settings of both children (unless --stock): no stack trace on the SDK's debug promises (it
 * captures one per input property and keeps it while the registration is pending; Pulumi's
 * source positions set their own limit and are unchanged), and a larger young generation.
 */
export const TUNED_FLAGS = ["--stack-trace-limit=0", "--max-semi-space-size=64"];

export interface Options {
  readonly sizes: readonly number[];
  /** Shards of the sharded row (0: no sharded row); it plans the largest size again, split. */
  readonly shards: number;
  readonly cpuProf: boolean;
  readonly check: boolean;
  readonly stock: boolean;
  readonly repeat: number;
}

const USAGE =
  "usage: npm run bench -- [--sizes 10,100,300] [--shards n] [--repeat n] [--stock] [--cpu-prof] [--check]";

export function parseArgs(argv: string[]): Options {
  let sizes = DEFAULT_SIZES;
  let cpuProf = false;
  let check = false;
  let stock = false;
  let repeat = 1;
  let shards = DEFAULT_SHARDS;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--sizes") {
      sizes = (argv[++i] ?? "").split(",").map(Number);
      if (sizes.length === 0 || !sizes.every((n) => Number.isInteger(n) && n > 0))
        throw new Error(`--sizes takes positive integers, e.g. --sizes 10,100,1000\n${USAGE}`);
    } else if (a === "--cpu-prof") cpuProf = true;
    else if (a === "--check") check = true;
    else if (a === "--stock") stock = true;
    else if (a === "--shards") {
      shards = Number(argv[++i]);
      if (!Number.isInteger(shards) || shards < 0 || shards === 1)
        throw new Error(`--shards takes 0 (no sharded row) or an integer of at least 2\n${USAGE}`);
    } else if (a === "--repeat") {
      repeat = Number(argv[++i]);
      if (!Number.isInteger(repeat) || repeat < 1)
        throw new Error(`--repeat takes a positive integer\n${USAGE}`);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return { sizes, shards, cpuProf, check, stock, repeat };
}

/** Node flags of both children; see the module comment of bench/bench.ts ("SDK settings"). */
export function childFlags(opts: Options): string[] {
  // Room for 1000 projects (about 11 GB); the default sizes stay far below Node's own limit.
  const heapMB = Math.min(16_384, Math.floor((os.totalmem() / 2 ** 20) * 0.75));
  return [`--max-old-space-size=${heapMB}`, ...(opts.stock ? [] : TUNED_FLAGS)];
}

export function profileFlags(
  opts: Options,
  kind: string,
  projects: number,
  shard?: string,
): string[] {
  if (!opts.cpuProf) return [];
  return [
    "--cpu-prof",
    `--cpu-prof-dir=${path.join(BENCH_DIR, "profiles")}`,
    `--cpu-prof-name=${kind}-${projects}${shard ? `-${shard}` : ""}.cpuprofile`,
  ];
}
