/**
 * The mutation score is kept: the committed reports (reports/mutation/, `npm run mutate`) score at
 * least the threshold per folder, and every ignored mutant has a one-line reason. The check itself
 * fails when a score drops or a reason is missing.
 */
import assert from "node:assert/strict";
import { readReports, scoreReports, THRESHOLD } from "../../scripts/mutation-score";

const mutant = (id: number, status: string, line = id, mutatorName = "EqualityOperator") => ({
  id: String(id),
  mutatorName,
  replacement: "x >= y",
  status,
  location: { start: { line } },
});

describe("mutation score", () => {
  it(`the committed reports score at least ${THRESHOLD}% in every folder`, () => {
    const { groups, reports, ignored } = readReports();
    assert.ok(groups.length > 0, "no committed mutation report: run npm run mutate");
    const { scores, problems } = scoreReports(reports, ignored);
    assert.deepEqual(problems, []);
    for (const s of scores) assert.ok(s.score >= THRESHOLD, `${s.folder} ${s.score}`);
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
});
