/** OIDC: which token each context of the prod example obtains. */
import assert from "node:assert/strict";
import {
  buildOidcPolicies,
  claimsFor,
  ClaimOptions,
  evaluate,
  overlapWarnings,
  tokensFor,
} from "../../model/oidc";
import {
  ids,
  model,
  policies,
  team,
  ORG_ADMIN,
  granted,
  paymentsProdPush,
  paymentsPr,
  bootstrapPush,
} from "./support";

describe("oidc: who gets which token (prod example)", () => {
  it("a push to main in environment prod of payments-infra gets exactly the payments-prod-deploy token, in both sub formats", () => {
    for (const subjectFormat of ["legacy", "immutable"] as const) {
      const claims = claimsFor({ ...paymentsProdPush, subjectFormat });
      assert.equal(
        claims.sub,
        subjectFormat === "legacy"
          ? "repo:acme/payments-infra:environment:prod"
          : "repo:acme@1001/payments-infra@2001:environment:prod",
      );
      assert.deepEqual(granted(policies, claims), ["team:payments-prod-deploy"]);
      const d = evaluate(policies, claims, team("payments-prod-deploy"));
      assert.equal(d.allowed, true);
      assert.equal(policies[d.matched as number].teamName, "payments-prod-deploy");
    }
  });

  const denied: [string, ClaimOptions][] = [
    ["on another branch", { ...paymentsProdPush, branch: "feature/x" }],
    ["from a tag", { ...paymentsProdPush, branch: undefined, tag: "v1.0.0" }],
    [
      "from another repository id (recreated repository of the same name)",
      { ...paymentsProdPush, repositoryId: 9999 },
    ],
    [
      "from another repository of the org",
      { ...paymentsProdPush, repository: "web-app", repositoryId: 2002 },
    ],
    ["from a pull_request", { ...paymentsProdPush, event: "pull_request", baseBranch: "main" }],
    [
      "from a pull_request_target",
      { ...paymentsProdPush, event: "pull_request_target", baseBranch: "main" },
    ],
    ["from a workflow_run", { ...paymentsProdPush, event: "workflow_run" }],
    ["from an issue_comment", { ...paymentsProdPush, event: "issue_comment" }],
    ["without the environment", { ...paymentsProdPush, environment: undefined }],
    ["in the staging environment", { ...paymentsProdPush, environment: "staging" }],
    [
      "with another owner id (recreated owner of the same login)",
      { ...paymentsProdPush, ownerId: 4242 },
    ],
    ["with another audience", { ...paymentsProdPush, audience: "urn:pulumi:org:other" }],
    [
      "from workflow_dispatch (manualDispatch is off)",
      { ...paymentsProdPush, event: "workflow_dispatch" },
    ],
  ];
  for (const [what, opts] of denied)
    it(`the prod deploy job ${what} gets no payments-prod-deploy token`, () => {
      for (const subjectFormat of ["legacy", "immutable"] as const) {
        const claims = claimsFor({ ...opts, subjectFormat });
        assert.equal(evaluate(policies, claims, team("payments-prod-deploy")).allowed, false);
        const tokens = granted(policies, claims);
        assert.ok(!tokens.includes("organization:admin"));
        assert.ok(
          !tokens.some((t) => t.endsWith("-deploy") && t !== "team:payments-staging-deploy"),
        );
      }
    });

  it("the near misses get no token at all, except a pull request's preview tokens", () => {
    const tokens = (opts: ClaimOptions) => granted(policies, claimsFor(opts));
    assert.deepEqual(tokens({ ...paymentsProdPush, branch: "feature/x" }), []);
    assert.deepEqual(tokens({ ...paymentsProdPush, repositoryId: 9999 }), []);
    assert.deepEqual(tokens({ ...paymentsProdPush, environment: undefined }), []);
    assert.deepEqual(tokens({ ...paymentsProdPush, ownerId: 4242 }), []);
    assert.deepEqual(tokens({ ...paymentsProdPush, event: "workflow_dispatch" }), []);
    // The staging environment from the prod workflow file, or another workflow file: nothing.
    assert.deepEqual(tokens({ ...paymentsProdPush, environment: "staging" }), []);
    assert.deepEqual(tokens({ ...paymentsProdPush, workflowPath: ".github/workflows/ci.yml" }), []);
    assert.deepEqual(
      tokens({
        ...paymentsProdPush,
        environment: "staging",
        workflowPath: ".github/workflows/pulumi-payments-staging.yml",
      }),
      ["team:payments-staging-deploy"],
    );
    // A PR job that declares environment prod is still a pull_request: no deploy token, and no
    // preview token either (reviewed previews need their own, approved, preview environment).
    assert.deepEqual(
      tokens({ ...paymentsProdPush, event: "pull_request", baseBranch: "main" }),
      [],
    );
    assert.deepEqual(
      tokens({
        ...paymentsProdPush,
        event: "pull_request",
        baseBranch: "main",
        environment: "payments-prod-preview",
      }),
      ["team:payments-prod-preview"],
    );
  });

  it("the pull_request deny policy is the one that decides", () => {
    const d = evaluate(
      policies,
      claimsFor({ ...paymentsProdPush, event: "pull_request", baseBranch: "main" }),
      team("payments-prod-deploy"),
    );
    assert.equal(d.allowed, false);
    const p = policies[d.matched as number];
    assert.equal(p.decision, "deny");
    assert.equal(p.teamName, "payments-prod-deploy");
    assert.equal(p.rules.event_name, "pull_request");
  });

  it("a pull_request targeting main gets a preview token only in that preview's approved environment (the two previews no longer share claims)", () => {
    for (const subjectFormat of ["legacy", "immutable"] as const) {
      const claims = claimsFor({ ...paymentsPr, subjectFormat });
      assert.equal(
        claims.sub,
        subjectFormat === "legacy"
          ? "repo:acme/payments-infra:pull_request"
          : "repo:acme@1001/payments-infra@2001:pull_request",
      );
      assert.equal(claims.ref, "refs/pull/42/merge");
      assert.deepEqual(granted(policies, claims), []);
      for (const tier of ["staging", "prod"])
        assert.deepEqual(
          granted(
            policies,
            claimsFor({ ...paymentsPr, subjectFormat, environment: `payments-${tier}-preview` }),
          ),
          [`team:payments-${tier}-preview`],
        );
    }
    assert.deepEqual(granted(policies, claimsFor({ ...paymentsPr, baseBranch: "develop" })), []);
    assert.deepEqual(granted(policies, claimsFor({ ...paymentsPr, repositoryId: 9999 })), []);
    assert.deepEqual(granted(policies, claimsFor({ ...paymentsPr, ownerId: 4242 })), []);
    assert.deepEqual(
      granted(policies, claimsFor({ ...paymentsPr, event: "pull_request_target" })),
      [],
    );
  });

  it("overlapWarnings finds no overlap in the reviewed form, and reports previews that cannot be told apart", () => {
    assert.deepEqual(overlapWarnings(policies), []);
    // The same two previews without their environments (validation now refuses this shape).
    const unreviewed = {
      ...model,
      identities: model.identities.map((i) =>
        i.purpose === "preview" ? { ...i, githubEnvironment: undefined } : i,
      ),
    };
    const old = buildOidcPolicies(unreviewed, ids);
    const allow = (t: string) => old.findIndex((p) => p.decision === "allow" && p.teamName === t);
    assert.deepEqual(overlapWarnings(old), [
      `policies ${allow("payments-prod-preview")} (team:payments-prod-preview) and ${allow(
        "payments-staging-preview",
      )} (team:payments-staging-preview) have identical rules: a job that can get either token can get both`,
    ]);
  });

  it("the bootstrap gets the organization admin token only from its exact context", () => {
    for (const subjectFormat of ["legacy", "immutable"] as const)
      assert.deepEqual(granted(policies, claimsFor({ ...bootstrapPush, subjectFormat })), [
        "organization:admin",
      ]);
    const misses: ClaimOptions[] = [
      { ...bootstrapPush, branch: "feature/x" },
      { ...bootstrapPush, environment: undefined },
      { ...bootstrapPush, environment: "staging" },
      { ...bootstrapPush, repositoryId: 9999 },
      { ...bootstrapPush, ownerId: 4242 },
      { ...bootstrapPush, event: "workflow_dispatch" },
      { ...bootstrapPush, event: "pull_request", baseBranch: "main" },
      { ...bootstrapPush, event: "pull_request_target", baseBranch: "main" },
      { ...paymentsProdPush },
    ];
    for (const opts of misses)
      assert.equal(
        evaluate(policies, claimsFor(opts), ORG_ADMIN).allowed,
        false,
        JSON.stringify(opts),
      );
    // The org token is only ever authorized with admin permission.
    assert.equal(
      evaluate(policies, claimsFor(bootstrapPush), {
        tokenType: "organization",
        permission: "standard",
      }).allowed,
      false,
    );
    // A team request never gets the organization token's allow.
    assert.deepEqual(
      tokensFor(policies, claimsFor(bootstrapPush), [team("acme"), team("platform")]),
      [],
    );
  });

  it("a missing claim never matches, non-string claims are compared as strings", () => {
    const claims: Record<string, unknown> = claimsFor(paymentsProdPush);
    delete claims.environment;
    assert.equal(evaluate(policies, claims, team("payments-prod-deploy")).allowed, false);
    const numeric = {
      ...claimsFor(paymentsProdPush),
      repository_id: 2001,
      repository_owner_id: 1001,
    };
    assert.equal(evaluate(policies, numeric, team("payments-prod-deploy")).allowed, true);
    const nulled = { ...claimsFor(paymentsProdPush), environment: null };
    assert.equal(evaluate(policies, nulled, team("payments-prod-deploy")).allowed, false);
  });
});
