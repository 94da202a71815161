/**
 * Issue 14, class 12: validation scales linearly. A config of 5,000 teams mirrored to GitHub
 * validates (once the quadratic lookups, teams x stacks and projects x teams, became indexes),
 * and four times the teams take nowhere near sixteen times as long. Timing is only compared
 * within one run, as a ratio, with a wide margin: a quadratic step would be ~16x.
 */
import assert from "node:assert/strict";
import { syntheticConfig } from "../../bench/synthetic";
import { validateOrgConfig } from "../../model/validate";

function timeValidation(projects: number): number {
  const raw = syntheticConfig(projects, { projectsPerTeam: 1 });
  const start = process.hrtime.bigint();
  const r = validateOrgConfig(raw);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(r.ok, r.ok ? "" : JSON.stringify(r.errors.slice(0, 3)));
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe("hardening: validation scales linearly (class 12)", function () {
  this.timeout(120_000);

  it("validates 5,000 teams mirrored to GitHub, with their projects, repositories and pipelines", () => {
    const raw = syntheticConfig(5000, { projectsPerTeam: 1 });
    assert.equal((raw.teams as unknown[]).length, 5002);
    const r = validateOrgConfig(raw);
    assert.ok(r.ok, r.ok ? "" : JSON.stringify(r.errors.slice(0, 3)));
  });

  it("takes well under 16x as long for 4x the teams", () => {
    timeValidation(100); // warm up the JIT
    const small = median([0, 1, 2].map(() => timeValidation(500)));
    const large = median([0, 1, 2].map(() => timeValidation(2000)));
    assert.ok(
      large / small < 10,
      `2000 teams took ${large.toFixed(0)} ms, 500 took ${small.toFixed(0)} ms`,
    );
  });
});
