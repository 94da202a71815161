/**
 * The mutation score is kept: the committed reports (reports/mutation/, `npm run mutate`) score at
 * least the threshold per folder, and every ignored mutant has a one-line reason. The check itself
 * fails when a score drops or a reason is missing.
 */
import assert from "node:assert/strict";
import { GROUPS } from "../../scripts/mutation-groups.json";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  readReports,
  scoreReports,
  sha256,
  staleness,
  THRESHOLD,
} from "../../scripts/mutation-score";

const mutant = (
  id: number,
  status: string,
  line = id,
  mutatorName = "EqualityOperator",
  column = 1,
) => ({
  id: String(id),
  mutatorName,
  replacement: "x >= y",
  status,
  location: { start: { line, column } },
});

describe("mutation score", () => {
  it(`the committed reports are fresh and score at least ${THRESHOLD}% in every folder`, () => {
    const { groups, notRun, reports, ignored, problems: stale, floorOf } = readReports();
    // Every group is measured or says, in scripts/mutation-groups.json, why it is not yet.
    assert.equal(groups.length + notRun.length, Object.keys(GROUPS).length);
    for (const n of notRun) assert.ok(n.why.length > 20, `${n.group}: notRun needs a reason`);
    assert.deepEqual(stale, []);
    const { scores, problems } = scoreReports(reports, ignored, floorOf);
    assert.deepEqual(problems, []);
    for (const s of scores)
      assert.ok(s.score >= (floorOf(s.folder) ?? THRESHOLD), `${s.folder} ${s.score}`);
  });

  const report = (statuses: string[]) => ({
    files: { "model/x/a.ts": { mutants: statuses.map((s, i) => mutant(i + 1, s)) } },
  });

  it("9 of 10 killed is 90% and passes; 8 of 10 fails, naming the folder", () => {
    const nine = scoreReports([report([...Array(9).fill("Killed"), "Survived"])], []);
    assert.deepEqual(nine.problems, []);
    assert.equal(nine.scores[0].score, 90);
    const eight = scoreReports(
      [report([...Array(8).fill("Killed"), "Survived", "NoCoverage"])],
      [],
    );
    assert.match(eight.problems.join("\n"), /^model\/x: mutation score 80\.0% < 90%/);
  });

  it("a recorded floor under the threshold is a ratchet: at it BELOW is printed, under it fails", () => {
    const eight = report([...Array(8).fill("Killed"), "Survived", "NoCoverage"]);
    const at = scoreReports([eight], [], () => 80);
    assert.deepEqual(at.problems, []);
    assert.match(
      at.below.join("\n"),
      /^model\/x: mutation score 80\.0% < 90%.*kept above its recorded floor 80%/,
    );
    const under = scoreReports([eight], [], () => 80.1);
    assert.match(under.problems.join("\n"), /under its recorded floor 80\.1%/);
  });

  it("timeouts count as killed; compile errors and ignored mutants are left out", () => {
    const r = scoreReports(
      [report(["Timeout", "CompileError", "Killed", "Survived"])],
      [
        {
          file: "model/x/a.ts",
          line: 4,
          mutator: "EqualityOperator",
          reason: "equivalent: the early return above covers x === y",
        },
      ],
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual([r.scores[0].killed, r.scores[0].survived, r.scores[0].ignored], [2, 0, 1]);
  });

  it("an ignored mutant needs a one-line reason", () => {
    const r = scoreReports(
      [report(["Killed", "Survived"])],
      [{ file: "model/x/a.ts", line: 2, mutator: "EqualityOperator", reason: "" }],
    );
    assert.match(r.problems.join("\n"), /needs a one-line reason/);
  });

  it("an ignore entry that matches no surviving mutant must be removed", () => {
    const r = scoreReports(
      [report(["Killed", "Killed"])],
      [
        {
          file: "model/x/a.ts",
          line: 2,
          mutator: "EqualityOperator",
          reason: "no longer survives here",
        },
      ],
    );
    assert.match(r.problems.join("\n"), /matches no surviving mutant/);
  });

  it("an entry without a column matching two live mutants on its line is refused; columns part them", () => {
    // Two alike mutants on line 2 (columns 5 and 9): one entry would hide a new sibling silently.
    const twins = {
      files: {
        "model/x/a.ts": {
          mutants: [
            mutant(1, "Killed"),
            mutant(2, "Survived", 2, "EqualityOperator", 5),
            mutant(3, "Survived", 2, "EqualityOperator", 9),
          ],
        },
      },
    };
    const entry = {
      file: "model/x/a.ts",
      line: 2,
      mutator: "EqualityOperator",
      reason: "equivalent here",
    };
    const loose = scoreReports([twins], [entry]);
    assert.match(loose.problems.join("\n"), /a\.ts:2 EqualityOperator matches 2 surviving mutants/);
    const one = scoreReports([twins], [{ ...entry, column: 5 }]);
    assert.deepEqual(
      one.problems.filter((p) => /matches/.test(p)),
      [],
    );
    assert.equal(
      one.scores[0].survived,
      1,
      "the mutant at column 9 is not ignored by column 5's entry",
    );
    assert.equal(one.scores[0].ignored, 1);
    const both = scoreReports(
      [twins],
      [
        { ...entry, column: 5 },
        { ...entry, column: 9 },
      ],
    );
    assert.equal(both.scores[0].ignored, 2);
    assert.equal(both.scores[0].survived, 0);
    const wrong = scoreReports([twins], [{ ...entry, column: 7 }]);
    assert.match(wrong.problems.join("\n"), /matches no surviving mutant/);
  });

  it("review41: an entry with a column but no replacement matching two live mutants at that column is refused", () => {
    // Stryker's ConditionalExpression gives `true` and `false` at one location: one entry naming
    // only the column would hide a new sibling there silently.
    const at = (id: number, replacement: string) => ({
      ...mutant(id, "Survived", 2, "ConditionalExpression", 5),
      replacement,
    });
    const twins = { files: { "model/x/a.ts": { mutants: [at(2, "true"), at(3, "false")] } } };
    const entry = {
      file: "model/x/a.ts",
      line: 2,
      column: 5,
      mutator: "ConditionalExpression",
      reason: "equivalent here",
    };
    const loose = scoreReports([twins], [entry]);
    assert.match(
      loose.problems.join("\n"),
      /a\.ts:2 ConditionalExpression matches 2 surviving mutants/,
    );
    const exact = scoreReports(
      [twins],
      [
        { ...entry, replacement: "true" },
        { ...entry, replacement: "false" },
      ],
    );
    assert.deepEqual(
      exact.problems.filter((p) => /matches/.test(p)),
      [],
    );
    assert.equal(exact.scores[0].ignored, 2);
  });

  describe("a report counts only for the sources it was run on", () => {
    const root = mkdtempSync(path.join(tmpdir(), "mutscore-"));
    mkdirSync(path.join(root, "model", "x", "deep"), { recursive: true });
    const a = "export const a = (n: number) => n > 3;\n";
    const b = "export const b = 1;\n";
    writeFileSync(path.join(root, "model/x/a.ts"), a);
    writeFileSync(path.join(root, "model/x/deep/b.ts"), b);
    const group = { mutate: ["model/x/**/*.ts"], specs: [] };
    const run = { files: { "model/x/a.ts": { mutants: [], source: a } }, config: group };
    const sources = {
      group: "x",
      mutate: group.mutate,
      files: { "model/x/a.ts": sha256(a), "model/x/deep/b.ts": sha256(b) },
      specs: {},
    };

    it("fresh: same sources, the group's own mutate list", () => {
      assert.deepEqual(staleness("x", group, run, sources, root), []);
    });
    it("a mutated file changed since the run: stale, naming the file", () => {
      writeFileSync(path.join(root, "model/x/a.ts"), a.replace(">", ">="));
      try {
        assert.match(
          staleness("x", group, run, sources, root).join("\n"),
          /^x: model\/x\/a\.ts changed since the mutation run/,
        );
      } finally {
        writeFileSync(path.join(root, "model/x/a.ts"), a);
      }
    });
    it("a file added to the folder or removed from it: stale", () => {
      const less = { "model/x/a.ts": sources.files["model/x/a.ts"] };
      assert.match(
        staleness("x", group, run, { ...sources, files: less }, root).join("\n"),
        /model\/x\/deep\/b\.ts is new since the mutation run/,
      );
      const more = { ...sources.files, "model/x/gone.ts": sha256("") };
      assert.match(
        staleness("x", group, run, { ...sources, files: more }, root).join("\n"),
        /model\/x\/gone\.ts was removed since the mutation run/,
      );
    });
    it("a narrowed run (MUTATE_FILES) or no recorded sources does not count", () => {
      const narrowed = { ...run, config: { mutate: ["model/x/a.ts:1-2"] } };
      assert.match(staleness("x", group, narrowed, sources, root).join("\n"), /a narrowed run/);
      assert.match(
        staleness("x", group, run, undefined, root).join("\n"),
        /no reports\/mutation\/x\.sources\.json/,
      );
    });
    it("a report whose embedded source is not the recorded one does not count", () => {
      const other = { ...run, files: { "model/x/a.ts": { mutants: [], source: b } } };
      assert.match(
        staleness("x", group, other, sources, root).join("\n"),
        /model\/x\/a\.ts in the report differs from the recorded source/,
      );
    });
  });
});
