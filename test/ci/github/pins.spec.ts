/**
 * Generated workflows use only pinned values from model/ci/github/pins.ts: the runner image label
 * (never `ubuntu-latest`) and, on every pulumi/actions step, the pinned Pulumi CLI version. The
 * other CIs' container image is named by its exact tag; its digest is not settled (see
 * docs/assumptions.md, "Generated files: pins"), and none is invented.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { PULUMI_IMAGE } from "../../../model/ci/shared";
import { PULUMI_CLI_VERSION, RUNNER_LABEL } from "../../../model/ci/github/pins";
import { runExample } from "../../support/run";

type Workflow = {
  on: Record<string, Record<string, unknown> | null>;
  jobs: Record<
    string,
    { "runs-on"?: unknown; steps?: { uses?: string; with?: Record<string, unknown> }[] }
  >;
};

describe("generated workflows use the pinned runner and Pulumi CLI", function () {
  this.timeout(120_000);

  it("every job of the prod and dev examples runs on the pinned runner label; every pulumi/actions step pins the CLI", async () => {
    assert.equal(RUNNER_LABEL, "ubuntu-24.04");
    for (const stack of ["prod", "dev"] as const) {
      const run = await runExample(stack);
      const workflows = [...run.org.files].filter(([k]) => k.includes(".github/workflows/"));
      assert.ok(workflows.length > 0, stack);
      let steps = 0;
      for (const [key, text] of workflows) {
        assert.doesNotMatch(text, /ubuntu-latest/, key);
        for (const [id, job] of Object.entries((parse(text) as Workflow).jobs)) {
          assert.equal(job["runs-on"], RUNNER_LABEL, `${key} ${id}`);
          for (const s of job.steps ?? [])
            if (s.uses?.startsWith("pulumi/actions@")) {
              steps++;
              assert.equal(s.with?.["pulumi-version"], PULUMI_CLI_VERSION, `${key} ${id}`);
            }
        }
      }
      assert.ok(steps > 0, `${stack}: some step runs pulumi/actions`);
    }
  });

  it("a pull-request preview has no paths filter (its check is a required status check); the push keeps its paths", async () => {
    const run = await runExample("prod");
    const required = new Set(
      run.byType("github:index/repositoryRuleset:RepositoryRuleset").flatMap((r) => {
        const rules = r.inputs.rules as {
          requiredStatusChecks?: { requiredChecks: { context: string }[] };
        };
        return rules.requiredStatusChecks?.requiredChecks.map((c) => c.context) ?? [];
      }),
    );
    let previews = 0;
    let filteredPushes = 0;
    for (const [key, text] of run.org.files) {
      if (!key.includes(".github/workflows/")) continue;
      const wf = parse(text) as Workflow;
      const pr = wf.on.pull_request;
      if (pr) {
        previews++;
        assert.deepEqual(Object.keys(pr), ["branches"], `${key}: no paths or paths-ignore`);
        const names = Object.values(wf.jobs)
          .map((j) => (j as { name?: string }).name)
          .filter((n): n is string => typeof n === "string" && required.has(n));
        assert.ok(names.length > 0, `${key}: its pull-request check is required`);
      }
      if (wf.on.push && "paths" in wf.on.push) filteredPushes++;
    }
    assert.ok(previews > 0 && filteredPushes > 0, `${previews} previews, ${filteredPushes} pushes`);
  });

  it("the Pulumi image of the other CIs is named by its exact version tag, and no digest is claimed", () => {
    // The CLI in the image and the one pulumi/actions installs are the same version.
    assert.equal(PULUMI_IMAGE, `pulumi/pulumi-nodejs:${PULUMI_CLI_VERSION}`);
    assert.doesNotMatch(PULUMI_IMAGE, /@sha256:/);
  });
});
