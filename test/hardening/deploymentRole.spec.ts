/**
 * Issue 27, class 4: the bound on what a pull request can obtain includes every role the run
 * executes with. With `defaults.customRoles`, a Pulumi Deployments run holds its stack's admin
 * token and the organization's default deployment role, which opens the environments of every
 * Pulumi Deployments stack, protected tiers' included. Through the command line (./support.ts).
 */
import { StackDoc } from "../support/examples";
import { assertAccepted, assertRefused, key, planEdited } from "./support";

/** Staging where every role administers its stacks and opens its environments, and web previews. */
function openStaging(d: StackDoc): void {
  for (const r of Object.values(d.config[key.tiers][1].roles) as {
    stack: string;
    environment: string;
  }[]) {
    r.stack = "admin";
    r.environment = "open";
  }
  d.config[key.projects][1].tiers.staging.previewPullRequests = true;
}

describe("hardening: the default deployment role bounds pull-request routes (issue 27, class 4)", () => {
  it("refuses an unprotected Deployments preview whose default deployment role opens prod", async () => {
    const run = await planEdited(openStaging);
    assertRefused(
      run,
      "projects[1].tiers.staging.previewPullRequests",
      'the default deployment role "secure-org deployments"',
      "environment open on web/prod",
      "(role developer of team web) holds none",
    );
  });

  it("refuses it through the tier's previewPullRequests too", async () => {
    const run = await planEdited((d) => {
      openStaging(d);
      delete d.config[key.projects][1].tiers.staging.previewPullRequests;
      d.config[key.tiers][1].deploy.previewPullRequests = true;
      d.config[key.tiers][1].deploy.reviewedPreviews = false;
    });
    assertRefused(run, "tiers[1].deploy.previewPullRequests", "environment open on web/prod");
  });

  it("refuses a Deployments stack deploying from a branch no ruleset covers", async () => {
    const run = await planEdited((d) => {
      openStaging(d);
      d.config[key.projects][1].tiers.staging.previewPullRequests = false;
      d.config[key.tiers][1].deploy.branch = "develop";
      for (const p of d.config[key.projects])
        if (p.tiers.staging) p.tiers.staging.previewPullRequests = false;
    });
    assertRefused(run, "projects[1].tiers.staging", "environment open on web/prod");
  });

  it("accepts the same preview without custom roles (the stack token opens nothing else)", async () => {
    assertAccepted(
      await planEdited((d) => {
        openStaging(d);
        d.config[key.defaults].customRoles = false;
      }),
    );
  });

  it("accepts it when prod does not deploy through Pulumi Deployments (the role opens only staging)", async () => {
    assertAccepted(
      await planEdited((d) => {
        openStaging(d);
        d.config[key.projects][1].tiers.prod = { stack: "production" };
      }),
    );
  });
});
