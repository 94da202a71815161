/**
 * Break-glass on protected tiers (model/config/policy/breakGlass.ts), called directly over a small
 * lenient view: a baseline that passes, then one thing changed per test, with the exact errors.
 * Boundaries (requiredApprovals at, one over, one under the distinct approvers), case variants of
 * team names and logins, a named access entry against "*", and each refusal alone. Fast enough to
 * run under every mutant of the policy-breakglass group (nothing computed while mocha loads it).
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkBreakGlass } from "../../model/config/policy/breakGlass";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** Tier prod (protected), role oncall (per-use, approvers [security]); sre requests, security approves. */
function base(): Any {
  return {
    tiers: [
      {
        name: "prod",
        protected: true,
        deploy: { mode: "github-actions" },
        roles: {
          oncall: { stack: "read", environment: "open", breakGlass: { approvers: ["security"] } },
          deployer: { stack: "read", environment: "read" },
        },
      },
    ],
    teams: [
      { name: "sre", members: ["alice", "bob"], access: { payments: "oncall" } },
      { name: "security", members: ["sam", "sue"], access: {} },
    ],
    projects: [{ name: "payments", tiers: { prod: {} } }],
  };
}
function run(edit: (c: Any) => void = () => undefined): ConfigIssue[] {
  const c = base();
  edit(c);
  const errors: ConfigIssue[] = [];
  checkBreakGlass(policyContext(lenientView(c), errors, []));
  return errors;
}
const tier = (c: Any) => c.tiers[0];
const oncall = (c: Any) => tier(c).roles.oncall;
const bg = (c: Any) => oncall(c).breakGlass;
const BG = "tiers[0].roles.oncall.breakGlass";
const paths = (e: ConfigIssue[]) => e.map((x) => x.path);

describe("bounds: break-glass, unit: which break-glass is checked", () => {
  it("the baseline passes", () => assert.deepEqual(run(), []));

  it("an unprotected tier's break-glass is not checked", () =>
    assert.deepEqual(
      run((c) => {
        tier(c).protected = false;
        bg(c).approvers = [];
        oncall(c).stack = "admin";
      }),
      [],
    ));

  it("a non-object breakGlass is no break-glass", () =>
    assert.deepEqual(
      run((c) => {
        oncall(c).breakGlass = true;
        oncall(c).stack = "admin";
      }),
      [],
    ));

  it("one per-use role per tier: the second is refused, naming the first", () => {
    const errors = run((c) => {
      tier(c).roles.second = {
        stack: "read",
        environment: "open",
        breakGlass: { approvers: ["security"] },
      };
    });
    assert.deepEqual(errors, [
      {
        path: "tiers[0].roles.second.breakGlass",
        message:
          'tier "prod" already has a per-use break-glass role ("oncall"): one per tier, whose teams share ' +
          "the tier's break-glass environment; give both teams that role",
      },
    ]);
    const third = run((c) => {
      tier(c).roles.second = { breakGlass: { approvers: ["security"] } };
      tier(c).roles.third = { breakGlass: { approvers: ["security"] } };
    });
    assert.deepEqual(paths(third), [
      "tiers[0].roles.second.breakGlass",
      "tiers[0].roles.third.breakGlass",
    ]);
    assert.match(third[1].message, /\("oncall"\)/);
  });

  it("a standing role beside a per-use one is not a second per-use role", () =>
    assert.deepEqual(
      run((c) => {
        tier(c).roles.standing = {
          breakGlass: { standing: true, standingJustification: "pager duty" },
        };
      }),
      [],
    ));
});

describe("bounds: break-glass, unit: standing", () => {
  const standing = (extra: Any) => (c: Any) => {
    oncall(c).breakGlass = { standing: true, ...extra };
  };
  it("with a justification and no approvers: accepted (none of the per-use checks)", () =>
    assert.deepEqual(
      run((c) => {
        standing({ standingJustification: "why" })(c);
        oncall(c).stack = "admin";
      }),
      [],
    ));
  it("without a justification: refused at standingJustification", () =>
    assert.deepEqual(run(standing({})), [
      {
        path: `${BG}.standingJustification`,
        message:
          "is required with standing: true: a standing break-glass is usable at any moment without anyone's " +
          "approval. Say why per-use approval cannot work, or remove standing and name approvers",
      },
    ]));
  it("approvers or requiredApprovals with standing: refused at approvers", () => {
    const e = {
      path: `${BG}.approvers`,
      message: "approvers apply to per-use break-glass only; remove them, or remove standing: true",
    };
    assert.deepEqual(run(standing({ standingJustification: "j", approvers: ["security"] })), [e]);
    assert.deepEqual(run(standing({ standingJustification: "j", requiredApprovals: 1 })), [e]);
  });
  it('standing must be exactly true: "true" is per use', () =>
    assert.deepEqual(paths(run(standing({ standing: "true", standingJustification: "j" }))), [
      `${BG}.standingJustification`,
      `${BG}.approvers`,
    ]));
});

describe("bounds: break-glass, unit: per use", () => {
  it("a standingJustification without standing is refused", () =>
    assert.deepEqual(
      run((c) => {
        bg(c).standingJustification = "j";
      }),
      [
        {
          path: `${BG}.standingJustification`,
          message:
            "applies only with standing: true; remove it (this break-glass is approved per use)",
        },
      ],
    ));

  it("maxDuration and its former name maxOpenDuration together are refused; either alone passes", () => {
    assert.deepEqual(
      run((c) => {
        bg(c).maxDuration = "1h";
        bg(c).maxOpenDuration = "1h";
      }),
      [
        {
          path: `${BG}.maxOpenDuration`,
          message: "is the former name of maxDuration; keep only maxDuration",
        },
      ],
    );
    assert.deepEqual(
      run((c) => (bg(c).maxDuration = "1h")),
      [],
    );
    assert.deepEqual(
      run((c) => (bg(c).maxOpenDuration = "1h")),
      [],
    );
  });

  for (const stack of ["write", "admin"])
    it(`stack ${stack} cannot be approved per use`, () =>
      assert.deepEqual(
        run((c) => (oncall(c).stack = stack)),
        [
          {
            path: "tiers[0].roles.oncall.stack",
            message:
              `"${stack}" cannot be approved per use (ESC gates environment opens, not stack updates): use ` +
              '"read" or "none", or declare breakGlass.standing: true with standingJustification',
          },
        ],
      ));
  it("stack read or none passes", () => {
    assert.deepEqual(
      run((c) => (oncall(c).stack = "none")),
      [],
    );
  });

  for (const env of ["write", "admin"])
    it(`environment ${env} on the break-glass environment is refused`, () =>
      assert.deepEqual(
        run((c) => (oncall(c).environment = env)),
        [
          {
            path: "tiers[0].roles.oncall.environment",
            message:
              `"${env}" on the break-glass environment would let a requester change what the approvers approve ` +
              '(its definition, e.g. an import of another environment): use "open"',
          },
        ],
      ));

  it("approvers are required (non-strings do not count), and nothing else is checked without them", () => {
    const required = {
      path: `${BG}.approvers`,
      message:
        "is required: break-glass is approved per use by default, by members of other teams. Name the approver " +
        "teams (e.g. [security]), or declare standing: true with standingJustification",
    };
    for (const approvers of [[], [5, null], undefined])
      assert.deepEqual(
        run((c) => {
          bg(c).approvers = approvers;
          c.projects[0].bootstrap = true;
          c.teams[1].access = { payments: "oncall" };
        }),
        [required],
        JSON.stringify(approvers),
      );
  });
});

describe("bounds: break-glass, unit: approvals reachable", () => {
  const need = (n: unknown, members?: string[], approvers?: string[]) => (c: Any) => {
    if (n !== undefined) bg(c).requiredApprovals = n;
    if (members) c.teams[1].members = members;
    if (approvers) bg(c).approvers = approvers;
  };
  it("exactly as many distinct approvers as required, or one more: accepted", () => {
    assert.deepEqual(run(need(2)), []);
    assert.deepEqual(run(need(1)), []);
  });
  it("one approver too few: refused, with the counts", () =>
    assert.deepEqual(run(need(3)), [
      {
        path: `${BG}.requiredApprovals`,
        message:
          "3 approvals by distinct people are required, but the approver teams (security) have 2 member(s): " +
          "no request could be approved. Lower requiredApprovals or add approvers",
      },
    ]));
  it("the default is one approval: one member is enough", () =>
    assert.deepEqual(run(need(undefined, ["sam"])), []));
  it("a non-number requiredApprovals counts as one", () =>
    assert.deepEqual(run(need("5", ["sam"])), []));
  it("members are people: Sam and sam are one", () =>
    assert.match(run(need(2, ["Sam", "sam"]))[0]?.message ?? "", /have 1 member\(s\)/));
  it("people of every approver team count, the team found whatever its case", () => {
    const c = (x: Any) => {
      x.teams.push({ name: "audit", members: ["ann"], access: {} });
    };
    assert.deepEqual(
      run((x) => {
        c(x);
        need(3, undefined, ["SECURITY", "Audit"])(x);
      }),
      [],
    );
    assert.match(
      run((x) => {
        c(x);
        need(4, undefined, ["security", "audit"])(x);
      })[0].message,
      /^4 approvals .* \(security, audit\) have 3 member\(s\)/,
    );
  });
  it("no approver people at all is reported on its own (not as unreachable approvals)", () =>
    assert.deepEqual(paths(run(need(2, []))), [`${BG}.approvers[0]`]));
});

describe("bounds: break-glass, unit: requesters and self-approval", () => {
  it("an approver team that is not declared", () =>
    assert.deepEqual(
      run((c) => (bg(c).approvers = ["security", "ghosts"])),
      [{ path: `${BG}.approvers[1]`, message: 'team "ghosts" is not declared in teams' }],
    ));
  it("an approver team without members", () =>
    assert.deepEqual(
      run((c) => (c.teams[1].members = [7])),
      [
        {
          path: `${BG}.approvers[0]`,
          message: 'team "security" has no members: nobody could approve a request',
        },
      ],
    ));
  it("the requesting team as its own approver, in another case", () =>
    assert.deepEqual(
      run((c) => (bg(c).approvers = ["SRE"])),
      [
        {
          path: `${BG}.approvers[0]`,
          message:
            'team "SRE" requests this break-glass on payments (teams[0].access.payments): a team cannot approve ' +
            "its own requests. Name another team",
        },
      ],
    ));
  it("an approver sharing a member with a requester, in another case", () =>
    assert.deepEqual(
      run((c) => (c.teams[1].members = ["sam", "Bob"])),
      [
        {
          path: `${BG}.approvers[0]`,
          message:
            'team "security" shares member(s) Bob with requesting team "sre" (teams[0].access.payments): they ' +
            "could approve their own request. Remove them from one team or name another approver team",
        },
      ],
    ));
  it('a requester through "*" counts; a named entry beats "*"', () => {
    const viaStar = run((c) => {
      c.teams[0].access = { "*": "oncall" };
      c.teams[1].members = ["alice"];
    });
    assert.deepEqual(paths(viaStar), [`${BG}.approvers[0]`]);
    assert.match(viaStar[0].message, /\(teams\[0\]\.access\["\*"\]\)/);
    assert.deepEqual(
      run((c) => {
        c.teams[0].access = { "*": "oncall", payments: "deployer" };
        c.teams[1].members = ["alice"];
      }),
      [],
    );
  });
  it("no requester on a project: none of its checks", () =>
    assert.deepEqual(
      run((c) => {
        c.teams[0].access = { other: "oncall" };
        c.projects[0].bootstrap = true;
        c.teams[1].members = ["alice"];
      }),
      [],
    ));
  it("an unnamed team requests nothing", () =>
    assert.deepEqual(
      run((c) => {
        c.teams.push({ members: ["sam"], access: { payments: "oncall" } });
      }),
      [],
    ));
  it("a project that does not use the tier is not checked", () =>
    assert.deepEqual(
      run((c) => {
        c.projects[0].tiers = { staging: {} };
        c.projects[0].bootstrap = true;
      }),
      [],
    ));
});

describe("bounds: break-glass, unit: lenient reads", () => {
  it("non-string members are skipped; several shared members are all named", () =>
    assert.deepEqual(
      run((c) => {
        c.teams[0].members = [7, "alice", "bob"];
        c.teams[1].members = ["Alice", null, "Bob"];
      }),
      [
        {
          path: `${BG}.approvers[0]`,
          message:
            'team "security" shares member(s) Alice, Bob with requesting team "sre" (teams[0].access.payments): they ' +
            "could approve their own request. Remove them from one team or name another approver team",
        },
      ],
    ));
  it("an unnamed team is skipped when approver teams are looked up", () =>
    assert.deepEqual(
      run((c) => {
        c.teams.unshift({ members: ["zed"], access: {} });
        bg(c).requiredApprovals = 2;
      }),
      [],
    ));
  it('an unnamed project reached through "*": checked without a name', () =>
    assert.deepEqual(
      run((c) => {
        delete c.projects[0].name;
        c.teams[0].access = { "*": "oncall" };
        c.teams[1].members = ["alice"];
      }).map((e) => e.path),
      [`${BG}.approvers[0]`],
    ));
  it("the project is found by name among several", () =>
    assert.deepEqual(
      run((c) => {
        c.projects.unshift({ name: "ledger", tiers: { prod: {} } });
        c.projects[1].bootstrap = true;
      }).map((e) => e.path),
      ["teams[0].access.payments"],
    ));
  it("without a requester no break-glass environment exists, so no name clashes with it", () =>
    assert.deepEqual(
      run((c) => {
        c.teams[0].access = {};
        c.projects[0].tiers["prod-breakglass"] = {};
      }),
      [],
    ));
});

describe("bounds: break-glass, unit: the bootstrap, sidesteps, environment names", () => {
  it("break-glass on the bootstrap's project is refused at each requesting team", () =>
    assert.deepEqual(
      run((c) => {
        c.projects[0].bootstrap = true;
        c.teams.push({ name: "ops", members: ["olga"], access: { payments: "oncall" } });
      }),
      ["teams[0].access.payments", "teams[2].access.payments"].map((path) => ({
        path,
        message:
          "break-glass reaches the bootstrap's environment (payments, tiers[0].roles.oncall.breakGlass): it holds " +
          "the GitHub App key and only organization admins open it. Give this team a role without breakGlass on payments",
      })),
    ));

  const standingRole =
    (environment: string, standing: unknown = true) =>
    (c: Any) => {
      tier(c).roles.keeper = {
        stack: "read",
        environment,
        breakGlass: { standing, standingJustification: "j" },
      };
      c.teams.push({ name: "keepers", members: ["Alice"], access: { payments: "keeper" } });
    };
  it("every shared member of a sidestepping team is named", () =>
    assert.match(
      run((c) => {
        standingRole("open")(c);
        c.teams[2].members = ["Alice", "bob", 3];
      })[0]?.message ?? "",
      /^member\(s\) Alice, bob of this team also request/,
    ));
  for (const env of ["open", "write", "admin"])
    it(`a requester holding standing ${env} through another role sidesteps the approval`, () =>
      assert.deepEqual(run(standingRole(env)), [
        {
          path: "teams[2].access.payments",
          message:
            'member(s) Alice of this team also request break-glass "oncall" on payments/prod, but hold standing ' +
            `${env} here through role "keeper": the approval would be sidestepped. Remove them from one team`,
        },
      ]));
  it("standing read, or a per-use other role, is no sidestep; nor a standing role nobody shares", () => {
    assert.deepEqual(run(standingRole("read")), []);
    assert.deepEqual(
      run((c) => {
        standingRole("open")(c);
        c.teams[2].members = ["carol"];
      }),
      [],
    );
    // The other role per use is the one-per-tier error, not a sidestep.
    assert.deepEqual(paths(run(standingRole("open", false))), [
      "tiers[0].roles.keeper.breakGlass",
      "tiers[0].roles.keeper.breakGlass.standingJustification",
      "tiers[0].roles.keeper.breakGlass.approvers",
    ]);
  });

  it("an environment of the project named like the break-glass environment, any case", () => {
    assert.deepEqual(
      run((c) => (c.projects[0].tiers.staging = { environment: "PROD-breakglass" })),
      [
        {
          path: "projects[0].tiers.staging.environment",
          message:
            "payments/PROD-breakglass is the break-glass environment of tiers[0].roles.oncall.breakGlass: its open " +
            "gate would stop the pipeline that opens it (a gated open without an approved request fails). Rename the environment",
        },
      ],
    );
    assert.deepEqual(paths(run((c) => (c.projects[0].tiers["prod-breakglass"] = {}))), [
      "projects[0].tiers.prod-breakglass",
    ]);
  });
  it("the break-glass environment follows the tier entry's own environment name", () => {
    const live = (c: Any) => (c.projects[0].tiers.prod = { environment: "live" });
    assert.deepEqual(
      run((c) => {
        live(c);
        c.projects[0].tiers.staging = { environment: "prod-breakglass" };
      }),
      [],
    );
    assert.deepEqual(
      paths(
        run((c) => {
          live(c);
          c.projects[0].tiers.staging = { environment: "live-breakglass" };
        }),
      ),
      ["projects[0].tiers.staging.environment"],
    );
  });
  it("another project's environment of that name is its own (not reported)", () =>
    assert.deepEqual(
      run((c) =>
        c.projects.push({ name: "ledger", tiers: { staging: { environment: "prod-breakglass" } } }),
      ),
      [],
    ));
  it("a second entry of the same project name, another case, is checked too", () =>
    assert.deepEqual(
      paths(
        run((c) =>
          c.projects.push({ name: "Payments", tiers: { x: { environment: "prod-breakglass" } } }),
        ),
      ),
      ["projects[1].tiers.x.environment"],
    ));
});
