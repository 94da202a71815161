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
  /** `--help`/`-h`: print the usage and exit 0. */
  readonly help: boolean;
}

export const USAGE = `usage: npm run bench -- [--sizes 10,100,300] [--shards n] [--repeat n] [--stock]
                           [--cpu-prof] [--check]

  --sizes a,b,c  application projects per synthetic org (default 10,100,300; 1000 by hand)
  --shards n     the sharded row: the largest size as a core and n shards (default 10; 0: none)
  --repeat n     run each child n times and keep the median run (default 1)
  --stock        run the children with Node's and the SDK's default settings
  --cpu-prof     write a V8 CPU profile of every child to .bench/profiles/
  --check        exit 1 when a target is missed`;

/**
 * A bad bench command line. bench/ may not import scripts/ (test/layout.spec.ts), so this mirrors
 * scripts/cli.ts's UsageError and `parseCommandLine`: the same output and exit codes.
 */
export class BenchUsageError extends Error {}

/**
 * Parses the parent's command line: `{ opts }`, or the exit code once `--help` (0, the usage on
 * stdout) or a usage error (2, `error: ...` and the usage on stderr, no stack trace) is answered.
 */
export function benchCommandLine(
  argv: string[],
  o: { stdout(text: string): void; stderr(text: string): void },
): { opts: Options } | { code: number } {
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof BenchUsageError)) throw e;
    o.stderr(`error: ${e.message}\n\n${USAGE}\n`);
    return { code: 2 };
  }
  if (opts.help) {
    o.stdout(USAGE + "\n");
    return { code: 0 };
  }
  return { opts };
}

/** Throws a BenchUsageError for a bad command line. */

export function parseArgs(argv: string[]): Options {
  let sizes = DEFAULT_SIZES;
  let cpuProf = false;
  let check = false;
  let stock = false;
  let repeat = 1;
  let shards = DEFAULT_SHARDS;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--sizes") {
      sizes = (argv[++i] ?? "").split(",").map(Number);
      if (sizes.length === 0 || !sizes.every((n) => Number.isInteger(n) && n > 0))
        throw new BenchUsageError(`--sizes takes positive integers, e.g. --sizes 10,100,1000`);
    } else if (a === "--cpu-prof") cpuProf = true;
    else if (a === "--check") check = true;
    else if (a === "--stock") stock = true;
    else if (a === "--shards") {
      shards = Number(argv[++i]);
      if (!Number.isInteger(shards) || shards < 0 || shards === 1)
        throw new BenchUsageError(`--shards takes 0 (no sharded row) or an integer of at least 2`);
    } else if (a === "--repeat") {
      repeat = Number(argv[++i]);
      if (!Number.isInteger(repeat) || repeat < 1)
        throw new BenchUsageError(`--repeat takes a positive integer`);
    } else if (a === "--help" || a === "-h") help = true;
    else throw new BenchUsageError(`unknown argument "${a}"`);
  }
  return { sizes, shards, cpuProf, check, stock, repeat, help };
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
