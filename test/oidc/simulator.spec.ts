/** OIDC: matching rule values and evaluating policies for one token exchange. */
import assert from "node:assert/strict";
import { claimsFor, evaluate, matchRule, OidcPolicy, tokensFor } from "../../model/oidc";
import { policies, AUD, team, ORG_ADMIN, CANDIDATES, paymentsProdPush } from "./support";
import { setUp } from "../support/stryker";

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

describe("oidc: evaluate", () => {
  let claims: ReturnType<typeof claimsFor>;
  setUp(() => {
    claims = claimsFor(paymentsProdPush);
  });
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
      certain: false,
      unsettled: [],
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
