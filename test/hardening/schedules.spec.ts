/**
 * Issue 24 item 4: every schedule is checked against the grammar of the service that runs it.
 * The grammar's examples come from the sources (docs/assumptions.md, "Schedules (cron)"): GitHub's
 * `schedule` event page and Pulumi Cloud's OpenAPI spec. Hostile configs go through the command
 * line: the drift schedule of the prod example's prod tier runs on GitHub Actions (payments) and
 * Pulumi Deployments (web); the scheduled audit on GitHub Actions only.
 */
import assert from "node:assert/strict";
import { CronRunner, cronProblems, parseCron } from "../../model/config/cron";
import { StackDoc } from "../support/examples";
import { multiCi } from "../support/multiCi";
import { assertAccepted, assertRefused, key, planEdited } from "./support";

const drift = (cron: string) => (d: StackDoc) => {
  d.config[key.tiers][2].driftDetection.schedule = cron;
};
const audit = (cron: string) => (d: StackDoc) => {
  d.config[key.audit].schedule.cron = cron;
};
const DRIFT = "tiers[2].driftDetection.schedule";
const AUDIT = "audit.schedule.cron";

describe("schedules: the grammar of the service that runs them (issue 24, 4)", () => {
  describe("GitHub Actions: the examples of docs.github.com's schedule event", () => {
    // Each example of the page, with the times it says the schedule runs.
    const examples: [string, Partial<Record<"minutes" | "hours" | "weekdays", number[]>>][] = [
      ["30 5,17 * * *", { minutes: [30], hours: [5, 17] }],
      ["30 5 * * 1,3", { minutes: [30], hours: [5], weekdays: [1, 3] }],
      ["30 5 * * 2,4", { weekdays: [2, 4] }],
      ["15 * * * *", { minutes: [15] }],
      ["2,10 4,5 * * *", { minutes: [2, 10], hours: [4, 5] }],
      ["30 4-6 * * *", { hours: [4, 5, 6] }],
      ["20/15 * * * *", { minutes: [20, 35, 50] }], // "from minute 20 through 59"
    ];
    for (const [cron, expected] of examples)
      it(`accepts "${cron}" and reads it as the docs do`, () => {
        const r = parseCron(cron, "github-actions");
        assert.ok(r.ok, JSON.stringify(r));
        for (const [f, values] of Object.entries(expected))
          assert.deepEqual(r.schedule[f as keyof typeof expected], values, f);
      });

    it('refuses "* * * * *" (the docs\' operator example) for the 5-minute minimum', () => {
      assert.match(cronProblems("* * * * *", "github-actions").join(), /1 minute apart/);
    });

    it("accepts the names JAN-DEC and SUN-SAT the field table shows, as single values", () => {
      const r = parseCron("0 6 * JAN,JUL MON,FRI", "github-actions");
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual(r.schedule.months, [1, 7]);
      assert.deepEqual(r.schedule.weekdays, [1, 5]);
    });

    it("refuses names in a range or under a step (undocumented: fail closed)", () => {
      assert.match(cronProblems("0 6 * * MON-FRI", "github-actions").join(), /single value/);
      assert.match(cronProblems("0 6 * JAN/2 *", "github-actions").join(), /single value/);
      assert.deepEqual(cronProblems("0 6 * * 1-5", "github-actions"), []);
    });

    const refused: [string, RegExp][] = [
      ["75 25 * * *", /minute 75 is out of range 0-59.*hour 25 is out of range 0-23/],
      ["0 */25 * * 8", /hour step \/25 is larger than the span 0-23.*day of the week 8/],
      ["60 6 31 2 *", /minute 60 is out of range/],
      ["0 6 31 2 *", /day 31 of month 2 never comes/],
      ["0 6 30,31 2 *", /days 30,31 of month 2 never come/],
      ["0 6 31 4,6,9,11 *", /never come/],
      ["*/4 * * * *", /4 minutes apart/],
      ["0,3 * * * *", /3 minutes apart/],
      ["58 0,1 * * *", /./], // control below: one minute an hour is 60 apart
      ["0 0 * * 7", /day of the week 7 is out of range 0-6/],
      ["0 0 0 * *", /day of the month 0 is out of range 1-31/],
      ["0 0 * 13 *", /month 13/],
      ["0 9-5 * * *", /runs backwards/],
      ["0 0 * * mon", /each of digits/], // names in capitals, as documented
      ["0 0 * * MONDAY", /not a number/],
      ["0  0 * * *", /single spaces/],
      ["0 0 * * * *", /5 fields/],
      ["@daily", /5 fields/],
      ["0 0 * * 1/0", /step "0"/],
      ["0 0 ,1 * *", /empty list item/],
      ["0 0 1-2-3 * *", /not a value, range or step/],
      ["999999999999 0 * * *", /not a number/],
      ["0 0 * * 1//2", /not a value, range or step/],
    ];
    for (const [cron, message] of refused)
      if (cron === "58 0,1 * * *")
        it('accepts "58 0,1 * * *": one minute an hour runs 60 minutes apart', () =>
          assert.deepEqual(cronProblems(cron, "github-actions"), []));
      else
        it(`refuses "${cron}"`, () =>
          assert.match(cronProblems(cron, "github-actions").join("; "), message));

    it("counts the gap across the hour and across midnight", () => {
      assert.match(cronProblems("58 * * * *", "github-actions").join(), /^$/);
      assert.match(cronProblems("0,57 * * * *", "github-actions").join(), /3 minutes apart/);
      assert.match(cronProblems("1,58 0,23 * * *", "github-actions").join(), /3 minutes apart/);
      assert.deepEqual(cronProblems("1,58 0,12 * * *", "github-actions"), []);
      assert.deepEqual(cronProblems("*/5 * * * *", "github-actions"), []);
    });
  });

  describe("Pulumi Deployments: the spec's standard 5 fields", () => {
    const runner: CronRunner = "pulumi-deployments";
    it("accepts the spec's and the docs' examples", () => {
      for (const cron of ["0 */4 * * *", "0 0 * * 0", "0 10 * * 2"])
        assert.deepEqual(cronProblems(cron, runner), [], cron);
    });
    it("refuses names (not documented: fail closed) and impossible dates", () => {
      assert.match(cronProblems("0 6 * * MON", runner).join(), /documents numbers only; write 1/);
      assert.match(cronProblems("0 6 31 2 *", runner).join(), /never comes/);
    });
    it("enforces no minimum interval (none documented)", () => {
      assert.deepEqual(cronProblems("*/1 * * * *", runner), []);
    });
  });

  it("no other CI gets a schedule: the multi-ci example's prod tier has drift detection", () => {
    const { model, files } = multiCi();
    assert.ok(model.driftSchedules.length + model.pipelines.filter((p) => p.drift).length > 0);
    const others = files.filter((f) => !f.path.startsWith(".github/workflows/"));
    assert.ok(others.length >= 4, others.map((f) => f.path).join());
    for (const f of others)
      assert.doesNotMatch(
        f.content,
        /cron|schedules?:|triggers\s*[:{]/i,
        `${f.repository}/${f.path}`,
      );
  });

  describe("through the command line", () => {
    for (const cron of ["75 25 * * *", "0 */25 * * 8", "60 6 31 2 *"]) {
      it(`refuses the drift schedule "${cron}"`, async () =>
        assertRefused(await planEdited(drift(cron)), DRIFT, `"${cron}" is refused by`));
      it(`refuses the audit schedule "${cron}"`, async () =>
        assertRefused(await planEdited(audit(cron)), AUDIT, "by GitHub Actions, which runs"));
    }

    it("refuses Feb 31 on a drift schedule, naming both services that run it", async () => {
      const run = await planEdited(drift("0 6 31 2 *"));
      assertRefused(run, DRIFT, "GitHub Actions and Pulumi Deployments, which run", "never comes");
    });

    it("refuses a drift schedule more often than every 5 minutes (GitHub Actions runs it)", async () =>
      assertRefused(await planEdited(drift("*/2 * * * *")), DRIFT, "2 minutes apart"));

    it("refuses weekday names on a tier Pulumi Deployments runs, not on the audit", async () => {
      assertRefused(await planEdited(drift("0 6 * * MON")), DRIFT, "Pulumi Deployments");
      assertAccepted(await planEdited(audit("0 6 * * MON")));
    });

    it("refuses a tab or a no-break space between fields", async () => {
      assertRefused(await planEdited(audit("0\t6 * * *")), AUDIT, "may only contain");
      assertRefused(await planEdited(audit("0\u00a06 * * *")), AUDIT, "may only contain");
    });

    it("accepts valid schedules (controls)", async () => {
      assertAccepted(await planEdited(drift("20/15 */2 1-28 * *")));
      assertAccepted(await planEdited(audit("*/5 * * * *")));
    });
  });
});
