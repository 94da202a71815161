/**
 * Offline plan: `npm run plan -- --stack <name> | --config <file> [--json | --markdown] [--out <dir>]`
 *
 * Runs the real program under Pulumi's mocks with no network and no credentials and prints what it
 * would create and who could then do what. Exit codes: 0 fine, 1 invalid config (every error on
 * stderr with its path, nothing on stdout), 2 usage error.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { formatIssue } from "../model/config";
import { parseStackArgs, readStackFile, runMain, StackArgs, UsageError } from "./cli";
import { renderMarkdown, renderText, runPlan, splitFileKey } from "../plan";
import { ROOT } from "../plan/schemaFixtures";

const USAGE = `usage: npm run plan -- (--stack <name> | --config <file>) [--json | --markdown] [--out <dir>]

  --stack <name>   read Pulumi.<name>.yaml from the project directory
  --config <file>  read any file of that shape instead
  --json           print the machine-readable report (format version 1)
  --markdown       print a Markdown report (for a pull request comment)
  --out <dir>      also write every generated file (workflows, CODEOWNERS) under <dir>/<repository>/`;

interface Args extends StackArgs {
  out?: string;
}

const parseArgs = (argv: string[]): Args =>
  parseStackArgs<Args>(argv, { format: "text", help: false }, (flag, value, args) => {
    if (flag !== "--out") return false;
    args.out = value();
    return true;
  });

export interface PlanIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The project directory (Pulumi.<stack>.yaml). */
  root: string;
}

const defaultIo = (): PlanIo => ({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  root: ROOT,
});

/** The command, in-process: returns the exit code. */
export async function main(argv: readonly string[], io: Partial<PlanIo> = {}): Promise<number> {
  const o: PlanIo = { ...defaultIo(), ...io };
  let args: Args;
  try {
    args = parseArgs([...argv]);
  } catch (e) {
    if (e instanceof UsageError) {
      o.stderr(`error: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    o.stdout(USAGE + "\n");
    return 0;
  }
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

  const result = await runPlan(entries, stack);
  if (!result.ok) {
    o.stderr(
      `${file}: invalid secure-org config (${result.errors.length} problem${result.errors.length === 1 ? "" : "s"})\n`,
    );
    for (const e of result.errors) o.stderr(`  ${formatIssue(e)}\n`);
    return 1;
  }
  if (args.out) {
    for (const [key, content] of result.files) {
      const [repository, rel] = splitFileKey(key);
      const target = path.join(args.out, repository, rel);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
  const out =
    args.format === "json"
      ? JSON.stringify(result.report, null, 2)
      : args.format === "markdown"
        ? renderMarkdown(result.report)
        : renderText(result.report);
  o.stdout(out + "\n");
  if (args.out && args.format === "text")
    o.stdout(`wrote ${result.files.size} files under ${args.out}\n`);
  return 0;
}

// Run when executed: directly (ts-node) or as the bundle scripts/run.js builds and requires.
if (require.main === module || process.argv[1] === __filename)
  runMain("plan", () => main(process.argv.slice(2)));
