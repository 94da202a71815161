/**
 * Issue 14, class 12: validation scales linearly. A config of 5,000 teams mirrored to GitHub
 * validates (once the quadratic lookups, teams x stacks and projects x teams, became indexes),
 * and four times the teams take nowhere near sixteen times as long. Timing is only compared
 * within one run, as a ratio of CPU time (the least of five runs each), with a wide margin: a
 * quadratic step would be ~16x.
 */
import assert from "node:assert/strict";
import { syntheticConfig } from "../../bench/synthetic";
import { validateOrgConfig } from "../../model/validate";

/** CPU time (ms) of this process validating the config: other processes' load does not count. */
function timeValidation(projects: number): number {
  const raw = syntheticConfig(projects, { projectsPerTeam: 1 });
  const start = process.cpuUsage();
  const r = validateOrgConfig(raw);
  const used = process.cpuUsage(start);
  assert.ok(r.ok, r.ok ? "" : JSON.stringify(r.errors.slice(0, 3)));
  return (used.user + used.system) / 1000;
}

/** The least of five runs: the one least disturbed by garbage collection and the scheduler. */
const best = (projects: number) => Math.min(...[0, 1, 2, 3, 4].map(() => timeValidation(projects)));

describe("hardening: validation scales linearly (class 12)", function () {
  this.timeout(120_000);

  it("validates 5,000 teams mirrored to GitHub, with their projects, repositories and pipelines", () => {
    const raw = syntheticConfig(5000, { projectsPerTeam: 1 });
    assert.equal((raw.teams as unknown[]).length, 5002);
    const r = validateOrgConfig(raw);
    assert.ok(r.ok, r.ok ? "" : JSON.stringify(r.errors.slice(0, 3)));
  });

  it("takes well under 16x as long for 4x the teams", () => {
    timeValidation(200); // warm up the JIT
    const small = best(1000);
    const large = best(4000);
    assert.ok(
      large / small < 10,
      `4000 teams took ${large.toFixed(0)} ms of CPU, 1000 took ${small.toFixed(0)} ms`,
    );
  });
});
