/**
 * Issue 24 item 7: what is reported when (docs/configuration.md, "What is reported when"). Round 1
 * (schema, config keys, policy checks) reports everything it finds in one run, a schema error in
 * one section alongside policy errors in others; round 2 (the access-model invariants) runs once
 * round 1 passes, because it needs the whole config.
 */
import assert from "node:assert/strict";
import { StackDoc } from "../support/examples";
import { assertRefused, key, planEdited } from "./support";

/** A schema error in audit, policy errors in teams and in tiers, an invariant error in tiers. */
function mixed(d: StackDoc): void {
  d.config[key.audit].webhooks[0].format = "bogus"; // schema (audit)
  d.config[key.teams][1].access = { nope: "developer" }; // policy (teams)
  d.config[key.audit].schedule.cron = "75 25 * * *"; // policy (schedules)
  d.config[key.tiers][2].roles.auditor.stack = "read"; // invariant: erin reads the bootstrap
}

describe("hardening: every mistake of a round is reported at once (issue 24, 7)", () => {
  it("reports a schema error and the policy errors of other sections in one run", async () => {
    const run = await planEdited(mixed);
    assertRefused(run, "audit.webhooks[0].format", '"bogus" is not allowed');
    assertRefused(run, 'teams[1].access["nope"]', 'unknown project "nope"');
    assertRefused(run, "audit.schedule.cron", "minute 75 is out of range");
    assertRefused(run, "audit.schedule.cron", "hour 25 is out of range");
    assert.match(run.stderr, /invalid secure-org config \(4 problems\)/);
  });

  it("reports the invariants in the next run, once round 1 passes (as documented)", async () => {
    const first = await planEdited(mixed);
    assert.doesNotMatch(first.stderr, /tiers\[2\]\.roles\.auditor\.stack/);
    const second = await planEdited((d) => {
      d.config[key.tiers][2].roles.auditor.stack = "read";
    });
    assertRefused(second, "tiers[2].roles.auditor.stack", "erin is no organization admin");
  });

  it("reports policy errors of a section whose own shape is wrong, as far as it can be read", async () => {
    const run = await planEdited((d) => {
      d.config[key.teams][1].access = { nope: "developer" };
      d.config[key.teams][1].memebrs = ["x"]; // unknown key in the same team
    });
    assertRefused(run, "teams[1].memebrs", 'did you mean "members"');
    assertRefused(run, 'teams[1].access["nope"]', 'unknown project "nope"');
  });
});
