/**
 * Schedules against the grammar of the service that runs them (model/config/policy/schedules.ts),
 * called directly over small lenient views: the audit's cron (GitHub Actions), a tier's drift
 * schedule (GitHub Actions, Pulumi Deployments, or both; both when no project says: fail closed),
 * one error per problem naming every service that refuses it, and crons the schema already
 * refused left to it. Exact errors. Fast enough to run under every mutant of the policy-schedules
 * group.
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkSchedules, driftRunners } from "../../model/config/policy/schedules";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function base(): Any {
  return {
    tiers: [{ name: "prod", deploy: { mode: "github-actions" }, driftDetection: {} }],
    projects: [{ name: "payments", tiers: { prod: {} } }],
  };
}
function run(edit: (c: Any) => void): ConfigIssue[] {
  const c = base();
  edit(c);
  const errors: ConfigIssue[] = [];
  checkSchedules(policyContext(lenientView(c), errors, []));
  return errors;
}
const drift = (cron: unknown) => (c: Any) => (c.tiers[0].driftDetection = { schedule: cron });
const deployments = (c: Any) => (c.projects[0].tiers.prod = { mode: "pulumi-deployments" });
const NAMED = "0 3 * * MON"; // names: GitHub Actions only
const NAMED_PROBLEM = 'day of the week "MON": Pulumi Deployments documents numbers only; write 1';
const OUT = "0 24 * * *";
const OUT_PROBLEM = "hour 24 is out of range 0-23";

describe("bounds: schedules, unit", () => {
  it("nothing scheduled, or valid schedules: nothing", () => {
    assert.deepEqual(
      run(() => undefined),
      [],
    );
    assert.deepEqual(run(drift("0 3 * * 1")), []);
    assert.deepEqual(
      run((c) => (c.audit = { schedule: { cron: NAMED } })),
      [],
    );
  });

  it("the audit's cron is GitHub Actions'", () =>
    assert.deepEqual(
      run((c) => (c.audit = { schedule: { cron: OUT } })),
      [
        {
          path: "audit.schedule.cron",
          message: `"${OUT}" is refused by GitHub Actions, which runs this schedule: ${OUT_PROBLEM}`,
        },
      ],
    ));

  it("a drift schedule of github-actions stacks: GitHub Actions' grammar (names allowed)", () => {
    assert.deepEqual(run(drift(NAMED)), []);
    assert.deepEqual(run(drift(OUT)), [
      {
        path: "tiers[0].driftDetection.schedule",
        message: `"${OUT}" is refused by GitHub Actions, which runs this schedule: ${OUT_PROBLEM}`,
      },
    ]);
  });

  it("of Deployments stacks: Pulumi Deployments' (numbers only)", () =>
    assert.deepEqual(
      run((c) => {
        deployments(c);
        drift(NAMED)(c);
      }),
      [
        {
          path: "tiers[0].driftDetection.schedule",
          message: `"${NAMED}" is refused by Pulumi Deployments, which runs this schedule: ${NAMED_PROBLEM}`,
        },
      ],
    ));

  it("both runners: one error per problem, naming both when both refuse it", () =>
    assert.deepEqual(
      run((c) => {
        c.projects.push({ name: "web", tiers: { prod: { mode: "pulumi-deployments" } } });
        drift("0 24 * * MON")(c);
      }),
      [
        {
          path: "tiers[0].driftDetection.schedule",
          message: `"0 24 * * MON" is refused by GitHub Actions and Pulumi Deployments, which run this schedule: ${OUT_PROBLEM}`,
        },
        {
          path: "tiers[0].driftDetection.schedule",
          message: `"0 24 * * MON" is refused by Pulumi Deployments, which runs this schedule: ${NAMED_PROBLEM}`,
        },
      ],
    ));

  it("a cron of the wrong shape or characters is the schema's (not reported twice)", () => {
    assert.deepEqual(run(drift("0 24 * *")), []);
    assert.deepEqual(run(drift("0 24 * * mon")), []);
    assert.deepEqual(
      run((c) => (c.audit = { schedule: { cron: "0 24 * * mon" } })),
      [],
    );
  });

  it("no drift detection, a non-object one, or a non-string schedule: nothing", () => {
    assert.deepEqual(run(drift(5)), []);
    assert.deepEqual(
      run((c) => (c.tiers[0].driftDetection = true)),
      [],
    );
    assert.deepEqual(
      run((c) => delete c.tiers[0].driftDetection),
      [],
    );
  });
});

describe("bounds: driftRunners, unit", () => {
  const runners = (edit: (c: Any) => void) => {
    const c = base();
    edit(c);
    const v = lenientView(c);
    return driftRunners(v, v.tiers[0]);
  };
  it("per the tier's projects' modes, each runner once", () => {
    assert.deepEqual(
      runners(() => undefined),
      ["github-actions"],
    );
    assert.deepEqual(runners(deployments), ["pulumi-deployments"]);
    assert.deepEqual(
      runners((c) => {
        deployments(c);
        c.projects.push(
          { name: "a", tiers: { prod: {} } },
          { name: "b", tiers: { prod: { mode: "pulumi-deployments" } } },
        );
      }),
      ["pulumi-deployments", "github-actions"],
    );
  });
  it("both when no project's pipeline runs on either (another CI, direct, none): fail closed", () => {
    const both = ["github-actions", "pulumi-deployments"];
    assert.deepEqual(
      runners((c) => (c.projects[0].tiers.prod = { ci: "gitlab" })),
      both,
    );
    assert.deepEqual(
      runners((c) => (c.tiers[0].deploy.mode = "direct")),
      both,
    );
    assert.deepEqual(
      runners((c) => (c.projects = [])),
      both,
    );
  });
});
