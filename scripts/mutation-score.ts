/**
 * Checks the committed mutation reports (reports/mutation/<group>.json, written by `npm run
 * mutate`) against the threshold, per folder: score = killed / (killed + survived + no coverage),
 * where timeouts count as killed and a mutant listed in reports/mutation/ignored.json is left out
 * of the score, each with a one-line reason why it cannot change behaviour. Fails (exit 1) when a
 * folder's score drops under the threshold, when an ignored mutant has no reason or no longer
 * exists, or when a group that must be measured has no report. Run by test/bounds/mutationScore.spec.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

export const THRESHOLD: number = (
  require("../scripts/mutation-groups.json") as { threshold: number }
).threshold;
const ROOT = path.resolve(__dirname, "..");
export const REPORT_DIR = path.join(ROOT, "reports", "mutation");

/** A mutant the score leaves out: `file`, the mutant's `mutator`, `line` and `replacement`. */
export interface Ignored {
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  readonly replacement?: string;
  readonly reason: string;
}

interface Mutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { start: { line: number } };
}
interface Report {
  readonly files: Record<string, { mutants: Mutant[] }>;
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

const matches = (i: Ignored, file: string, m: Mutant) =>
  i.file === file &&
  i.line === m.location.start.line &&
  i.mutator === m.mutatorName &&
  (i.replacement === undefined || i.replacement === m.replacement);

/** Scores per folder of the given reports; throws on an ignore entry without a reason. */
export function scoreReports(reports: readonly Report[], ignored: readonly Ignored[]) {
  const problems: string[] = [];
  for (const i of ignored)
    if (typeof i.reason !== "string" || i.reason.trim().length < 10 || i.reason.includes("\n"))
      problems.push(`ignored ${i.file}:${i.line} ${i.mutator}: needs a one-line reason`);
  const used = new Set<Ignored>();
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
          s.ignored++;
        } else if (COUNTED_KILLED.has(m.status)) s.killed++;
        else if (COUNTED_LIVE.has(m.status)) s.survived++;
      }
    }
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
  for (const s of scores)
    if (s.score < THRESHOLD)
      problems.push(
        `${s.folder}: mutation score ${s.score.toFixed(1)}% < ${THRESHOLD}% ` +
          `(${s.killed} killed, ${s.survived} survived): kill them, or list an equivalent one in reports/mutation/ignored.json`,
      );
  return { scores, problems };
}

export function readReports(dir = REPORT_DIR): {
  groups: string[];
  reports: Report[];
  ignored: Ignored[];
} {
  const { GROUPS } = require(path.join(ROOT, "scripts", "mutation-groups.json")) as {
    GROUPS: Record<string, unknown>;
  };
  const groups = Object.keys(GROUPS).filter((g) => existsSync(path.join(dir, `${g}.json`)));
  const reports = groups.map(
    (g) => JSON.parse(readFileSync(path.join(dir, `${g}.json`), "utf8")) as Report,
  );
  const ignoredFile = path.join(dir, "ignored.json");
  const ignored = existsSync(ignoredFile)
    ? (JSON.parse(readFileSync(ignoredFile, "utf8")) as Ignored[])
    : [];
  return { groups, reports, ignored };
}

export function main(): number {
  const { groups, reports, ignored } = readReports();
  const { scores, problems } = scoreReports(reports, ignored);
  console.log(`mutation reports: ${groups.join(", ") || "(none)"}`);
  for (const s of scores)
    console.log(
      `  ${s.folder.padEnd(28)} ${s.score.toFixed(1).padStart(5)}%  ${s.killed} killed, ${s.survived} survived, ${s.ignored} ignored`,
    );
  for (const p of problems) console.error(`FAIL ${p}`);
  return problems.length ? 1 : 0;
}

if (require.main === module) process.exit(main());
