/**
 * The helpers every validation policy shares (model/config/policy/shared.ts), called directly over
 * small lenient views: which projects use a tier and with what mode, previews, CI and trigger; the
 * duplicate-name checks (case folding, empty names, `constructor`/`__proto__`); the name list.
 * Exact expectations, each input made so that one condition decides it. Fast enough to run under
 * every mutant of the policy-names group (nothing is computed while mocha loads this file).
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { lenientView } from "../../model/config/view";
import {
  ciOf,
  dupList,
  duplicates,
  effectiveModes,
  isPipeline,
  list,
  policyContext,
  tierUses,
} from "../../model/config/policy/shared";

type Raw = Record<string, unknown>;

/** A view of one tier `t` (name "prod" unless given) and the projects given. */
function viewOf(tier: Raw, projects: Raw[]) {
  return lenientView({ tiers: [{ name: "prod", ...tier }], projects });
}
function usesOf(tier: Raw, projects: Raw[]) {
  const v = viewOf(tier, projects);
  return tierUses(v, v.tiers[0]);
}
/** The one use of tier prod by a project whose entry for it is `entry`. */
function use(tier: Raw, entry: Raw, project: Raw = {}) {
  const uses = usesOf(tier, [{ name: "app", tiers: { prod: entry }, ...project }]);
  assert.equal(uses.length, 1);
  return uses[0];
}
const GHA = { deploy: { mode: "github-actions" } };

describe("bounds: policy helpers, tierUses", () => {
  it("lists only the projects whose tiers name this tier, in config order, with their index", () => {
    const uses = usesOf(GHA, [
      { name: "a", tiers: { prod: {} } },
      { name: "b", tiers: { staging: {} } },
      { tiers: { prod: {} } },
    ]);
    assert.deepEqual(
      uses.map((u) => [u.project, u.index]),
      [
        ["a", 0],
        ["projects[2]", 2],
      ],
    );
  });

  it("an unnamed tier has no uses, even for a project with an `undefined` tier key", () => {
    const v = lenientView({
      tiers: [{ deploy: { mode: "github-actions" } }],
      projects: [{ name: "a", tiers: { undefined: {} } }],
    });
    assert.deepEqual(tierUses(v, v.tiers[0]), []);
  });

  it("a tier named `constructor` or `__proto__` is used only by projects that list it", () => {
    for (const name of ["constructor", "__proto__", "toString"]) {
      const v = lenientView({
        tiers: [{ name, deploy: { mode: "github-actions" } }],
        projects: [{ name: "a", tiers: { prod: {} } }],
      });
      assert.deepEqual(tierUses(v, v.tiers[0]), [], name);
    }
  });

  it("a project's mode overrides a pipeline tier's, not a direct tier's", () => {
    assert.equal(use(GHA, { mode: "pulumi-deployments" }).mode, "pulumi-deployments");
    assert.equal(
      use({ deploy: { mode: "pulumi-deployments" } }, { mode: "github-actions" }).mode,
      "github-actions",
    );
    assert.equal(use({ deploy: { mode: "direct" } }, { mode: "github-actions" }).mode, "direct");
    assert.equal(use(GHA, {}).mode, "github-actions");
    assert.equal(use(GHA, { mode: 7 }).mode, "github-actions");
  });

  it("ownPreviews only for a boolean previewPullRequests of the project's own entry", () => {
    assert.equal(use(GHA, { previewPullRequests: false }).ownPreviews, true);
    assert.equal(use(GHA, { previewPullRequests: true }).ownPreviews, true);
    assert.equal(use(GHA, { previewPullRequests: "true" }).ownPreviews, false);
    assert.equal(use(GHA, {}).ownPreviews, false);
  });

  describe("previews", () => {
    const tier = (deploy: Raw, prot: boolean) => ({
      protected: prot,
      deploy: { mode: "github-actions", ...deploy },
    });
    it("default: an unprotected tier previews, a protected one does not, unless reviewedPreviews", () => {
      assert.equal(use(tier({}, false), {}).previews, true);
      assert.equal(use(tier({}, true), {}).previews, false);
      assert.equal(use(tier({ reviewedPreviews: true }, true), {}).previews, true);
    });
    it("the tier's previewPullRequests wins over the default, both ways", () => {
      assert.equal(use(tier({ previewPullRequests: true }, true), {}).previews, true);
      assert.equal(use(tier({ previewPullRequests: false }, false), {}).previews, false);
    });
    it("the project's own previewPullRequests wins over the tier's, both ways", () => {
      assert.equal(
        use(tier({ previewPullRequests: false }, false), { previewPullRequests: true }).previews,
        true,
      );
      assert.equal(use(tier({}, true), { previewPullRequests: true }).previews, true);
      assert.equal(
        use(tier({ previewPullRequests: true }, false), { previewPullRequests: false }).previews,
        false,
      );
      assert.equal(
        use(tier({ reviewedPreviews: true }, true), { previewPullRequests: false }).previews,
        false,
      );
    });
    it("a bootstrap project never previews, even when it says so", () => {
      assert.equal(
        use(tier({}, false), { previewPullRequests: true }, { bootstrap: true }).previews,
        false,
      );
      assert.equal(use(tier({}, false), {}, { bootstrap: true }).previews, false);
    });
    it("a CI without a preview route (jenkins) previews only when the project says so", () => {
      assert.equal(use(tier({}, false), { ci: "jenkins" }).previews, false);
      assert.equal(
        use(tier({}, false), { ci: "jenkins", previewPullRequests: true }).previews,
        true,
      );
      assert.equal(use(tier({}, false), { ci: "gitlab" }).previews, true);
    });
    it("REST-triggered deployments (trigger api) preview only when the project says so", () => {
      const api = { protected: false, deploy: { mode: "pulumi-deployments", trigger: "api" } };
      assert.equal(use(api, {}).previews, false);
      assert.equal(use(api, { previewPullRequests: true }).previews, true);
      const app = { protected: false, deploy: { mode: "pulumi-deployments" } };
      assert.equal(use(app, {}).previews, true);
    });
  });
});

describe("bounds: policy helpers, ciOf and isPipeline", () => {
  const t = (deploy: Raw) => viewOf({ deploy }, []).tiers[0];
  it("github-actions: the entry's ci, else github-actions; no trigger", () => {
    assert.deepEqual(ciOf({}, t({}), "github-actions"), {
      ci: "github-actions",
      trigger: undefined,
    });
    assert.deepEqual(ciOf({ ci: "gitlab" }, t({}), "github-actions"), {
      ci: "gitlab",
      trigger: undefined,
    });
    assert.deepEqual(ciOf({ trigger: "api" }, t({ trigger: "api" }), "github-actions"), {
      ci: "github-actions",
      trigger: undefined,
    });
  });
  it("pulumi-deployments: the entry's trigger, else the tier's, else github-app (no CI)", () => {
    assert.deepEqual(ciOf({}, t({}), "pulumi-deployments"), {
      ci: undefined,
      trigger: "github-app",
    });
    assert.deepEqual(ciOf({}, t({ trigger: "api" }), "pulumi-deployments"), {
      ci: "github-actions",
      trigger: "api",
    });
    assert.deepEqual(ciOf({ trigger: "github-app" }, t({ trigger: "api" }), "pulumi-deployments"), {
      ci: undefined,
      trigger: "github-app",
    });
    assert.deepEqual(ciOf({ trigger: "api", ci: "gitlab" }, t({}), "pulumi-deployments"), {
      ci: "gitlab",
      trigger: "api",
    });
  });
  it("direct and no mode: neither", () => {
    assert.deepEqual(ciOf({ ci: "gitlab", trigger: "api" }, t({ trigger: "api" }), "direct"), {
      ci: undefined,
      trigger: undefined,
    });
    assert.deepEqual(ciOf({}, t({}), undefined), { ci: undefined, trigger: undefined });
  });
  it("tierUses carries them", () => {
    const u = use({ deploy: { mode: "pulumi-deployments", trigger: "api" } }, { ci: "circleci" });
    assert.deepEqual([u.ci, u.trigger], ["circleci", "api"]);
  });
  it("isPipeline: exactly the two pipeline modes", () => {
    assert.deepEqual(
      ["github-actions", "pulumi-deployments", "direct", "", undefined, "GitHub-Actions"].map(
        isPipeline,
      ),
      [true, true, false, false, false, false],
    );
  });
});

describe("bounds: policy helpers, effectiveModes and policyContext", () => {
  const modes = (tier: Raw, projects: Raw[]) => {
    const v = viewOf(tier, projects);
    return [...effectiveModes(v, v.tiers[0])].sort();
  };
  it("the modes the tier's projects use, not the tier's own when they override it", () => {
    assert.deepEqual(
      modes(GHA, [
        { name: "a", tiers: { prod: { mode: "pulumi-deployments" } } },
        { name: "b", tiers: { prod: { mode: "pulumi-deployments" } } },
      ]),
      ["pulumi-deployments"],
    );
    assert.deepEqual(
      modes(GHA, [
        { name: "a", tiers: { prod: { mode: "pulumi-deployments" } } },
        { name: "b", tiers: { prod: {} } },
      ]),
      ["github-actions", "pulumi-deployments"],
    );
  });
  it("the tier's mode when no project uses it; none when it has none", () => {
    assert.deepEqual(modes(GHA, []), ["github-actions"]);
    assert.deepEqual(modes({}, []), []);
    assert.deepEqual(modes({}, [{ name: "a", tiers: { prod: {} } }]), []);
  });
  it("policyContext: the named tiers, teams and projects only; roles of every tier", () => {
    const v = lenientView({
      teams: [{ name: "t1" }, {}],
      tiers: [{ name: "prod", roles: { deployer: {} } }, { roles: { reader: {} } }],
      projects: [{ name: "p1" }, {}],
    });
    const ctx = policyContext(v, [], []);
    assert.deepEqual([...ctx.tierByName.keys()], ["prod"]);
    assert.deepEqual([...ctx.teamNames], ["t1"]);
    assert.deepEqual([...ctx.projectNames], ["p1"]);
    assert.deepEqual([...ctx.rolesDefined].sort(), ["deployer", "reader"]);
  });
});

describe("bounds: policy helpers, duplicate names", () => {
  function dups(names: (string | undefined)[]) {
    const errors: ConfigIssue[] = [];
    duplicates(names, "teams", "team", (path, message) => errors.push({ path, message }));
    return errors;
  }
  function dupsInList(values: unknown[]) {
    const errors: ConfigIssue[] = [];
    dupList(values, "admins", "admin", (path, message) => errors.push({ path, message }));
    return errors;
  }

  it("a name differing only in case is a duplicate, at its own index, naming the first", () => {
    assert.deepEqual(dups(["Payments", "ops", "PAYMENTS"]), [
      { path: "teams[2].name", message: 'duplicate team "PAYMENTS" (first declared at teams[0])' },
    ]);
    assert.deepEqual(dups(["a", "b"]), []);
  });

  it("the first declaration stays the reference for every later duplicate", () => {
    assert.deepEqual(
      dups(["x", "X", "x"]).map((e) => e.message),
      [
        'duplicate team "X" (first declared at teams[0])',
        'duplicate team "x" (first declared at teams[0])',
      ],
    );
  });

  it("folds to lower case: the Kelvin sign K (U+212A) is a duplicate of k", () => {
    // "\u212A".toLowerCase() is "k"; upper-casing leaves it "\u212A" and "k" becomes "K", so only
    // lower-case folding sees the two as one name (a look-alike a reviewer would not tell apart).
    assert.deepEqual(dups(["k", "\u212A"]), [
      { path: "teams[1].name", message: 'duplicate team "\u212A" (first declared at teams[0])' },
    ]);
    assert.deepEqual(dupsInList(["k", "\u212A"]), [
      { path: "admins[1]", message: 'duplicate admin "\u212A"' },
    ]);
  });

  it("`constructor` and `__proto__` are names like any other", () => {
    assert.deepEqual(
      dups(["__proto__", "constructor", "__PROTO__", "Constructor"]).map((e) => e.path),
      ["teams[2].name", "teams[3].name"],
    );
    assert.deepEqual(dups(["constructor", "toString"]), []);
    assert.deepEqual(
      dupsInList(["__proto__", "__Proto__", "constructor"]).map((e) => e.path),
      ["admins[1]"],
    );
  });

  it("missing and empty names are skipped, not duplicates of each other", () => {
    assert.deepEqual(dups([undefined, "", undefined, "", "a"]), []);
  });

  it("dupList: strings compared case-insensitively; other values skipped", () => {
    assert.deepEqual(dupsInList(["alice", 1, 1, null, null, "ALICE", "bob"]), [
      { path: "admins[5]", message: 'duplicate admin "ALICE"' },
    ]);
    assert.deepEqual(dupsInList(["alice", "bob"]), []);
  });
});

describe("bounds: policy helpers, list", () => {
  it("quotes each name, comma separated; (none) for none", () => {
    assert.equal(list([]), "(none)");
    assert.equal(list(["a"]), '"a"');
    assert.equal(list(new Set(["a", "b"])), '"a", "b"');
  });
});
