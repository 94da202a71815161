/**
 * Adopt: `npm run adopt -- --org <org> [--stack <name>] [--out <file>] [--json] [--tighten]
 *                          [--github-owner <login>] [--platform-repository <name>]`
 *
 * Reads the live organization (PULUMI_ACCESS_TOKEN, PULUMI_BACKEND_URL; GitHub through
 * GITHUB_TOKEN and GITHUB_API_URL when set) and writes a proposed `Pulumi.<stack>.yaml` that
 * reproduces it (or, with --tighten, fixes every least-privilege finding), with the adopt record
 * that makes the program import what exists. It writes nothing to either service.
 *
 * Exit codes: 0 a proposal without high findings, 1 high findings remain (the proposal is still
 * written) or the proposal does not validate, 2 usage error, 3 API or credential error.
 */
import { writeFileSync } from "node:fs";
import { formatIssue } from "../model/config";
import { loadOrgConfig } from "../model/load";
import { AUDIT_WORKFLOW_PATH, checkName } from "../model/names";
import {
  GithubClient,
  readGithubEnvironments,
  readGithubRepository,
  readGithubFile,
  readGithubTeams,
} from "../adopt/github";
import { layoutOf } from "../adopt/layout";
import type { LiveGithubRepository, LiveOrg } from "../adopt/live";
import { propose } from "../adopt/propose";
import { readLiveOrg } from "../adopt/read";
import { buildRecord, entriesOfConfig } from "../adopt/record";
import { AdoptOutput, renderJson, renderYaml } from "../adopt/render";
import { tighten } from "../adopt/tighten";
import type { RepoBasics } from "../adopt/tiers";
import { CloudIo, cloudReaders, parseCommandLine, runMain, UsageError } from "./cli";

export const USAGE = `usage: npm run adopt -- --org <organization> [options]

  --org <name>                  the Pulumi Cloud organization to read
  --stack <name>                the stack the proposal is for (Pulumi.<name>.yaml; default prod)
  --out <file>                  write the proposal there (default: stdout)
  --json                        print the machine-readable report instead (format version 1)
  --tighten                     apply the fix of every least-privilege finding
  --github-owner <login>        the GitHub organization (default: the Pulumi organization's name)
  --platform-repository <name>  where this program lives (default: platform)

environment: PULUMI_ACCESS_TOKEN (required), PULUMI_BACKEND_URL (default https://api.pulumi.com);
GITHUB_TOKEN and GITHUB_API_URL (optional: GitHub team mirrors, approvers of protected tiers and
the repositories' environments, rulesets and files are read only with a token)
exit codes: 0 no high finding left, 1 high findings left or an invalid proposal, 2 usage error,
3 API or credential error`;

interface Args {
  org?: string;
  stack: string;
  out?: string;
  json: boolean;
  tighten: boolean;
  githubOwner?: string;
  platformRepository: string;
  help: boolean;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    stack: "prod",
    json: false,
    tighten: false,
    platformRepository: "platform",
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      i++;
      return v;
    };
    if (flag === "--org") args.org = value();
    else if (flag === "--stack") args.stack = value();
    else if (flag === "--out") args.out = value();
    else if (flag === "--json") args.json = true;
    else if (flag === "--tighten") args.tighten = true;
    else if (flag === "--github-owner") args.githubOwner = value();
    else if (flag === "--platform-repository") args.platformRepository = value();
    else if (flag === "--help" || flag === "-h") args.help = true;
    else throw new UsageError(`unknown argument "${flag}"`);
  }
  if (args.help) return args;
  if (!args.org) throw new UsageError("--org is required");
  const problems = [
    ["--org", checkName("organization", args.org)],
    [
      "--stack",
      /^[A-Za-z0-9_.-]+$/.test(args.stack) ? undefined : `invalid stack name "${args.stack}"`,
    ],
    ["--github-owner", args.githubOwner ? checkName("githubLogin", args.githubOwner) : undefined],
    ["--platform-repository", checkName("repository", args.platformRepository)],
  ].filter(([, p]) => p);
  if (problems.length) throw new UsageError(problems.map(([f, p]) => `${f}: ${p}`).join("; "));
  return args;
}

/** The client overrides (retry, sleep, timeout) come from CloudIo. */
export interface AdoptIo extends CloudIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => number;
  writeFile: (file: string, text: string) => void;
}

const defaultIo = (): AdoptIo => ({
  env: process.env,
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  now: () => Date.now(),
  writeFile: (f, t) => writeFileSync(f, t),
});

/** Reads both services; throws on API and credential errors. */
async function readAll(args: Args, o: AdoptIo, owner: string) {
  const progress = (m: string) => o.stderr(`adopt: ${m}\n`);
  const { cloud, esc } = cloudReaders(o, "secure-org-adopt");
  const pulumiSide = await readLiveOrg(cloud, esc, args.org as string, { now: o.now(), progress });
  const token = (o.env.GITHUB_TOKEN ?? "").trim();
  if (!token) return { live: pulumiSide as LiveOrg };
  const gh = new GithubClient({
    token,
    baseUrl: o.env.GITHUB_API_URL || undefined,
    timeoutMs: o.timeoutMs,
  });
  const teams = await readGithubTeams(gh, owner, progress);
  const live: LiveOrg = { ...pulumiSide, github: { ...teams, repositories: [] } };
  const repos = new Map<string, RepoBasics>();
  const read: LiveGithubRepository[] = [];
  for (const p of layoutOf(live, owner).projects.values()) {
    if (repos.has(p.repository)) continue;
    const r = await gh.get<{ id: number; default_branch: string }>(
      `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(p.repository)}`,
      true,
    );
    if (!r) continue;
    const basics = { id: r.body.id, defaultBranch: r.body.default_branch };
    repos.set(p.repository, basics);
    // Environments' reviewers before proposing (reviewed previews); the rest once it is made.
    read.push(await readGithubEnvironments(gh, owner, { name: p.repository, ...basics }));
  }
  // The scheduled audit's cron and days live only in its workflow (adopt/audit.ts).
  const boot = layoutOf(live, owner).bootstrap;
  const auditWorkflow = boot
    ? await readGithubFile(gh, owner, boot.repository, AUDIT_WORKFLOW_PATH)
    : undefined;
  return {
    live: {
      ...live,
      github: {
        ...teams,
        repositories: read,
        ...(auditWorkflow !== undefined ? { auditWorkflow } : {}),
      },
    },
    gh,
    repos,
  };
}

type Read = Awaited<ReturnType<typeof readAll>>;

/** The proposal and its adopt record; a number is the exit code of a failure (reported). */
async function proposeAndRecord(args: Args, o: AdoptIo, owner: string, read: Read) {
  const faithful = propose(read.live, {
    githubOwner: owner,
    platformRepository: args.platformRepository,
    repos: read.repos,
  });
  const proposal = args.tighten ? tighten(faithful) : faithful;
  const gh = read.gh;
  let recorded;
  try {
    recorded = await buildRecord(read.live, proposal.config, proposal.unmanaged, {
      stack: args.stack,
      githubOwner: owner,
      readRepositories: gh
        ? async (targets) => {
            const out = [];
            for (const [name, files] of targets) {
              const repo = await readGithubRepository(gh, owner, name, files);
              if (repo) out.push(repo);
            }
            return out;
          }
        : undefined,
    });
  } catch (e) {
    o.stderr(`secure-org adopt: ${(e as Error).message}\n`);
    return 3;
  }
  const errors = recorded.ok
    ? loadOrgConfig(entriesOfConfig(proposal.config, recorded.record))
    : { ok: false as const, errors: recorded.errors };
  if (!recorded.ok || !errors.ok) {
    o.stderr(
      "secure-org adopt: the proposal does not validate (a bug in adopt; please report it):\n",
    );
    for (const e of errors.ok ? [] : errors.errors) o.stderr(`  ${formatIssue(e)}\n`);
    return 1;
  }
  return {
    proposal,
    record: recorded.record,
    findings: [...proposal.findings, ...recorded.findings],
  };
}

/** The command, in-process: returns the exit code. */
export async function main(argv: readonly string[], io: Partial<AdoptIo> = {}): Promise<number> {
  const o: AdoptIo = { ...defaultIo(), ...io };
  const parsed = parseCommandLine(() => parseArgs(argv), USAGE, o);
  if ("code" in parsed) return parsed.code;
  const { args } = parsed;
  const owner = args.githubOwner ?? (args.org as string).toLowerCase();
  let read: Read;
  try {
    read = await readAll(args, o, owner);
  } catch (e) {
    o.stderr(`secure-org adopt: ${(e as Error).message}\n`);
    return 3;
  }
  const done = await proposeAndRecord(args, o, owner, read);
  if (typeof done === "number") return done;
  const { proposal, record, findings } = done;
  const output: AdoptOutput = {
    organization: read.live.organization,
    stack: args.stack,
    readAt: read.live.readAt,
    tightened: args.tighten,
    config: proposal.config,
    record,
    findings,
    ...(read.live.github ? { githubOwner: owner } : {}),
  };
  const text = args.json ? renderJson(output) + "\n" : renderYaml(output);
  if (args.out) o.writeFile(args.out, text);
  else o.stdout(text);
  const open = findings.filter((f) => f.severity === "high" && !(args.tighten && f.fixes?.length));
  o.stderr(
    `adopt: ${proposal.config.teams.length} teams, ${proposal.config.projects.length} projects, ` +
      `${record.imports.length} resources to import, ${record.unmanaged.length} left unmanaged, ` +
      `${findings.length} findings (${open.length} high left)` +
      (args.out ? `; wrote ${args.out}` : "") +
      "\n",
  );
  return open.length ? 1 : 0;
}

// Run when executed: directly (ts-node) or as the bundle scripts/run.js builds and requires.
if (require.main === module || process.argv[1] === __filename)
  runMain("adopt", () => main(process.argv.slice(2)));
