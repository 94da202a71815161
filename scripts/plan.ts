/**
 * Offline plan: `npm run plan -- --stack <name> | --config <file> [--json | --markdown] [--out <dir>]
 * [--html <file>] [--baseline <plan.json>] [--acknowledge-removals <n>]`
 *
 * Runs the real program under Pulumi's mocks with no network and no credentials and prints what it
 * would create and who could then do what. Exit codes: 0 fine, 1 invalid config (every error on
 * stderr with its path, nothing on stdout) or a change the mass-removal guard stops (the report on
 * stdout, the guard's message on stderr), 2 usage error.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { formatIssue } from "../model/config";
import {
  parseStackArgs,
  readStackFile,
  parseCommandLine,
  projectName,
  runMain,
  StackArgs,
  UsageError,
} from "./cli";
import { PlanReport, renderHtml, renderMarkdown, renderText, runPlan, splitFileKey } from "../plan";
import { DiffablePlan, parseBaseline } from "../plan/accessDiff";
import { renderPrMarkdown } from "../plan/markdown";
import { ROOT } from "../plan/schemaFixtures";
import { runShardPlan } from "../plan/shardPlan";
import { planAll } from "./planAll";
import { readinessChecklist, renderChecklist } from "../plan/checklist";
import { loadOrgConfig } from "../model/load";
import { parse } from "yaml";

const USAGE = `usage: npm run plan -- (--stack <name> | --config <file>) [--json | --markdown [--full]] [--out <dir>]
                          [--html <file>] [--baseline <file>] [--acknowledge-removals <n>]
                          [--shard <name> | --all]

  --stack <name>   read Pulumi.<name>.yaml from the project directory
  --config <file>  read any file of that shape instead
  --json           print the machine-readable report (format version 1)
  --markdown       print a Markdown report for a pull request comment: the guard, the access
                   changes and the findings first, the rest collapsed, under 60,000 characters
  --full           with --markdown: every section in full, nothing collapsed or cut
  --out <dir>      also write every generated file (workflows, CODEOWNERS) under <dir>/<repository>/
                   and the cloud trust documents under <dir>/cloud/
  --html <file>    also write the access report: one self-contained HTML page for reviewers
  --baseline <file>
                   an earlier plan JSON (of the deployed config, or a pull request's base): show
                   the access changes against it and guard against mass removal
  --acknowledge-removals <n>
                   let a change through that removes more than guard.maxRemovalPercent, when it
                   removes exactly <n> memberships and grants
  --shard <name>   plan one shard of a sharded organization (secure-org:shards) instead of the core
  --all            plan the core and every shard, in parallel worker processes, and merge them`;

interface Args extends StackArgs {
  out?: string;
  html?: string;
  baseline?: string;
  acknowledgeRemovals?: number;
  /** Plan one shard of a sharded organization (issue 20). */
  shard?: string;
  /** Plan the core and every shard, in worker processes, and merge the reports. */
  all?: boolean;
  /** With --markdown: the whole report, nothing collapsed or cut. */
  full?: boolean;
}

const parseArgs = (argv: string[]): Args => {
  const args = parseStackArgs<Args>(argv, { format: "text", help: false }, (flag, value, a) => {
    if (flag === "--out") a.out = value();
    else if (flag === "--html") a.html = value();
    else if (flag === "--baseline") a.baseline = value();
    else if (flag === "--shard") a.shard = value();
    else if (flag === "--all") a.all = true;
    else if (flag === "--full") a.full = true;
    else if (flag === "--acknowledge-removals") {
      const v = value();
      if (!/^\d+$/.test(v))
        throw new UsageError(`--acknowledge-removals takes a whole number, got "${v}"`);
      a.acknowledgeRemovals = Number(v);
    } else return false;
    return true;
  });
  if (args.all && (args.shard || args.out || args.html || args.baseline))
    throw new UsageError(
      "--all plans every stack: use it without --shard, --out, --html and --baseline",
    );
  if (args.full && args.format !== "markdown")
    throw new UsageError("--full is the whole Markdown report: use it with --markdown");
  if (args.shard && args.baseline)
    throw new UsageError("--baseline compares the whole organization: use it without --shard");
  return args;
};

/** The `--baseline` plan JSON; a usage problem when unreadable or not a plan. */
function readBaseline(file: string): { plan: DiffablePlan; file: string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`cannot read the baseline ${file}`);
  }
  try {
    return { plan: parseBaseline(text, file), file };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export interface PlanIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The project directory (Pulumi.<stack>.yaml). */
  root: string;
  /**
   * `--all`'s worker command after `node` (it gets `--config <file> [--shard <name>] --json`):
   * this same command by default.
   */
  worker: readonly string[];
}

const defaultIo = (): PlanIo => ({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  root: ROOT,
  worker: [...process.execArgv, process.argv[1]],
});

/**
 * Writes the generated files under `<out>/<repository>/` and the cloud trust documents under
 * `<out>/cloud/` (docs/cloud-credentials.md). Returns why it stopped when two would share a path
 * (a repository named "cloud" with a file under aws/, azure/ or gcp/).
 */
function writeOut(
  out: string,
  files: ReadonlyMap<string, string>,
  cloudFiles: ReadonlyMap<string, string>,
): string | undefined {
  const targets = [
    ...[...files].map(([key, content]): [string, string] => {
      const [repository, rel] = splitFileKey(key);
      return [path.join(out, repository, rel), content];
    }),
    ...[...cloudFiles].map(([rel, content]): [string, string] => [path.join(out, rel), content]),
  ];
  const seen = new Set<string>();
  for (const [target] of targets) {
    if (seen.has(target)) return `two generated files would be written to ${target}`;
    seen.add(target);
  }
  for (const [target, content] of targets) {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return undefined;
}

/** What `--out` wrote, for the text output. */
const wroteLine = (
  out: string,
  r: { files: ReadonlyMap<string, string>; cloudFiles: ReadonlyMap<string, string> },
) =>
  `wrote ${r.files.size} files under ${out}` +
  (r.cloudFiles.size
    ? ` and ${r.cloudFiles.size} cloud trust documents under ${path.join(out, "cloud")}`
    : "") +
  "\n";

/** What is still missing for a real run of this stack (plan/checklist.ts), one line per item. */
function checklistFor(
  file: string,
  stack: string,
  entries: Parameters<typeof loadOrgConfig>[0],
  { format, shard }: Args,
): string[] {
  if (format === "json" || shard) return [];
  const loaded = loadOrgConfig(entries);
  if (!loaded.ok) return [];
  let environments: string[] = [];
  try {
    const doc = parse(readFileSync(file, "utf8")) as { environment?: unknown } | null;
    const env = doc?.environment;
    environments = Array.isArray(env) ? env.filter((e) => typeof e === "string") : [];
  } catch {
    // Read and parsed once already; a file that changed since only loses its checklist.
  }
  return readinessChecklist(loaded.config, stack, environments);
}

/**
 * The report in the chosen format. The PR comment (`--markdown`) holds the checklist itself,
 * within its limit; the other formats end with it.
 */
function renderOutput(report: PlanReport, args: Args, checklist: readonly string[]): string {
  if (args.format === "json") return JSON.stringify(report, null, 2) + "\n";
  if (args.format === "markdown" && !args.full)
    return (
      renderPrMarkdown(report, { ...(args.html ? { htmlReport: args.html } : {}), checklist }) +
      "\n"
    );
  const markdown = args.format === "markdown";
  return (
    (markdown ? renderMarkdown(report) : renderText(report)) +
    "\n" +
    renderChecklist(checklist, markdown ? "markdown" : "text")
  );
}

/** The command, in-process: returns the exit code. */
export async function main(argv: readonly string[], io: Partial<PlanIo> = {}): Promise<number> {
  const o: PlanIo = { ...defaultIo(), ...io };
  let baseline: { plan: DiffablePlan; file: string } | undefined;
  const parsed = parseCommandLine(
    () => {
      const a = parseArgs([...argv]);
      if (a.baseline && !a.help) baseline = readBaseline(a.baseline);
      return a;
    },
    USAGE,
    o,
  );
  if ("code" in parsed) return parsed.code;
  const { args } = parsed;
  const read = readStackFile(args, o.root);
  if (!read.ok) {
    if (read.problem === "unreadable") {
      o.stderr(`error: ${read.message}\n\n${USAGE}\n`);
      return 2;
    }
    o.stderr(`${read.message}\n`);
    return 1;
  }
  const { file, stack, entries } = read;
  // The config belongs to this stack of this project: the bootstrap deploys exactly that one.
  const owner = { stack, project: projectName(o.root) };
  if (args.all)
    return planAll(
      file,
      entries,
      args.format,
      { ...o, command: o.worker, ...(args.full ? { full: true } : {}) },
      owner,
    );

  const result = args.shard
    ? await runShardPlan(entries, args.shard, undefined, owner)
    : await runPlan(entries, stack, {
        baseline,
        acknowledgeRemovals: args.acknowledgeRemovals,
        configDir: path.dirname(path.resolve(file)),
        project: owner.project,
      });
  if (!result.ok) {
    o.stderr(
      `${file}: invalid secure-org config (${result.errors.length} problem${result.errors.length === 1 ? "" : "s"})\n`,
    );
    for (const e of result.errors) o.stderr(`  ${formatIssue(e)}\n`);
    return 1;
  }
  if (args.out) {
    const problem = writeOut(args.out, result.files, result.cloudFiles);
    if (problem) {
      o.stderr(`error: ${problem}\n`);
      return 1;
    }
  }
  let html: string | undefined;
  if (args.html) {
    html = renderHtml({
      report: result.report,
      model: result.model,
      ...(result.report.accessDiff ? { accessDiff: result.report.accessDiff } : {}),
    });
    mkdirSync(path.dirname(path.resolve(args.html)), { recursive: true });
    writeFileSync(args.html, html);
  }
  o.stdout(renderOutput(result.report, args, checklistFor(file, stack, entries, args)));
  if (args.out && args.format === "text") o.stdout(wroteLine(args.out, result));
  if (html !== undefined && args.format === "text")
    o.stdout(`wrote the access report ${args.html} (${Buffer.byteLength(html)} bytes)\n`);
  const guard = result.report.guard;
  if (guard && !guard.ok) {
    o.stderr(`${guard.message}\n`);
    return 1;
  }
  return 0;
}

// Run when executed: directly (ts-node) or as the bundle scripts/run.js builds and requires.
if (require.main === module || process.argv[1] === __filename)
  runMain("plan", () => main(process.argv.slice(2)));
