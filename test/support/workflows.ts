/**
 * Shared by the workflow specs (test/ci/github/*.spec.ts): the prod example's access model with
 * pull-request previews on the protected tier, the render context, lookups into rendered
 * workflows, and shellcheck.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { buildAccessModel } from "../../model/access";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import { WorkflowContext } from "../../model/ci/github/workflow";

// The prod example with reviewed pull-request previews turned on for the protected prod tier (off
// by default there; unreviewed ones are refused), so the preview job of a protected tier is
// rendered and checked too. Pulumi Deployments (web/prod) cannot preview a protected stack.
const doc = parse(readFileSync("Pulumi.prod.yaml", "utf8"));
doc.config["secure-org:tiers"][2].deploy.previewPullRequests = true;
doc.config["secure-org:tiers"][2].deploy.reviewedPreviews = true;
doc.config["secure-org:projects"][1].tiers.prod.previewPullRequests = false;
const r = loadOrgConfig(entriesFromStackFile(doc));
if (!r.ok) throw new Error(JSON.stringify(r.errors));
export const model = buildAccessModel(r.config, r.warnings);
export const ctx: WorkflowContext = {
  organization: model.organization,
  githubOwner: model.github.owner,
};
export const actionsPipelines = model.pipelines.filter((p) => p.mode === "github-actions");
export const GOLDEN_DIR = join("test", "golden");
export const pipeline = (key: string) => {
  const p = model.pipelines.find((x) => x.key === key);
  if (!p) throw new Error(`no pipeline ${key}`);
  return p;
};

export type Obj = Record<string, unknown>;
export const jobsOf = (text: string) => (parse(text) as { jobs: Record<string, Obj> }).jobs;
export const stepsOf = (job: Obj) => job.steps as Obj[];
export const withOf = (step: Obj | undefined) => (step?.with ?? {}) as Obj;
export const stepUsing = (job: Obj, action: { uses: string }) =>
  stepsOf(job).find((s) => typeof s.uses === "string" && s.uses.startsWith(`${action.uses}@`));

export function runBlocks(text: string): { job: string; script: string }[] {
  return Object.entries(jobsOf(text)).flatMap(([job, j]) =>
    stepsOf(j)
      .filter((s) => typeof s.run === "string")
      .map((s) => ({ job, script: s.run as string })),
  );
}

function shellcheckAvailable(): boolean {
  const res = spawnSync("shellcheck", ["--version"], { encoding: "utf8" });
  return !res.error && res.status === 0;
}

/** Skips the test without shellcheck, or fails it when SECURE_ORG_REQUIRE_SHELLCHECK=1. */
export function requireShellcheck(test: Mocha.Context): void {
  if (shellcheckAvailable()) return;
  if (process.env.SECURE_ORG_REQUIRE_SHELLCHECK === "1")
    assert.fail("shellcheck is not on PATH and SECURE_ORG_REQUIRE_SHELLCHECK=1");
  console.warn("      shellcheck is not on PATH: skipping (apt-get install shellcheck)");
  test.skip();
}

export const shellcheck = (script: string) =>
  spawnSync("shellcheck", ["-s", "bash", "-"], { input: script, encoding: "utf8" });
