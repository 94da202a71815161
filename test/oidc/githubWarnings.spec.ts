/**
 * The GitHub Actions policies' warnings (model/oidc/policies.ts: `overlapWarnings`,
 * `ruleWarnings`) at unit level (issue 33): which way "wider" points whichever policy comes
 * first, identical rules, a policy without rules, the pairs found from the rarest rule, and rule
 * values whose dots or wildcards widen the match. Exact messages.
 */
import assert from "node:assert/strict";
import { OidcPolicy, overlapWarnings, ruleWarnings } from "../../model/oidc";

describe("oidc GitHub unit: warnings, direction (issue 33)", () => {
  const policy = (team: string, rules: Record<string, string>, decision = "allow"): OidcPolicy => ({
    decision: decision as "allow",
    tokenType: "team",
    teamName: team,
    rules,
    description: "",
  });
  const narrow = { repository_id: "74", ref: "refs/heads/main" };
  const wide = { repository_id: "74" };

  it("the wider policy is named first, whichever comes first", () => {
    assert.deepEqual(overlapWarnings([policy("a", wide), policy("b", narrow)]), [
      "policy 0 (team:a) is wider than policy 1 (team:b): any job that can get team:b can also get team:a",
    ]);
    assert.deepEqual(overlapWarnings([policy("b", narrow), policy("a", wide)]), [
      "policy 1 (team:a) is wider than policy 0 (team:b): any job that can get team:b can also get team:a",
    ]);
  });

  it("identical rules, a policy without rules, organization labels; none for one team, denies or disjoint rules", () => {
    assert.deepEqual(overlapWarnings([policy("a", narrow), policy("b", { ...narrow })]), [
      "policies 0 (team:a) and 1 (team:b) have identical rules: a job that can get either token can get both",
    ]);
    const org: OidcPolicy = {
      decision: "allow",
      tokenType: "organization",
      authorizedPermissions: ["admin"],
      rules: {},
      description: "",
    };
    assert.deepEqual(overlapWarnings([policy("a", narrow), org, policy("b", { ref: "x" })]), [
      "policy 1 (organization:admin) is wider than policy 0 (team:a): any job that can get team:a can also get organization:admin",
      "policy 1 (organization:admin) is wider than policy 2 (team:b): any job that can get team:b can also get organization:admin",
    ]);
    assert.deepEqual(overlapWarnings([policy("a", wide), policy("a", narrow)]), []);
    assert.deepEqual(overlapWarnings([policy("a", wide), policy("b", narrow, "deny")]), []);
    assert.deepEqual(overlapWarnings([policy("a", { ref: "x" }), policy("b", { ref: "y" })]), []);
  });

  it("pairs are found from the rarest rule of either side, in scan order", () => {
    // c's rarest rule (ref=z) is held by c alone; a and b share repository_id with c.
    const ps = [
      policy("a", { repository_id: "74", ref: "z", environment: "prod" }),
      policy("b", { repository_id: "74", environment: "prod" }),
      policy("c", { repository_id: "74", ref: "z" }),
    ];
    assert.deepEqual(overlapWarnings(ps), [
      "policy 1 (team:b) is wider than policy 0 (team:a): any job that can get team:a can also get team:b",
      "policy 2 (team:c) is wider than policy 0 (team:a): any job that can get team:a can also get team:c",
    ]);
  });

  it("a rule value with a dot names a look-alike, a wildcard is named as one; exact values are quiet", () => {
    assert.deepEqual(
      ruleWarnings([
        policy("a", { ref: "refs/heads/release/1.0" }),
        policy("b", { ref: "refs/heads/?" }, "deny"),
        policy("c", { ref: "refs/heads/main" }),
      ]),
      [
        `policy 0 (allow team a): ref = "refs/heads/release/1.0" contains '.', which matches any one character (e.g. "refs/heads/release/1-0" also matches)`,
        `policy 1 (deny team b): ref = "refs/heads/?" contains a wildcard ('*' or '?')`,
      ],
    );
    const org = {
      ...policy("x", { ref: "a.b" }),
      teamName: undefined,
      tokenType: "organization" as const,
    };
    assert.match(
      ruleWarnings([org])[0],
      /^policy 0 \(allow organization\): ref = "a\.b" contains '\.'/,
    );
    // A part the issuer itself writes (fixedParts) cannot widen the match.
    assert.deepEqual(
      ruleWarnings([
        {
          ...policy("j", { sub: "https://ci.example.com/job/x/" }),
          fixedParts: { sub: ["https://ci.example.com"] },
        },
      ]),
      [],
    );
  });
});
