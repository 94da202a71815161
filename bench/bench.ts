/**
 * Benchmark: `npm run bench [-- --sizes 10,100,300] [--shards n] [--repeat n] [--stock] [--cpu-prof]
 * [--check]`
 *
 * For each size (application projects; see bench/synthetic.ts for the config's shape) it runs, each
 * in a fresh Node process and under the same Pulumi mocks (plan/mockRun.ts):
 *
 * - program: plan the synthetic config as `npm run plan` does (plan/run.ts `runPlan`: validation,
 *   `buildOrg` under mocks until every resource is registered and recorded, the OIDC simulation,
 *   the checks, the report, and its text output), timing each step in wall-clock and CPU time;
 * - baseline: register the same custom resources (same types, names and inputs, taken from the
 *   program run's recording) directly as `pulumi.CustomResource`s (providers as
 *   `pulumi.ProviderResource`s, with the same `provider` option), with no component, no model and
 *   no validation. Each recorded dependency (explicit or through an input Output) becomes one
 *   `dependsOn` entry; a dependency on a component becomes one on the first custom resource
 *   registered inside it (a SecureTeam's Pulumi team, ...), as a hand-written program would have.
 *
 * Then it prints a table and one JSON object (the last thing on stdout): per size, the times, the
 * overhead ratio (program / baseline), peak memory, resource count, graph depth and dependency
 * edges (what the engine receives: a dependency on a component counts every custom resource in
 * it), and between sizes the time ratio against the size ratio (1 = linear).
 *
 * Timings: `runMs` is measured inside the child around validation + build + registration (the
 * baseline: registration); `processMs` is the child's time from process start to the end of the
 * run (module loading included); `wallMs` is spawn-to-exit as seen by the parent (recording I/O
 * included). Peak memory is the child's `maxRSS`.
 *
 * SDK settings: both children run with `--stack-trace-limit=0 --max-semi-space-size=64` unless
 * `--stock` is given. The Pulumi SDK captures a stack trace for every debug promise (four per
 * input property) and keeps it until the registration completes, and `buildOrg` constructs
 * every resource before any registration completes; that common cost hides the program's own and
 * makes 300 projects take close to a minute per child. The default sizes fit in two minutes on
 * two cores. 1000 projects (`--sizes 10,100,1000`) does not: measured on two cores, the program
 * child alone takes about three minutes and 11 GB (the baseline: 50 s, 4 GB), because the SDK
 * keeps the state of every pending registration alive and garbage collection then dominates,
 * and because of the program's quadratic dependency edges (the `edges` column).
 *
 * Flags:
 *   --sizes a,b,c  sizes to run (default 10,100,300; 1000 is for a manual run, never in CI)
 *   --shards n     the sharded row: the largest size again as the core and n shards (default 10;
 *                  0: none), each planned in a fresh process (plan/shardPlan.ts for a shard)
 *   --stock        run the children with Node's and the SDK's default settings
 *   --repeat n     run each child n times and keep the median run (default 1; timings on a
 *                  shared two-core machine vary by 10-15% from run to run)
 *   --cpu-prof     write a V8 CPU profile of every child to .bench/profiles/
 *   --check        exit 1 when a target is missed
 *   --help, -h     print the usage (exit 0); an unknown or malformed flag prints it on stderr
 *                  with the error (exit 2, no stack trace)
 *   --child ...    internal: run one measurement (program|baseline <size> <recording file>
 *                  [<shards>:<shard name|core>])
 *
 * Modules: this entry point dispatches to the parent (bench/parent.ts: the sizes, through
 * bench/spawn.ts, then bench/report.ts) or to one child (bench/programChild.ts,
 * bench/baselineChild.ts, which talk through bench/protocol.ts); bench/options.ts holds the
 * command line and the children's Node flags.
 */
import { benchCommandLine } from "./options";

/*
 * The parent and the two children load lazily (esbuild keeps a dynamic import's module unevaluated
 * until it runs): `--help` and the parent load no Pulumi SDK and no program, and a baseline child
 * loads none of the program's model, components or checks.
 */
async function main(argv: string[]): Promise<number> {
  if (argv[0] === "--child") {
    const [, kind, size, recordingFile, shard] = argv;
    const projects = Number(size);
    const result =
      kind === "program"
        ? await (await import("./programChild")).programChild(projects, recordingFile, shard)
        : kind === "baseline"
          ? await (await import("./baselineChild")).baselineChild(projects, recordingFile)
          : undefined;
    if (!result) throw new Error(`unknown child kind ${kind}`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const line = benchCommandLine(argv, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  });
  if ("code" in line) return line.code;
  return (await import("./parent")).parent(line.opts);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
