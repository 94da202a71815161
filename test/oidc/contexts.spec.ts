/** OIDC: GitHub claim sets and the context table (simulatePipelines), with pinned sub formats and manual dispatch. */
import assert from "node:assert/strict";
import {
  AUDIT_CONTEXT_LABEL,
  buildOidcPolicies,
  claimsFor,
  simulatePipelines,
} from "../../model/oidc";
import {
  modelFrom,
  model,
  ids,
  policies,
  AUD,
  granted,
  paymentsProdPush,
  paymentsPr,
  bootstrapPush,
} from "./support";
import { setUp } from "../support/stryker";

describe("oidc: pinned subject formats", () => {
  let pinned: ReturnType<typeof buildOidcPolicies>;
  setUp(() => {
    pinned = buildOidcPolicies(model, {
      ...ids,
      subjectFormats: { "payments-infra": "immutable", platform: "legacy" },
    });
  });

  it("pins sub in the configured format", () => {
    const rulesOf = (t: string) =>
      pinned.find((p) => p.decision === "allow" && p.teamName === t)?.rules;
    assert.equal(
      rulesOf("payments-prod-deploy")?.sub,
      "repo:acme@1001/payments-infra@2001:environment:prod",
    );
    assert.equal(
      rulesOf("payments-prod-preview")?.sub,
      // Reviewed previews run in their GitHub environment, so sub has the environment form.
      "repo:acme@1001/payments-infra@2001:environment:payments-prod-preview",
    );
    assert.equal(
      pinned.find((p) => p.decision === "allow" && p.tokenType === "organization")?.rules.sub,
      "repo:acme/platform:environment:prod",
    );
  });

  it("only the pinned format gets the token", () => {
    assert.deepEqual(
      granted(pinned, claimsFor({ ...paymentsProdPush, subjectFormat: "immutable" })),
      ["team:payments-prod-deploy"],
    );
    assert.deepEqual(
      granted(pinned, claimsFor({ ...paymentsProdPush, subjectFormat: "legacy" })),
      [],
    );
    assert.deepEqual(granted(pinned, claimsFor({ ...bootstrapPush, subjectFormat: "legacy" })), [
      "organization:admin",
    ]);
    assert.deepEqual(
      granted(pinned, claimsFor({ ...bootstrapPush, subjectFormat: "immutable" })),
      [],
    );
  });

  it("the context table agrees with the pinned policies", () => {
    const rows = simulatePipelines(
      model,
      { ...ids, subjectFormats: { "payments-infra": "immutable", platform: "legacy" } },
      pinned,
    );
    for (const row of rows)
      assert.deepEqual(row.tokens, row.expected, `${row.pipeline}: ${row.context}`);
  });
});

describe("oidc: simulatePipelines (prod example)", () => {
  let rows: ReturnType<typeof simulatePipelines>;
  setUp(() => {
    rows = simulatePipelines(model, ids, policies);
  });

  it("covers every pipeline identity in both sub formats", () => {
    assert.deepEqual(
      [...new Set(rows.map((r) => r.pipeline))],
      ["payments/staging", "payments/prod", "secure-org/prod", AUDIT_CONTEXT_LABEL],
    );
    for (const row of rows) {
      const format = row.context.endsWith("[legacy sub]") ? "legacy" : "immutable";
      assert.match(row.context, /\[(legacy|immutable) sub\]$/);
      assert.equal(String(row.claims.sub).includes("@"), format === "immutable");
      for (const claim of [
        "iss",
        "aud",
        "sub",
        "repository",
        "repository_owner",
        "repository_id",
        "repository_owner_id",
        "ref",
        "ref_type",
        "event_name",
        "base_ref",
        "head_ref",
        "job_workflow_ref",
      ])
        assert.equal(typeof row.claims[claim], "string", `${row.context}: ${claim}`);
    }
    const contexts = rows.filter((r) => r.pipeline === "payments/prod").map((r) => r.context);
    assert.deepEqual(
      contexts.filter((c) => c.endsWith("[legacy sub]")),
      [
        "deploy: push to main in environment prod [legacy sub]",
        "deploy: push to feature/change in environment prod (on another branch) [legacy sub]",
        "deploy: push to main (without the environment) [legacy sub]",
        "deploy: pull_request targeting main in environment prod (from a pull_request) [legacy sub]",
        "deploy: pull_request_target targeting main in environment prod (from a pull_request_target) [legacy sub]",
        "deploy: push to main in environment prod (from another repository id (same name)) [legacy sub]",
        "deploy: push to main in environment prod (from repository web-app) [legacy sub]",
        "deploy: push to main in environment prod (with another owner id) [legacy sub]",
        "deploy: workflow_dispatch to main in environment prod (from workflow_dispatch) [legacy sub]",
        "deploy: push to main in environment prod (from another workflow file on the branch) [legacy sub]",
        "preview: pull_request targeting main in environment payments-prod-preview [legacy sub]",
        "preview: pull_request targeting main (without the environment (no approval)) [legacy sub]",
        "preview: pull_request targeting feature/change in environment payments-prod-preview (targeting another branch) [legacy sub]",
        "preview: push to main (from a push) [legacy sub]",
        "preview: pull_request_target targeting main in environment payments-prod-preview (from a pull_request_target) [legacy sub]",
        "preview: pull_request targeting main in environment payments-prod-preview (from another repository id (same name)) [legacy sub]",
        "preview: pull_request targeting main in environment payments-prod-preview (from repository web-app) [legacy sub]",
        "preview: pull_request targeting main in environment payments-prod-preview (with another owner id) [legacy sub]",
        "preview: workflow_dispatch to main (from workflow_dispatch) [legacy sub]",
        // The drift check (driftDetection on prod): only its schedule gets its token.
        "drift: schedule to main in environment payments-prod-drift [legacy sub]",
        "drift: workflow_dispatch to main in environment payments-prod-drift (from workflow_dispatch) [legacy sub]",
        "drift: schedule to feature/change in environment payments-prod-drift (on another branch) [legacy sub]",
        "drift: schedule to main (without the environment) [legacy sub]",
        "drift: push to main in environment payments-prod-drift (from a push) [legacy sub]",
        "drift: pull_request targeting main in environment payments-prod-drift (from a pull_request) [legacy sub]",
        "drift: schedule to main in environment payments-prod-drift (from another repository id (same name)) [legacy sub]",
        "drift: schedule to main in environment payments-prod-drift (from repository web-app) [legacy sub]",
        "drift: schedule to main in environment payments-prod-drift (with another owner id) [legacy sub]",
        "drift: schedule to main in environment payments-prod-drift (from another workflow file on the branch) [legacy sub]",
      ],
    );
  });

  it("no claim set gets a token it should not, and none misses one it should get", () => {
    for (const row of rows) {
      for (const t of row.tokens)
        assert.ok(row.expected.includes(t), `${row.pipeline} ${row.context} got unexpected ${t}`);
      assert.deepEqual(row.tokens, row.expected, `${row.pipeline} ${row.context}`);
    }
  });

  it("grants exactly the intended tokens in the intended contexts", () => {
    const tokensOf = (pipeline: string, context: string) =>
      rows.find((r) => r.pipeline === pipeline && r.context === context)?.tokens;
    for (const format of ["legacy", "immutable"]) {
      assert.deepEqual(
        tokensOf("payments/prod", `deploy: push to main in environment prod [${format} sub]`),
        ["team:payments-prod-deploy"],
      );
      assert.deepEqual(
        tokensOf("payments/staging", `deploy: push to main in environment staging [${format} sub]`),
        ["team:payments-staging-deploy"],
      );
      assert.deepEqual(
        tokensOf("secure-org/prod", `deploy: push to main in environment prod [${format} sub]`),
        ["organization:admin"],
      );
      // Each reviewed preview only in its own environment: they no longer share claims.
      assert.deepEqual(
        tokensOf(
          "payments/prod",
          `preview: pull_request targeting main in environment payments-prod-preview [${format} sub]`,
        ),
        ["team:payments-prod-preview"],
      );
      assert.deepEqual(
        tokensOf(
          "payments/staging",
          `preview: pull_request targeting main in environment payments-staging-preview [${format} sub]`,
        ),
        ["team:payments-staging-preview"],
      );
      assert.deepEqual(
        tokensOf(
          "payments/prod",
          `preview: pull_request targeting main (without the environment (no approval)) [${format} sub]`,
        ),
        [],
      );
    }
  });

  it("the organization admin token is granted only in the bootstrap's exact context", () => {
    const withOrg = rows.filter((r) => r.tokens.includes("organization:admin"));
    assert.deepEqual(
      withOrg.map((r) => `${r.pipeline} ${r.context}`),
      [
        "secure-org/prod deploy: push to main in environment prod [legacy sub]",
        "secure-org/prod deploy: push to main in environment prod [immutable sub]",
      ],
    );
    for (const r of withOrg) assert.deepEqual(r.tokens, ["organization:admin"]);
  });

  it("a deploy team's token is granted in exactly its two intended rows", () => {
    for (const t of ["payments-staging-deploy", "payments-prod-deploy"]) {
      const hits = rows.filter((r) => r.tokens.includes(`team:${t}`));
      assert.equal(hits.length, 2, t);
      for (const r of hits) assert.deepEqual(r.tokens, [`team:${t}`]);
    }
  });

  it("workflow_dispatch rows get nothing while manualDispatch is off", () => {
    // (The scheduled audit's own dispatch rows are the audit spec's business.)
    const dispatch = rows.filter(
      (r) => r.claims.event_name === "workflow_dispatch" && r.pipeline !== AUDIT_CONTEXT_LABEL,
    );
    // Five deploy/preview identities and the drift check, in both sub formats.
    assert.equal(dispatch.length, 2 * 6);
    for (const r of dispatch) {
      assert.deepEqual(r.tokens, []);
      assert.deepEqual(r.expected, []);
    }
  });
});

describe("oidc: manualDispatch", () => {
  // A manual dispatch of a deploy is refused unless the GitHub environment's reviewers approve
  // each run, so staging is protected here (see test/hardening for the refusal).
  let dispatchModel: ReturnType<typeof modelFrom>;
  setUp(() => {
    dispatchModel = modelFrom((doc) => {
      doc.config["secure-org:tiers"][1].deploy.manualDispatch = true;
      doc.config["secure-org:tiers"][1].protected = true;
    });
  });
  let dispatchPolicies: ReturnType<typeof buildOidcPolicies>;
  setUp(() => {
    dispatchPolicies = buildOidcPolicies(dispatchModel, ids);
  });

  it("allows workflow_dispatch on the tier's branch and environment when enabled", () => {
    const staging = {
      ...paymentsProdPush,
      environment: "staging",
      event: "workflow_dispatch",
      workflowPath: ".github/workflows/pulumi-payments-staging.yml",
    };
    assert.deepEqual(granted(dispatchPolicies, claimsFor(staging)), [
      "team:payments-staging-deploy",
    ]);
    assert.deepEqual(granted(dispatchPolicies, claimsFor({ ...staging, branch: "feature/x" })), []);
    assert.deepEqual(
      granted(dispatchPolicies, claimsFor({ ...paymentsProdPush, event: "workflow_dispatch" })),
      [],
    );
    assert.deepEqual(
      dispatchPolicies
        .filter((p) => p.teamName === "payments-staging-deploy" && p.decision === "allow")
        .map((p) => p.rules.event_name),
      ["push", "workflow_dispatch"],
    );
    assert.ok(
      !dispatchPolicies.some(
        (p) =>
          p.teamName === "payments-staging-deploy" &&
          p.decision === "deny" &&
          p.rules.event_name === "workflow_dispatch",
      ),
    );
  });

  it("the context table agrees", () => {
    const rows = simulatePipelines(dispatchModel, ids, dispatchPolicies);
    for (const row of rows)
      assert.deepEqual(row.tokens, row.expected, `${row.pipeline} ${row.context}`);
    assert.deepEqual(
      rows
        .filter((r) => r.claims.event_name === "workflow_dispatch" && r.tokens.length > 0)
        .map((r) => [r.pipeline, r.tokens]),
      [
        ["payments/staging", ["team:payments-staging-deploy"]],
        ["payments/staging", ["team:payments-staging-deploy"]],
        // The scheduled audit may always be dispatched by hand (legacy and immutable sub).
        [AUDIT_CONTEXT_LABEL, ["team:secure-org-auditor"]],
        [AUDIT_CONTEXT_LABEL, ["team:secure-org-auditor"]],
      ],
    );
  });
});

describe("oidc: claimsFor", () => {
  it("builds a full push claim set", () => {
    assert.deepEqual(
      claimsFor({
        ...paymentsProdPush,
        workflowPath: ".github/workflows/pulumi-payments-prod.yml",
      }),
      {
        iss: "https://token.actions.githubusercontent.com",
        aud: AUD,
        sub: "repo:acme/payments-infra:environment:prod",
        repository: "acme/payments-infra",
        repository_owner: "acme",
        repository_id: "2001",
        repository_owner_id: "1001",
        repository_visibility: "private",
        actor: "octocat",
        event_name: "push",
        ref: "refs/heads/main",
        ref_type: "branch",
        base_ref: "",
        head_ref: "",
        workflow: "pulumi",
        workflow_ref:
          "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
        job_workflow_ref:
          "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
        runner_environment: "github-hosted",
        environment: "prod",
      },
    );
  });

  it("uses the ref form of sub without an environment, and tag refs", () => {
    assert.equal(
      claimsFor({ ...paymentsProdPush, environment: undefined }).sub,
      "repo:acme/payments-infra:ref:refs/heads/main",
    );
    const tag = claimsFor({
      ...paymentsProdPush,
      branch: undefined,
      tag: "v1",
      environment: undefined,
      subjectFormat: "immutable",
    });
    assert.equal(tag.sub, "repo:acme@1001/payments-infra@2001:ref:refs/tags/v1");
    assert.equal(tag.ref_type, "tag");
  });

  it("builds pull request claims", () => {
    const c = claimsFor({ ...paymentsPr, pullRequest: 7 });
    assert.equal(c.ref, "refs/pull/7/merge");
    assert.equal(c.base_ref, "main");
    assert.equal(c.head_ref, "feature/x");
    assert.equal(c.environment, undefined);
    const t = claimsFor({ ...paymentsPr, event: "pull_request_target" });
    assert.equal(t.ref, "refs/heads/main");
    assert.equal(t.sub, "repo:acme/payments-infra:ref:refs/heads/main");
    assert.throws(() => claimsFor({ ...paymentsPr, baseBranch: undefined }), /baseBranch/);
    assert.throws(() => claimsFor({ ...paymentsProdPush, branch: undefined }), /branch or tag/);
  });
});
