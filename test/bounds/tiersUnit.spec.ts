/**
 * Tiers (model/config/policy/tiers.ts), called directly over a small lenient view: a protected
 * github-actions tier that passes, then one thing changed per test, with the exact errors and
 * warnings. Elevated grants with and without break-glass, the break-glass duration bound exactly
 * at, one over and one under its cap, the deploy settings each alone, approvers, drift detection
 * and pull-request previews per mode and CI. Fast enough to run under every mutant of the
 * policy-tiers group (nothing is computed while mocha loads this file).
 */
import assert from "node:assert/strict";
import type { Any } from "./tiersUnitSupport";
import { run, tier, deploy, role, NONE, errorsOf, pathsOf, R } from "./tiersUnitSupport";

describe("bounds: tiers, unit: roles on a protected tier", () => {
  it("the baseline passes", () => assert.deepEqual(run(), NONE));

  for (const stack of ["write", "admin"])
    it(`stack ${stack} without break-glass is refused`, () =>
      assert.deepEqual(
        errorsOf((c) => (role(c).stack = stack)),
        [
          {
            path: `${R}.stack`,
            message:
              `"${stack}" is not allowed on a protected tier: only the pipeline deploys there. ` +
              'Use "read" or "none", or declare roles.deployer.breakGlass with a justification',
          },
        ],
      ));

  for (const env of ["open", "write", "admin"])
    it(`environment ${env} without break-glass is refused`, () =>
      assert.deepEqual(
        errorsOf((c) => (role(c).environment = env)),
        [
          {
            path: `${R}.environment`,
            message:
              `"${env}" is not allowed on a protected tier: it decrypts or changes prod secrets. ` +
              'Use "read" or "none", or declare roles.deployer.breakGlass with a justification',
          },
        ],
      ));

  it("environment read is allowed; stack read is a medium warning", () => {
    assert.deepEqual(
      run((c) => (role(c).environment = "read")),
      NONE,
    );
    assert.deepEqual(
      run((c) => (role(c).stack = "read")),
      {
        errors: [],
        warnings: [
          {
            severity: "medium",
            code: "protected-stack-read",
            path: `${R}.stack`,
            message:
              'role "deployer" has stack read on protected tier "prod": stack read decrypts the stack\'s secret ' +
              'config. Use "none" unless the role must see outputs',
          },
        ],
      },
    );
  });

  it("an elevated grant without break-glass, or break-glass without one: no break-glass finding", () => {
    for (const edit of [
      (c: Any) => (role(c).stack = "write"),
      (c: Any) => (role(c).environment = "admin"),
      (c: Any) => (role(c).breakGlass = { approvers: ["release"] }),
    ])
      assert.deepEqual(run(edit).warnings, []);
  });

  it("a non-object break-glass on an elevated role: a per-use finding naming no approver", () =>
    assert.match(
      run((c) => {
        role(c).stack = "write";
        role(c).breakGlass = true;
      }).warnings[0]?.message ?? "",
      /^break-glass per use: role "deployer" may request stack "write" .* each use approved by $/,
    ));

  it("standing break-glass on two grants names both", () =>
    assert.match(
      run((c) => {
        role(c).stack = "admin";
        role(c).environment = "write";
        role(c).breakGlass = { standing: true, maxDuration: "1h" };
      }).warnings[0]?.message ?? "",
      /holds stack "admin" and environment "write" on protected tier "prod" at any moment/,
    ));

  it("break-glass on a role with nothing elevated is refused", () =>
    assert.deepEqual(
      errorsOf((c) => (role(c).breakGlass = { approvers: ["release"] })),
      [
        {
          path: `${R}.breakGlass`,
          message: "this role holds no elevated permission; remove breakGlass",
        },
      ],
    ));

  it("per-use break-glass: an info finding naming the grants and the approvers", () =>
    assert.deepEqual(
      run((c) => {
        role(c).stack = "admin";
        role(c).environment = "open";
        role(c).breakGlass = { approvers: ["security", "audit"], maxDuration: "1h" };
      }),
      {
        errors: [],
        warnings: [
          {
            severity: "info",
            code: "break-glass-per-use",
            path: R,
            message:
              'break-glass per use: role "deployer" may request stack "admin" and environment "open" on protected ' +
              'tier "prod"\'s break-glass environment, each use approved by security, audit',
          },
        ],
      },
    ));

  it("per-use break-glass without an approver list names none", () =>
    assert.match(
      run((c) => {
        role(c).stack = "write";
        role(c).breakGlass = { approvers: "security" };
      }).warnings[0].message,
      /environment, each use approved by $/,
    ));

  it("standing break-glass: a high finding", () =>
    assert.deepEqual(
      run((c) => {
        role(c).stack = "write";
        role(c).breakGlass = { standing: true };
      }),
      {
        errors: [],
        warnings: [
          {
            severity: "high",
            code: "break-glass",
            path: R,
            message:
              'standing break-glass: role "deployer" holds stack "write" on protected tier "prod" at any moment, without approval',
          },
        ],
      },
    ));

  it("on an unprotected tier: break-glass refused, elevated grants not", () => {
    assert.deepEqual(
      errorsOf((c) => {
        tier(c).protected = false;
        role(c).stack = "admin";
        role(c).breakGlass = { standing: true };
      }),
      [
        {
          path: `${R}.breakGlass`,
          message: "break-glass only applies to protected tiers; remove it",
        },
      ],
    );
    assert.deepEqual(
      run((c) => {
        tier(c).protected = false;
        role(c).stack = "admin";
        role(c).environment = "admin";
      }),
      NONE,
    );
  });
});

describe("bounds: tiers, unit: the break-glass duration bound", () => {
  const open = (bg: Any, cap?: string) => (c: Any) => {
    role(c).environment = "open";
    role(c).breakGlass = { approvers: ["release"], ...bg };
    if (cap !== undefined) c.defaults = { maxBreakGlassDuration: cap };
  };
  const longer = (path: string, declared: string, cap: string) => ({
    path: `${R}.breakGlass.${path}`,
    message: `"${declared}" is longer than defaults.maxBreakGlassDuration ("${cap}"); shorten it, or raise the cap (24h at most)`,
  });
  it("an elevated environment grant needs a bound, naming the cap", () => {
    assert.deepEqual(errorsOf(open({})), [
      {
        path: `${R}.breakGlass.maxDuration`,
        message:
          'is required: environment "open" is an elevated grant, and each open session needs a bound ' +
          '(e.g. "1h"; at most defaults.maxBreakGlassDuration, 24h)',
      },
    ]);
    assert.match(errorsOf(open({}, "2h"))[0].message, /maxBreakGlassDuration, 2h\)$/);
  });
  it("a stack-only elevated grant needs no bound", () =>
    assert.deepEqual(
      errorsOf((c) => {
        role(c).stack = "admin";
        role(c).breakGlass = { standing: true };
      }),
      [],
    ));
  it("at the cap, and one minute under: accepted; one minute over: refused", () => {
    assert.deepEqual(errorsOf(open({ maxDuration: "2h" }, "2h")), []);
    assert.deepEqual(errorsOf(open({ maxDuration: "119m" }, "2h")), []);
    assert.deepEqual(errorsOf(open({ maxDuration: "121m" }, "2h")), [
      longer("maxDuration", "121m", "2h"),
    ]);
  });
  it("the default cap is 24h: 24h passes, 24h1m does not", () => {
    assert.deepEqual(errorsOf(open({ maxDuration: "24h" })), []);
    assert.deepEqual(errorsOf(open({ maxDuration: "24h1m" })), [
      longer("maxDuration", "24h1m", "24h"),
    ]);
  });
  it("the former name maxOpenDuration is the bound when maxDuration is absent", () => {
    assert.deepEqual(errorsOf(open({ maxOpenDuration: "1h" })), []);
    assert.deepEqual(errorsOf(open({ maxOpenDuration: "3h" }, "2h")), [
      longer("maxOpenDuration", "3h", "2h"),
    ]);
    assert.deepEqual(errorsOf(open({ maxOpenDuration: "3h", maxDuration: "1h" }, "2h")), []);
  });
  it("an unreadable bound or cap is the schema's business here (no comparison)", () => {
    assert.deepEqual(errorsOf(open({ maxDuration: "soon" }, "2h")), []);
    assert.deepEqual(errorsOf(open({ maxDuration: "3h" }, "never")), []);
    assert.deepEqual(errorsOf(open({ maxDuration: 300 }, "2h")), []);
  });
  it("a non-object break-glass has no bound to check", () =>
    assert.deepEqual(
      errorsOf((c) => {
        role(c).environment = "open";
        role(c).breakGlass = true;
      }),
      [],
    ));
});

describe("bounds: tiers, unit: deploy mode, branch, approvers", () => {
  it("direct on a protected tier is refused (with the settings only pipelines take)", () =>
    assert.deepEqual(
      errorsOf((c) => {
        deploy(c).mode = "direct";
        deploy(c).requiredApprovals = 1;
      }),
      [
        {
          path: "tiers[0].deploy.mode",
          message:
            '"direct" is not allowed on a protected tier: use "github-actions" or "pulumi-deployments"',
        },
        {
          path: "tiers[0].deploy.approvers",
          message:
            'approvers need a pipeline; set deploy.mode to "github-actions" or "pulumi-deployments"',
        },
        {
          path: "tiers[0].deploy.requiredApprovals",
          message: "requiredApprovals needs a pipeline with approvers",
        },
        {
          path: "tiers[0].deploy.branch",
          message: 'a branch only applies to pipeline modes; remove it for "direct"',
        },
      ],
    ));
  it("direct on an unprotected tier without pipeline settings passes; no mode at all is not direct", () => {
    const unprotectedDirect = (c: Any) => {
      tier(c).protected = false;
      c.tiers[0].deploy = { mode: "direct" };
    };
    assert.deepEqual(run(unprotectedDirect), NONE);
    assert.deepEqual(
      pathsOf((c) => {
        tier(c).protected = false;
        c.tiers[0].deploy = { approvers: ["release"], branch: "x", requiredApprovals: 1 };
      }),
      [],
    );
  });
  it("a protected pipeline without any branch: only that error", () =>
    assert.deepEqual(
      errorsOf((c) => delete deploy(c).branch),
      [
        {
          path: "tiers[0].deploy.branch",
          message: 'is required for deploy mode "github-actions" (the branch it deploys from)',
        },
      ],
    ));
  it("requiredApprovals with approvers is fine", () =>
    assert.deepEqual(
      errorsOf((c) => (deploy(c).requiredApprovals = 2)),
      [],
    ));
  it("the approver team itself is the one whose githubMembers count", () => {
    const two = (c: Any) =>
      c.teams.unshift({ name: "ops", members: ["o"], githubMembers: ["o-gh"], access: {} });
    assert.deepEqual(
      errorsOf((c) => {
        two(c);
        delete c.teams[1].githubMembers;
      }).map((e) => e.path),
      ["tiers[0].deploy.approvers[0]"],
    );
    assert.deepEqual(
      errorsOf((c) => {
        two(c);
        delete c.teams[0].githubMembers;
      }),
      [],
    );
  });
  it("a pipeline needs a branch", () => {
    for (const mode of ["github-actions", "pulumi-deployments"])
      assert.deepEqual(
        errorsOf((c) => {
          deploy(c).mode = mode;
          deploy(c).branch = "";
        }),
        [
          {
            path: "tiers[0].deploy.branch",
            message: `is required for deploy mode "${mode}" (the branch it deploys from)`,
          },
        ],
        mode,
      );
  });
  it("a protected tier's branch must not contain '.'; an unprotected one may", () => {
    assert.deepEqual(
      errorsOf((c) => (deploy(c).branch = "release/1.0")),
      [
        {
          path: "tiers[0].deploy.branch",
          message:
            "\"release/1.0\" contains '.', which an OIDC rule matches as any character, so the deploy identity's ref " +
            "rule would also match other, unprotected branches. Deploy protected tiers from a branch name without '.'",
        },
      ],
    );
    assert.deepEqual(
      errorsOf((c) => {
        tier(c).protected = false;
        deploy(c).branch = "release/1.0";
      }),
      [],
    );
  });
  it("a protected pipeline tier needs an approver team; an unprotected one does not", () => {
    assert.deepEqual(
      errorsOf((c) => (deploy(c).approvers = [])),
      [
        {
          path: "tiers[0].deploy.approvers",
          message: "a protected tier needs at least one approver team",
        },
      ],
    );
    assert.deepEqual(
      errorsOf((c) => {
        tier(c).protected = false;
        deploy(c).approvers = [];
      }),
      [],
    );
  });
  it("requiredApprovals without approvers on a pipeline: who may approve?", () =>
    assert.deepEqual(
      errorsOf((c) => {
        tier(c).protected = false;
        deploy(c).approvers = [];
        deploy(c).requiredApprovals = 1;
      }),
      [
        {
          path: "tiers[0].deploy.requiredApprovals",
          message: "set deploy.approvers too: who may approve?",
        },
      ],
    ));
  it("an approver must be a declared team, named exactly", () =>
    assert.deepEqual(
      errorsOf((c) => (deploy(c).approvers = ["release", "Release", 5])),
      [
        {
          path: "tiers[0].deploy.approvers[1]",
          message: 'unknown team "Release"; declared teams: "release"',
        },
        { path: "tiers[0].deploy.approvers[1]", message: 'duplicate approver "Release"' },
      ],
    ));
  it("under GitHub Actions an approver team needs githubMembers; under Deployments it does not", () => {
    const noGithub = (c: Any) => delete c.teams[0].githubMembers;
    assert.deepEqual(errorsOf(noGithub), [
      {
        path: "tiers[0].deploy.approvers[0]",
        message:
          'team "release" has no githubMembers: GitHub environment reviewers must be GitHub teams. Add githubMembers to that team',
      },
    ]);
    assert.deepEqual(
      errorsOf((c) => {
        noGithub(c);
        deploy(c).mode = "pulumi-deployments";
      }),
      [],
    );
    // Started over the REST API from a GitHub Actions job, the deploy job runs in the tier's GitHub
    // environment too, whose reviewers are these teams.
    assert.deepEqual(
      errorsOf((c) => {
        noGithub(c);
        deploy(c).mode = "pulumi-deployments";
        deploy(c).trigger = "api";
      }).map((e) => e.path),
      ["tiers[0].deploy.approvers[0]"],
    );
    assert.deepEqual(
      errorsOf((c) => {
        noGithub(c);
        c.projects[0].tiers.prod = { ci: "gitlab" };
      }),
      [],
    );
    assert.deepEqual(
      errorsOf((c) => {
        noGithub(c);
        c.projects = [];
      }),
      [],
    );
  });
  it("an approver listed twice, whatever the case", () =>
    assert.deepEqual(
      errorsOf((c) => {
        c.teams.push({ name: "Ops", members: ["o"], githubMembers: ["o"], access: {} });
        deploy(c).approvers = ["release", "Ops", "release"];
      }),
      [{ path: "tiers[0].deploy.approvers[2]", message: 'duplicate approver "release"' }],
    ));
});
