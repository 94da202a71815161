/**
 * Offline plan: `npm run plan -- --stack <name> | --config <file> [--json | --markdown] [--out <dir>]`
 *
 * Runs the real program under Pulumi's mocks with no network and no credentials and prints what it
 * would create and who could then do what. Exit codes: 0 fine, 1 invalid config (every error on
 * stderr with its path, nothing on stdout), 2 usage error.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { formatIssue } from "../model/config";
import { entriesFromStackFile } from "../model/load";
import { renderMarkdown, renderText, runPlan, splitFileKey } from "../lib/plan";
import { ROOT } from "../lib/schemaFixtures";

const USAGE = `usage: npm run plan -- (--stack <name> | --config <file>) [--json | --markdown] [--out <dir>]

  --stack <name>   read Pulumi.<name>.yaml from the project directory
  --config <file>  read any file of that shape instead
  --json           print the machine-readable report (format version 1)
  --markdown       print a Markdown report (for a pull request comment)
  --out <dir>      also write every generated file (workflows, CODEOWNERS) under <dir>/<repository>/`;

class UsageError extends Error {}
class HelpShown extends Error {}

interface Args {
  stack?: string;
  config?: string;
  format: "text" | "json" | "markdown";
  out?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { format: "text" };
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case "--stack":
        args.stack = value(i++, a);
        break;
      case "--config":
        args.config = value(i++, a);
        break;
      case "--out":
        args.out = value(i++, a);
        break;
      case "--json":
      case "--markdown": {
        const f = a === "--json" ? "json" : "markdown";
        if (args.format !== "text" && args.format !== f)
          throw new UsageError("choose one of --json and --markdown");
        args.format = f;
        break;
      }
      case "--help":
      case "-h":
        process.stdout.write(USAGE + "\n");
        throw new HelpShown();
      default:
        throw new UsageError(`unknown argument "${a}"`);
    }
  }
  if (!args.stack === !args.config)
    throw new UsageError("give exactly one of --stack and --config");
  if (args.stack && !/^[A-Za-z0-9_.-]+$/.test(args.stack))
    throw new UsageError(`invalid stack name "${args.stack}"`);
  return args;
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof HelpShown) return 0;
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const file = args.config ?? path.join(ROOT, `Pulumi.${args.stack}.yaml`);
  const stack =
    args.stack ??
    path
      .basename(file)
      .replace(/^Pulumi\./, "")
      .replace(/\.ya?ml$/, "");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    process.stderr.write(`error: cannot read ${file}\n\n${USAGE}\n`);
    return 2;
  }
  let entries;
  try {
    entries = entriesFromStackFile(parse(text));
  } catch (e) {
    process.stderr.write(`${file}: not a valid stack config file: ${(e as Error).message}\n`);
    return 1;
  }

  const result = await runPlan(entries, stack);
  if (!result.ok) {
    process.stderr.write(
      `${file}: invalid secure-org config (${result.errors.length} problem${result.errors.length === 1 ? "" : "s"})\n`,
    );
    for (const e of result.errors) process.stderr.write(`  ${formatIssue(e)}\n`);
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
  process.stdout.write(out + "\n");
  if (args.out && args.format === "text")
    process.stdout.write(`wrote ${result.files.size} files under ${args.out}\n`);
  return 0;
}

/** Exits once stdout and stderr are flushed (a pipe would otherwise lose a large report). */
function exit(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}

main().then(exit, (e) => {
  process.stderr.write(`secure-org plan failed: ${(e as Error).stack ?? e}\n`);
  exit(3);
});
