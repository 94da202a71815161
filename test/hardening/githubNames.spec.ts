/**
 * Issue 27, class 1: GitHub names compared by exact spelling, though GitHub compares owners,
 * repositories and environment names case-insensitively (docs/assumptions.md, "GitHub names").
 * Hostile edits of the prod example through the command line (see ./support.ts), and the
 * invariants' own keying checked on a config whose spelling was changed after validation.
 */
import assert from "node:assert/strict";
import { buildAccessModel } from "../../model/access";
import { invariantChecks } from "../../model/invariants";
import { githubNameKey, sameGithubName } from "../../model/names";
import { exampleConfig } from "../support/examples";
import { assertAccepted, assertRefused, key, planEdited } from "./support";
import type { StackDoc } from "../support/examples";

/** A team "evil" whose role "owner" implies repository admin on the projects it reaches. */
function evilAdmins(d: StackDoc, project: string): void {
  d.config[key.roles].owner = { repository: "admin" };
  for (const t of d.config[key.tiers]) t.roles.owner = { stack: "none", environment: "none" };
  d.config[key.teams].push({
    name: "evil",
    members: ["zed"],
    githubMembers: ["zed-gh"],
    access: { [project]: "owner" },
  });
}

describe("hardening: GitHub names compared by one key (issue 27, class 1)", () => {
  it("folds case the way GitHub does for names, and only for names", () => {
    assert.equal(githubNameKey("Payments-Infra"), githubNameKey("payments-infra"));
    assert.ok(sameGithubName("PLATFORM", "platform"));
    assert.ok(!sameGithubName("payments-infra", "payments-infra2"));
    assert.ok(!sameGithubName("payments.infra", "payments-infra"), "no wildcard here");
  });

  it("refuses a second project of the repository that deploys prod, spelled in another case, whose team is its admin", async () => {
    const run = await planEdited((d) => {
      d.config[key.projects].push({
        name: "evil",
        repository: "Payments-Infra",
        tiers: { dev: {} },
      });
      evilAdmins(d, "evil");
    });
    assertRefused(
      run,
      "projects[3].repository",
      '"Payments-Infra" is repository "payments-infra" (projects[0].repository)',
      "case-insensitively",
    );
  });

  it("refuses the same config spelled exactly (the admin check itself)", async () => {
    const run = await planEdited((d) => {
      d.config[key.projects].push({
        name: "evil",
        repository: "payments-infra",
        tiers: { dev: {} },
      });
      evilAdmins(d, "evil");
    });
    assertRefused(run, "roles.owner.repository", "admin on repository payments-infra");
  });

  for (const spelling of ["PAYMENTS-INFRA", "payments-Infra", "Payments-infra"])
    it(`refuses a preview-sharing project of ${spelling}`, async () => {
      const run = await planEdited((d) =>
        d.config[key.projects].push({ name: "pay2", repository: spelling, tiers: { staging: {} } }),
      );
      assertRefused(run, "projects[3].repository", `"${spelling}" is repository "payments-infra"`);
    });

  it("refuses the bootstrap's repository spelled unlike github.platformRepository", async () => {
    const run = await planEdited((d) => (d.config[key.projects][2].repository = "Platform"));
    assertRefused(
      run,
      "projects[2].repository",
      "(github.platformRepository)",
      'Spell it "platform"',
    );
  });

  it("refuses another project in the platform repository spelled in another case", async () => {
    const run = await planEdited((d) =>
      d.config[key.projects].push({ name: "tools", repository: "PlatForm", tiers: { dev: {} } }),
    );
    assertRefused(run, "projects[3].repository", '"PlatForm" is repository "platform"');
  });

  it("refuses a mixed-case platform repository whose projects spell it in lower case", async () => {
    const run = await planEdited((d) => (d.config[key.github].platformRepository = "Platform"));
    assertRefused(run, "projects[2].repository", '"platform" is repository "Platform"');
  });

  it("accepts a project that shares a repository spelled exactly, and a mixed-case repository spelled one way", async () => {
    assertAccepted(
      await planEdited((d) => {
        d.config[key.projects].push({
          name: "pay2",
          repository: "payments-infra",
          tiers: { dev: {} },
        });
        d.config[key.projects][1].repository = "Web-App";
      }),
    );
  });

  it("the invariants key repositories the same way (a spelling changed after validation)", () => {
    const { config, warnings } = exampleConfig("prod", (d) => {
      d.config[key.projects].push({
        name: "evil",
        repository: "payments-infra",
        tiers: { dev: {} },
      });
      d.config[key.roles].owner = { repository: "admin" };
      d.config[key.roles].owner.breakGlass = {
        justification: "Temporary migration of the repository PLAT-9",
      };
      for (const t of d.config[key.tiers]) t.roles.owner = { stack: "none", environment: "none" };
      d.config[key.teams].push({
        name: "evil",
        members: ["zed"],
        githubMembers: ["zed-gh"],
        access: { evil: "owner" },
      });
    });
    delete config.roles.owner.breakGlass;
    const evil = config.projects.find((p) => p.name === "evil");
    assert.ok(evil);
    (evil as { repository: string }).repository = "Payments-Infra";
    const model = buildAccessModel(config, warnings);
    assert.equal(
      model.repositories.filter((r) => sameGithubName(r.name, "payments-infra")).length,
      1,
      "one repository spec for both spellings",
    );
    const { errors } = invariantChecks(config, model);
    assert.ok(
      errors.some(
        (e) => e.path === "roles.owner.repository" && e.message.includes("Payments-Infra"),
      ),
      JSON.stringify(errors),
    );
  });
});
