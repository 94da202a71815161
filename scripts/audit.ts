/**
 * Audit: `npm run audit -- (--stack <name> | --config <file>) [--days <n>] [--json | --markdown]
 *                          [--deployer <login> | --deployer none] [--allow-partial]`
 *
 * Reads the live organization (PULUMI_ACCESS_TOKEN, PULUMI_BACKEND_URL) and compares it with the
 * stack config; see audit/audit.ts for what it reads and the JSON report's shape.
 *
 * Exit codes: 0 no high finding, 1 at least one high finding, 2 usage error (arguments, unreadable
 * or invalid config file), 3 API or credential error (missing token, 401, 403, unreachable API,
 * rate limited past the retries), printed as one message without a stack trace.
 */
import { buildAccessModel } from "../model/access";
import { formatIssue } from "../model/config";
import { loadOrgConfig } from "../model/load";
import { packDirectory, packVersionTag } from "../policy/source";
import { auditOrganization, renderJson, renderMarkdown, renderText } from "../audit/audit";
import {
  CloudIo,
  cloudReaders,
  parseStackArgs,
  readStackFile,
  parseCommandLine,
  runMain,
  projectName,
  StackArgs,
  UsageError,
} from "./cli";
import { ROOT } from "../plan/schemaFixtures";

export const USAGE = `usage: npm run audit -- (--stack <name> | --config <file>) [options]

  --stack <name>       read Pulumi.<name>.yaml from the project directory
  --config <file>      read any file of that shape instead
  --days <n>           days of audit log to review (default 7, at most 365)
  --json               print the machine-readable report (format version 1)
  --markdown           print a Markdown report (for a job summary or an issue)
  --deployer <login>   the login that ran the bootstrap (Pulumi Cloud adds it to every team it
                       creates; it is ignored as a member). Default: inferred, only a declared
                       admin or the organization's own name (else reported); "none" to disable
  --allow-partial      report what the token may not read (403) as not covered instead of failing

environment: PULUMI_ACCESS_TOKEN (required), PULUMI_BACKEND_URL (default https://api.pulumi.com)
exit codes: 0 no high finding, 1 high findings, 2 usage error, 3 API or credential error`;

interface Args extends StackArgs {
  days: number;
  deployer?: string | null;
  allowPartial: boolean;
}

export function parseArgs(argv: readonly string[]): Args {
  const initial: Args = { days: 7, format: "text", allowPartial: false, help: false };
  return parseStackArgs<Args>(argv, initial, (flag, value, args) => {
    switch (flag) {
      case "--days": {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 365)
          throw new UsageError(`--days must be a whole number from 1 to 365, got "${v}"`);
        args.days = Number(v);
        return true;
      }
      case "--deployer": {
        const v = value();
        if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v))
          throw new UsageError(`--deployer takes a login or "none", got "${v}"`);
        args.deployer = v === "none" ? null : v;
        return true;
      }
      case "--allow-partial":
        args.allowPartial = true;
        return true;
      default:
        return false;
    }
  });
}

/** Client overrides for tests (retry policy, sleep, timeout) come from CloudIo. */
export interface AuditIo extends CloudIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Current time in ms. */
  now: () => number;
  /** The project directory (Pulumi.<stack>.yaml). */
  root: string;
}

const defaultIo = (): AuditIo => ({
  env: process.env,
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  now: () => Date.now(),
  root: ROOT,
});

/** The command, in-process: returns the exit code. */
export async function main(argv: readonly string[], io: Partial<AuditIo> = {}): Promise<number> {
  const o: AuditIo = { ...defaultIo(), ...io };
  const parsed = parseCommandLine(() => parseArgs(argv), USAGE, o);
  if ("code" in parsed) return parsed.code;
  const { args } = parsed;

  const read = readStackFile(args, o.root);
  if (!read.ok) {
    o.stderr(
      read.problem === "unreadable"
        ? `error: ${read.message}\n\n${USAGE}\n`
        : `error: ${read.message}\n`,
    );
    return 2;
  }
  const { file, stack } = read;
  const loaded = loadOrgConfig(read.entries, { stack, project: projectName(o.root) });
  if (!loaded.ok) {
    o.stderr(
      `error: ${file}: invalid secure-org config (${loaded.errors.length} problem` +
        `${loaded.errors.length === 1 ? "" : "s"}); the audit compares against a valid config\n`,
    );
    for (const e of loaded.errors) o.stderr(`  ${formatIssue(e)}\n`);
    return 2;
  }
  const model = buildAccessModel(loaded.config, loaded.warnings);

  let report;
  try {
    const { cloud, esc } = cloudReaders(o, "secure-org-audit");
    report = await auditOrganization(model, cloud, esc, {
      stack,
      days: args.days,
      now: o.now(),
      allowPartial: args.allowPartial,
      deployer: args.deployer,
      unmanaged: loaded.config.adopt?.unmanaged,
      ...(model.guardrails.groups.length
        ? { packVersionTag: packVersionTag(packDirectory(o.root)) }
        : {}),
    });
  } catch (e) {
    // API and credential problems: one clear line, no stack trace (the message never holds the
    // token: the clients redact it).
    o.stderr(`secure-org audit: ${(e as Error).message}\n`);
    return 3;
  }

  o.stdout(
    (args.format === "json"
      ? renderJson(report)
      : args.format === "markdown"
        ? renderMarkdown(report)
        : renderText(report)) + "\n",
  );
  return report.summary.exitCode;
}

// Run when executed: directly (ts-node) or as the bundle scripts/run.js builds and requires.
if (require.main === module || process.argv[1] === __filename)
  runMain("audit", () => main(process.argv.slice(2)));
