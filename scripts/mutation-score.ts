/**
 * Checks the committed mutation reports (reports/mutation/<group>.json, written by `npm run
 * mutate`) against the threshold, per folder: score = killed / (killed + survived + no coverage),
 * where timeouts count as killed and a mutant listed in reports/mutation/ignored.json is left out
 * of the score, each with a one-line reason why it cannot change behaviour.
 *
 * A report only counts for the code it was run on: `npm run mutate` records, per group, the
 * sha256 of every file the group mutates (reports/mutation/<group>.sources.json, written by
 * `--record <group>` after Stryker finishes). The check fails (exit 1), naming the group and file,
 * when a report is missing, was run on a narrowed `mutate` list (MUTATE_FILES), or is stale (a
 * mutated file changed, was added or was removed since the run); when a folder's score is under
 * the threshold; and when an ignored mutant has no reason or no longer survives. A group listed
 * in mutation-groups.json with `"notRun": "<why>"` is reported as NOT MEASURED instead of failing,
 * so the gap is written down where the groups are defined. Run by test/bounds/mutationScore.spec.ts.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
export const REPORT_DIR = path.join(ROOT, "reports", "mutation");

export interface Group {
  readonly mutate: readonly string[];
  readonly specs: readonly string[];
  /** Why this group has no report yet; the check prints it instead of failing. */
  readonly notRun?: string;
  /**
   * A measured score under the threshold, kept as a ratchet until the survivors are killed: the
   * check prints BELOW and fails only when a folder of the group drops under this floor.
   */
  readonly floor?: { readonly score: number; readonly why: string };
}
interface GroupsFile {
  readonly threshold: number;
  readonly GROUPS: Record<string, Group>;
}
const groupsFile = (): GroupsFile =>
  JSON.parse(readFileSync(path.join(ROOT, "scripts", "mutation-groups.json"), "utf8"));
export const THRESHOLD: number = groupsFile().threshold;

/**
 * A mutant the score leaves out: `file`, the mutant's `mutator`, `line`, `replacement` and, where
 * the line holds more than one live mutant alike, `column` (an entry matching two is refused, so a
 * new sibling mutant on the same line is never ignored silently).
 */
export interface Ignored {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  readonly mutator: string;
  readonly replacement?: string;
  readonly reason: string;
}

interface Mutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { start: { line: number; column: number } };
}
export interface Report {
  readonly files: Record<string, { mutants: Mutant[]; source?: string }>;
  readonly config?: { mutate?: readonly string[] };
}
/** What `--record` writes beside a group's report: the sources the run mutated, by hash. */
export interface Sources {
  readonly group: string;
  readonly mutate: readonly string[];
  readonly files: Record<string, string>;
  readonly specs: Record<string, string>;
}

export interface FolderScore {
  readonly folder: string;
  readonly killed: number;
  readonly survived: number;
  readonly ignored: number;
  readonly score: number;
}

const COUNTED_KILLED = new Set(["Killed", "Timeout"]);
const COUNTED_LIVE = new Set(["Survived", "NoCoverage"]);

const folderOf = (file: string) => (file.includes("/") ? path.posix.dirname(file) : ".");
export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const matches = (i: Ignored, file: string, m: Mutant) =>
  i.file === file &&
  i.line === m.location.start.line &&
  (i.column === undefined || i.column === m.location.start.column) &&
  i.mutator === m.mutatorName &&
  (i.replacement === undefined || i.replacement === m.replacement);

/**
 * The files a group's patterns name, relative to `root`, sorted: `dir/**\/*.ts` (every .ts file
 * under dir, not .d.ts) or a plain file path. Any other pattern is refused, so the check never
 * silently covers less than Stryker mutated.
 */
export function expandPatterns(patterns: readonly string[], root = ROOT): string[] {
  const out = new Set<string>();
  for (const p of patterns) {
    const deep = /^([\w./-]+)\/\*\*\/\*\.ts$/.exec(p);
    if (deep) {
      const walk = (dir: string) => {
        for (const e of readdirSync(path.join(root, dir), { withFileTypes: true }))
          if (e.isDirectory()) walk(`${dir}/${e.name}`);
          else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.add(`${dir}/${e.name}`);
      };
      walk(deep[1]);
    } else if (/^[\w./-]+\.ts$/.test(p) && statSync(path.join(root, p)).isFile()) out.add(p);
    else throw new Error(`mutation-groups.json: pattern ${p} is neither dir/**/*.ts nor a file`);
  }
  return [...out].sort();
}

const hashFiles = (files: readonly string[], root: string) =>
  Object.fromEntries(files.map((f) => [f, sha256(readFileSync(path.join(root, f), "utf8"))]));

/**
 * Problems that make a group's report not count for the code as it is now: a narrowed run, a
 * report whose sources differ from the recorded ones, or a mutated file changed, added or removed.
 */
export function staleness(
  name: string,
  group: Group,
  report: Report,
  sources: Sources | undefined,
  root = ROOT,
): string[] {
  const problems: string[] = [];
  const ran = report.config?.mutate;
  if (!ran || JSON.stringify(ran) !== JSON.stringify(group.mutate))
    problems.push(
      `${name}: the report is of mutate ${JSON.stringify(ran)}, not the group's ${JSON.stringify(group.mutate)} (a narrowed run): run MUTATE_GROUP=${name} npm run mutate`,
    );
  if (!sources) {
    problems.push(
      `${name}: no reports/mutation/${name}.sources.json (the hashes of the sources the run mutated): run MUTATE_GROUP=${name} npm run mutate`,
    );
    return problems;
  }
  for (const [file, r] of Object.entries(report.files))
    if (r.source !== undefined && sources.files[file] !== sha256(r.source))
      problems.push(`${name}: ${file} in the report differs from the recorded source`);
  const now = hashFiles(expandPatterns(group.mutate, root), root);
  for (const [file, hash] of Object.entries(now))
    if (!(file in sources.files))
      problems.push(`${name}: ${file} is new since the mutation run (stale): rerun the group`);
    else if (sources.files[file] !== hash)
      problems.push(
        `${name}: ${file} changed since the mutation run (sha256 ${hash.slice(0, 12)}, run on ${sources.files[file].slice(0, 12)}): rerun MUTATE_GROUP=${name} npm run mutate`,
      );
  for (const file of Object.keys(sources.files))
    if (!(file in now)) problems.push(`${name}: ${file} was removed since the mutation run`);
  return problems;
}

/** Scores per folder of the given reports; problems for low scores and bad ignore entries. */
export function scoreReports(
  reports: readonly Report[],
  ignored: readonly Ignored[],
  floorOf: (folder: string) => number | undefined = () => undefined,
) {
  const problems: string[] = [];
  const below: string[] = [];
  for (const i of ignored)
    if (typeof i.reason !== "string" || i.reason.trim().length < 10 || i.reason.includes("\n"))
      problems.push(`ignored ${i.file}:${i.line} ${i.mutator}: needs a one-line reason`);
  const used = new Set<Ignored>();
  const uses = new Map<Ignored, number>();
  const by = new Map<string, { killed: number; survived: number; ignored: number }>();
  for (const r of reports)
    for (const [file, { mutants }] of Object.entries(r.files)) {
      const folder = folderOf(file);
      const s = by.get(folder) ?? { killed: 0, survived: 0, ignored: 0 };
      by.set(folder, s);
      for (const m of mutants) {
        const ig = ignored.find((i) => matches(i, file, m));
        if (ig && COUNTED_LIVE.has(m.status)) {
          used.add(ig);
          uses.set(ig, (uses.get(ig) ?? 0) + 1);
          s.ignored++;
        } else if (COUNTED_KILLED.has(m.status)) s.killed++;
        else if (COUNTED_LIVE.has(m.status)) s.survived++;
      }
    }
  // Two alike mutants at one column (ConditionalExpression's `true` and `false`) differ only in
  // their replacement: an entry naming the column without it would hide either silently too.
  for (const [i, n] of uses)
    if (n > 1 && (i.column === undefined || i.replacement === undefined))
      problems.push(
        `ignored ${i.file}:${i.line} ${i.mutator} matches ${n} surviving mutants: give each its ` +
          "own entry with its `column` and `replacement` (and reason), so a new mutant there is not ignored silently",
      );
  for (const i of ignored)
    if (!used.has(i) && reports.some((r) => i.file in r.files))
      problems.push(
        `ignored ${i.file}:${i.line} ${i.mutator} matches no surviving mutant: remove it`,
      );
  const scores: FolderScore[] = [...by.entries()]
    .map(([folder, s]) => ({
      folder,
      ...s,
      score: s.killed + s.survived === 0 ? 100 : (100 * s.killed) / (s.killed + s.survived),
    }))
    .sort((a, b) => a.folder.localeCompare(b.folder));
  for (const s of scores) {
    if (s.score >= THRESHOLD) continue;
    const floor = floorOf(s.folder);
    const line =
      `${s.folder}: mutation score ${s.score.toFixed(1)}% < ${THRESHOLD}% ` +
      `(${s.killed} killed, ${s.survived} survived): kill them, or list an equivalent one in reports/mutation/ignored.json`;
    if (floor !== undefined && s.score >= floor)
      below.push(`${line} (kept above its recorded floor ${floor}%)`);
    else problems.push(floor === undefined ? line : `${line}; under its recorded floor ${floor}%`);
  }
  return { scores, problems, below };
}

const readJson = <T>(file: string): T | undefined =>
  existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;

/** Every group's committed report, checked for presence and freshness. */
export function readReports(dir = REPORT_DIR, root = ROOT) {
  const { GROUPS } = groupsFile();
  const groups: string[] = [];
  const notRun: { group: string; why: string }[] = [];
  const reports: Report[] = [];
  const problems: string[] = [];
  const floors = new Map<string, number>();
  for (const [name, group] of Object.entries(GROUPS)) {
    const report = readJson<Report>(path.join(dir, `${name}.json`));
    if (!report) {
      if (group.notRun) notRun.push({ group: name, why: group.notRun });
      else
        problems.push(
          `${name}: no report reports/mutation/${name}.json: run MUTATE_GROUP=${name} npm run mutate`,
        );
      continue;
    }
    if (group.notRun) problems.push(`${name}: has a report but is marked notRun: remove notRun`);
    groups.push(name);
    reports.push(report);
    if (group.floor)
      for (const file of Object.keys(report.files)) floors.set(folderOf(file), group.floor.score);
    problems.push(
      ...staleness(
        name,
        group,
        report,
        readJson<Sources>(path.join(dir, `${name}.sources.json`)),
        root,
      ),
    );
  }
  const ignored = readJson<Ignored[]>(path.join(dir, "ignored.json")) ?? [];
  return { groups, notRun, reports, ignored, problems, floorOf: (f: string) => floors.get(f) };
}

/** After a Stryker run of `name`: record the hashes of what it mutated (scripts/mutate.mjs). */
export function record(name: string, dir = REPORT_DIR, root = ROOT): string[] {
  const group = groupsFile().GROUPS[name];
  if (!group) return [`unknown group ${name}`];
  const report = readJson<Report>(path.join(dir, `${name}.json`));
  if (!report) return [`${name}: no report to record`];
  const files = hashFiles(expandPatterns(group.mutate, root), root);
  const sources: Sources = {
    group: name,
    mutate: group.mutate,
    files,
    specs: hashFiles(
      group.specs.flatMap((s) =>
        s.includes("*")
          ? readdirSync(path.join(root, path.posix.dirname(s)))
              .filter((f) => f.endsWith(".spec.ts"))
              .map((f) => `${path.posix.dirname(s)}/${f}`)
          : [s],
      ),
      root,
    ),
  };
  // The sources must be the ones Stryker read: a file edited during the run makes it stale.
  const problems = staleness(name, group, report, sources, root);
  if (problems.length) return problems;
  writeFileSync(path.join(dir, `${name}.sources.json`), JSON.stringify(sources, null, 2) + "\n");
  return [];
}

export function main(argv = process.argv.slice(2)): number {
  if (argv[0] === "--record") {
    const problems = record(argv[1] ?? "");
    for (const p of problems) console.error(`FAIL ${p}`);
    return problems.length ? 1 : 0;
  }
  const { groups, notRun, reports, ignored, problems: stale, floorOf } = readReports();
  const { scores, problems, below } = scoreReports(reports, ignored, floorOf);
  console.log(`mutation reports: ${groups.join(", ") || "(none)"}`);
  for (const s of scores)
    console.log(
      `  ${s.folder.padEnd(28)} ${s.score.toFixed(1).padStart(5)}%  ${s.killed} killed, ${s.survived} survived, ${s.ignored} ignored`,
    );
  for (const b of below) console.log(`BELOW ${b}`);
  for (const n of notRun) console.log(`NOT MEASURED ${n.group}: ${n.why}`);
  const all = [...stale, ...problems];
  for (const p of all) console.error(`FAIL ${p}`);
  return all.length ? 1 : 0;
}

if (require.main === module) process.exit(main());
