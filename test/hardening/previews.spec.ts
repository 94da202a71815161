/**
 * Issue 14 class 7 and issue 15 item 4: what a writer can start. Previews and other writer-started
 * runs on protected tiers are refused, and on any tier no identity a pull request (or a manual
 * dispatch, or a push to an unprotected branch) can obtain may hold more than the least-privileged
 * human role with push access holds. The way out is the reviewed-environment form.
 */
import assert from "node:assert/strict";
import { writerBound } from "../../model/invariants";
import { exampleConfig } from "../support/examples";
import { assertRefused, key, planEdited } from "./support";

interface PlanJson {
  oidc: {
    policies: { decision: string; teamName?: string; rules: Record<string, string> }[];
    contexts: { pipeline: string; context: string; tokens: string[] }[];
  };
  resources: { type: string; inputs: Record<string, unknown> }[];
}

describe("hardening: previews on protected tiers (class 7)", () => {
  it("refuses unreviewed GitHub Actions previews of a protected tier", async () => {
    const run = await planEdited((d) => {
      d.config[key.tiers][2].deploy.previewPullRequests = true;
      d.config[key.projects][1].tiers.prod.previewPullRequests = false;
    });
    assertRefused(
      run,
      "tiers[2].deploy.previewPullRequests",
      'protected tier "prod"',
      "reviewedPreviews",
    );
  });

  it("refuses Pulumi Deployments previews of a protected stack, even when the tier's are reviewed", async () => {
    const run = await planEdited((d) => {
      d.config[key.tiers][2].deploy.reviewedPreviews = true;
      d.config[key.projects][1].tiers.prod.previewPullRequests = true;
    });
    assertRefused(run, "projects[1].tiers.prod.previewPullRequests", "Pulumi Deployments", "admin");
  });

  it("refuses a project's own previews of a protected tier", async () => {
    const run = await planEdited(
      (d) => (d.config[key.projects][0].tiers.prod = { previewPullRequests: true }),
    );
    assertRefused(run, "projects[0].tiers.prod.previewPullRequests", "unreviewed code");
  });

  it("refuses reviewed previews where no project deploys with GitHub Actions", async () => {
    const run = await planEdited((d) => {
      d.config[key.projects][0].tiers.staging = {
        mode: "pulumi-deployments",
        previewPullRequests: false,
      };
    });
    assertRefused(run, "tiers[1].deploy.reviewedPreviews", "no project of this tier");
  });
});

describe("hardening: the PR-reachable invariant (issue 15, item 4)", () => {
  it("reproduces the staging-preview escalation in the old shape and refuses it", async () => {
    // The old prod example: unreviewed staging previews, whose team opens payments/staging,
    // where the payments developers (and every other writer of payments-infra) only read.
    const run = await planEdited((d) => delete d.config[key.tiers][1].deploy.reviewedPreviews);
    assertRefused(
      run,
      "tiers[1].deploy.previewPullRequests",
      "on tier staging, a pull request to main in acme/payments-infra",
      "the token of team payments-staging-preview",
      "environment open on payments/staging",
      /role \w+ of team \w+\) holds read/,
      "deploy.reviewedPreviews: true",
    );
  });

  it("accepts the reviewed-environment form and pins the preview policy to that environment", async () => {
    const run = await planEdited(() => undefined, "prod", ["--json"]);
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout) as PlanJson;
    const allows = plan.oidc.policies.filter(
      (p) => p.decision === "allow" && p.teamName === "payments-staging-preview",
    );
    assert.equal(allows.length, 1);
    assert.equal(allows[0].rules.environment, "payments-staging-preview");
    assert.equal(allows[0].rules.event_name, "pull_request");
    // The environment exists, with the approvers as required reviewers and no self-review.
    const env = plan.resources.find(
      (r) =>
        r.type === "github:index/repositoryEnvironment:RepositoryEnvironment" &&
        r.inputs.environment === "payments-staging-preview",
    );
    assert.ok(env, "no GitHub environment payments-staging-preview");
    assert.equal(env.inputs.preventSelfReview, true);
    assert.equal(env.inputs.canAdminsBypass, false);
    assert.equal((env.inputs.reviewers as unknown[]).length, 1);
    // The simulator tried a pull request that skips the environment: it gets nothing.
    const skipped = plan.oidc.contexts.filter(
      (c) =>
        c.pipeline === "payments/staging" &&
        c.context.includes("without the environment (no approval)"),
    );
    assert.equal(skipped.length, 2);
    for (const c of skipped) assert.deepEqual(c.tokens, []);
  });

  it("refuses Pulumi Deployments previews on an unprotected tier whose writers hold less than admin", async () => {
    const run = await planEdited(
      (d) => delete d.config[key.projects][1].tiers.staging.previewPullRequests,
    );
    assertRefused(
      run,
      "tiers[1].deploy.previewPullRequests",
      "Pulumi Deployments' token for web/staging",
      "stack admin",
    );
  });

  it("refuses a manual dispatch anyone with push can start on an unprotected tier", async () => {
    const run = await planEdited((d) => (d.config[key.tiers][1].deploy.manualDispatch = true));
    assertRefused(
      run,
      "tiers[1].deploy.manualDispatch",
      "workflow_dispatch",
      "stack write on payments/staging",
    );
  });

  it("bounds previews by the least-privileged writer, not the most privileged", async () => {
    // Platform (maintainer) may open staging; the payments developers may not. Still refused.
    const run = await planEdited((d) => {
      delete d.config[key.tiers][1].deploy.reviewedPreviews;
      d.config[key.tiers][1].roles.maintainer = { stack: "read", environment: "open" };
    });
    assertRefused(run, "tiers[1].deploy.previewPullRequests", "role developer of team payments");
  });

  it("bounds a repository nobody declared as a writer of by nothing", () => {
    const { config } = exampleConfig("prod");
    const bound = writerBound(config, [], "payments", "staging");
    assert.equal(bound.stack, "none");
    assert.equal(bound.environment, "none");
    assert.match(bound.who.stack, /nobody declared/);
  });
});
