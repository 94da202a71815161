/**
 * The one reader of Pulumi Cloud's OIDC matching (model/oidc/matcher/), function by function, over
 * plain data: each refusal of a rule key with its exact message, each wildcard on its own and at
 * the pattern's ends, the witnesses that prove a pin is not exact, the kinds of claim values, and
 * the decision's reasons and unsettled notes. The oidc-matcher mutation group's spec (issue 33).
 */
import assert from "node:assert/strict";
import {
  assertExactValue,
  decide,
  formatClaimPath,
  claimKey,
  hasRunWildcard,
  issuerFor,
  issuerUrlKey,
  lookupClaim,
  matchPattern,
  matchRuleOn,
  matchRules,
  MatchPolicy,
  otherMatch,
  parseClaimPath,
  policyApplies,
  policyOutcome,
  producibleOtherThan,
  ruleWidens,
  tokenLabel,
  tokensFor,
  widensBeyond,
  wildcardsIn,
} from "../../model/oidc/matcher";

describe("bounds: claim paths (matcher/path.ts)", () => {
  const refused = (key: string, error: string) =>
    assert.deepEqual(parseClaimPath(key), {
      ok: false,
      error: `rule key ${JSON.stringify(key)}: ${error}`,
    });

  it("reads plain, dotted and quoted paths", () => {
    assert.deepEqual(parseClaimPath("sub"), { ok: true, segments: ["sub"] });
    assert.deepEqual(parseClaimPath("a.b"), { ok: true, segments: ["a", "b"] });
    assert.deepEqual(parseClaimPath('"kubernetes.io".pod'), {
      ok: true,
      segments: ["kubernetes.io", "pod"],
    });
    assert.deepEqual(parseClaimPath('"x"'), { ok: true, segments: ["x"] });
    assert.deepEqual(parseClaimPath('a."b.c"'), { ok: true, segments: ["a", "b.c"] });
  });

  it("refuses each unreadable key with its own message", () => {
    refused("", "is empty");
    refused('"abc', "has an unterminated quote");
    refused('"', "has an unterminated quote");
    refused('"a\\b"', "has a backslash inside quotes (escapes are not documented)");
    refused('"a"b', "has text after a closing quote (expected '.' or the end)");
    refused('a"b', "has a quote inside an unquoted segment");
    refused('""', "has an empty segment");
    refused("a..b", "has an empty segment");
    refused(".a", "has an empty segment");
    refused("a.", "ends with '.'");
    refused('"a".', "ends with '.'");
  });

  it("a quote at the very start closes at the next quote, not at index 0", () => {
    // close < 0 is the test: a quote found at i + 1 (an empty quoted segment) is still a close.
    refused('""x', "has text after a closing quote (expected '.' or the end)");
  });

  it("writes keys back, quoting a segment with a dot; refuses names no key can write", () => {
    assert.equal(formatClaimPath(["a", "b.c"]), 'a."b.c"');
    assert.equal(claimKey("oidc.circleci.com/project-id"), '"oidc.circleci.com/project-id"');
    assert.equal(claimKey("sub"), "sub");
    assert.throws(() => formatClaimPath([]), {
      message: "a claim path needs at least one segment",
    });
    for (const bad of ["", 'a"b', "a\\b"])
      assert.throws(() => claimKey(bad), {
        message: `claim name ${JSON.stringify(bad)} cannot be written as a rule key`,
      });
  });

  it("looks claims up by own keys only, through objects only", () => {
    const claims = { a: { b: "x" }, list: ["y"], n: null, s: "str", "k.io": { p: 1 } };
    assert.deepEqual(lookupClaim(claims, "a.b"), { kind: "found", value: "x" });
    assert.deepEqual(lookupClaim(claims, '"k.io".p'), { kind: "found", value: 1 });
    assert.deepEqual(lookupClaim(claims, "a.c"), { kind: "missing" });
    assert.deepEqual(lookupClaim(claims, "n.x"), { kind: "missing" }, "through null");
    assert.deepEqual(lookupClaim(claims, "s.length"), { kind: "missing" }, "through a string");
    assert.deepEqual(lookupClaim(claims, "list.0"), { kind: "missing" }, "through a list");
    assert.deepEqual(lookupClaim(claims, "constructor"), { kind: "missing" });
    assert.deepEqual(lookupClaim(claims, "a.__proto__"), { kind: "missing" });
    assert.deepEqual(lookupClaim(claims, "a."), {
      kind: "unreadable",
      reason: "rule key \"a.\": ends with '.'",
    });
  });
});

describe("bounds: wildcard patterns (matcher/pattern.ts)", () => {
  it("each wildcard alone, at the start, the end and in the middle", () => {
    const table: [string, string, boolean][] = [
      ["abc", "abc", true],
      ["abc", "abd", false],
      ["abc", "ab", false],
      ["*", "", true],
      ["*", "anything", true],
      ["a*", "a", true],
      ["a*", "ab", true],
      ["a*", "b", false],
      ["*c", "abc", true],
      ["*c", "ab", false],
      ["?", "", true],
      ["?", "x", true],
      ["?", "xy", false],
      ["a?", "a", true],
      ["a?", "ab", true],
      ["a?", "abc", false],
      ["?b", "b", true],
      ["?b", "ab", true],
      ["?b", "aab", false],
      ["??", "xy", true],
      ["??", "xyz", false],
      [".", "x", true],
      [".", "", false],
      [".", "xy", false],
      ["a.c", "abc", true],
      ["a.c", "ac", false],
      ["a.c", "a.c", true],
      ["a*c", "ac", true],
      ["a*c", "abbbc", true],
      ["a*c", "abbbd", false],
      ["*?", "", true],
      ["x", "", false],
      ["x*", "", false],
      ["ab*", "a", false],
    ];
    for (const [pattern, value, expected] of table)
      assert.equal(matchPattern(pattern, value), expected, `${pattern} ~ ${JSON.stringify(value)}`);
  });

  it("a pattern without wildcards is compared as text", () => {
    assert.equal(matchPattern("refs/heads/main", "refs/heads/main"), true);
    assert.equal(matchPattern("refs/heads/main", "refs/heads/mainx"), false);
  });

  it("lists wildcards with their positions, once per character kind in messages", () => {
    assert.deepEqual(wildcardsIn("a*b?c.d"), [
      { index: 1, char: "*" },
      { index: 3, char: "?" },
      { index: 5, char: "." },
    ]);
    assert.deepEqual(wildcardsIn("abc"), []);
    assert.throws(() => assertExactValue("a.b.c*", "rules.sub"), {
      message: `rules.sub = "a.b.c*" contains '.', '*', a wildcard in Pulumi's rule matching (it also matches "a-b-c")`,
    });
    assert.equal(assertExactValue("exact-value", "rules.sub"), "exact-value");
  });

  it("a witness for each wildcard kind, and none for an exact value", () => {
    assert.equal(otherMatch("exact"), undefined);
    assert.equal(otherMatch("a.b"), "a-b");
    assert.equal(otherMatch("a?b"), "ab");
    assert.equal(otherMatch("a*b"), "axb");
    // After the first wildcard: `*` and `?` dropped, `.` made `-`.
    assert.equal(otherMatch("a*b?c*d.e"), "axbcd-e");
    assert.equal(otherMatch("a?b.c"), "ab-c");
    for (const p of ["a.b", "a?b", "a*b", "a*b?c*d.e"]) {
      const w = otherMatch(p)!;
      assert.notEqual(w, p);
      assert.equal(matchPattern(p, w), true, `${p} matches its witness ${w}`);
    }
  });

  it("fixed parts are literal; a wildcard outside them still widens", () => {
    assert.equal(widensBeyond("gitlab.example.com/x", ["gitlab.example.com"]), false);
    assert.equal(widensBeyond("gitlab.example.com/x.y", ["gitlab.example.com"]), true);
    assert.equal(widensBeyond("a.b", []), true);
    assert.equal(widensBeyond("a.b"), true);
    assert.equal(widensBeyond("a.b", [""]), true, "an empty fixed part masks nothing");
    // Masked with a character that is no wildcard and not the part's own text.
    assert.equal(widensBeyond("a.b", ["a.b"]), false);
  });
});

describe("bounds: who can produce a value (matcher/produce.ts)", () => {
  it("a witness keeps the fixed parts literal", () => {
    assert.equal(producibleOtherThan("exact"), undefined);
    assert.equal(producibleOtherThan("a.b"), "a-b");
    assert.equal(producibleOtherThan("host.io/a.b", ["host.io"]), "host.io/a-b");
    assert.equal(producibleOtherThan("host.io/ab", ["host.io"]), undefined);
    assert.equal(producibleOtherThan("x.y:host.io:z*", ["host.io", ""]), "x-y:host.io:z");
    assert.equal(producibleOtherThan("h.io/a*", ["h.io"]), "h.io/ax");
  });

  it("in a workflow reference, only GitHub writes `.github/workflows/` and `.yml@`", () => {
    const ref = "acme/app/.github/workflows/deploy.yml@refs/heads/main";
    assert.equal(ruleWidens("job_workflow_ref", ref), undefined);
    assert.equal(ruleWidens("workflow_ref", ref), undefined);
    assert.equal(
      ruleWidens("job_workflow_ref", "acme/app/.github/workflows/deploy.yaml@refs/heads/main"),
      undefined,
    );
    // Anywhere else (another key, or a dot outside those positions) a `.` widens.
    assert.equal(ruleWidens("sub", ref), "acme/app/-github/workflows/deploy-yml@refs/heads/main");
    assert.equal(
      ruleWidens("job_workflow_ref", "acme/app/.github/workflows/deploy.yml@refs/heads/v1.2"),
      "acme/app/.github/workflows/deploy.yml@refs/heads/v1-2",
    );
    assert.equal(ruleWidens("job_workflow_ref", "acme/*"), "acme/x");
    assert.equal(ruleWidens("aud", "urn:pulumi:org:acme"), undefined);
    assert.equal(ruleWidens("aud", "host.io/x", ["host.io"]), undefined);
  });

  it("`*` and `?` are run wildcards; `.` is not", () => {
    assert.equal(hasRunWildcard("a*"), true);
    assert.equal(hasRunWildcard("a?"), true);
    assert.equal(hasRunWildcard("a.b"), false);
  });
});

describe("bounds: issuers (matcher/issuer.ts)", () => {
  it("routes a token only to the issuer whose URL equals iss exactly", () => {
    const issuers = [
      { url: "https://token.actions.githubusercontent.com" },
      { url: "https://gitlab.com" },
    ];
    assert.equal(issuerFor(issuers, "https://gitlab.com"), issuers[1]);
    assert.equal(issuerFor(issuers, "https://gitlab.com/"), undefined);
    assert.equal(issuerFor(issuers, "https://GITLAB.com"), undefined);
    assert.equal(issuerFor(issuers, undefined), undefined);
    assert.equal(issuerFor(issuers, 42), undefined);
  });

  it("compares configured URLs without space, trailing slashes or case", () => {
    assert.equal(issuerUrlKey("  https://GitLab.com//  "), "https://gitlab.com");
    assert.equal(issuerUrlKey("https://a.io/x/"), "https://a.io/x");
    assert.notEqual(issuerUrlKey("https://a.io/x/y"), issuerUrlKey("https://a.io/x"));
    assert.equal(issuerUrlKey("https://a.io/"), "https://a.io");
  });
});

describe("bounds: one rule against one token (matcher/rules.ts)", () => {
  const claims = {
    s: "main",
    list: ["a", ["b"], { c: 1 }],
    obj: { k: "v" },
    n: 7,
    nil: null,
    t: true,
  };

  it("a string claim matches or not, settled", () => {
    assert.deepEqual(matchRuleOn("s", "main", claims), { outcome: "match" });
    assert.deepEqual(matchRuleOn("s", "dev", claims), { outcome: "no-match" });
  });

  it("an absent claim: no match, unless the pattern matches the empty string (unsettled)", () => {
    assert.deepEqual(matchRuleOn("absent", "x", claims), { outcome: "no-match" });
    assert.deepEqual(matchRuleOn("absent", "*", claims), {
      outcome: "unsettled",
      note: 'claim absent is absent and "*" matches the empty string (undocumented)',
    });
  });

  it("an unreadable key is unsettled with the reader's reason", () => {
    assert.deepEqual(matchRuleOn("a.", "x", claims), {
      outcome: "unsettled",
      note: "rule key \"a.\": ends with '.'",
    });
  });

  it("a list matches by any element (nested too), or its JSON, or its text; unsettled", () => {
    const note =
      "claim list is a list; Pulumi's docs do not say how a rule compares a list (assumed: as any element)";
    assert.deepEqual(matchRuleOn("list", "a", claims), { outcome: "unsettled", note });
    assert.deepEqual(matchRuleOn("list", "b", claims), { outcome: "unsettled", note });
    assert.deepEqual(matchRuleOn("list", '{"c":1}', claims), { outcome: "unsettled", note });
    assert.deepEqual(matchRuleOn("list", '["a",["b"],{"c":1}]', claims), {
      outcome: "unsettled",
      note,
    });
    assert.deepEqual(matchRuleOn("list", '[a ["b"] {"c":1}]', claims), {
      outcome: "unsettled",
      note,
    });
    assert.deepEqual(matchRuleOn("list", "z", claims), { outcome: "no-match" });
    assert.deepEqual(matchRuleOn("list", "", claims), { outcome: "no-match" });
  });

  it("an object matches by its JSON; a number, boolean or null by its text; each unsettled with its kind", () => {
    assert.deepEqual(matchRuleOn("obj", '{"k":"v"}', claims), {
      outcome: "unsettled",
      note: "claim obj is a object; Pulumi's docs do not say how a rule compares a object (assumed: as its text)",
    });
    assert.deepEqual(matchRuleOn("obj", "[object Object]", claims), { outcome: "no-match" });
    assert.deepEqual(matchRuleOn("n", "7", claims), {
      outcome: "unsettled",
      note: "claim n is a number; Pulumi's docs do not say how a rule compares a number (assumed: as its text)",
    });
    assert.deepEqual(matchRuleOn("t", "true", claims), {
      outcome: "unsettled",
      note: "claim t is a boolean; Pulumi's docs do not say how a rule compares a boolean (assumed: as its text)",
    });
    assert.deepEqual(matchRuleOn("nil", "null", claims), {
      outcome: "unsettled",
      note: "claim nil is a null; Pulumi's docs do not say how a rule compares a null (assumed: as its text)",
    });
  });

  it("all rules: one no-match wins with no notes; notes make it unsettled; none is a match", () => {
    assert.deepEqual(matchRules({ s: "main" }, claims), { outcome: "match", notes: [] });
    assert.deepEqual(matchRules({}, claims), { outcome: "match", notes: [] });
    assert.deepEqual(matchRules({ n: "7", s: "dev" }, claims), { outcome: "no-match", notes: [] });
    assert.deepEqual(matchRules({ n: "7", s: "main" }, claims), {
      outcome: "unsettled",
      notes: [
        "claim n is a number; Pulumi's docs do not say how a rule compares a number (assumed: as its text)",
      ],
    });
  });
});

describe("bounds: the decision (matcher/evaluate.ts)", () => {
  const claims = { sub: "repo:acme/app", n: 7 };
  const team = (t?: string) => ({ tokenType: "team" as const, team: t });
  const allow = (rules: Record<string, string>, extra: Partial<MatchPolicy> = {}): MatchPolicy => ({
    decision: "allow",
    tokenType: "team",
    teamName: "deploy",
    rules,
    ...extra,
  });
  const deny = (rules: Record<string, string>, extra: Partial<MatchPolicy> = {}): MatchPolicy =>
    allow(rules, { decision: "deny", ...extra });

  it("labels requests", () => {
    assert.equal(tokenLabel(team("x")), "team:x");
    assert.equal(tokenLabel(team()), "team:?");
    assert.equal(tokenLabel({ tokenType: "organization" }), "organization:admin");
    assert.equal(
      tokenLabel({ tokenType: "organization", permission: "standard" }),
      "organization:standard",
    );
  });

  it("a policy is about a token of its type and team scope (a pattern)", () => {
    assert.equal(policyApplies(allow({}), team("deploy")), true);
    assert.equal(policyApplies(allow({}), team("other")), false);
    assert.equal(policyApplies(allow({}), team()), false);
    assert.equal(policyApplies(allow({}, { teamName: "dep.oy" }), team("dep-oy")), true);
    assert.equal(policyApplies(allow({}), { tokenType: "organization" }), false);
    // A team policy without a team, or an organization one without permissions: deny only.
    assert.equal(policyApplies(allow({}, { teamName: undefined }), team("deploy")), false);
    assert.equal(policyApplies(deny({}, { teamName: undefined }), team("deploy")), true);
    const org = (extra: Partial<MatchPolicy>) =>
      allow({}, { tokenType: "organization", teamName: undefined, ...extra });
    assert.equal(policyApplies(org({}), { tokenType: "organization" }), false);
    assert.equal(policyApplies(org({ decision: "deny" }), { tokenType: "organization" }), true);
    assert.equal(
      policyApplies(org({ authorizedPermissions: ["admin"] }), { tokenType: "organization" }),
      true,
      "no permission asked: admin",
    );
    assert.equal(
      policyApplies(org({ authorizedPermissions: ["standard"] }), { tokenType: "organization" }),
      false,
    );
    assert.equal(
      policyApplies(org({ authorizedPermissions: ["standard"] }), {
        tokenType: "organization",
        permission: "standard",
      }),
      true,
    );
  });

  it("a policy about another token is no match, with no notes, whatever its rules", () => {
    assert.deepEqual(policyOutcome(allow({ n: "7" }), claims, team("other")), {
      outcome: "no-match",
      notes: [],
    });
  });

  it("a sure allow: certain, nothing unsettled, its index and description in the reason", () => {
    assert.deepEqual(
      decide(
        [allow({ sub: "nope" }), allow({ sub: "repo:*" }, { description: "d" })],
        claims,
        team("deploy"),
      ),
      {
        allowed: true,
        certain: true,
        matched: 1,
        reason: "team:deploy allowed by policy 1: d",
        unsettled: [],
      },
    );
  });

  it("no allow matches: denied by default", () => {
    assert.deepEqual(decide([allow({ sub: "nope" })], claims, team("deploy")), {
      allowed: false,
      certain: false,
      reason: "team:deploy denied: no allow policy matches (the issuer denies by default)",
      unsettled: [],
    });
    assert.deepEqual(tokensFor([allow({ sub: "nope" })], claims, [team("deploy")]), []);
  });

  it("a matching deny wins over an earlier allow, naming itself", () => {
    assert.deepEqual(
      decide([allow({}), deny({ sub: "repo:*" }, { description: "no" })], claims, team("deploy")),
      {
        allowed: false,
        certain: false,
        matched: 1,
        reason: "team:deploy denied by policy 1: no",
        unsettled: [],
      },
    );
  });

  it("an unsettled allow is allowed, not certain, with its notes; the first unsettled one counts", () => {
    const NOTE =
      "claim n is a number; Pulumi's docs do not say how a rule compares a number (assumed: as its text)";
    assert.deepEqual(
      decide(
        [allow({ sub: "nope" }), allow({ n: "7" }), allow({ n: "?" })],
        claims,
        team("deploy"),
      ),
      {
        allowed: true,
        certain: false,
        matched: 1,
        reason: `team:deploy allowed by policy 1 (unsettled: ${NOTE})`,
        unsettled: [NOTE],
      },
    );
  });

  it("a sure allow after an unsettled one decides, and its notes are not carried", () => {
    assert.deepEqual(
      decide([allow({ n: "7" }), allow({ sub: "repo:acme/app" })], claims, team("deploy")),
      {
        allowed: true,
        certain: true,
        matched: 1,
        reason: "team:deploy allowed by policy 1",
        unsettled: [],
      },
    );
  });

  it("an unsettled deny makes a sure allow uncertain, naming the first such deny", () => {
    assert.deepEqual(
      decide(
        [deny({ sub: "nope" }), deny({ n: "7" }), deny({ n: "?" }), allow({})],
        claims,
        team("deploy"),
      ),
      {
        allowed: true,
        certain: false,
        matched: 3,
        reason:
          "team:deploy allowed by policy 3 (unsettled: deny policy 1 may apply (an unsettled rule))",
        unsettled: ["deny policy 1 may apply (an unsettled rule)"],
      },
    );
  });

  it("tokensFor keeps the candidates that may be granted, in order", () => {
    const policies = [allow({}, { teamName: "a*" })];
    assert.deepEqual(
      tokensFor(policies, claims, [team("b"), team("ab"), team("a")]).map(tokenLabel),
      ["team:ab", "team:a"],
    );
  });
});
