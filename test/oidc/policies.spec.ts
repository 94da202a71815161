/** OIDC: the policies built for the prod example, and the warnings about rule values. */
import assert from "node:assert/strict";
import {
  buildOidcPolicies,
  claimsFor,
  GithubIds,
  OidcPolicy,
  ruleWarnings,
  toProviderPolicies,
} from "../../model/oidc";
import {
  modelFrom,
  model,
  shipped,
  ids,
  policies,
  AUD,
  granted,
  paymentsProdPush,
  paymentsPr,
} from "./support";

describe("oidc: the prod example as shipped", () => {
  it("has no pull-request preview identity on the protected prod tier", () => {
    const p = buildOidcPolicies(shipped, ids);
    assert.ok(!p.some((x) => x.teamName === "payments-prod-preview"));
    assert.ok(p.some((x) => x.decision === "allow" && x.teamName === "payments-staging-preview"));
    assert.deepEqual(
      shipped.identities.filter((i) => i.tier === "prod").map((i) => `${i.purpose}:${i.team}`),
      ["deploy:payments-prod-deploy", "drift:payments-prod-drift", "deploy:acme"],
    );
  });

  it("a pull request gets the staging preview token only once approved in payments-staging-preview", () => {
    const p = buildOidcPolicies(shipped, ids);
    for (const subjectFormat of ["legacy", "immutable"] as const) {
      assert.deepEqual(granted(p, claimsFor({ ...paymentsPr, subjectFormat })), []);
      assert.deepEqual(
        granted(
          p,
          claimsFor({ ...paymentsPr, subjectFormat, environment: "payments-staging-preview" }),
        ),
        ["team:payments-staging-preview"],
      );
    }
  });
});

describe("oidc: policies for the prod example", () => {
  it("pins the payments prod deploy to its exact context", () => {
    const allows = policies.filter(
      (p) => p.decision === "allow" && p.teamName === "payments-prod-deploy",
    );
    assert.equal(allows.length, 1);
    assert.deepEqual(allows[0].rules, {
      aud: AUD,
      repository_owner_id: "1001",
      repository_id: "2001",
      environment: "prod",
      job_workflow_ref:
        "acme/payments-infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main",
      ref: "refs/heads/main",
      ref_type: "branch",
      event_name: "push",
    });
    assert.equal(allows[0].tokenType, "team");
  });

  it("pins the preview to pull requests targeting the branch", () => {
    const allows = policies.filter(
      (p) => p.decision === "allow" && p.teamName === "payments-prod-preview",
    );
    assert.deepEqual(
      allows.map((p) => p.rules),
      [
        {
          aud: AUD,
          repository_owner_id: "1001",
          repository_id: "2001",
          // Reviewed previews: only in the environment whose reviewers approve each run.
          environment: "payments-prod-preview",
          event_name: "pull_request",
          base_ref: "main",
        },
      ],
    );
  });

  it("gives the bootstrap an organization admin token, no team", () => {
    const org = policies.filter((p) => p.tokenType === "organization");
    const allows = org.filter((p) => p.decision === "allow");
    assert.equal(allows.length, 1);
    assert.equal(allows[0].teamName, undefined);
    assert.deepEqual(allows[0].authorizedPermissions, ["admin"]);
    assert.deepEqual(allows[0].rules, {
      aud: AUD,
      repository_owner_id: "1001",
      repository_id: "2003",
      environment: "prod",
      job_workflow_ref:
        "acme/platform/.github/workflows/pulumi-secure-org-prod.yml@refs/heads/main",
      ref: "refs/heads/main",
      ref_type: "branch",
      event_name: "push",
    });
    assert.deepEqual(
      org
        .filter((p) => p.decision === "deny")
        .map((p) => [p.rules.repository_id, p.rules.event_name]),
      [
        ["2003", "pull_request"],
        ["2003", "pull_request_target"],
        ["2003", "workflow_run"],
        ["2003", "issue_comment"],
        ["2003", "workflow_dispatch"],
      ],
    );
  });

  it("denies untrusted events for every deploy team and the organization token", () => {
    for (const name of ["payments-staging-deploy", "payments-prod-deploy"]) {
      const denies = policies.filter((p) => p.decision === "deny" && p.teamName === name);
      assert.deepEqual(
        denies.map((p) => p.rules),
        [
          "pull_request",
          "pull_request_target",
          "workflow_run",
          "issue_comment",
          "workflow_dispatch",
        ].map((event_name) => ({ aud: AUD, repository_id: "2001", event_name })),
      );
    }
    for (const name of ["payments-staging-preview", "payments-prod-preview"])
      assert.deepEqual(
        policies
          .filter((p) => p.decision === "deny" && p.teamName === name)
          .map((p) => p.rules.event_name),
        ["pull_request_target", "workflow_run", "issue_comment"],
      );
  });

  it("emits exactly the expected number of policies in a deterministic order", () => {
    // 5 pipeline identities, one allow each; 5 denies per deploy/org identity, 3 per preview;
    // the scheduled audit's identity: one allow per event (schedule, workflow_dispatch), 4 denies;
    // the drift check: one allow (schedule), 6 denies (the 4 untrusted events, dispatch, push).
    assert.equal(policies.length, 5 + 3 * 5 + 2 * 3 + (2 + 4) + (1 + 6));
    assert.deepEqual(buildOidcPolicies(model, ids), policies);
    const reordered = modelFrom((doc) => doc.config["secure-org:projects"].reverse());
    assert.deepEqual(buildOidcPolicies(reordered, ids), policies);
    assert.deepEqual(
      policies.filter((p) => p.decision === "allow").map((p) => p.teamName ?? p.tokenType),
      [
        "organization",
        "payments-prod-deploy",
        "payments-prod-drift",
        "payments-prod-preview",
        "payments-staging-deploy",
        "payments-staging-preview",
        "secure-org-auditor",
        "secure-org-auditor",
      ],
    );
  });

  it("never emits a wildcard or an empty value", () => {
    for (const p of [
      ...policies,
      ...buildOidcPolicies(model, {
        ...ids,
        subjectFormats: { "payments-infra": "immutable", platform: "legacy" },
      }),
    ])
      for (const value of Object.values(p.rules)) {
        assert.doesNotMatch(value, /[*?]/);
        assert.notEqual(value, "");
      }
  });

  it("refuses to build without numeric ids", () => {
    assert.throws(
      () => buildOidcPolicies(model, { ownerId: 1001, repositoryIds: { "payments-infra": 2001 } }),
      /repository acme\/platform/,
    );
    assert.throws(() => buildOidcPolicies(model, { ...ids, ownerId: 0 }), /positive integer/);
    assert.throws(
      () =>
        buildOidcPolicies(model, {
          ...ids,
          repositoryIds: { ...ids.repositoryIds, platform: 1.5 },
        }),
      /positive integer/,
    );
  });

  it("toProviderPolicies strips the description and omits undefined keys", () => {
    const out = toProviderPolicies(policies);
    assert.equal(out.length, policies.length);
    for (const [i, p] of out.entries()) {
      assert.ok(!("description" in p));
      for (const [k, v] of Object.entries(p)) assert.notEqual(v, undefined, `${i}.${k}`);
      assert.deepEqual(p.rules, policies[i].rules);
      assert.notEqual(p.rules, policies[i].rules, "rules are copied");
    }
    const org = out.find((p) => p.tokenType === "organization" && p.decision === "allow");
    assert.deepEqual(Object.keys(org ?? {}).sort(), [
      "authorizedPermissions",
      "decision",
      "rules",
      "tokenType",
    ]);
    const teamPolicy = out.find((p) => p.teamName === "payments-prod-deploy");
    assert.deepEqual(Object.keys(teamPolicy ?? {}).sort(), [
      "decision",
      "rules",
      "teamName",
      "tokenType",
    ]);
  });
});

describe("oidc: ruleWarnings", () => {
  it("the prod example has no rule value with a dot", () => {
    assert.deepEqual(ruleWarnings(policies), []);
  });

  it("refuses a dotted deploy branch on an unprotected tier: a writer can push the look-alike", () => {
    assert.throws(
      () =>
        modelFrom((doc) => {
          doc.config["secure-org:tiers"][1].deploy.branch = "release/1.0";
          for (const p of doc.config["secure-org:projects"]) p.protectedBranches = ["release/1.0"];
        }),
      /release\/1-0\\", which the deploy policy's pin \\"release\/1\.0\\" also matches \('\.' matches any one character/,
    );
  });

  it("flags dots in repository names, which match any character", () => {
    const dotted = modelFrom((doc) => {
      doc.config["secure-org:projects"][0].repository = "payments.infra";
    });
    const dottedIds: GithubIds = {
      ownerId: 1001,
      repositoryIds: { "payments.infra": 2001, platform: 2003 },
      subjectFormats: { "payments.infra": "legacy" },
    };
    const p = buildOidcPolicies(dotted, dottedIds);
    const warnings = ruleWarnings(p);
    const i = (t: string) => p.findIndex((x) => x.decision === "allow" && x.teamName === t);
    assert.ok(
      warnings.includes(
        `policy ${i("payments-prod-deploy")} (allow team payments-prod-deploy): sub = "repo:acme/payments.infra:environment:prod" contains '.', which matches any one character (e.g. "repo:acme/payments-infra:environment:prod" also matches)`,
      ),
      warnings.join("\n"),
    );
    // Every warning is about the dotted repository, and every policy pinning it is warned.
    for (const w of warnings) assert.match(w, /payments\.infra/);
    const pinning = p.filter((x) =>
      Object.values(x.rules).some((v) => v.includes("payments.infra")),
    );
    assert.equal(new Set(warnings.map((w) => w.split(" (")[0])).size, pinning.length);
    // ... and the simulator shows why: a look-alike repository gets the prod deploy token.
    const push = { ...paymentsProdPush, repository: "payments.infra" };
    assert.deepEqual(granted(p, claimsFor(push)), ["team:payments-prod-deploy"]);
    assert.deepEqual(granted(p, claimsFor({ ...push, repository: "payments-infra" })), [
      "team:payments-prod-deploy",
    ]);
    assert.deepEqual(granted(p, claimsFor({ ...push, repository: "paymentsinfra" })), []);
  });

  it("flags wildcards in hand-written policies", () => {
    const w: OidcPolicy = {
      decision: "allow",
      tokenType: "team",
      teamName: "x",
      rules: { ref: "refs/heads/*" },
      description: "",
    };
    assert.deepEqual(ruleWarnings([w]), [
      `policy 0 (allow team x): ref = "refs/heads/*" contains a wildcard ('*' or '?')`,
    ]);
  });
});
