/**
 * Generated workflows use only pinned values from model/ci/github/pins.ts: the runner image label
 * (never `ubuntu-latest`) and, on every pulumi/actions step, the pinned Pulumi CLI version.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { PULUMI_CLI_VERSION, RUNNER_LABEL } from "../../../model/ci/github/pins";
import { runExample } from "../../support/run";

describe("generated workflows use the pinned runner and Pulumi CLI", function () {
  this.timeout(120_000);
  for (const stack of ["prod", "dev"] as const)
    it(`every job of the ${stack} example runs on ${RUNNER_LABEL}; every pulumi/actions step pins the CLI`, async () => {
      const run = await runExample(stack);
      const workflows = [...run.org.files].filter(([k]) => k.includes(".github/workflows/"));
      assert.ok(workflows.length > 0);
      let steps = 0;
      for (const [key, text] of workflows) {
        assert.doesNotMatch(text, /ubuntu-latest/, key);
        const wf = parse(text) as {
          jobs: Record<
            string,
            { "runs-on"?: unknown; steps?: { uses?: string; with?: Record<string, unknown> }[] }
          >;
        };
        for (const [id, job] of Object.entries(wf.jobs)) {
          assert.equal(job["runs-on"], RUNNER_LABEL, `${key} ${id}`);
          for (const s of job.steps ?? [])
            if (s.uses?.startsWith("pulumi/actions@")) {
              steps++;
              assert.equal(s.with?.["pulumi-version"], PULUMI_CLI_VERSION, `${key} ${id}`);
            }
        }
      }
      assert.ok(steps > 0, "some step runs pulumi/actions");
    });
});
