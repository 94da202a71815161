/**
 * Scaffolds a stack file for a new organization:
 * `npm run init -- --org <name> --github-owner <login> --stack <name> [--out <file>] ...`
 *
 * Without a terminal every answer comes from flags; with one, init asks for what the flags did not
 * give. The file it writes validates and plans with no high finding: a dev tier, a protected prod
 * tier, a platform team, the bootstrap project and commented examples of every other key. It never
 * replaces an existing file unless `--force` is given. Exit codes: 0 written, 1 the answers make
 * an invalid config or the file exists, 2 usage error.
 */
import { closeSync, constants, lstatSync, openSync, renameSync, writeSync } from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline/promises";
import { Readable, Writable } from "node:stream";
import { parse } from "yaml";
import { formatIssue } from "../model/config";
import { entriesFromStackFile, loadOrgConfig } from "../model/load";
import { checkName } from "../model/names";
import { ROOT } from "../plan/schemaFixtures";
import { parseCommandLine, runMain, UsageError } from "./cli";
import { didYouMean } from "../model/config/messages";
import { DEFAULT_CI } from "../model/ci/registry";
import {
  CI_ALIASES,
  CI_REQUIRED_FIELDS,
  ciBlockKey,
  INIT_CIS,
  INIT_EXAMPLE_FLAG,
  InitAnswers,
  InitCi,
  InitPerson,
  InitProject,
  InitTeam,
  renderInitConfig,
} from "./initTemplate";

const USAGE = `usage: npm run init -- --org <name> --github-owner <login> --stack <name> [--out <file>]
                          [--platform-repository <name>] [--admin <pulumi-login>[:<github-login>]]...
                          [--team <name>[=<project>,...]]... [--project <spec>]... [--ci <ci>] [--force]

  --org <name>            the Pulumi Cloud organization
  --github-owner <login>  the GitHub organization (or user) that owns the repositories
  --stack <name>          the bootstrap's stack; the file is Pulumi.<name>.yaml by default
  --out <file>            where to write it, inside the project directory
  --platform-repository <name>
                          the repository of this program (default: platform)
  --admin <pulumi-login>[:<github-login>]
                          an organization admin on the platform team (repeatable)
  --team <name>[=<project>,...]
                          a team, developer on the projects listed (repeatable)
  --project <name>[,repository=<repo>][,ci=<ci>][,<field>=<value>...]
                          a project with a dev and a protected prod tier (repeatable); a project
                          on another CI takes its ids, e.g. ${INIT_EXAMPLE_FLAG}
  --ci <ci>               the CI of projects that name none: ${INIT_CIS.join(", ")}
                          (default ${DEFAULT_CI})
  --force                 replace the file if it exists

With a terminal, init asks for whatever the flags did not give.`;

interface Args {
  org?: string;
  githubOwner?: string;
  stack?: string;
  out?: string;
  platformRepository?: string;
  admins: string[];
  teams: string[];
  projects: string[];
  ci?: string;
  force: boolean;
  help: boolean;
}

const FLAGS: ReadonlyMap<string, (a: Args, v: string) => void> = new Map([
  ["--org", (a: Args, v: string) => void (a.org = v)],
  ["--github-owner", (a: Args, v: string) => void (a.githubOwner = v)],
  ["--stack", (a: Args, v: string) => void (a.stack = v)],
  ["--out", (a: Args, v: string) => void (a.out = v)],
  ["--platform-repository", (a: Args, v: string) => void (a.platformRepository = v)],
  ["--admin", (a: Args, v: string) => void a.admins.push(v)],
  ["--team", (a: Args, v: string) => void a.teams.push(v)],
  ["--project", (a: Args, v: string) => void a.projects.push(v)],
  ["--ci", (a: Args, v: string) => void (a.ci = v)],
]);

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { admins: [], teams: [], projects: [], force: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--help" || flag === "-h") a.help = true;
    else if (flag === "--force") a.force = true;
    else {
      const set = FLAGS.get(flag);
      if (!set)
        throw new UsageError(
          `unknown argument "${flag}"${didYouMean(flag, [...FLAGS.keys(), "--force", "--help"])}`,
        );
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      set(a, v);
      i++;
    }
  }
  return a;
}

/** A name the config accepts, or a usage error that says which flag and why. */
function named(flag: string, kind: Parameters<typeof checkName>[0], value: string): string {
  const problem = checkName(kind, value);
  if (problem) throw new UsageError(`${flag}: ${problem}`);
  return value;
}

function parseCi(value: string, flag: string): InitCi {
  const v = value.trim().toLowerCase();
  const ci = (INIT_CIS as readonly string[]).includes(v) ? (v as InitCi) : CI_ALIASES.get(v);
  if (!ci)
    throw new UsageError(
      `${flag}: "${value}" is not a CI; use one of ${INIT_CIS.join(", ")}${didYouMean(v, [...INIT_CIS, ...CI_ALIASES.keys()])}`,
    );
  return ci;
}

function parsePerson(value: string): InitPerson {
  const [pulumi, github, ...rest] = value.split(":");
  if (rest.length > 0) throw new UsageError(`--admin: use <pulumi-login>[:<github-login>]`);
  return {
    pulumi: named("--admin", "pulumiUser", pulumi),
    ...(github !== undefined ? { github: named("--admin", "githubLogin", github) } : {}),
  };
}

function parseTeam(value: string): InitTeam {
  const eq = value.indexOf("=");
  const name = named("--team", "team", eq < 0 ? value : value.slice(0, eq));
  if (name === "platform") throw new UsageError(`--team: the platform team is always written`);
  const projects =
    eq < 0
      ? []
      : value
          .slice(eq + 1)
          .split(",")
          .filter(Boolean);
  return { name, projects: projects.map((p) => named("--team", "project", p)) };
}

/** Sets `path` (dotted) in a null-prototype tree; every segment is a plain identifier. */
function setPath(block: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split(".");
  let cur = block;
  for (const [i, part] of parts.entries()) {
    if (!/^[a-z][A-Za-z]*$/.test(part) || checkName("identifier", part.toLowerCase()))
      throw new UsageError(`--project: "${dotted}" is not a field of a CI block`);
    if (i === parts.length - 1) cur[part] = value;
    else {
      const next = cur[part];
      cur = (cur[part] = next && typeof next === "object" ? next : Object.create(null)) as Record<
        string,
        unknown
      >;
    }
  }
}

function parseProject(value: string, defaultCi: InitCi): InitProject {
  const [first, ...pairs] = value.split(",");
  const name = named("--project", "project", first);
  let repository = name;
  let ci = defaultCi;
  const fields: [string, string][] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new UsageError(`--project ${name}: "${pair}" is not <field>=<value>`);
    const [k, v] = [pair.slice(0, eq), pair.slice(eq + 1)];
    if (k === "repository") repository = named(`--project ${name}`, "repository", v);
    else if (k === "ci") ci = parseCi(v, `--project ${name}`);
    else fields.push([k, v]);
  }
  return withCiBlock({ name, repository, ci }, fields);
}

/** Adds the CI block from `fields`, refusing fields of no block and missing required ones. */
function withCiBlock(p: InitProject, fields: readonly [string, string][]): InitProject {
  const key = ciBlockKey(p.ci);
  if (!key) {
    if (fields.length > 0)
      throw new UsageError(
        `--project ${p.name}: ${fields[0][0]} belongs to another CI's block; ${p.ci} takes none`,
      );
    return p;
  }
  const block: Record<string, unknown> = Object.create(null);
  for (const [k, v] of fields) setPath(block, k, /^\d{1,15}$/.test(v) ? Number(v) : v);
  const missing = (CI_REQUIRED_FIELDS.get(p.ci) ?? []).filter(
    (f) => !fields.some(([k]) => k === f),
  );
  if (missing.length > 0)
    throw new UsageError(
      `--project ${p.name}: a ${p.ci} pipeline needs its ids: ${missing.map((f) => `${f}=<value>`).join(",")} (see docs/deploy-routes.md)`,
    );
  return { ...p, block };
}

/** Where the file goes: inside `cwd`, a .yaml file, never through `..`. */
function outFile(out: string | undefined, stack: string, cwd: string): string {
  const rel = out ?? `Pulumi.${stack}.yaml`;
  if (rel.includes("\0") || /(^|[\\/])\.\.([\\/]|$)/.test(rel))
    throw new UsageError(`--out: "${rel}" goes through ".."; write inside the project directory`);
  const file = path.resolve(cwd, rel);
  const inside = path.relative(cwd, file);
  if (inside === "" || inside.startsWith("..") || path.isAbsolute(inside))
    throw new UsageError(`--out: "${rel}" is outside the project directory ${cwd}`);
  if (!/\.ya?ml$/.test(file)) throw new UsageError(`--out: "${rel}" must end in .yaml`);
  return file;
}

export interface InitIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The directory `--out` is relative to (and must stay inside). */
  cwd: string;
  /** Where the answers come from with a terminal, and whether there is one. */
  input: Readable;
  output: Writable;
  isTTY: boolean;
}

const defaultIo = (): InitIo => ({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  cwd: process.cwd(),
  input: process.stdin,
  output: process.stdout,
  isTTY: Boolean(process.stdin.isTTY),
});

const REQUIRED = [
  ["org", "--org", "Pulumi Cloud organization"],
  ["githubOwner", "--github-owner", "GitHub organization (owner of the repositories)"],
  ["stack", "--stack", "stack name of the bootstrap (e.g. prod)"],
] as const;

/** Asks for the missing answers on a terminal; a usage error without one. */
async function complete(a: Args, io: InitIo): Promise<Args> {
  const missing = REQUIRED.filter(([k]) => a[k] === undefined);
  if (!io.isTTY) {
    if (missing.length > 0)
      throw new UsageError(`give ${missing.map(([, f]) => f).join(", ")} (no terminal to ask)`);
    return a;
  }
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  const ask = async (q: string, dflt = ""): Promise<string> => {
    const answer = (await rl.question(`${q}${dflt ? ` [${dflt}]` : ""}: `)).trim();
    return answer || dflt;
  };
  try {
    for (const [k, , q] of missing) a[k] = await ask(q);
    if (a.out === undefined) a.out = await ask("file to write", `Pulumi.${a.stack}.yaml`);
    if (a.admins.length === 0) {
      const admin = await ask("your Pulumi login and GitHub login (pulumi:github), or empty");
      if (admin) a.admins.push(admin);
    }
    if (a.projects.length === 0) {
      a.ci ??= await ask(`CI of your projects (${INIT_CIS.join(", ")})`, DEFAULT_CI);
      const names = await ask("projects, comma-separated (e.g. payments,web), or empty");
      for (const n of names
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean))
        a.projects.push(await askProject(n, parseCi(a.ci, "--ci"), ask));
    }
    if (a.teams.length === 0) {
      const teams = await ask("teams as name=project,... separated by spaces, or empty");
      a.teams.push(...teams.split(/\s+/).filter(Boolean));
    }
  } finally {
    rl.close();
  }
  return a;
}

/** One project's spec, asking for its CI's ids. */
async function askProject(
  name: string,
  ci: InitCi,
  ask: (q: string, dflt?: string) => Promise<string>,
): Promise<string> {
  const parts = [name, `repository=${await ask(`${name}: repository`, name)}`, `ci=${ci}`];
  for (const field of CI_REQUIRED_FIELDS.get(ci) ?? [])
    parts.push(`${field}=${await ask(`${name}: ${ci} ${field}`)}`);
  return parts.join(",");
}

function answersFrom(a: Args, file: string): InitAnswers {
  const defaultCi = parseCi(a.ci ?? DEFAULT_CI, "--ci");
  const schema = path.relative(
    path.dirname(file),
    path.join(ROOT, "schema", "stack-config.schema.json"),
  );
  return {
    organization: named("--org", "organization", a.org ?? ""),
    githubOwner: named("--github-owner", "githubLogin", a.githubOwner ?? ""),
    stack: a.stack ?? "",
    platformRepository: named(
      "--platform-repository",
      "repository",
      a.platformRepository ?? "platform",
    ),
    platform: a.admins.map(parsePerson),
    teams: a.teams.map(parseTeam),
    projects: a.projects.map((p) => parseProject(p, defaultCi)),
    schemaPath: schema.split(path.sep).join("/"),
  };
}

/** Writes `text` to a new file, or over an existing regular file with `force` (never a link). */
function writeOut(file: string, text: string, force: boolean): string | undefined {
  let exists = false;
  try {
    const st = lstatSync(file);
    exists = true;
    if (!st.isFile()) return `${file} exists and is not a regular file; choose another --out`;
  } catch {
    // Absent: created exclusively below.
  }
  if (exists && !force) return `${file} exists; give --force to replace it`;
  const target = exists ? `${file}.${process.pid}.tmp` : file;
  const fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  if (exists) renameSync(target, file);
  return undefined;
}

/** The command, in-process: returns the exit code. */
export async function main(argv: readonly string[], io: Partial<InitIo> = {}): Promise<number> {
  const o: InitIo = { ...defaultIo(), ...io };
  let answers: InitAnswers | undefined;
  let file = "";
  let force = false;
  const parsed = parseCommandLine(() => parseArgs(argv), USAGE, o);
  if ("code" in parsed) return parsed.code;
  try {
    const a = await complete(parsed.args, o);
    const stack = named("--stack", "stack", a.stack ?? "");
    if (stack.includes("..")) throw new UsageError(`--stack: "${stack}" contains ".."`);
    file = outFile(a.out, stack, o.cwd);
    answers = answersFrom(a, file);
    force = a.force;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    o.stderr(`error: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  const text = renderInitConfig(answers);
  const loaded = loadOrgConfig(entriesFromStackFile(parse(text)));
  if (!loaded.ok) {
    o.stderr(`these answers make an invalid config; nothing was written:\n`);
    for (const e of loaded.errors) o.stderr(`  ${formatIssue(e)}\n`);
    return 1;
  }
  const refused = writeOut(file, text, force);
  if (refused) {
    o.stderr(`error: ${refused}\n`);
    return 1;
  }
  const rel = path.relative(o.cwd, file);
  const planArgs =
    rel === `Pulumi.${answers.stack}.yaml` ? `--stack ${answers.stack}` : `--config ${rel}`;
  o.stdout(`wrote ${rel}\nreview it offline: npm run plan -- ${planArgs}\n`);
  return 0;
}

if (require.main === module || process.argv[1] === __filename)
  runMain("init", () => main(process.argv.slice(2)));
