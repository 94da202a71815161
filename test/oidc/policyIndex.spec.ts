/**
 * The indexed evaluation (model/oidc/policyIndex.ts) at unit level (issue 33): for each way a
 * policy is filed or tried everywhere, and each way a candidate is scoped, the exact tokens, and
 * the same answer as the reference `tokensFor`. Claims named after GitHub's documented example
 * token (repository_id "74", test/fixtures/oidc-claims/github-actions.json).
 */
import assert from "node:assert/strict";
import { OidcPolicy, tokenLabel, tokensFor, TokenRequest } from "../../model/oidc";
import { PolicyIndex } from "../../model/oidc/policyIndex";

const team = (name?: string): TokenRequest => ({ tokenType: "team", team: name });
const CANDIDATES: TokenRequest[] = [
  team("ci-prod"),
  team("ci-staging"),
  team(undefined),
  { tokenType: "organization", permission: "admin" },
  { tokenType: "organization", permission: "standard" },
  { tokenType: "organization" },
];
const p = (
  decision: "allow" | "deny",
  rules: Record<string, string>,
  who: Partial<OidcPolicy> = { tokenType: "team", teamName: "ci-prod" },
): OidcPolicy => ({ decision, tokenType: "team", ...who, rules, description: "" });
const CLAIMS = { repository_id: "74", event_name: "push" };

/** The index's answer, checked against the reference. */
function indexed(policies: OidcPolicy[], claims: Record<string, unknown> = CLAIMS): string[] {
  const got = new PolicyIndex(policies, CANDIDATES).tokensFor(claims).map(tokenLabel);
  assert.deepEqual(got, tokensFor(policies, claims, CANDIDATES).map(tokenLabel), "as tokensFor");
  return got;
}

describe("oidc: PolicyIndex, unit (issue 33)", () => {
  it("a policy filed under its repository_id answers for that id only", () => {
    const ps = [p("allow", { repository_id: "74" })];
    assert.deepEqual(indexed(ps), ["team:ci-prod"]);
    assert.deepEqual(indexed(ps, { ...CLAIMS, repository_id: "75" }), []);
    assert.deepEqual(indexed(ps, { event_name: "push" }), []);
  });

  it("a wildcard repository_id, or none, is tried for every claim set", () => {
    assert.deepEqual(indexed([p("allow", { repository_id: "7." })]), ["team:ci-prod"]);
    assert.deepEqual(indexed([p("allow", { repository_id: "7*" })], { repository_id: "7" }), [
      "team:ci-prod",
    ]);
    assert.deepEqual(indexed([p("allow", { event_name: "push" })], { event_name: "push" }), [
      "team:ci-prod",
    ]);
  });

  it("a repository_id that is not a string: every filed policy may match (unsettled), a filed deny does not block", () => {
    const ps = [
      p("allow", { repository_id: "74" }),
      p("allow", { repository_id: "75" }, { teamName: "ci-staging" }),
      p("deny", { repository_id: "74" }, { teamName: "ci-*" }),
    ];
    assert.deepEqual(indexed(ps, { repository_id: 74 }), ["team:ci-prod"]);
    assert.deepEqual(indexed(ps, { repository_id: 75 }), ["team:ci-staging"]);
    // A string id: the deny surely matches and wins.
    assert.deepEqual(indexed(ps, { repository_id: "74" }), []);
  });

  it("team scopes: a pattern reaches every team it matches; no team name denies every team and allows none", () => {
    assert.deepEqual(indexed([p("allow", CLAIMS, { teamName: "ci-*" })]), [
      "team:ci-prod",
      "team:ci-staging",
    ]);
    assert.deepEqual(indexed([p("allow", CLAIMS, { teamName: "ci.prod" })]), ["team:ci-prod"]);
    assert.deepEqual(indexed([p("allow", CLAIMS, { teamName: undefined })]), []);
    assert.deepEqual(
      indexed([
        p("allow", CLAIMS, { teamName: "ci-*" }),
        p("deny", { event_name: "push" }, { teamName: undefined }),
      ]),
      [],
    );
    assert.deepEqual(indexed([p("allow", CLAIMS, { teamName: "nobody" })]), []);
  });

  it("organization policies: by authorized permission (none given: admin); without permissions, deny all, allow none", () => {
    const org = (decision: "allow" | "deny", perms?: ("admin" | "standard")[]) =>
      p(decision, CLAIMS, {
        tokenType: "organization",
        teamName: undefined,
        authorizedPermissions: perms,
      });
    assert.deepEqual(indexed([org("allow", ["admin"])]), [
      "organization:admin",
      "organization:admin",
    ]);
    assert.deepEqual(indexed([org("allow", ["standard"])]), ["organization:standard"]);
    assert.deepEqual(indexed([org("allow", undefined)]), []);
    assert.deepEqual(indexed([org("allow", ["admin", "standard"]), org("deny", undefined)]), []);
    assert.deepEqual(indexed([org("allow", ["admin", "standard"]), org("deny", ["standard"])]), [
      "organization:admin",
      "organization:admin",
    ]);
    // Another token type applies to no candidate.
    assert.deepEqual(
      indexed([p("allow", CLAIMS, { tokenType: "personal", teamName: undefined })]),
      [],
    );
  });

  it("deny beats allow across filed and everywhere policies; the result keeps candidate order", () => {
    const ps = [
      p("allow", CLAIMS, { teamName: "ci-staging" }),
      p("allow", { repository_id: "74" }, { teamName: "ci-prod" }),
      p("deny", { event_name: "push" }, { teamName: "ci-staging" }),
    ];
    assert.deepEqual(indexed(ps), ["team:ci-prod"]);
    assert.deepEqual(indexed(ps.slice(0, 2)), ["team:ci-prod", "team:ci-staging"]);
  });

  it("a team listed twice among the candidates is answered twice, as tokensFor does; a personal deny blocks no organization token", () => {
    const twice: TokenRequest[] = [team("ci-prod"), team("ci-staging"), team("ci-prod")];
    const ps = [p("allow", CLAIMS, { teamName: "ci-prod" })];
    assert.deepEqual(new PolicyIndex(ps, twice).tokensFor(CLAIMS).map(tokenLabel), [
      "team:ci-prod",
      "team:ci-prod",
    ]);
    assert.deepEqual(tokensFor(ps, CLAIMS, twice).map(tokenLabel), [
      "team:ci-prod",
      "team:ci-prod",
    ]);
    assert.deepEqual(
      indexed([
        p("allow", CLAIMS, {
          tokenType: "organization",
          teamName: undefined,
          authorizedPermissions: ["admin"],
        }),
        p("deny", CLAIMS, { tokenType: "personal", teamName: undefined }),
      ]),
      ["organization:admin", "organization:admin"],
    );
  });
});
