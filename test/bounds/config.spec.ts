/**
 * Boundaries of the validation policies (model/config/policy/): each bound exactly at, one over and
 * one under, and each comparison with its two sides made to differ. Issue 33's manual mutation run
 * left these as survivors (`>` for `>=`, an admin too many, case folding dropped, ...).
 */
import assert from "node:assert/strict";
import { ConfigIssue, Finding } from "../../model/config";
import { loadOrgConfig } from "../../model/load";
import { entriesOf, exampleDoc, key, StackDoc } from "../support/examples";

interface Outcome {
  readonly errors: readonly ConfigIssue[];
  readonly warnings: readonly Finding[];
}

function load(edit: (d: StackDoc) => void, stack: "prod" | "dev" = "prod"): Outcome {
  const doc = exampleDoc(stack);
  edit(doc);
  const r = loadOrgConfig(entriesOf(doc));
  return r.ok ? { errors: [], warnings: r.warnings } : { errors: r.errors, warnings: [] };
}

/** The errors at exactly `path` (all of them, so a test can also say "none"). */
const at = (o: Outcome, path: string) => o.errors.filter((e) => e.path === path);

/** Exactly one error at `path`, matching `fragment`, and no other error anywhere. */
function onlyError(o: Outcome, path: string, fragment: string | RegExp): void {
  assert.deepEqual(
    o.errors.map((e) => e.path),
    [path],
    JSON.stringify(o.errors, null, 1),
  );
  const m = o.errors[0].message;
  assert.ok(typeof fragment === "string" ? m.includes(fragment) : fragment.test(m), m);
}

function accepted(o: Outcome): void {
  assert.deepEqual(o.errors, [], JSON.stringify(o.errors, null, 1));
}

const oncall = (d: StackDoc) => d.config[key.tiers][2].roles.oncall;
// Issue 28: the bound is maxDuration (maxOpenDuration is its former name).
const DURATION = "tiers[2].roles.oncall.breakGlass.maxDuration";

describe("bounds: a break-glass session against defaults.maxBreakGlassDuration", () => {
  const withCap = (cap: string | undefined, own: string) => (d: StackDoc) => {
    if (cap !== undefined) d.config[key.defaults].maxBreakGlassDuration = cap;
    oncall(d).breakGlass.maxDuration = own;
  };

  it("accepts a session exactly at the cap (2h = 2h, 120m = 2h)", () => {
    accepted(load(withCap("2h", "2h")));
    accepted(load(withCap("2h", "120m")));
    accepted(load(withCap("120m", "2h")));
  });

  it("accepts a session one minute under the cap", () => accepted(load(withCap("2h", "119m"))));

  it("refuses a session one minute over the cap, naming the cap", () =>
    onlyError(
      load(withCap("2h", "121m")),
      DURATION,
      'longer than defaults.maxBreakGlassDuration ("2h")',
    ));

  it("compares in the right direction: a long session under a short cap is refused, not the reverse", () => {
    onlyError(load(withCap("1h", "3h")), DURATION, "longer than");
    accepted(load(withCap("3h", "1h")));
  });

  it("the default cap is 24h: exactly 24h passes, 1441m does not", () => {
    accepted(load(withCap(undefined, "24h")));
    accepted(load(withCap(undefined, "1439m")));
    assert.ok(at(load(withCap(undefined, "1441m")), DURATION).length > 0);
  });

  it("an elevated environment grant needs a bound; a read one does not", () => {
    onlyError(
      load((d) => delete oncall(d).breakGlass.maxDuration),
      DURATION,
      'environment "open" is an elevated grant',
    );
  });
});

describe("bounds: organization admins against defaults.maxAdmins", () => {
  const admins = (n: number, cap?: number) => (d: StackDoc) => {
    const names = Array.from({ length: n }, (_, i) => ["alice", "bob", "carol", "dave", "erin"][i]);
    d.config["secure-org:admins"] = names;
    if (cap === undefined) delete d.config[key.defaults].maxAdmins;
    else d.config[key.defaults].maxAdmins = cap;
  };

  it("accepts exactly maxAdmins admins (2 of 2)", () => accepted(load(admins(2, 2))));
  it("accepts one under (2 of 3)", () => accepted(load(admins(2, 3))));
  it("refuses one over (3 of 2), naming the count and the cap", () =>
    onlyError(load(admins(3, 2)), "admins", "declares 3 organization admins; at most 2"));

  it("the default cap is 3: 3 pass, 4 are refused", () => {
    accepted(load(admins(3)));
    onlyError(load(admins(4)), "admins", "at most 3 (defaults.maxAdmins)");
  });

  it("with a shape error elsewhere, every error is still reported against the default cap of 3", () => {
    const broken = (n: number) => (d: StackDoc) => {
      admins(n)(d);
      d.config[key.teams][0].memebrs = ["x"];
    };
    assert.equal(at(load(broken(3)), "admins").length, 0);
    assert.match(
      at(load(broken(4)), "admins")[0]?.message ?? "",
      /declares 4 organization admins; at most 3/,
    );
    const typo = load((d) => {
      admins(4, 2)(d);
      d.config[key.defaults].maxAdmins = "two";
    });
    assert.match(at(typo, "admins")[0]?.message ?? "", /at most 3/);
  });

  it("a raised cap is read (4 of 4 pass, 5 of 4 do not)", () => {
    accepted(load(admins(4, 4)));
    onlyError(load(admins(5, 4)), "admins", "declares 5 organization admins; at most 4");
  });

  it("no admins is a warning, one admin is not", () => {
    const none = load(admins(0, 2));
    accepted(none);
    assert.deepEqual(
      none.warnings.filter((w) => w.code === "no-admins-declared").map((w) => w.path),
      ["admins"],
    );
    assert.equal(
      load(admins(1, 2)).warnings.filter((w) => w.code === "no-admins-declared").length,
      0,
    );
  });
});

describe("bounds: duplicate names fold case", () => {
  const cases: [what: string, edit: (d: StackDoc) => void, path: string, message: string][] = [
    [
      "an admin",
      (d) => (d.config["secure-org:admins"] = ["alice", "ALICE"]),
      "admins[1]",
      'duplicate admin "ALICE"',
    ],
    [
      "a member",
      (d) => (d.config["secure-org:members"] = ["ivan", "Ivan"]),
      "members[1]",
      'duplicate member "Ivan"',
    ],
    [
      "a webhook",
      (d) => (d.config[key.audit].webhooks[1].name = "Security"),
      "audit.webhooks[1].name",
      'duplicate webhook "Security" (first declared at audit.webhooks[0])',
    ],
    [
      "a project",
      (d) => (d.config[key.projects][1].name = "Payments"),
      "projects[1].name",
      'duplicate project "Payments" (first declared at projects[0])',
    ],
    [
      "a team",
      (d) => (d.config[key.teams][1].name = "Platform"),
      "teams[1].name",
      'duplicate team "Platform" (first declared at teams[0])',
    ],
    [
      "a tier",
      (d) => (d.config[key.tiers][1].name = "DEV"),
      "tiers[1].name",
      'duplicate tier "DEV" (first declared at tiers[0])',
    ],
  ];
  for (const [what, edit, path, message] of cases) {
    it(`refuses ${what} declared twice in different case, at the second one`, () => {
      const dup = at(load(edit), path).filter((e) => e.message.startsWith("duplicate"));
      assert.equal(dup.length, 1, JSON.stringify(load(edit).errors, null, 1));
      assert.equal(dup[0].message, message);
    });
  }

  it("a team and a tier named alike are no duplicates of each other (each list on its own)", () => {
    const o = load((d) => (d.config[key.teams][1].name = d.config[key.tiers][0].name));
    assert.deepEqual(
      o.errors.filter((e) => e.message.startsWith("duplicate")),
      [],
    );
  });
});

describe("bounds: one repository, one default branch and one id, whatever the case of its name", () => {
  const shareRepo = (name: string, extra: (d: StackDoc) => void) => (d: StackDoc) => {
    d.config[key.projects][1].repository = name;
    extra(d);
  };
  const p = (d: StackDoc, i: number) => d.config[key.projects][i];

  it("refuses two default branches for payments-infra and Payments-Infra", () => {
    const o = load(shareRepo("Payments-Infra", (d) => (p(d, 1).defaultBranch = "trunk")));
    assert.match(at(o, "projects[1].defaultBranch")[0]?.message ?? "", /has one default branch/);
  });

  it("refuses two ids for payments-infra and PAYMENTS-INFRA", () => {
    const o = load(
      shareRepo("PAYMENTS-INFRA", (d) => {
        p(d, 0).repositoryId = 2001;
        p(d, 1).repositoryId = 2002;
      }),
    );
    assert.match(at(o, "projects[1].repositoryId")[0]?.message ?? "", /already has id 2001/);
  });

  it("accepts one id for payments-infra and Payments-infra (one repository)", () => {
    const o = load(
      shareRepo("Payments-infra", (d) => {
        p(d, 0).repositoryId = 2001;
        p(d, 1).repositoryId = 2001;
      }),
    );
    assert.deepEqual(
      o.errors.filter((e) => e.path.endsWith("repositoryId")),
      [],
    );
  });

  it("refuses one id for two repositories", () => {
    const o = load((d) => {
      p(d, 0).repositoryId = 2001;
      p(d, 1).repositoryId = 2001;
    });
    assert.match(
      at(o, "projects[1].repositoryId")[0]?.message ?? "",
      /id 2001 is also given to repository "payments-infra" \(projects\[0\]\)/,
    );
  });

  it("refuses a repository id equal to github.ownerId, not one off", () => {
    const owner = (id: number) => (d: StackDoc) => {
      d.config[key.github].ownerId = 1001;
      p(d, 0).repositoryId = id;
    };
    assert.match(
      at(load(owner(1001)), "projects[0].repositoryId")[0]?.message ?? "",
      /is github.ownerId/,
    );
    assert.equal(at(load(owner(1002)), "projects[0].repositoryId").length, 0);
    assert.equal(at(load(owner(1000)), "projects[0].repositoryId").length, 0);
  });
});

describe("bounds: a protected tier deploys only from a branch a ruleset covers", () => {
  const prodBranch = (branch: string, edit?: (d: StackDoc) => void) => (d: StackDoc) => {
    d.config[key.tiers][2].deploy.branch = branch;
    edit?.(d);
  };
  const TP = "projects[0].tiers.prod";

  it("accepts the default branch", () => assert.equal(at(load(prodBranch("main")), TP).length, 0));

  it("refuses another branch, naming it and the repository", () =>
    assert.match(
      at(load(prodBranch("release")), TP)[0]?.message ?? "",
      /deploys from branch "release", which the ruleset of repository "payments-infra" does not cover/,
    ));

  it("accepts a branch the project lists in protectedBranches, not one another project lists", () => {
    const own = load(
      prodBranch("release", (d) => (d.config[key.projects][0].protectedBranches = ["release"])),
    );
    assert.equal(at(own, TP).length, 0);
    const other = load(
      prodBranch("release", (d) => (d.config[key.projects][1].protectedBranches = ["release"])),
    );
    assert.equal(at(other, TP).length, 1);
  });

  it("does not compare branch names case-blind (Main is not main)", () =>
    assert.equal(at(load(prodBranch("Main")), TP).length, 1));

  it("an unprotected pipeline tier may deploy from any branch (the ruleset check is the protected tiers')", () => {
    const o = load((d) => (d.config[key.tiers][1].deploy.branch = "release"));
    assert.deepEqual(
      at(o, "projects[0].tiers.staging").filter((e) => /does not cover/.test(e.message)),
      [],
    );
  });
});

describe("bounds: pipeline (machine) team names", () => {
  const LONG = /is longer than 60 characters/;
  const named = (name: string) =>
    load((d) => {
      d.config[key.projects][0].name = name;
      d.config[key.teams][1].access = { [name]: "developer" };
    });
  const tooLong = (o: Outcome) =>
    at(o, "projects[0].tiers.prod")
      .filter((e) => LONG.test(e.message))
      .map((e) => e.message);

  it("a preview team name of exactly 60 characters passes (project of 47 on tier prod)", () =>
    assert.deepEqual(tooLong(named("p".repeat(47))), []));

  it("61 characters is refused, naming the derived name", () =>
    assert.deepEqual(tooLong(named("p".repeat(48))), [
      `the pipeline team name "${"p".repeat(48)}-prod-preview" is longer than 60 characters; shorten the project or tier name`,
    ]));

  for (const purpose of ["deploy", "preview", "drift"])
    it(`a declared team named like a pipeline's ${purpose} team is refused, naming the claimant`, () => {
      const o = load((d) => (d.config[key.teams][4].name = `payments-prod-${purpose}`));
      assert.deepEqual(
        at(o, "teams[4].name").map((e) => e.message),
        [
          `"payments-prod-${purpose}" is reserved for the pipeline identity of projects[0].tiers.prod; rename the team`,
        ],
      );
    });

  it("a team named like the audit's team is refused only when the audit is scheduled", () => {
    const auditor = (schedule: boolean) =>
      load((d) => {
        d.config[key.teams][4].name = "secure-org-auditor";
        if (!schedule) delete d.config[key.audit].schedule;
      });
    assert.match(
      at(auditor(true), "teams[4].name")[0]?.message ?? "",
      /reserved for the pipeline identity of audit.schedule/,
    );
    assert.deepEqual(at(auditor(false), "teams[4].name"), []);
  });

  it("a team on a direct (non-pipeline) tier is not reserved", () => {
    const o = load((d) => (d.config[key.teams][4].name = "payments-dev-deploy"));
    assert.deepEqual(at(o, "teams[4].name"), []);
  });

  it("two pipelines deriving one deploy team: the second names the first", () => {
    const o = load((d) => {
      d.config[key.tiers].push({ ...d.config[key.tiers][1], name: "b-staging" });
      d.config[key.projects][1].name = "payments-b";
      d.config[key.teams][2].access = { "payments-b": "developer" };
      d.config[key.projects][0].tiers["b-staging"] = {};
      d.config[key.projects][1].tiers = { staging: {} };
    });
    const msgs = o.errors.filter((e) => /is also derived for/.test(e.message));
    assert.deepEqual(
      msgs.map((e) => [e.path, e.message]),
      [
        [
          "projects[1].tiers.staging",
          'the pipeline team name "payments-b-staging-deploy" is also derived for projects[0].tiers.b-staging; rename the project or tier so they differ',
        ],
      ],
    );
  });
});
