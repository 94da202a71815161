/**
 * Issue 27, class 7: Pulumi login case. Pulumi's docs do not say whether logins are
 * case-sensitive, so every comparison that detects a conflict folds case (fail closed): one user
 * spelled two ways is refused with its path, the model keeps one membership per user, and the
 * guard that keeps the deploying identity from demoting itself matches it whatever its case.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { buildOrg } from "../../components/org";
import { runUnderMocks } from "../../plan/mockRun";
import { buildMembers } from "../../model/access/members";
import { pulumiLoginKey } from "../../model/names";
import { exampleConfig } from "../support/examples";
import { assertAccepted, assertRefused, key, planEdited } from "./support";

const fakeSecret = (k: string) => pulumi.secret(`secret-value-of-${k}`);

describe("hardening: Pulumi login case (issue 27, class 7)", () => {
  it("refuses a member spelled like an admin in another case (two conflicting OrganizationMembers)", async () => {
    const run = await planEdited((d) => (d.config["secure-org:members"] = ["Bob"]));
    assertRefused(
      run,
      "members[0]",
      '"Bob" is "bob" (admins[1]) spelled another way',
      'Spell it "bob"',
    );
  });

  it("refuses a team member spelled like an admin in another case", async () => {
    const run = await planEdited((d) => (d.config[key.teams][1].members = ["carol", "ALICE"]));
    assertRefused(run, "teams[1].members[1]", '"ALICE" is "alice" (admins[0])');
  });

  it("refuses the same login spelled two ways in two teams", async () => {
    const run = await planEdited((d) => (d.config[key.teams][2].members = ["Carol", "grace"]));
    assertRefused(run, "teams[2].members[0]", '"Carol" is "carol" (teams[1].members[0])');
  });

  it("still reports a duplicate within one list once, as a duplicate", async () => {
    const run = await planEdited((d) => (d.config["secure-org:admins"] = ["alice", "Alice"]));
    assertRefused(run, "admins[1]", 'duplicate admin "Alice"');
    assert.ok(!run.stderr.includes("spelled another way"), run.stderr);
  });

  it("accepts a login in admins and in a team spelled the same way (one membership)", async () => {
    assertAccepted(await planEdited((d) => (d.config["secure-org:members"] = ["ivan", "bob"])));
  });

  it("the model keeps one membership per user whatever the case (spelling changed after validation)", () => {
    const { config } = exampleConfig("prod");
    config.members.push("BOB");
    const members = buildMembers(config);
    const bobs = members.filter((m) => pulumiLoginKey(m.login) === "bob");
    assert.deepEqual(
      bobs.map((m) => [m.login, m.role]),
      [["bob", "admin"]],
    );
  });

  for (const deployer of ["CAROL", "Carol"])
    it(`the self-demotion guard matches the deploying identity "${deployer}" as carol`, async () => {
      const { config, warnings } = exampleConfig("prod");
      await assert.rejects(
        runUnderMocks(
          (rootOptions) =>
            buildOrg(config, { rootOptions, warnings, deployer, secret: fakeSecret }),
          { stack: "prod", organization: "acme" },
        ),
        /"carol" runs this deployment but is declared as a plain member/,
      );
    });

  it("accepts an admin as the deploying identity whatever its case", async () => {
    const { config, warnings } = exampleConfig("prod");
    const r = await runUnderMocks(
      (rootOptions) =>
        buildOrg(config, { rootOptions, warnings, deployer: "Alice", secret: fakeSecret }),
      { stack: "prod", organization: "acme" },
    );
    assert.ok(r.resources.some((x) => x.inputs.username === "alice"));
  });
});
