/**
 * Issue 27, "Also": the removal guard's limit raised in the same change that removes members.
 * The plan JSON records its `guardLimit`; the next plan, with that JSON as its baseline, checks
 * the removals against the baseline's (lower) limit and calls the raise out in the guard section.
 * Through the command line (./support.ts).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { StackDoc } from "../support/examples";
import { assertAccepted, key, planEdited } from "./support";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Team = any;
const team = (d: StackDoc, name: string): Team =>
  (d.config[key.teams] as Team[]).find((t: Team) => t.name === name);

/** Drops every member of the payments and web teams (Pulumi and GitHub): 8 of 14 memberships. */
const dropTwoTeams = (d: StackDoc) => {
  for (const name of ["payments", "web"]) {
    team(d, name).members = [];
    team(d, name).githubMembers = [];
  }
};
/** Drops one Pulumi membership (dave from payments). */
const dropOne = (d: StackDoc) => (team(d, "payments").members = ["carol"]);

describe("hardening: the guard's limit raised in the change that removes (issue 27)", () => {
  let dir: string;
  let baseline: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "secure-org-guard-raised-"));
    const run = await planEdited(() => undefined, "prod", ["--json"]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { guardLimit?: { maxRemovalPercent: number } };
    assert.deepEqual(json.guardLimit, { maxRemovalPercent: 25 }, "the plan JSON records its limit");
    baseline = path.join(dir, "baseline.json");
    writeFileSync(baseline, run.stdout);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const guard = (extra: Record<string, unknown>) => (d: StackDoc) =>
    (d.config["secure-org:guard"] = { baseline, ...extra });

  it("control: the same removals under the unchanged limit are stopped naming 25%", async () => {
    const run = await planEdited((d) => (dropTwoTeams(d), guard({})(d)));
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /more than guard\.maxRemovalPercent \(25%\) of memberships/);
    assert.ok(!run.stderr.includes("raises guard.maxRemovalPercent"), run.stderr);
  });

  for (const raised of [26, 60, 100]) {
    it(`raising the limit to ${raised}% while removing 8 of 14 memberships is stopped at 25%`, async () => {
      const run = await planEdited(
        (d) => (dropTwoTeams(d), guard({ maxRemovalPercent: raised })(d)),
      );
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /more than guard\.maxRemovalPercent \(25%\) of memberships/);
      assert.ok(
        run.stderr.includes(
          `this same change raises guard.maxRemovalPercent from 25% (the baseline ${baseline}) to ` +
            `${raised}%, so the removals are checked against 25%`,
        ),
        run.stderr,
      );
      assert.ok(
        run.stdout.includes(
          "Mass-removal guard: STOPPED (guard.maxRemovalPercent raised from 25% in this same change)",
        ),
        run.stdout,
      );
    });
  }

  it("raised and acknowledged with the exact count: goes through, still called out", async () => {
    const probe = await planEdited((d) => (dropTwoTeams(d), guard({ maxRemovalPercent: 100 })(d)));
    const n = Number(/acknowledgeRemovals to (\d+)/.exec(probe.stderr)?.[1]);
    assert.ok(n > 0, probe.stderr);
    const run = await planEdited(
      (d) => (dropTwoTeams(d), guard({ maxRemovalPercent: 100, acknowledgeRemovals: n })(d)),
    );
    assertAccepted(run);
    assert.ok(
      run.stdout.includes(
        "Mass-removal guard: passed (guard.maxRemovalPercent raised from 25% in this same change)",
      ),
      run.stdout,
    );
    const off = await planEdited(
      (d) => (dropTwoTeams(d), guard({ maxRemovalPercent: 100, acknowledgeRemovals: n - 1 })(d)),
    );
    assert.equal(off.code, 1, off.stderr);
  });

  it("raised with a removal under the old limit: passes, and the section calls the raise out", async () => {
    const run = await planEdited((d) => (dropOne(d), guard({ maxRemovalPercent: 90 })(d)), "prod", [
      "--markdown",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      run.stdout.includes(
        "### Mass-removal guard: passed (guard.maxRemovalPercent raised from 25% in this same change)",
      ),
      run.stdout.slice(0, 2000),
    );
    assert.ok(
      run.stdout.includes("so the removals are checked against 25%"),
      run.stdout.slice(0, 2000),
    );
  });

  it("control: raising the limit with nothing removed is no call-out", async () => {
    const run = await planEdited(guard({ maxRemovalPercent: 100 }));
    assertAccepted(run);
    assert.ok(!run.stdout.includes("raised from"), run.stdout);
  });

  it("control: lowering the limit checks against the new, lower limit", async () => {
    const run = await planEdited((d) => (dropOne(d), guard({ maxRemovalPercent: 0 })(d)));
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /more than guard\.maxRemovalPercent \(0%\)/);
    assert.ok(!run.stderr.includes("raises guard.maxRemovalPercent"), run.stderr);
  });

  it("a baseline without guardLimit (an older plan) compares with the new limit, as before", async () => {
    const old = path.join(dir, "old.json");
    const json = JSON.parse(
      (await planEdited(() => undefined, "prod", ["--json"])).stdout,
    ) as Record<string, unknown>;
    delete json.guardLimit;
    writeFileSync(old, JSON.stringify(json));
    const run = await planEdited((d) => {
      dropTwoTeams(d);
      d.config["secure-org:guard"] = { baseline: old, maxRemovalPercent: 100 };
    });
    assertAccepted(run);
  });
});
