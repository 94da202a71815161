/**
 * The hardening audit (model/ci/github/hardening.ts): one failing sample per rule, each made by
 * mutating a generated workflow, and where findings point.
 */
import assert from "node:assert/strict";
import { Document, isMap, isSeq, parseDocument, Scalar } from "yaml";
import { HARDENING_RULES, auditWorkflow } from "../../../model/ci/github/hardening";
import { ACTIONS } from "../../../model/ci/github/pins";
import { renderWorkflow } from "../../../model/ci/github/workflow";
import { ctx, jobsOf, pipeline, stepsOf } from "../../support/workflows";

type Mutation = (doc: Document) => void;

function mutate(text: string, fn: Mutation): string {
  const doc = parseDocument(text);
  fn(doc);
  return doc.toString({ lineWidth: 0 });
}

/** Index of the first step of `job` whose uses starts with `prefix` or whose run is `run`. */
function stepIndex(doc: Document, job: string, match: { uses?: string; run?: string }): number {
  const steps = doc.getIn(["jobs", job, "steps"]);
  assert.ok(isSeq(steps));
  const i = steps.items.findIndex((s) => {
    if (!isMap(s)) return false;
    const uses = s.get("uses");
    return match.uses
      ? typeof uses === "string" && uses.startsWith(`${match.uses}@`)
      : s.get("run") === match.run;
  });
  assert.ok(i >= 0, `no step ${JSON.stringify(match)} in ${job}`);
  return i;
}

const setStep =
  (job: string, match: { uses?: string; run?: string }, path: string[], value: unknown): Mutation =>
  (doc) =>
    doc.setIn(["jobs", job, "steps", stepIndex(doc, job, match), ...path], value);
const deleteStep =
  (job: string, match: { uses?: string; run?: string }, path: string[]): Mutation =>
  (doc) =>
    doc.deleteIn(["jobs", job, "steps", stepIndex(doc, job, match), ...path]);
const usesScalar = (doc: Document, job: string, action: string) =>
  doc.getIn(["jobs", job, "steps", stepIndex(doc, job, { uses: action }), "uses"], true) as Scalar;

describe("auditWorkflow", () => {
  const team = renderWorkflow(pipeline("payments/prod"), ctx);
  const bootstrap = renderWorkflow(pipeline("secure-org/prod"), ctx);
  const checkout = ACTIONS.checkout.uses;
  const setupNode = ACTIONS.setupNode.uses;

  const samples: { rule: string; what: string; base?: string; text?: string; fn?: Mutation }[] = [
    {
      rule: "valid-workflow",
      what: "jobs is a list",
      text: "name: x\non: push\npermissions: {}\njobs: [a]\n",
    },
    { rule: "valid-workflow", what: "not YAML", text: "name: [x\n" },
    { rule: "workflow-name", what: "no name", fn: (d) => d.delete("name") },
    {
      rule: "top-level-permissions",
      what: "read-all",
      fn: (d) => d.set("permissions", "read-all"),
    },
    { rule: "top-level-permissions", what: "missing", fn: (d) => d.delete("permissions") },
    {
      rule: "top-level-permissions",
      what: "a scope",
      fn: (d) => d.set("permissions", { contents: "read" }),
    },
    {
      rule: "job-permissions",
      what: "an extra scope",
      fn: (d) => d.setIn(["jobs", "deploy", "permissions", "actions"], "write"),
    },
    {
      rule: "job-permissions",
      what: "contents: write",
      fn: (d) => d.setIn(["jobs", "deploy", "permissions", "contents"], "write"),
    },
    {
      rule: "job-permissions",
      what: "write-all",
      fn: (d) => d.setIn(["jobs", "preview", "permissions"], "write-all"),
    },
    {
      rule: "id-token-scope",
      what: "id-token on the offline plan",
      base: bootstrap,
      fn: (d) => d.setIn(["jobs", "plan", "permissions", "id-token"], "write"),
    },
    {
      rule: "pull-requests-scope",
      what: "pull-requests: write on the deploy job",
      fn: (d) => d.setIn(["jobs", "deploy", "permissions", "pull-requests"], "write"),
    },
    {
      rule: "pull-requests-scope",
      what: "a preview that does not comment",
      fn: setStep(
        "preview",
        { uses: ACTIONS.pulumiActions.uses },
        ["with", "comment-on-pr"],
        false,
      ),
    },
    {
      rule: "uses-pinned",
      what: "no version comment",
      fn: (d) => {
        usesScalar(d, "deploy", checkout).comment = undefined;
      },
    },
    {
      rule: "uses-allow-list",
      what: "a commit that is not the pinned one",
      fn: (d) => {
        usesScalar(d, "deploy", checkout).value = `${checkout}@${"0".repeat(40)}`;
      },
    },
    {
      rule: "uses-allow-list",
      what: "a version comment that is not the pinned version",
      fn: (d) => {
        usesScalar(d, "deploy", checkout).comment = " v6.0.0";
      },
    },
    {
      rule: "checkout-credentials",
      what: "persist-credentials: true",
      fn: setStep("deploy", { uses: checkout }, ["with", "persist-credentials"], true),
    },
    {
      rule: "checkout-credentials",
      what: "no persist-credentials",
      fn: setStep("preview", { uses: checkout }, ["with"], { "fetch-depth": 1 }),
    },
    {
      rule: "risky-trigger",
      what: "pull_request_target",
      fn: (d) => d.setIn(["on", "pull_request_target"], { branches: ["main"] }),
    },
    {
      rule: "risky-trigger",
      what: "workflow_run",
      fn: (d) => d.setIn(["on", "workflow_run"], { workflows: ["ci"], types: ["completed"] }),
    },
    {
      rule: "risky-trigger",
      what: "issue_comment",
      fn: (d) => d.setIn(["on", "issue_comment"], { types: ["created"] }),
    },
    {
      rule: "run-expression",
      what: "an expression in run",
      fn: setStep("deploy", { run: "npm ci" }, ["run"], "npm ci --prefix ${{ github.workspace }}"),
    },
    {
      rule: "secrets-use",
      what: "a secret in env",
      fn: setStep("deploy", { uses: ACTIONS.pulumiActions.uses }, ["env"], {
        PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
      }),
    },
    {
      rule: "secrets-use",
      what: "a secret as an action input",
      fn: setStep(
        "deploy",
        { uses: ACTIONS.pulumiActions.uses },
        ["with", "github-token"],
        "${{ secrets.GH_PAT }}",
      ),
    },
    {
      rule: "deploy-environment",
      what: "no environment",
      fn: (d) => d.deleteIn(["jobs", "deploy", "environment"]),
    },
    {
      rule: "deploy-environment",
      what: "a hand-written `pulumi up` job without environment",
      base: bootstrap,
      fn: (d) => {
        d.setIn(
          ["jobs", "plan", "steps", stepIndex(d, "plan", { run: "npm test" }), "run"],
          "npx pulumi up --yes",
        );
        d.setIn(["jobs", "plan", "concurrency"], { group: "x", "cancel-in-progress": false });
      },
    },
    {
      rule: "deploy-timeout",
      what: "no timeout",
      fn: (d) => d.deleteIn(["jobs", "deploy", "timeout-minutes"]),
    },
    {
      rule: "deploy-concurrency",
      what: "cancel-in-progress: true",
      fn: (d) => d.setIn(["jobs", "deploy", "concurrency", "cancel-in-progress"], true),
    },
    {
      rule: "deploy-concurrency",
      what: "no concurrency",
      fn: (d) => d.deleteIn(["jobs", "deploy", "concurrency"]),
    },
    {
      rule: "npm-ci-only",
      what: "npm install",
      fn: setStep("deploy", { run: "npm ci" }, ["run"], "npm install"),
    },
    {
      rule: "npm-ci-only",
      what: "npm i <pkg> with flags",
      fn: setStep("preview", { run: "npm ci" }, ["run"], "npm ci\nnpm --no-audit i left-pad"),
    },
    {
      rule: "npm-ci-only",
      what: "curl | sh",
      fn: setStep(
        "deploy",
        { run: "npm ci" },
        ["run"],
        "npm ci\ncurl -fsSL https://get.pulumi.com | sh",
      ),
    },
    {
      rule: "deploy-no-cache",
      what: "setup-node cache: npm",
      fn: setStep("deploy", { uses: setupNode }, ["with", "cache"], "npm"),
    },
    {
      rule: "deploy-no-cache",
      what: "setup-node's automatic cache left on",
      fn: deleteStep("deploy", { uses: setupNode }, ["with", "package-manager-cache"]),
    },
    {
      rule: "github-hosted-runner",
      what: "self-hosted",
      fn: (d) => d.setIn(["jobs", "deploy", "runs-on"], "self-hosted"),
    },
    {
      rule: "github-hosted-runner",
      what: "a label list",
      fn: (d) => d.setIn(["jobs", "preview", "runs-on"], ["self-hosted", "linux"]),
    },
  ];

  it("has a failing sample for every rule", () => {
    assert.deepEqual(
      [...new Set(samples.map((s) => s.rule))].sort(),
      Object.keys(HARDENING_RULES).sort(),
    );
  });

  for (const s of samples) {
    it(`${s.rule}: ${s.what}`, () => {
      const text = s.text ?? mutate(s.base ?? team, s.fn as Mutation);
      const findings = auditWorkflow(text);
      assert.deepEqual(
        [...new Set(findings.map((f) => f.rule))],
        [s.rule],
        JSON.stringify(findings, null, 2),
      );
    });
  }

  it("keeps pin comments through the sample mutations (the baseline passes)", () => {
    assert.deepEqual(auditWorkflow(mutate(team, () => undefined)), []);
    assert.deepEqual(auditWorkflow(mutate(bootstrap, () => undefined)), []);
  });

  it("reports the job and step of a finding", () => {
    const text = mutate(
      team,
      setStep("deploy", { uses: checkout }, ["with", "persist-credentials"], true),
    );
    const [f] = auditWorkflow(text);
    assert.equal(f.job, "deploy");
    assert.equal(
      stepsOf(jobsOf(text).deploy)[f.step as number].uses,
      `${checkout}@${ACTIONS.checkout.sha}`,
    );
  });

  it("flags a tag instead of a commit as unpinned and not allowed", () => {
    const text = mutate(team, (d) => {
      usesScalar(d, "deploy", checkout).value = `${checkout}@v7.0.1`;
    });
    assert.deepEqual([...new Set(auditWorkflow(text).map((f) => f.rule))].sort(), [
      "uses-allow-list",
      "uses-pinned",
    ]);
  });
});
