import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { loadOrgConfig, entriesFromStackFile } from "../model/load";
import { AccessModel, buildAccessModel } from "../model/access";
import {
  AUDIT_CONTEXT_LABEL,
  buildOidcPolicies,
  claimsFor,
  ClaimOptions,
  evaluate,
  GithubIds,
  matchRule,
  OidcPolicy,
  overlapWarnings,
  ruleWarnings,
  simulatePipelines,
  tokenLabel,
  tokensFor,
  toProviderPolicies,
  TokenRequest,
} from "../model/oidc";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

/**
 * The prod example, with pull-request previews turned on for the protected prod tier (they are off
 * by default there): these tests exercise the preview identity of a protected tier too.
 */
function modelFrom(edit?: (doc: Doc) => void, prodPreviews = true): AccessModel {
  const doc: Doc = parse(readFileSync("Pulumi.prod.yaml", "utf8"));
  if (prodPreviews) doc.config["secure-org:tiers"][2].deploy.previewPullRequests = true;
  edit?.(doc);
  const r = loadOrgConfig(entriesFromStackFile(doc));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return buildAccessModel(r.config, r.warnings);
}

const model = modelFrom();
const shipped = modelFrom(undefined, false);
const ids: GithubIds = {
  ownerId: 1001,
  repositoryIds: { "payments-infra": 2001, "web-app": 2002, platform: 2003 },
};
const policies = buildOidcPolicies(model, ids);

const AUD = "urn:pulumi:org:acme";
const team = (name: string): TokenRequest => ({ tokenType: "team", team: name });
const ORG_ADMIN: TokenRequest = { tokenType: "organization", permission: "admin" };
const CANDIDATES: TokenRequest[] = [
  team("payments-staging-deploy"),
  team("payments-staging-preview"),
  team("payments-prod-deploy"),
  team("payments-prod-preview"),
  ORG_ADMIN,
];
const granted = (p: readonly OidcPolicy[], claims: Record<string, unknown>) =>
  tokensFor(p, claims, CANDIDATES).map(tokenLabel);

const paymentsProdPush: ClaimOptions = {
  organization: "acme",
  owner: "acme",
  ownerId: 1001,
  repository: "payments-infra",
  repositoryId: 2001,
  event: "push",
  branch: "main",
  environment: "prod",
  workflowPath: ".github/workflows/pulumi-payments-prod.yml",
};
const paymentsPr: ClaimOptions = {
  organization: "acme",
  owner: "acme",
  ownerId: 1001,
  repository: "payments-infra",
  repositoryId: 2001,
  event: "pull_request",
  baseBranch: "main",
  headBranch: "feature/x",
};
const bootstrapPush: ClaimOptions = {
  ...paymentsProdPush,
  repository: "platform",
  repositoryId: 2003,
  workflowPath: ".github/workflows/pulumi-secure-org-prod.yml",
};

describe("oidc: matchRule", () => {
  const table: [pattern: string, value: string, expected: boolean][] = [
    ["main", "main", true],
    ["main", "mainx", false],
    ["main", "xmain", false],
    ["main", "", false],
    ["", "", true],
    ["", "a", false],
    // `.` is exactly one arbitrary character
    ["a.b", "axb", true],
    ["a.b", "a.b", true],
    ["a.b", "ab", false],
    ["a.b", "axxb", false],
    ["refs/heads/release/1.0", "refs/heads/release/1x0", true],
    // `?` is zero or one character
    ["a?b", "ab", true],
    ["a?b", "axb", true],
    ["a?b", "axxb", false],
    ["?", "", true],
    ["?", "z", true],
    ["?", "zz", false],
    // `*` is any run, including empty
    ["*", "", true],
    ["*", "anything at all", true],
    ["a*b", "ab", true],
    ["a*b", "a-long-b", true],
    ["a*b", "a-long-c", false],
    ["refs/heads/*", "refs/heads/feature/x", true],
    ["refs/heads/*", "refs/tags/v1", false],
    ["*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false],
    // regular-expression metacharacters are literal
    ["a+b", "a+b", true],
    ["a+b", "aab", false],
    ["a+b", "ab", false],
    ["(x)", "(x)", true],
    ["(x)", "x", false],
    ["[ab]", "[ab]", true],
    ["[ab]", "a", false],
    ["$x", "$x", true],
    ["x$", "x", false],
    ["^x", "^x", true],
    ["^x", "x", false],
    ["a|b", "a", false],
    ["a|b", "a|b", true],
    ["a\\d", "a\\d", true],
    ["a\\d", "a1", false],
    ["a{2}", "aa", false],
    ["a{2}", "a{2}", true],
    // whole-string match
    ["repo:acme/web", "repo:acme/web-app", false],
    ["urn:pulumi:org:acme", "urn:pulumi:org:acme", true],
  ];
  for (const [pattern, value, expected] of table)
    it(`${JSON.stringify(pattern)} ${expected ? "matches" : "does not match"} ${JSON.stringify(value)}`, () =>
      assert.equal(matchRule(pattern, value), expected));
});

describe("oidc: the prod example as shipped", () => {
  it("has no pull-request preview identity on the protected prod tier", () => {
    const p = buildOidcPolicies(shipped, ids);
    assert.ok(!p.some((x) => x.teamName === "payments-prod-preview"));
    assert.ok(p.some((x) => x.decision === "allow" && x.teamName === "payments-staging-preview"));
    assert.deepEqual(
      shipped.identities.filter((i) => i.tier === "prod").map((i) => `${i.purpose}:${i.team}`),
      ["deploy:payments-prod-deploy", "deploy:acme"],
    );
  });

  it("a pull request gets only the staging preview token", () => {
    const p = buildOidcPolicies(shipped, ids);
    for (const subjectFormat of ["legacy", "immutable"] as const)
      assert.deepEqual(granted(p, claimsFor({ ...paymentsPr, subjectFormat })), [
        "team:payments-staging-preview",
      ]);
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
    // the scheduled audit's identity: one allow per event (schedule, workflow_dispatch), 4 denies.
    assert.equal(policies.length, 5 + 3 * 5 + 2 * 3 + (2 + 4));
    assert.deepEqual(buildOidcPolicies(model, ids), policies);
    const reordered = modelFrom((doc) => doc.config["secure-org:projects"].reverse());
    assert.deepEqual(buildOidcPolicies(reordered, ids), policies);
    assert.deepEqual(
      policies.filter((p) => p.decision === "allow").map((p) => p.teamName ?? p.tokenType),
      [
        "organization",
        "payments-prod-deploy",
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
    // A PR job that declares environment prod is still a pull_request: preview tokens only.
    assert.deepEqual(tokens({ ...paymentsProdPush, event: "pull_request", baseBranch: "main" }), [
      "team:payments-staging-preview",
      "team:payments-prod-preview",
    ]);
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

  it("a pull_request targeting main gets only the payments-infra preview tokens (staging and prod previews have identical claims)", () => {
    for (const subjectFormat of ["legacy", "immutable"] as const) {
      const claims = claimsFor({ ...paymentsPr, subjectFormat });
      assert.equal(
        claims.sub,
        subjectFormat === "legacy"
          ? "repo:acme/payments-infra:pull_request"
          : "repo:acme@1001/payments-infra@2001:pull_request",
      );
      assert.equal(claims.ref, "refs/pull/42/merge");
      assert.deepEqual(granted(policies, claims), [
        "team:payments-staging-preview",
        "team:payments-prod-preview",
      ]);
    }
    assert.deepEqual(granted(policies, claimsFor({ ...paymentsPr, baseBranch: "develop" })), []);
    assert.deepEqual(granted(policies, claimsFor({ ...paymentsPr, repositoryId: 9999 })), []);
    assert.deepEqual(granted(policies, claimsFor({ ...paymentsPr, ownerId: 4242 })), []);
    assert.deepEqual(
      granted(policies, claimsFor({ ...paymentsPr, event: "pull_request_target" })),
      [],
    );
  });

  it("overlapWarnings reports the two previews that cannot be told apart", () => {
    const allow = (t: string) =>
      policies.findIndex((p) => p.decision === "allow" && p.teamName === t);
    assert.deepEqual(overlapWarnings(policies), [
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

describe("oidc: pinned subject formats", () => {
  const pinned = buildOidcPolicies(model, {
    ...ids,
    subjectFormats: { "payments-infra": "immutable", platform: "legacy" },
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
      "repo:acme@1001/payments-infra@2001:pull_request",
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
  const rows = simulatePipelines(model, ids, policies);

  it("covers every pipeline identity in both sub formats", () => {
    assert.deepEqual(
      [...new Set(rows.map((r) => r.pipeline))],
      ["payments/staging", "payments/prod", "secure-org/prod", AUDIT_CONTEXT_LABEL],
    );
    for (const row of rows) {
      const format = row.context.endsWith("[legacy sub]") ? "legacy" : "immutable";
      assert.match(row.context, /\[(legacy|immutable) sub\]$/);
      assert.equal(row.claims.sub.includes("@"), format === "immutable");
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
        "preview: pull_request targeting main [legacy sub]",
        "preview: pull_request targeting feature/change (targeting another branch) [legacy sub]",
        "preview: push to main (from a push) [legacy sub]",
        "preview: pull_request_target targeting main (from a pull_request_target) [legacy sub]",
        "preview: pull_request targeting main (from another repository id (same name)) [legacy sub]",
        "preview: pull_request targeting main (from repository web-app) [legacy sub]",
        "preview: pull_request targeting main (with another owner id) [legacy sub]",
        "preview: workflow_dispatch to main (from workflow_dispatch) [legacy sub]",
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
      assert.deepEqual(
        tokensOf("payments/prod", `preview: pull_request targeting main [${format} sub]`),
        ["team:payments-staging-preview", "team:payments-prod-preview"],
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
    assert.equal(dispatch.length, 2 * 5);
    for (const r of dispatch) {
      assert.deepEqual(r.tokens, []);
      assert.deepEqual(r.expected, []);
    }
  });
});

describe("oidc: manualDispatch", () => {
  const dispatchModel = modelFrom((doc) => {
    doc.config["secure-org:tiers"][1].deploy.manualDispatch = true;
  });
  const dispatchPolicies = buildOidcPolicies(dispatchModel, ids);

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

describe("oidc: evaluate", () => {
  const claims = claimsFor(paymentsProdPush);
  const allow: OidcPolicy = {
    decision: "allow",
    tokenType: "team",
    teamName: "payments-prod-deploy",
    rules: { aud: AUD, repository_id: "2001" },
    description: "allow",
  };
  const deny: OidcPolicy = { ...allow, decision: "deny", description: "deny" };

  it("deny beats allow, whatever the order", () => {
    assert.deepEqual(evaluate([allow, deny], claims, team("payments-prod-deploy")), {
      allowed: false,
      matched: 1,
      reason: "team:payments-prod-deploy denied by policy 1: deny",
    });
    const d = evaluate([deny, allow], claims, team("payments-prod-deploy"));
    assert.equal(d.allowed, false);
    assert.equal(d.matched, 0);
    assert.equal(evaluate([allow], claims, team("payments-prod-deploy")).allowed, true);
  });

  it("the generated denies survive a mistaken broad allow", () => {
    const broad: OidcPolicy[] = [
      ...policies,
      {
        decision: "allow",
        tokenType: "team",
        teamName: "payments-prod-deploy",
        rules: { aud: AUD, repository_id: "2001" },
        description: "a mistake",
      },
    ];
    for (const event of [
      "pull_request",
      "pull_request_target",
      "workflow_run",
      "issue_comment",
      "workflow_dispatch",
    ]) {
      const c = claimsFor({ ...paymentsProdPush, event, baseBranch: "main" });
      const d = evaluate(broad, c, team("payments-prod-deploy"));
      assert.equal(d.allowed, false, event);
      assert.equal(policies[d.matched as number].rules.event_name, event);
    }
    // ...while the mistake does open a push from another branch: that is what denies cannot cover.
    assert.equal(
      evaluate(
        broad,
        claimsFor({ ...paymentsProdPush, branch: "feature/x" }),
        team("payments-prod-deploy"),
      ).allowed,
      true,
    );
  });

  it("an empty policy list denies everything", () => {
    for (const req of [...CANDIDATES, team("anything"), { tokenType: "organization" as const }]) {
      const d = evaluate([], claims, req);
      assert.equal(d.allowed, false);
      assert.equal(d.matched, undefined);
      assert.match(d.reason, /denies by default/);
    }
    assert.deepEqual(tokensFor([], claims, CANDIDATES), []);
  });

  it("a policy applies only to its own token type, team and permission", () => {
    assert.equal(evaluate([allow], claims, team("payments-staging-deploy")).allowed, false);
    assert.equal(evaluate([allow], claims, ORG_ADMIN).allowed, false);
    const orgAllow: OidcPolicy = {
      decision: "allow",
      tokenType: "organization",
      authorizedPermissions: ["admin"],
      rules: { aud: AUD },
      description: "org",
    };
    assert.equal(evaluate([orgAllow], claims, ORG_ADMIN).allowed, true);
    assert.equal(evaluate([orgAllow], claims, { tokenType: "organization" }).allowed, true);
    assert.equal(
      evaluate([orgAllow], claims, { tokenType: "organization", permission: "standard" }).allowed,
      false,
    );
    assert.equal(evaluate([orgAllow], claims, team("payments-prod-deploy")).allowed, false);
    const personal: OidcPolicy = {
      ...orgAllow,
      tokenType: "personal",
      authorizedPermissions: undefined,
    };
    assert.equal(evaluate([personal], claims, ORG_ADMIN).allowed, false);
  });

  it("all rules of a policy must match", () => {
    const strict: OidcPolicy = { ...allow, rules: { ...allow.rules, environment: "staging" } };
    assert.equal(evaluate([strict], claims, team("payments-prod-deploy")).allowed, false);
    const missing: OidcPolicy = { ...allow, rules: { ...allow.rules, not_a_claim: "x" } };
    assert.equal(evaluate([missing], claims, team("payments-prod-deploy")).allowed, false);
  });

  it("tokensFor keeps candidate order", () => {
    const both: OidcPolicy[] = [
      { ...allow, teamName: "b" },
      { ...allow, teamName: "a" },
    ];
    assert.deepEqual(tokensFor(both, claims, [team("a"), team("c"), team("b")]), [
      team("a"),
      team("b"),
    ]);
  });
});

describe("oidc: ruleWarnings", () => {
  it("the prod example has no rule value with a dot", () => {
    assert.deepEqual(ruleWarnings(policies), []);
  });

  it("flags dots in branch and repository names, which match any character", () => {
    const dotted = modelFrom((doc) => {
      doc.config["secure-org:tiers"][1].deploy.branch = "release/1.0";
      doc.config["secure-org:projects"][0].repository = "payments.infra";
    });
    const dottedIds: GithubIds = {
      ownerId: 1001,
      repositoryIds: { "payments.infra": 2001, platform: 2003 },
      subjectFormats: { "payments.infra": "legacy" },
    };
    const p = buildOidcPolicies(dotted, dottedIds);
    const i = (t: string) => p.findIndex((x) => x.decision === "allow" && x.teamName === t);
    assert.deepEqual(ruleWarnings(p), [
      `policy ${i("payments-prod-deploy")} (allow team payments-prod-deploy): sub = "repo:acme/payments.infra:environment:prod" contains '.', which matches any one character (e.g. "repo:acme/paymentsxinfra:environment:prod" also matches)`,
      `policy ${i("payments-prod-deploy")} (allow team payments-prod-deploy): job_workflow_ref = "acme/payments.infra/.github/workflows/pulumi-payments-prod.yml@refs/heads/main" contains '.', which matches any one character (e.g. "acme/paymentsxinfra/xgithub/workflows/pulumi-payments-prodxyml@refs/heads/main" also matches)`,
      `policy ${i("payments-prod-preview")} (allow team payments-prod-preview): sub = "repo:acme/payments.infra:pull_request" contains '.', which matches any one character (e.g. "repo:acme/paymentsxinfra:pull_request" also matches)`,
      `policy ${i("payments-staging-deploy")} (allow team payments-staging-deploy): sub = "repo:acme/payments.infra:environment:staging" contains '.', which matches any one character (e.g. "repo:acme/paymentsxinfra:environment:staging" also matches)`,
      `policy ${i("payments-staging-deploy")} (allow team payments-staging-deploy): ref = "refs/heads/release/1.0" contains '.', which matches any one character (e.g. "refs/heads/release/1x0" also matches)`,
      `policy ${i("payments-staging-deploy")} (allow team payments-staging-deploy): job_workflow_ref = "acme/payments.infra/.github/workflows/pulumi-payments-staging.yml@refs/heads/release/1.0" contains '.', which matches any one character (e.g. "acme/paymentsxinfra/xgithub/workflows/pulumi-payments-stagingxyml@refs/heads/release/1x0" also matches)`,
      `policy ${i("payments-staging-preview")} (allow team payments-staging-preview): sub = "repo:acme/payments.infra:pull_request" contains '.', which matches any one character (e.g. "repo:acme/paymentsxinfra:pull_request" also matches)`,
      `policy ${i("payments-staging-preview")} (allow team payments-staging-preview): base_ref = "release/1.0" contains '.', which matches any one character (e.g. "release/1x0" also matches)`,
    ]);
    // ... and the simulator shows why: a look-alike branch gets the staging deploy token.
    const push = {
      ...paymentsProdPush,
      repository: "payments.infra",
      environment: "staging",
      branch: "release/1.0",
      workflowPath: ".github/workflows/pulumi-payments-staging.yml",
    };
    assert.deepEqual(granted(p, claimsFor(push)), ["team:payments-staging-deploy"]);
    assert.deepEqual(granted(p, claimsFor({ ...push, branch: "release/1-0" })), [
      "team:payments-staging-deploy",
    ]);
    assert.deepEqual(granted(p, claimsFor({ ...push, branch: "release/10" })), []);
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
