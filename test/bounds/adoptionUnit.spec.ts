/**
 * Adopted OIDC policies and reviewed previews (model/config/policy/adoption.ts), called directly
 * over small lenient views: which reviewed-preview contexts a config declares (each condition
 * alone), when an allow policy is exactly one of them, the exact reasons a policy is wide, and the
 * errors and break-glass warnings checkAdoptedPolicies reports. Fast enough to run under every
 * mutant of the policy-names group (nothing is computed while mocha loads this file).
 */
import assert from "node:assert/strict";
import type { ConfigIssue, Finding } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import {
  checkAdoptedPolicies,
  checkWebhookDisplayNames,
  isReviewedPreview,
  policyWidth,
  ReviewedPreview,
  reviewedPreviewsOf,
  teamScopeWidth,
} from "../../model/config/policy/adoption";

type Raw = Record<string, unknown>;

/** Tier staging (protected, reviewed previews, approvers, branch main) and project payments (id 2001). */
function previewConfig(tier: Raw = {}, project: Raw = {}, entry: Raw = {}): Raw {
  return {
    tiers: [
      {
        name: "staging",
        protected: true,
        deploy: {
          mode: "github-actions",
          branch: "main",
          approvers: ["release-approvers"],
          reviewedPreviews: true,
          ...tier,
        },
      },
    ],
    projects: [
      {
        name: "payments",
        repository: "payments",
        repositoryId: 2001,
        tiers: { staging: entry },
        ...project,
      },
    ],
  };
}
const PREVIEW: ReviewedPreview = {
  repositoryId: "2001",
  environment: "payments-staging-preview",
  branch: "main",
  team: "payments-staging-preview",
};
const previewsOf = (raw: Raw) => reviewedPreviewsOf(lenientView(raw));

describe("bounds: reviewedPreviewsOf, one condition at a time", () => {
  it("the baseline declares exactly one reviewed preview", () =>
    assert.deepEqual(previewsOf(previewConfig()), [PREVIEW]));

  it("needs reviewedPreviews, even where the tier previews otherwise", () =>
    assert.deepEqual(
      previewsOf(previewConfig({ reviewedPreviews: false, previewPullRequests: true })),
      [],
    ));

  it("needs at least one approver (exactly one is enough)", () => {
    assert.deepEqual(previewsOf(previewConfig({ approvers: [] })), []);
    assert.deepEqual(previewsOf(previewConfig({ approvers: ["a"] })), [PREVIEW]);
  });

  it("needs a non-empty branch", () => {
    assert.deepEqual(previewsOf(previewConfig({ branch: "" })), []);
    assert.deepEqual(previewsOf(previewConfig({ branch: undefined })), []);
    assert.deepEqual(previewsOf(previewConfig({ branch: "x" })), [{ ...PREVIEW, branch: "x" }]);
  });

  it("needs the project to preview (its own previewPullRequests: false turns it off)", () =>
    assert.deepEqual(previewsOf(previewConfig({}, {}, { previewPullRequests: false })), []));

  it("needs github-actions: a project on pulumi-deployments is none", () =>
    assert.deepEqual(previewsOf(previewConfig({}, {}, { mode: "pulumi-deployments" })), []));

  it("needs a project name", () =>
    assert.deepEqual(previewsOf(previewConfig({}, { name: undefined })), []));

  it("needs the GitHub Actions CI: gitlab is none, an explicit github-actions counts", () => {
    assert.deepEqual(previewsOf(previewConfig({}, {}, { ci: "gitlab" })), []);
    assert.deepEqual(previewsOf(previewConfig({}, {}, { ci: "github-actions" })), [PREVIEW]);
  });

  it("needs a positive safe integer repository id: 1 and 2^53-1 count; 0, -1, 1.5, 2^53, '2001' do not", () => {
    for (const id of [1, Number.MAX_SAFE_INTEGER])
      assert.deepEqual(previewsOf(previewConfig({}, { repositoryId: id })), [
        { ...PREVIEW, repositoryId: String(id) },
      ]);
    for (const id of [0, -1, 1.5, 2 ** 53, "2001", undefined])
      assert.deepEqual(previewsOf(previewConfig({}, { repositoryId: id })), [], String(id));
  });

  it("names the environment and team after project and tier, one per project, in order", () => {
    const raw = previewConfig();
    (raw.projects as Raw[]).push({ name: "Ledger", repositoryId: 7, tiers: { staging: {} } });
    assert.deepEqual(previewsOf(raw), [
      PREVIEW,
      {
        repositoryId: "7",
        environment: "ledger-staging-preview",
        branch: "main",
        team: "ledger-staging-preview",
      },
    ]);
  });
});

const RULES = {
  event_name: "pull_request",
  base_ref: "main",
  environment: "payments-staging-preview",
  repository_id: "2001",
};
const OTHER: ReviewedPreview = {
  repositoryId: "9",
  environment: "other-staging-preview",
  branch: "dev",
  team: "other-staging-preview",
};

describe("bounds: isReviewedPreview, one pin at a time", () => {
  const is = (rules: Raw, tokenType = "team", team: unknown = PREVIEW.team, ps = [PREVIEW]) =>
    isReviewedPreview(rules, tokenType, team, ps);

  it("exactly a declared preview's policy is one", () => assert.equal(is(RULES), true));

  it("only for a team token", () => {
    assert.equal(is(RULES, "personal"), false);
    assert.equal(is(RULES, "organization"), false);
  });

  it("only for event_name pull_request (not pull_request_target, not missing)", () => {
    assert.equal(is({ ...RULES, event_name: "pull_request_target" }), false);
    assert.equal(is({ ...RULES, event_name: undefined }), false);
  });

  for (const k of ["environment", "base_ref", "repository_id"] as const) {
    it(`needs an exact ${k}: missing, empty, * or ? is none`, () => {
      for (const v of [undefined, "", " ", `${RULES[k]}*`, `${RULES[k].slice(0, -1)}?`])
        assert.equal(is({ ...RULES, [k]: v }), false, `${k} = ${v}`);
    });
  }

  it("each field must be the declared preview's: team, repository, environment, branch", () => {
    assert.equal(is(RULES, "team", "payments-staging-deploy"), false);
    assert.equal(is({ ...RULES, repository_id: "2002" }), false);
    assert.equal(is({ ...RULES, environment: "staging" }), false);
    assert.equal(is({ ...RULES, base_ref: "dev" }), false);
  });

  it("a declared branch with a `.` is no exact base_ref pin, even when the texts are equal", () => {
    const dotted = { ...PREVIEW, branch: "release/1.0" };
    assert.equal(is({ ...RULES, base_ref: "release/1.0" }, "team", PREVIEW.team, [dotted]), false);
    assert.equal(
      is({ ...RULES, base_ref: "release/1-0" }, "team", PREVIEW.team, [
        { ...dotted, branch: "release/1-0" },
      ]),
      true,
    );
  });

  it("any one of several declared previews matches; none declared matches nothing", () => {
    assert.equal(is(RULES, "team", PREVIEW.team, [OTHER, PREVIEW]), true);
    assert.equal(is(RULES, "team", PREVIEW.team, [OTHER]), false);
    assert.equal(is(RULES, "team", PREVIEW.team, []), false);
  });
});

const PINS = { aud: "urn:pulumi:org:acme", repository_id: "2001", repository_owner_id: "1001" };
const NARROW = { ...PINS, ref: "refs/heads/main", environment: "prod" };
/** A copy of `o` without `k`. */
function without(o: Raw, k: string): Raw {
  const c = { ...o };
  delete c[k];
  return c;
}
const W = {
  noPins: "does not pin aud, repository_id, repository_owner_id",
  noContext:
    "pins none of ref, job_workflow_ref: any workflow of the repository, pull requests included, obtains the token",
  team:
    "hands a team token to a run no environment reviewer approved (pins no environment; every policy the program " +
    "generates pins its tier's GitHub environment, whose reviewers are a protected tier's approval)",
  org:
    "hands an organization admin token to a run no environment reviewer approved (pins no environment; the " +
    "bootstrap's token is pinned to its reviewed GitHub environment)",
  personal:
    "hands a person's token (all of their access, an admin's included) to a run no environment reviewer " +
    "approved (pins no environment; the bootstrap's token is pinned to its reviewed GitHub environment)",
};

describe("bounds: policyWidth, exact reasons", () => {
  it("a narrow team policy: none", () => assert.deepEqual(policyWidth(NARROW, "team"), []));

  it("no rules at all, per token type", () => {
    assert.deepEqual(policyWidth({}, "team"), [W.noPins, W.noContext, W.team]);
    assert.deepEqual(policyWidth({}, "organization"), [W.noPins, W.noContext, W.org]);
    assert.deepEqual(policyWidth({}, "personal"), [W.noPins, W.noContext, W.personal]);
    assert.deepEqual(policyWidth({}, "runner"), [W.noPins, W.noContext]);
    assert.deepEqual(policyWidth({}), [W.noPins, W.noContext]);
  });

  it("each required pin missing alone is named alone", () => {
    for (const k of ["aud", "repository_id", "repository_owner_id"])
      assert.deepEqual(policyWidth({ ...NARROW, [k]: "" }, "team"), [`does not pin ${k}`]);
    assert.deepEqual(policyWidth({ ...NARROW, aud: undefined, repository_owner_id: " " }, "team"), [
      "does not pin aud, repository_owner_id",
    ]);
  });

  it("a runner token needs no environment; a team token with one is narrow", () => {
    const noEnv = without(NARROW, "environment");
    assert.deepEqual(policyWidth(noEnv, "runner"), []);
    assert.deepEqual(policyWidth(noEnv, "team"), [W.team]);
    assert.deepEqual(policyWidth(noEnv, "organization"), [W.org]);
    assert.deepEqual(policyWidth(NARROW, "organization"), []);
    assert.deepEqual(policyWidth(NARROW, "personal"), []);
  });

  it("a wildcard names the rule and a value it also matches; an unreadable key is named", () => {
    assert.deepEqual(policyWidth({ ...NARROW, ref: "refs/heads/m*", "a..b": "x" }, "team"), [
      "has a wildcard ('*', '?' or '.', which matches any one character) in ref = \"refs/heads/m*\" (also \"refs/heads/mx\"): it matches more than one context",
      'has a rule key Pulumi\'s documented claim paths cannot read (rule key "a..b": has an empty segment)',
      W.noContext,
    ]);
    const two = policyWidth({ ...NARROW, ref: "refs/heads/m*", environment: "pro?" }, "runner");
    assert.equal(two.length, 2);
    assert.match(
      two[0],
      /in ref = "refs\/heads\/m\*" \(also "[^"]+"\), environment = "pro\?" \(also "[^"]+"\): /,
    );
  });

  it("several unreadable keys are each named, separated by semicolons", () =>
    assert.deepEqual(policyWidth({ ...NARROW, "a..b": "x", "c..d": "y" }, "team"), [
      'has a rule key Pulumi\'s documented claim paths cannot read (rule key "a..b": has an empty segment; rule key "c..d": has an empty segment)',
    ]));

  it("job_workflow_ref is a context pin; its workflow file's dots are not wildcards", () => {
    const noRef = without(NARROW, "ref");
    assert.deepEqual(
      policyWidth(
        {
          ...noRef,
          job_workflow_ref: "acme/payments/.github/workflows/deploy.yml@refs/heads/main",
        },
        "team",
      ),
      [],
    );
  });

  it("every pull-request selector is named, in order", () =>
    assert.deepEqual(
      policyWidth(
        {
          ...NARROW,
          ref: "refs/pull/1/merge",
          base_ref: "main",
          event_name: "pull_request_target",
          sub: "repo:acme/payments:pull_request",
        },
        "team",
      ),
      [
        'admits pull-request runs (base_ref = "main", event_name = "pull_request_target", ref = "refs/pull/1/merge", ' +
          'sub = "repo:acme/payments:pull_request"): a pull request\'s code obtains the token',
      ],
    ));

  it("pull-request selectors one at a time: job_workflow_ref, an event starting with pull_request only", () => {
    assert.deepEqual(
      policyWidth(
        { ...NARROW, job_workflow_ref: "a/b/.github/workflows/x.yml@refs/pull/2/merge" },
        "team",
      ),
      [
        'admits pull-request runs (job_workflow_ref = "a/b/.github/workflows/x.yml@refs/pull/2/merge"): a pull request\'s code obtains the token',
      ],
    );
    assert.deepEqual(policyWidth({ ...NARROW, event_name: "pull_request" }, "team"), [
      'admits pull-request runs (event_name = "pull_request"): a pull request\'s code obtains the token',
    ]);
    // An event name is matched from its start: a name merely containing it selects no pull request.
    assert.deepEqual(policyWidth({ ...NARROW, event_name: "not_pull_request" }, "team"), []);
    assert.deepEqual(policyWidth({ ...NARROW, event_name: "push" }, "team"), []);
  });

  it("non-string rule values (a lenient read; the schema refuses them) are neither pins nor text", () => {
    assert.deepEqual(
      policyWidth(
        { ...NARROW, event_name: ["pull_request"], sub: ["refs/pull/1"], job_workflow_ref: 5 },
        "team",
      ),
      [],
    );
    assert.deepEqual(policyWidth({ ...NARROW, repository_id: 2001 }, "team"), [
      "does not pin repository_id",
    ]);
  });

  it("a declared reviewed preview's policy is narrow only with its context", () => {
    const rules = { ...PINS, ...RULES };
    const ctx = { teamName: PREVIEW.team, reviewedPreviews: [PREVIEW] };
    assert.deepEqual(policyWidth(rules, "team", ctx), []);
    assert.deepEqual(policyWidth(rules, "team", { teamName: PREVIEW.team }), [
      W.noContext,
      'admits pull-request runs (base_ref = "main", event_name = "pull_request"): a pull request\'s code obtains the token',
    ]);
    assert.equal(policyWidth(rules, "team", { ...ctx, teamName: "other" }).length, 2);
  });
});

describe("bounds: teamScopeWidth", () => {
  it("a `.`, `*` or `?` in a team scope also matches another team", () => {
    assert.equal(
      teamScopeWidth("a.b"),
      "its team scope \"a.b\" is a pattern that also matches team \"a-b\" ('*', '?' and '.' are wildcards in team scopes)",
    );
    assert.match(teamScopeWidth("pay*") ?? "", /^its team scope "pay\*" is a pattern/);
    assert.match(teamScopeWidth("pay?") ?? "", /^its team scope "pay\?" is a pattern/);
  });
  it("an exact scope or a non-string is none", () => {
    assert.equal(teamScopeWidth("payments-prod-deploy"), undefined);
    assert.equal(teamScopeWidth(5), undefined);
    // An array's text would read as a pattern: only a string is a team scope (the schema refuses others).
    assert.equal(teamScopeWidth(["a*"]), undefined);
    assert.equal(teamScopeWidth(undefined), undefined);
  });
});

describe("bounds: checkAdoptedPolicies, unit", () => {
  function check(policies: Raw[], raw: Raw = previewConfig()) {
    const errors: ConfigIssue[] = [];
    const warnings: Finding[] = [];
    const v = lenientView({ ...raw, oidc: { adoptedPolicies: policies } });
    checkAdoptedPolicies(policyContext(v, errors, warnings));
    return { errors, warnings };
  }
  const NONE = { errors: [], warnings: [] };
  const team = (rules: Raw, extra: Raw = {}): Raw => ({
    decision: "allow",
    tokenType: "team",
    teamName: "payments-staging-deploy",
    rules,
    ...extra,
  });
  const BG = { breakGlass: { justification: "kept during the migration, see TICKET-1" } };
  const wideError = (why: string) => ({
    path: "oidc.adoptedPolicies[0]",
    message:
      `this allow policy is wide: ${why}. Pin exact values, remove it ` +
      "(`npm run adopt -- --tighten` drops it), or declare breakGlass with a justification",
  });

  it("a narrow policy: nothing", () => assert.deepEqual(check([team(NARROW)]), NONE));

  it("a wide one without break-glass: one error naming every reason", () =>
    assert.deepEqual(check([team({ ...NARROW, aud: "" })]), {
      errors: [wideError("does not pin aud")],
      warnings: [],
    }));

  it("several reasons are joined by semicolons, in the error and in the break-glass warning", () => {
    const rules = { ...NARROW, aud: "", environment: "" };
    assert.deepEqual(check([team(rules)]).errors, [wideError(`does not pin aud; ${W.team}`)]);
    assert.equal(
      check([team(rules, BG)]).warnings[0]?.message,
      `break-glass: adopted OIDC policy allows team token payments-staging-deploy although it does not pin aud; ${W.team}`,
    );
  });

  it("a narrow one with break-glass: refused at breakGlass", () =>
    assert.deepEqual(check([team(NARROW, BG)]), {
      errors: [
        {
          path: "oidc.adoptedPolicies[0].breakGlass",
          message: "this policy is not wide; remove breakGlass",
        },
      ],
      warnings: [],
    }));

  it("a wide one with break-glass: a high warning naming the token and every reason", () => {
    const w = (token: string, why: string): Finding => ({
      severity: "high",
      code: "adopted-oidc-policy",
      path: "oidc.adoptedPolicies[0]",
      message: `break-glass: adopted OIDC policy allows ${token} although it ${why}`,
    });
    const wideRules = { ...NARROW, aud: "" };
    assert.deepEqual(check([team({ ...wideRules, repository_id: "" }, BG)]), {
      errors: [],
      warnings: [w("team token payments-staging-deploy", "does not pin aud, repository_id")],
    });
    const personal = {
      decision: "allow",
      tokenType: "personal",
      userLogin: "alice",
      rules: wideRules,
      ...BG,
    };
    assert.deepEqual(check([personal]).warnings, [w("personal token alice", "does not pin aud")]);
    const runner = {
      decision: "allow",
      tokenType: "runner",
      runnerID: "r-1",
      rules: wideRules,
      ...BG,
    };
    assert.deepEqual(check([runner]).warnings, [w("runner token r-1", "does not pin aud")]);
    const org = {
      decision: "allow",
      tokenType: "organization",
      authorizedPermissions: ["admin"],
      rules: wideRules,
      ...BG,
    };
    assert.deepEqual(check([org]).warnings, [
      w('organization token ["admin"]', "does not pin aud"),
    ]);
    const orgNone = without(org, "authorizedPermissions");
    assert.deepEqual(check([orgNone]), {
      errors: [
        {
          path: "oidc.adoptedPolicies[0].authorizedPermissions",
          message: "is required for a organization token policy",
        },
      ],
      warnings: [w("organization token []", "does not pin aud")],
    });
  });

  it("the token field each token type needs", () => {
    const cases: [string, string][] = [
      ["team", "teamName"],
      ["personal", "userLogin"],
      ["runner", "runnerID"],
    ];
    for (const [tokenType, field] of cases)
      assert.deepEqual(
        check([{ decision: "deny", tokenType, rules: NARROW }]).errors,
        [
          {
            path: `oidc.adoptedPolicies[0].${field}`,
            message: `is required for a ${tokenType} token policy`,
          },
        ],
        tokenType,
      );
    assert.deepEqual(check([{ decision: "deny", tokenType: "constructor", rules: NARROW }]), NONE);
  });

  it("a deny policy is never wide: no wildcard, scope or branch reason", () =>
    assert.deepEqual(
      check([
        team(
          { ref: "refs/heads/feature", repository_id: "2001" },
          { decision: "deny", teamName: "a.b" },
        ),
      ]),
      NONE,
    ));

  it("a team scope with a `.` makes an allow team policy wide; not a personal one", () => {
    assert.deepEqual(check([team(NARROW, { teamName: "payments.staging" })]).errors, [
      wideError(
        "its team scope \"payments.staging\" is a pattern that also matches team \"payments-staging\" ('*', '?' and '.' are wildcards in team scopes)",
      ),
    ]);
    assert.deepEqual(
      check([
        {
          decision: "allow",
          tokenType: "personal",
          userLogin: "a",
          teamName: "a.b",
          rules: NARROW,
        },
      ]),
      NONE,
    );
  });

  it("the program's own reviewed-preview policy, kept, is narrow with the config's previews", () => {
    const rules = { ...PINS, ...RULES };
    assert.deepEqual(check([team(rules, { teamName: PREVIEW.team })]), NONE);
    assert.equal(
      check([team(rules, { teamName: PREVIEW.team })], previewConfig({ reviewedPreviews: false }))
        .errors.length,
      1,
    );
  });

  describe("a ref no ruleset of the pinned repository covers", () => {
    const two = () => {
      const raw = previewConfig();
      (raw.projects as Raw[]).push({
        name: "ledger",
        repository: "ledger",
        repositoryId: 3001,
        defaultBranch: "trunk",
        protectedBranches: ["release"],
        tiers: {},
      });
      return raw;
    };
    const unruled = (claim: string, ref: string, repo: string, covers: string) =>
      `pins ${claim} to ${JSON.stringify(ref)}, which no ruleset of repository "${repo}" covers ` +
      `(it protects ${covers}): a push there obtains the token`;

    it("the default and protected branches of that repository are covered; others are not", () => {
      const rules = { ...NARROW, repository_id: "3001" };
      assert.deepEqual(check([team({ ...rules, ref: "refs/heads/trunk" })], two()), NONE);
      assert.deepEqual(check([team({ ...rules, ref: "refs/heads/release" })], two()), NONE);
      assert.deepEqual(check([team({ ...rules, ref: "refs/heads/main" })], two()).errors, [
        wideError(unruled("ref", "refs/heads/main", "ledger", '"trunk", "release"')),
      ]);
      assert.deepEqual(check([team({ ...NARROW, ref: "refs/heads/release" })], two()).errors, [
        wideError(unruled("ref", "refs/heads/release", "payments", '"main"')),
      ]);
    });

    it("only refs/heads/ names a branch: a tag of the same tail is not covered", () =>
      assert.deepEqual(check([team({ ...NARROW, ref: "refs/tags/xmain" })]).errors, [
        wideError(unruled("ref", "refs/tags/xmain", "payments", '"main"')),
      ]));

    it("a job_workflow_ref's ref is judged the same, named as job_workflow_ref", () => {
      const noRef = without(NARROW, "ref");
      const jwr = (at: string) => ({
        ...noRef,
        job_workflow_ref: `acme/payments/.github/workflows/d.yml@${at}`,
      });
      assert.deepEqual(check([team(jwr("refs/heads/main"))]), NONE);
      assert.deepEqual(check([team(jwr("refs/heads/dev"))]).errors, [
        wideError(unruled("job_workflow_ref", "refs/heads/dev", "payments", '"main"')),
      ]);
    });

    it("an undeclared repository id, or no ref, is not judged here", () => {
      assert.deepEqual(
        check([team({ ...NARROW, repository_id: "4040", ref: "refs/heads/x" })]),
        NONE,
      );
    });
  });
});

describe("bounds: checkWebhookDisplayNames", () => {
  function check(webhooks: Raw[]) {
    const errors: ConfigIssue[] = [];
    checkWebhookDisplayNames(policyContext(lenientView({ audit: { webhooks } }), errors, []));
    return errors;
  }
  it("a displayName only on an org-wide webhook", () => {
    assert.deepEqual(
      check([
        { name: "a", displayName: "A" },
        { name: "b", scope: { stack: "x" } },
      ]),
      [],
    );
    assert.deepEqual(
      check([{ name: "a" }, { name: "b", displayName: "B", scope: { stack: "x" } }]),
      [
        {
          path: "audit.webhooks[1].displayName",
          message:
            "only org-wide webhooks take a displayName (scoped ones are named after each stack or environment); remove it or the scope",
        },
      ],
    );
  });
});
