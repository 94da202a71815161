/**
 * Benchmark: `npm run bench [-- --sizes 10,100,300] [--repeat n] [--stock] [--cpu-prof] [--check]`
 *
 * For each size (application projects; see bench/synthetic.ts for the config's shape) it runs, each
 * in a fresh Node process and under the same Pulumi mocks (plan/mockRun.ts):
 *
 * - program: validate the synthetic config and run `buildOrg` under mocks until every resource is
 *   registered and recorded;
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
 *   --sizes a,b,c  sizes to run (default 10,100,300)
 *   --stock        run the children with Node's and the SDK's default settings
 *   --repeat n     run each child n times and keep the median run (default 1; timings on a
 *                  shared two-core machine vary by 10-15% from run to run)
 *   --cpu-prof     write a V8 CPU profile of every child to .bench/profiles/
 *   --check        exit 1 when a target is missed
 *   --child ...    internal: run one measurement (program|baseline <size> <recording file>)
 */
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildOrg } from "../components/org";
import { formatIssue, validateConfig } from "../model/config";
import { dependencyEdges, graphDepth, RecordedResource, runUnderMocks } from "../plan/mockRun";
import { syntheticConfig } from "./synthetic";

const ROOT = process.env.SECURE_ORG_ROOT ?? path.resolve(__dirname, "..");
const BENCH_DIR = path.join(ROOT, ".bench");
const DEFAULT_SIZES = [10, 100, 300];

/**
 * SDK settings of both children (unless --stock): no stack trace on the SDK's debug promises (it
 * captures one per input property and keeps it while the registration is pending; Pulumi's
 * source positions set their own limit and are unchanged), and a larger young generation.
 */
const TUNED_FLAGS = ["--stack-trace-limit=0", "--max-semi-space-size=64"];

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

// ---------------------------------------------------------------------------------------------
// Children

/** What a child process reports (one JSON line on stdout). */
interface ChildResult {
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
type RecordingEntry = Pick<
  RecordedResource,
  "urn" | "type" | "name" | "custom" | "parent" | "inputs" | "secretInputs"
> & {
  /** Explicit and implicit dependencies, as recorded (components not expanded). */
  readonly dependencies: readonly string[];
  readonly provider?: string;
};

interface Recording {
  readonly organization: string;
  readonly resources: readonly RecordingEntry[];
}

const ms = (n: number) => Math.round(n * 10) / 10;
const rssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function programChild(projects: number, recordingFile: string): Promise<ChildResult> {
  const raw = syntheticConfig(projects);
  const t0 = performance.now();
  const validated = validateConfig(raw);
  if (!validated.ok)
    throw new Error(
      `synthetic config is invalid:\n${validated.errors.map(formatIssue).join("\n")}`,
    );
  const config = validated.config;
  const t1 = performance.now();
  let built = t1;
  const run = await runUnderMocks(
    (rootOptions) => {
      const org = buildOrg(config, {
        rootOptions,
        warnings: validated.warnings,
        secret: (key) => pulumi.secret(`[secret secure-org:${key}]`),
      });
      built = performance.now();
      return org;
    },
    { stack: "bench", organization: config.organization },
  );
  const t2 = performance.now();
  const result: ChildResult = {
    kind: "program",
    projects,
    validateMs: ms(t1 - t0),
    constructMs: ms(built - t1),
    runMs: ms(t2 - t0),
    processMs: ms(t2),
    maxRssMB: rssMB(),
    resources: run.resources.length,
    customResources: run.resources.filter((r) => r.custom).length,
    depth: graphDepth(run.resources),
    dependencyEdges: dependencyEdges(run.resources),
  };
  const recording: Recording = {
    organization: config.organization,
    resources: run.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      custom: r.custom,
      parent: r.parent,
      inputs: r.inputs,
      secretInputs: r.secretInputs,
      dependencies: r.options.dependencies,
      provider: r.options.provider,
    })),
  };
  writeFileSync(recordingFile, JSON.stringify(recording));
  return result;
}

/** Turns recorded inputs back into what a program passes: top-level secrets and string assets. */
function inputsOf(r: RecordingEntry): pulumi.Inputs {
  const inputs: pulumi.Inputs = {};
  for (const [k, v] of Object.entries(r.inputs)) {
    const asset = v as { asset?: unknown; text?: unknown } | null;
    inputs[k] =
      asset && typeof asset === "object" && asset.asset === "string"
        ? new pulumi.asset.StringAsset(String(asset.text))
        : r.secretInputs.includes(k)
          ? pulumi.secret(v)
          : v;
  }
  return inputs;
}

/** `pulumi.CustomResource` and `pulumi.ProviderResource` are abstract; nothing is added here. */
class RawResource extends pulumi.CustomResource {}
class RawProvider extends pulumi.ProviderResource {}

async function baselineChild(projects: number, recordingFile: string): Promise<ChildResult> {
  const recording = JSON.parse(readFileSync(recordingFile, "utf8")) as Recording;
  const all = recording.resources;
  const byUrn = new Map(all.map((r) => [r.urn, r]));
  // A dependency on a component becomes one on its primary resource: the first custom resource
  // registered inside it (a SecureTeam's Pulumi team, OidcTrust's issuer, ...). One edge per
  // recorded edge, as a hand-written program would have; the engine-side expansion of component
  // dependencies (every custom resource inside) is part of what the program costs.
  const primary = new Map<string, string>();
  for (const r of all) {
    if (!r.custom) continue;
    for (let p = r.parent; p !== undefined && !byUrn.get(p)?.custom; p = byUrn.get(p)?.parent)
      if (!primary.has(p)) primary.set(p, r.urn);
  }
  const customs = all.filter((r) => r.custom);
  const keys = new Set(customs.map((r) => `${r.type}::${r.name}`));
  if (keys.size !== customs.length)
    throw new Error("baseline: two recorded resources share a type and name; URNs would collide");
  const asCustom = (urn: string) => (byUrn.get(urn)?.custom ? urn : primary.get(urn));
  const plan = customs.map((r) => ({
    r,
    inputs: inputsOf(r),
    deps: [
      ...new Set(
        r.dependencies.map(asCustom).filter((u): u is string => u !== undefined && u !== r.urn),
      ),
    ],
  }));

  const t0 = performance.now();
  let built = t0;
  const run = await runUnderMocks(
    (rootOptions) => {
      const created = new Map<string, pulumi.CustomResource>();
      const get = (urn: string) => {
        const res = created.get(urn);
        if (!res) throw new Error(`baseline: ${urn} is used before it is registered`);
        return res;
      };
      for (const { r, inputs, deps } of plan) {
        const opts: pulumi.CustomResourceOptions = {
          ...rootOptions,
          parent: r.parent && byUrn.get(r.parent)?.custom ? get(r.parent) : undefined,
          dependsOn: deps.length ? deps.map(get) : undefined,
          provider: r.provider ? (get(r.provider) as pulumi.ProviderResource) : undefined,
        };
        const res = r.type.startsWith("pulumi:providers:")
          ? new RawProvider(r.type.slice("pulumi:providers:".length), r.name, inputs, opts)
          : new RawResource(r.type, r.name, inputs, opts);
        created.set(r.urn, res);
      }
      built = performance.now();
    },
    { stack: "bench", organization: recording.organization },
  );
  const t2 = performance.now();
  return {
    kind: "baseline",
    projects,
    constructMs: ms(built - t0),
    runMs: ms(t2 - t0),
    processMs: ms(t2),
    maxRssMB: rssMB(),
    resources: run.resources.length,
    customResources: run.resources.filter((r) => r.custom).length,
    depth: graphDepth(run.resources),
    dependencyEdges: dependencyEdges(run.resources),
  };
}

// ---------------------------------------------------------------------------------------------
// Parent

interface Measured extends ChildResult {
  /** Spawn to exit, as seen by the parent. */
  readonly wallMs: number;
}

interface Options {
  readonly sizes: readonly number[];
  readonly cpuProf: boolean;
  readonly check: boolean;
  readonly stock: boolean;
  readonly repeat: number;
}

/** Node flags of both children; see the module comment ("SDK settings"). */
function childFlags(opts: Options): string[] {
  // Room for 1000 projects (about 11 GB); the default sizes stay far below Node's own limit.
  const heapMB = Math.min(16_384, Math.floor((os.totalmem() / 2 ** 20) * 0.75));
  return [`--max-old-space-size=${heapMB}`, ...(opts.stock ? [] : TUNED_FLAGS)];
}

function profileFlags(opts: Options, kind: string, projects: number): string[] {
  if (!opts.cpuProf) return [];
  return [
    "--cpu-prof",
    `--cpu-prof-dir=${path.join(BENCH_DIR, "profiles")}`,
    `--cpu-prof-name=${kind}-${projects}.cpuprofile`,
  ];
}

function spawnChild(
  opts: Options,
  kind: "program" | "baseline",
  projects: number,
  recordingFile: string,
): Measured {
  const t0 = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      ...childFlags(opts),
      ...profileFlags(opts, kind, projects),
      process.argv[1],
      "--child",
      kind,
      String(projects),
      recordingFile,
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 },
  );
  const wallMs = ms(performance.now() - t0);
  const last = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !last.startsWith("{"))
    throw new Error(
      `${kind} child for ${projects} projects failed (${child.signal ?? `exit ${child.status}`})` +
        (child.stdout ? `:\n${child.stdout}` : ""),
    );
  return { ...(JSON.parse(last) as ChildResult), wallMs };
}

/** The run with the median `runMs` of `opts.repeat` fresh children. */
function median(
  opts: Options,
  kind: "program" | "baseline",
  projects: number,
  recordingFile: string,
): Measured {
  const runs = Array.from({ length: opts.repeat }, () =>
    spawnChild(opts, kind, projects, recordingFile),
  ).sort((a, b) => a.runMs - b.runMs);
  return runs[Math.floor((runs.length - 1) / 2)];
}

type Timings = Pick<
  Measured,
  "validateMs" | "constructMs" | "runMs" | "processMs" | "wallMs" | "maxRssMB" | "dependencyEdges"
>;

interface SizeReport {
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

interface ScalingReport {
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

function sizeReport(p: Measured, b: Measured): SizeReport {
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

function scaling(sizes: readonly SizeReport[]): ScalingReport[] {
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

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "),
    )
    .join("\n");
}

const USAGE =
  "usage: npm run bench -- [--sizes 10,100,300] [--repeat n] [--stock] [--cpu-prof] [--check]";

function parseArgs(argv: string[]): Options {
  let sizes = DEFAULT_SIZES;
  let cpuProf = false;
  let check = false;
  let stock = false;
  let repeat = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--sizes") {
      sizes = (argv[++i] ?? "").split(",").map(Number);
      if (sizes.length === 0 || !sizes.every((n) => Number.isInteger(n) && n > 0))
        throw new Error(`--sizes takes positive integers, e.g. --sizes 10,100,1000\n${USAGE}`);
    } else if (a === "--cpu-prof") cpuProf = true;
    else if (a === "--check") check = true;
    else if (a === "--stock") stock = true;
    else if (a === "--repeat") {
      repeat = Number(argv[++i]);
      if (!Number.isInteger(repeat) || repeat < 1)
        throw new Error(`--repeat takes a positive integer\n${USAGE}`);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return { sizes, cpuProf, check, stock, repeat };
}

function parent(argv: string[]): number {
  const opts = parseArgs(argv);
  const started = performance.now();
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
  const scale = scaling(reports);

  const f = (n: number | undefined) => (n ?? 0).toFixed(0);
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs; child flags: ${childFlags(opts).join(" ")}` +
      (opts.repeat > 1 ? `; median of ${opts.repeat} runs` : ""),
  );
  console.log("");
  console.log(
    table([
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
    ]),
  );
  if (scale.length) {
    console.log("");
    console.log(
      table([
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
      ]),
    );
  }

  const targets = {
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
  return opts.check && !Object.values(targets).every((t) => t.met) ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "--child") {
    const [, kind, size, recordingFile] = argv;
    const projects = Number(size);
    const result =
      kind === "program"
        ? await programChild(projects, recordingFile)
        : kind === "baseline"
          ? await baselineChild(projects, recordingFile)
          : undefined;
    if (!result) throw new Error(`unknown child kind ${kind}`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  return parent(argv);
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
