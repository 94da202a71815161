/**
 * The one reader of Pulumi's OIDC rule matching (model/oidc/matcher), pinned by the docs' own
 * examples ("kubernetes.io".pod.name, runner-*) and by hostile keys, values and claims.
 */
import assert from "node:assert/strict";
import {
  claimKey,
  decide,
  hasWildcard,
  lookupClaim,
  matchPattern,
  matchRuleOn,
  parseClaimPath,
  producibleOtherThan,
  ruleWidens,
} from "../../model/oidc/matcher";

/** The docs' example payload (Administration → OIDC issuers). */
const K8S = {
  "kubernetes.io": {
    pod: { name: "runner-ddfaa34e-dfrjh", uid: "b99b58df-cce5-405a-a33d-49a4cf8cf7bd" },
  },
};

describe("oidc matcher: claim paths", () => {
  it('reads the docs example path "kubernetes.io".pod.name', () => {
    assert.deepEqual(parseClaimPath('"kubernetes.io".pod.name'), {
      ok: true,
      segments: ["kubernetes.io", "pod", "name"],
    });
    assert.deepEqual(lookupClaim(K8S, '"kubernetes.io".pod.name'), {
      kind: "found",
      value: "runner-ddfaa34e-dfrjh",
    });
    // Unquoted, the dot separates: kubernetes → io → pod → name, which the token does not have.
    assert.equal(lookupClaim(K8S, "kubernetes.io.pod.name").kind, "missing");
  });

  it("quotes a claim name with a dot, and refuses one no key can name", () => {
    assert.equal(claimKey("oidc.circleci.com/project-id"), '"oidc.circleci.com/project-id"');
    assert.equal(claimKey("sub"), "sub");
    assert.throws(() => claimKey('a"b'));
    assert.throws(() => claimKey(""));
  });

  it("refuses keys the docs do not define: empty segments, stray quotes, escapes", () => {
    for (const k of ["", "a..b", ".a", "a.", '"a', 'a"b', '"a"b', '"a\\"b"', '""'])
      assert.equal(parseClaimPath(k).ok, false, k);
    assert.equal(matchRuleOn("a..b", "x", { a: { "": { b: "x" } } }).outcome, "unsettled");
  });

  it("walks own keys only: __proto__, constructor and toString are ordinary names", () => {
    const claims = JSON.parse('{"__proto__": {"x": "1"}}') as Record<string, unknown>;
    assert.equal(lookupClaim(claims, "__proto__.x").kind, "found");
    assert.equal(lookupClaim({}, "constructor").kind, "missing");
    assert.equal(lookupClaim({}, "toString").kind, "missing");
    assert.equal(lookupClaim({ a: ["x"] }, "a.0").kind, "missing");
  });
});

describe("oidc matcher: values", () => {
  it("matches the docs' example runner-* and each wildcard as documented", () => {
    assert.equal(matchPattern("runner-*", "runner-ddfaa34e-dfrjh"), true);
    assert.equal(matchPattern("runner-*", "runner-"), true);
    assert.equal(matchPattern("runner-*", "xrunner-1"), false);
    assert.equal(matchPattern("a?c", "ac"), true);
    assert.equal(matchPattern("a?c", "abc"), true);
    assert.equal(matchPattern("a?c", "abbc"), false);
    assert.equal(matchPattern("a.c", "abc"), true);
    assert.equal(matchPattern("a.c", "ac"), false);
    assert.equal(matchPattern("200.", "2001"), true);
    assert.equal(matchPattern("release.1", "release-1"), true);
    assert.equal(matchPattern("main", "Main"), false);
  });

  it("names a value each non-exact pattern also matches, and none for an exact one", () => {
    for (const p of ["200.", "release.1", "a*", "a?b", "x.y.z"]) {
      const other = producibleOtherThan(p) as string;
      assert.ok(other !== undefined && other !== p && matchPattern(p, other), p);
    }
    assert.equal(producibleOtherThan("release-1"), undefined);
    assert.equal(hasWildcard("release-1"), false);
    // The issuer's own host and GitHub's workflow path are fixed text.
    assert.equal(
      producibleOtherThan("https://ci.example.com/job/a/", ["https://ci.example.com"]),
      undefined,
    );
    assert.equal(
      ruleWidens("job_workflow_ref", "o/r/.github/workflows/deploy.yml@refs/heads/main"),
      undefined,
    );
    assert.ok(ruleWidens("job_workflow_ref", "o/r.x/.github/workflows/deploy.yml@refs/heads/main"));
  });

  it("a list, boolean or number claim is unsettled, never certain", () => {
    const claims = { ids: ["a", "b"], ssh: false, n: 12, empty: [] as string[] };
    assert.equal(matchRuleOn("ids", "b", claims).outcome, "unsettled");
    assert.equal(matchRuleOn("ids", "c", claims).outcome, "no-match");
    assert.equal(matchRuleOn("ids", "b", { ids: [] }).outcome, "no-match");
    assert.equal(matchRuleOn("ssh", "false", claims).outcome, "unsettled");
    assert.equal(matchRuleOn("ssh", "true", claims).outcome, "no-match");
    assert.equal(matchRuleOn("n", "12", claims).outcome, "unsettled");
    assert.equal(matchRuleOn("missing", "*", claims).outcome, "unsettled");
    assert.equal(matchRuleOn("missing", "x", claims).outcome, "no-match");
    const allow = {
      decision: "allow" as const,
      tokenType: "team" as const,
      teamName: "t",
      rules: { ids: "b" },
    };
    const d = decide([allow], claims, { tokenType: "team", team: "t" });
    assert.equal(d.allowed, true);
    assert.equal(d.certain, false);
    assert.match(d.unsettled.join(), /ids is a list/);
    // An unsettled deny never counts as denying, and an allow next to it is not certain.
    const deny = { ...allow, decision: "deny" as const, rules: { ssh: "false" } };
    const both = decide(
      [allow, { ...allow, rules: { n: "nope" } }, deny],
      { ...claims, ids: "b" },
      { tokenType: "team", team: "t" },
    );
    assert.equal(both.allowed, true);
    assert.equal(both.certain, false);
  });

  it("a team scope is a pattern", () => {
    const p = {
      decision: "allow" as const,
      tokenType: "team" as const,
      teamName: "ci.prod",
      rules: {},
    };
    assert.equal(decide([p], {}, { tokenType: "team", team: "ci-prod" }).allowed, true);
    assert.equal(decide([p], {}, { tokenType: "team", team: "ciXprod" }).allowed, true);
    assert.equal(decide([p], {}, { tokenType: "team", team: "ci-prod-x" }).allowed, false);
    const star = { ...p, teamName: "*" };
    assert.equal(decide([star], {}, { tokenType: "team", team: "anyone" }).allowed, true);
  });
});

describe("matchPattern: the exact-pattern fast path and the NFA agree with the reference (issue 31)", () => {
  /** The NFA as it was before issue 31's rewrite, kept as the reference. */
  function reference(pattern: string, value: string): boolean {
    const p = Array.from(pattern);
    const n = p.length;
    const close = (states: boolean[]) => {
      for (let i = 0; i < n; i++)
        if (states[i] && (p[i] === "*" || p[i] === "?")) states[i + 1] = true;
      return states;
    };
    let states = close(Array.from({ length: n + 1 }, (_, i) => i === 0));
    for (const ch of value) {
      const next: boolean[] = new Array<boolean>(n + 1).fill(false);
      for (let i = 0; i < n; i++) {
        if (!states[i]) continue;
        const t = p[i];
        if (t === "*") next[i] = true;
        else if (t === "?" || t === "." || t === ch) next[i + 1] = true;
      }
      states = close(next);
      if (!states.some(Boolean)) return false;
    }
    return states[n];
  }

  it("exact patterns match only their own text: case, bidi, invisible and astral variants", () => {
    const cases: [string, string, boolean][] = [
      ["repo:acme/app:ref:refs/heads/main", "repo:acme/app:ref:refs/heads/main", true],
      ["repo:acme/app", "repo:ACME/app", false],
      ["repo:acme/app", "repo:acme/app\u200b", false],
      ["repo:acme/app", "repo:acme/\u202eppa", false],
      ["constructor", "constructor", true],
      ["__proto__", "__proto__", true],
      ["__proto__", "constructor", false],
      ["", "", true],
      ["", "x", false],
      ["x", "", false],
      ["a\u{1F600}b", "a\u{1F600}b", true],
      ["a\u{1F600}b", "a\u{1F601}b", false],
    ];
    for (const [p, v, want] of cases) {
      assert.equal(matchPattern(p, v), want, `${JSON.stringify(p)} ~ ${JSON.stringify(v)}`);
      assert.equal(reference(p, v), want);
    }
  });

  it("agrees with the reference on 20,000 random patterns and values (wildcards, astral text)", () => {
    const alphabet = ["a", "b", "-", "/", ".", "*", "?", "\u{1F600}", "\ud800"];
    let seed = 31;
    const rnd = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % k;
    };
    const word = (max: number) =>
      Array.from({ length: rnd(max + 1) }, () => alphabet[rnd(alphabet.length)]).join("");
    let matched = 0;
    for (let k = 0; k < 20_000; k++) {
      const p = word(6);
      // Half the values are the pattern's own text with a small edit, so matches are common.
      const v = rnd(2) ? p.replace(/[*?.]/g, () => alphabet[rnd(4)]) : word(7);
      const want = reference(p, v);
      if (want) matched++;
      assert.equal(matchPattern(p, v), want, `${JSON.stringify(p)} ~ ${JSON.stringify(v)}`);
    }
    // The sample exercises both outcomes.
    assert.ok(matched > 1_000 && matched < 19_000, `matched ${matched}`);
  });
});
