/**
 * What the command lines (`plan`, `audit`) share: the stack-file arguments, the output format,
 * reading the stack file, and exiting without losing buffered output.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { EscReader } from "../audit/read";
import { ClientOptions, PulumiCloudClient, RetryPolicy } from "../cloud";
import { ConfigEntry, entriesFromStackFile } from "../model/load";

export class UsageError extends Error {}

/** What a command line that reads Pulumi Cloud may override (tests: retries, sleeps, timeouts). */
export interface CloudIo {
  readonly env: NodeJS.ProcessEnv;
  readonly retry?: Partial<RetryPolicy>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly timeoutMs?: number;
}

/**
 * The REST client and the ESC reader of `audit` and `adopt`, from `PULUMI_BACKEND_URL` and
 * `PULUMI_ACCESS_TOKEN`, sharing one base URL, retry policy and timeout.
 */
export function cloudReaders(
  o: CloudIo,
  userAgent: string,
): { cloud: PulumiCloudClient; esc: EscReader } {
  const clientOpts: Partial<ClientOptions> = {
    userAgent,
    ...(o.retry ? { retry: o.retry } : {}),
    ...(o.sleep ? { sleep: o.sleep } : {}),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
  };
  const cloud = PulumiCloudClient.fromEnv(o.env, clientOpts);
  const esc = new EscReader({
    token: (o.env.PULUMI_ACCESS_TOKEN ?? "").trim(),
    baseUrl: cloud.baseUrl,
    retry: cloud.retry,
    sleep: o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    timeoutMs: o.timeoutMs,
  });
  return { cloud, esc };
}

/**
 * Parses a command line: `{ args }`, or the exit code once a usage error (2, with the usage on
 * stderr) or `--help` (0, the usage on stdout) has been answered.
 */
export function parseCommandLine<A extends { help: boolean }>(
  parse: () => A,
  usage: string,
  o: { stdout(text: string): void; stderr(text: string): void },
): { args: A } | { code: number } {
  let args: A;
  try {
    args = parse();
  } catch (e) {
    if (e instanceof UsageError) {
      o.stderr(`error: ${e.message}\n\n${usage}\n`);
      return { code: 2 };
    }
    throw e;
  }
  if (args.help) {
    o.stdout(usage + "\n");
    return { code: 0 };
  }
  return { args };
}

export type OutputFormat = "text" | "json" | "markdown";

export interface StackArgs {
  stack?: string;
  config?: string;
  format: OutputFormat;
  help: boolean;
}

/**
 * Parses `--stack`, `--config`, `--json`, `--markdown` and `--help`; every other flag goes to
 * `extra`, which returns false for a flag it does not know. `value()` takes the flag's value.
 */
export function parseStackArgs<T extends StackArgs>(
  argv: readonly string[],
  args: T,
  extra: (flag: string, value: () => string, args: T) => boolean = () => false,
): T {
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      i++;
      return v;
    };
    switch (flag) {
      case "--stack":
        args.stack = value();
        break;
      case "--config":
        args.config = value();
        break;
      case "--json":
      case "--markdown": {
        const f = flag === "--json" ? "json" : "markdown";
        if (args.format !== "text" && args.format !== f)
          throw new UsageError("choose one of --json and --markdown");
        args.format = f;
        break;
      }
      case "--help":
      case "-h":
        args.help = true;
        break;
      default:
        if (!extra(flag, value, args)) throw new UsageError(`unknown argument "${flag}"`);
    }
  }
  if (args.help) return args;
  if (!args.stack === !args.config)
    throw new UsageError("give exactly one of --stack and --config");
  if (args.stack && !/^[A-Za-z0-9_.-]+$/.test(args.stack))
    throw new UsageError(`invalid stack name "${args.stack}"`);
  return args;
}

/**
 * The Pulumi project of the program in `root` (Pulumi.yaml `name`), or undefined when it has no
 * readable Pulumi.yaml: the bootstrap project must carry that name.
 */
export function projectName(root: string): string | undefined {
  try {
    const doc = parse(readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name?: unknown };
    return typeof doc?.name === "string" ? doc.name : undefined;
  } catch {
    return undefined;
  }
}

export type StackFile =
  | { ok: true; file: string; stack: string; entries: Record<string, ConfigEntry> }
  | { ok: false; file: string; problem: "unreadable" | "not-yaml"; message: string };

/** Reads `<root>/Pulumi.<stack>.yaml` or the `--config` file into config entries. */
export function readStackFile(args: StackArgs, root: string): StackFile {
  const file = args.config ?? path.join(root, `Pulumi.${args.stack}.yaml`);
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
    return { ok: false, file, problem: "unreadable", message: `cannot read ${file}` };
  }
  try {
    return { ok: true, file, stack, entries: entriesFromStackFile(parse(text)) };
  } catch (e) {
    return {
      ok: false,
      file,
      problem: "not-yaml",
      message: `${file}: not a valid stack config file: ${(e as Error).message}`,
    };
  }
}

/** Exits once stdout and stderr are flushed (exiting at once would cut a large report in a pipe). */
export function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}

/** Runs a command's `main` and exits with its code; an unexpected error exits 3 with its stack. */
export function runMain(name: string, main: () => Promise<number>): void {
  main().then(exitAfterFlush, (e) => {
    process.stderr.write(`secure-org ${name} failed: ${(e as Error).stack ?? e}\n`);
    exitAfterFlush(3);
  });
}
