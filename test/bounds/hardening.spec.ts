/**
 * Bounds of the workflow hardening audit (model/ci/github/hardening.ts): a full commit SHA is
 * exactly 40 lowercase hex characters (39, 41 and a 7-character short SHA are not), a deploy job's
 * `cancel-in-progress` must be false (unset is not), every way an expression reads `secrets`, and
 * `id-token: write` only where a token is exchanged.
 */
import assert from "node:assert/strict";
import { Document, isMap, isSeq, parseDocument, Scalar } from "yaml";
import { auditWorkflow } from "../../model/ci/github/hardening";
import { ACTIONS } from "../../model/ci/github/pins";
import { renderWorkflow } from "../../model/ci/github/workflow";
import { ctx, pipeline } from "../support/workflows";

const team = renderWorkflow(pipeline("payments/prod"), ctx);
const bootstrap = renderWorkflow(pipeline("secure-org/prod"), ctx);

function edit(text: string, fn: (d: Document) => void): string {
  const d = parseDocument(text);
  fn(d);
  return d.toString({ lineWidth: 0 });
}

function stepIndex(d: Document, job: string, uses: string): number {
  const steps = d.getIn(["jobs", job, "steps"]);
  assert.ok(isSeq(steps));
  const i = steps.items.findIndex(
    (s) => isMap(s) && String(s.get("uses") ?? "").startsWith(`${uses}@`),
  );
  assert.ok(i >= 0);
  return i;
}

/** The rules reported (deduplicated, sorted). */
const rules = (text: string) => [...new Set(auditWorkflow(text).map((f) => f.rule))].sort();

/** `actions/checkout` of the deploy job pinned to `ref`, its version comment kept. */
const checkoutAt = (ref: string) =>
  edit(team, (d) => {
    const s = d.getIn(
      ["jobs", "deploy", "steps", stepIndex(d, "deploy", ACTIONS.checkout.uses), "uses"],
      true,
    ) as Scalar;
    s.value = `${ACTIONS.checkout.uses}@${ref}`;
  });

describe("bounds: action pins are full 40-character commit SHAs", () => {
  const sha = ACTIONS.checkout.sha;

  it("the pinned SHA is 40 lowercase hex characters and passes", () => {
    assert.match(sha, /^[0-9a-f]{40}$/);
    assert.deepEqual(rules(checkoutAt(sha)), []);
  });

  for (const [what, ref] of [
    ["a 7-character short SHA", sha.slice(0, 7)],
    ["39 characters", sha.slice(0, 39)],
    ["41 characters", `${sha}0`],
    ["upper-case hex", sha.toUpperCase()],
    ["40 characters that are not hex", `${"g".repeat(40)}`],
    ["a SHA with a suffix", `${sha}-x`],
  ])
    it(`${what} is not a full commit`, () => {
      const findings = auditWorkflow(checkoutAt(ref)).filter((f) => f.rule === "uses-pinned");
      assert.deepEqual(
        findings.map((f) => [f.job, f.message]),
        [["deploy", `${ACTIONS.checkout.uses}@${ref} is not pinned to a full commit`]],
      );
    });

  it("a pin without its version comment says so (and only that)", () => {
    const text = edit(team, (d) => {
      const s = d.getIn(
        ["jobs", "deploy", "steps", stepIndex(d, "deploy", ACTIONS.checkout.uses), "uses"],
        true,
      ) as Scalar;
      s.comment = undefined;
    });
    assert.deepEqual(
      auditWorkflow(text).map((f) => [f.rule, f.job, f.message]),
      [
        [
          "uses-pinned",
          "deploy",
          `${ACTIONS.checkout.uses}@${sha} has no "# vX.Y.Z" version comment`,
        ],
      ],
    );
  });

  it("a full SHA of another commit is pinned but not allowed", () =>
    assert.deepEqual(rules(checkoutAt("0".repeat(40))), ["uses-allow-list"]));
});

describe("bounds: a deploy job never cancels a running deployment", () => {
  const conc = (value: unknown) =>
    edit(team, (d) => d.setIn(["jobs", "deploy", "concurrency"], value));

  it('cancel-in-progress: false passes (and "false")', () => {
    assert.deepEqual(rules(conc({ group: "g", "cancel-in-progress": false })), []);
    assert.deepEqual(rules(conc({ group: "g", "cancel-in-progress": "false" })), []);
  });

  for (const [what, value] of [
    ["cancel-in-progress left unset", { group: "g" }],
    ["cancel-in-progress: true", { group: "g", "cancel-in-progress": true }],
    ["an expression", { group: "g", "cancel-in-progress": "${{ true }}" }],
    ["no group", { "cancel-in-progress": false }],
    ["an empty group", { group: "", "cancel-in-progress": false }],
    ["a bare string", "g"],
  ] as const)
    it(`${what} is refused`, () => assert.deepEqual(rules(conc(value)), ["deploy-concurrency"]));

  it("a workflow-level concurrency counts when the job has none", () => {
    const text = edit(team, (d) => {
      d.deleteIn(["jobs", "deploy", "concurrency"]);
      d.set("concurrency", { group: "g", "cancel-in-progress": false });
    });
    assert.deepEqual(rules(text), []);
    const unset = edit(team, (d) => {
      d.deleteIn(["jobs", "deploy", "concurrency"]);
      d.set("concurrency", { group: "g" });
    });
    assert.deepEqual(rules(unset), ["deploy-concurrency"]);
  });
});

describe("bounds: every expression that reads secrets", () => {
  for (const expr of [
    "${{ secrets.X }}",
    "${{ toJSON(secrets) }}",
    "${{ secrets['X'] }}",
    "${{ format('{0}', secrets.X) }}",
    "${{\nsecrets.X }}",
  ])
    it(`${JSON.stringify(expr)} is found`, () => {
      const text = edit(team, (d) => d.setIn(["jobs", "deploy", "env"], { LEAK: expr }));
      assert.deepEqual(rules(text), ["secrets-use"]);
    });

  it("a word containing secrets (mysecrets, secrets_x) is not", () => {
    const text = edit(team, (d) =>
      d.setIn(["jobs", "deploy", "env"], { A: "${{ env.mysecrets }}", B: "${{ vars.secrets_x }}" }),
    );
    assert.deepEqual(rules(text), []);
  });

  it("secrets: passed to a called workflow is found", () => {
    const text = edit(team, (d) => d.setIn(["jobs", "deploy", "secrets"], "inherit"));
    assert.ok(rules(text).includes("secrets-use"));
  });
});

describe("bounds: id-token: write only on a job that exchanges a token", () => {
  it("every job of both workflows that holds id-token: write exchanges a token (baseline)", () => {
    assert.deepEqual(rules(team), []);
    assert.deepEqual(rules(bootstrap), []);
  });

  for (const job of ["plan"])
    it(`id-token: write on the bootstrap's ${job} job is refused`, () =>
      assert.deepEqual(
        rules(edit(bootstrap, (d) => d.setIn(["jobs", job, "permissions", "id-token"], "write"))),
        ["id-token-scope"],
      ));

  it("id-token: write on a deploy job whose token exchange is removed is refused", () => {
    const text = edit(team, (d) =>
      d.deleteIn(["jobs", "deploy", "steps", stepIndex(d, "deploy", ACTIONS.pulumiAuth.uses)]),
    );
    assert.ok(rules(text).includes("id-token-scope"), JSON.stringify(auditWorkflow(text)));
  });

  it("id-token: none is allowed anywhere; id-token: read is not a level", () => {
    assert.deepEqual(
      rules(edit(bootstrap, (d) => d.setIn(["jobs", "plan", "permissions", "id-token"], "none"))),
      [],
    );
    assert.deepEqual(
      rules(edit(team, (d) => d.setIn(["jobs", "deploy", "permissions", "id-token"], "read"))),
      ["job-permissions"],
    );
  });
});
