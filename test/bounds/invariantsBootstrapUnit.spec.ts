/**
 * The bootstrap invariants (model/invariants/bootstrap.ts) called directly over the prod example's
 * config and model, one thing changed at a time: stack readers and environment openers of the
 * bootstrap project who are not organization admins (error; high warning when no admin is declared
 * or the role is break-glass), teams reaching it through "*", organization defaults and custom
 * roles that reach it. Exact errors and warnings; fast enough to run under every mutant.
 */
import assert from "node:assert/strict";
import { buildAccessModel } from "../../model/access";
import type { ConfigIssue, Finding } from "../../model/config";
import { checkBootstrapStackReaders } from "../../model/invariants/bootstrap";
import { exampleConfig } from "../support/examples";

const base = exampleConfig("prod");
const model0 = buildAccessModel(base.config, base.warnings);
const BREAK_GLASS = {
  justification: "incident",
  approvers: ["security"],
  requiredApprovals: 1,
  maxDuration: "1h",
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function check(edit: (c: any, m: any) => void): { errors: ConfigIssue[]; warnings: Finding[] } {
  const config = structuredClone(base.config);
  const model = structuredClone(model0);
  edit(config, model);
  const errors: ConfigIssue[] = [];
  const warnings: Finding[] = [];
  checkBootstrapStackReaders(config, model, errors, warnings);
  return { errors, warnings };
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const platformGrant = (m: any) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  m.grants.find((g: any) => g.project === "secure-org" && g.team === "platform");

const STACK_WHAT = (others: string, declared = "") =>
  `role "maintainer" gives team platform stack read on the bootstrap's stack secure-org/prod, and ${others} no ` +
  `organization admin${declared}: stack read decrypts that stack's state, which holds the GitHub App key ` +
  "the program deploys with (organization-wide GitHub administration) and every webhook secret";
const ENV_WHAT = (level: string, others: string, declared = "") =>
  `role "maintainer" gives team platform environment ${level} on the bootstrap's environment secure-org/prod, and ` +
  `${others} no organization admin${declared}: it holds the GitHub App key the program deploys with`;
const STACK_PATH = "tiers[2].roles.maintainer.stack";
const ENV_PATH = "tiers[2].roles.maintainer.environment";

describe("bounds: the bootstrap's stack readers, unit", () => {
  it("the example: both platform members are organization admins, nothing to report", () =>
    assert.deepEqual(
      check(() => undefined),
      { errors: [], warnings: [] },
    ));

  it("one member who is no admin: an error at the tier role, naming that member", () =>
    assert.deepEqual(
      check((c) => (c.admins = ["alice"])),
      {
        errors: [
          {
            path: STACK_PATH,
            message:
              `${STACK_WHAT("bob is")}. Give team platform a role with stack "none" on project secure-org ` +
              '(teams[].access: { "secure-org": <role> }), keep it to organization admins, or declare ' +
              "roles.maintainer.breakGlass with a justification",
          },
        ],
        warnings: [],
      },
    ));

  it("no admin declared: a high warning (they may be admins), both members named", () =>
    assert.deepEqual(
      check((c) => (c.admins = [])),
      {
        errors: [],
        warnings: [
          {
            severity: "high",
            code: "bootstrap-stack-read",
            path: STACK_PATH,
            message: `${STACK_WHAT("alice, bob are", " declared")}, unless they are organization admins, which this config cannot tell: declare secure-org:admins`,
          },
        ],
      },
    ));

  it("a break-glass role: a high warning saying break-glass", () =>
    assert.deepEqual(
      check((c) => {
        c.admins = ["zoe"];
        c.roles.maintainer.breakGlass = BREAK_GLASS;
      }),
      {
        errors: [],
        warnings: [
          {
            severity: "high",
            code: "bootstrap-stack-read",
            path: STACK_PATH,
            message: `break-glass: ${STACK_WHAT("alice, bob are")}`,
          },
        ],
      },
    ));

  it("reported once per role and team, however many stacks", () =>
    assert.equal(
      check((c, m) => {
        c.admins = ["alice"];
        m.grants.push({ ...platformGrant(m), stack: "prod2" });
      }).errors.length,
      1,
    ));

  it("no report for stack none, a team the config does not have, or a grant without a role", () => {
    for (const edit of [
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (m: any) => (platformGrant(m).stackPermission = "none"),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (m: any) => (platformGrant(m).team = "ghost"),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (m: any) => (platformGrant(m).role = undefined),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (m: any) => (platformGrant(m).identity = "machine"),
    ])
      assert.deepEqual(
        check((c, m) => {
          c.admins = ["alice"];
          edit(m);
        }),
        { errors: [], warnings: [] },
        edit.toString(),
      );
  });

  it("no bootstrap project: nothing is checked", () =>
    assert.deepEqual(
      check((c) => {
        c.admins = [];
        c.defaults.stackPermission = "read";
        for (const p of c.projects) p.bootstrap = false;
      }),
      { errors: [], warnings: [] },
    ));
});

describe("bounds: the bootstrap's environment openers, unit", () => {
  const opens = (level: string) => (_c: unknown, m: unknown) =>
    (platformGrant(m).environmentPermission = level);

  for (const level of ["open", "write", "admin"])
    it(`environment ${level} by a member who is no admin: an error at the tier role's environment`, () =>
      assert.deepEqual(
        check((c, m) => {
          opens(level)(c, m);
          c.admins = ["alice"];
        }).errors[0],
        {
          path: ENV_PATH,
          message:
            `${ENV_WHAT(level, "bob is")}. Give team platform a role with environment "none" or "read" on project ` +
            'secure-org (teams[].access: { "secure-org": <role> }), keep it to organization admins, or declare ' +
            "the tier role's breakGlass with a justification",
        },
      ));

  it("environment read: not an opener", () =>
    assert.deepEqual(
      check((c) => (c.admins = ["alice"])).errors.map((e) => e.path),
      [STACK_PATH],
    ));

  it("no admin declared: a high warning asking for admins", () =>
    assert.deepEqual(
      check((c, m) => {
        opens("open")(c, m);
        c.admins = [];
      }).warnings[0],
      {
        severity: "high",
        code: "bootstrap-environment-open",
        path: ENV_PATH,
        message: `${ENV_WHAT("open", "alice, bob are", " declared")}; declare secure-org:admins`,
      },
    ));

  it("the tier role's break-glass: a high warning saying break-glass", () =>
    assert.deepEqual(
      check((c, m) => {
        opens("open")(c, m);
        c.admins = ["zoe"];
        c.tiers[2].roles.maintainer.breakGlass = BREAK_GLASS;
      }),
      {
        errors: [
          {
            path: STACK_PATH,
            message:
              `${STACK_WHAT("alice, bob are")}. Give team platform a role with stack "none" on project secure-org ` +
              '(teams[].access: { "secure-org": <role> }), keep it to organization admins, or declare ' +
              "roles.maintainer.breakGlass with a justification",
          },
        ],
        warnings: [
          {
            severity: "high",
            code: "bootstrap-environment-open",
            path: ENV_PATH,
            message: `break-glass: ${ENV_WHAT("open", "alice, bob are")}`,
          },
        ],
      },
    ));

  it("every member an admin, a team the config does not have, or a duplicate: no second report", () => {
    assert.deepEqual(check(opens("open")), { errors: [], warnings: [] });
    assert.deepEqual(
      check((c, m) => {
        opens("open")(c, m);
        c.admins = ["alice"];
        c.roles.maintainer.breakGlass = BREAK_GLASS;
        m.grants.push({ ...platformGrant(m), stack: "prod2" });
      }).errors.map((e) => e.path),
      [ENV_PATH],
    );
    assert.deepEqual(
      check((c, m) => {
        opens("open")(c, m);
        c.admins = ["alice"];
        platformGrant(m).team = "ghost";
      }),
      { errors: [], warnings: [] },
    );
  });
});

describe('bounds: the bootstrap reached through "*", unit', () => {
  it('a team whose access reaches it only through "*": one error at the team\'s access', () =>
    assert.deepEqual(
      check((c, m) => {
        delete c.teams[0].access["secure-org"];
        m.grants.push({ ...platformGrant(m), stack: "prod2" });
      }).errors,
      [
        {
          path: "teams[0].access",
          message:
            '"*": maintainer reaches the bootstrap project secure-org: stack read on secure-org/prod and environment read on ' +
            "secure-org/prod, whose state and environment hold the GitHub App key the program deploys with. A route to " +
            'the bootstrap is named, never reached through "*": add "secure-org": <role> to this access (a role with stack ' +
            "and environment none on that tier keeps the team out)",
        },
      ],
    ));
});

describe("bounds: organization defaults and custom roles reaching the bootstrap, unit", () => {
  const where = "the bootstrap's stack secure-org/prod and environment secure-org/prod";
  it("default stack read and environment read: one error each, at the default", () =>
    assert.deepEqual(
      check((c) => {
        c.defaults.stackPermission = "read";
        c.defaults.environmentPermission = "read";
      }).errors,
      [
        {
          path: "defaults.stackPermission",
          message: `"read" gives every organization member stack read (which decrypts its state, the GitHub App key among it) on ${where}: a route to the bootstrap is named, never reached by everyone. Set it to "none" and grant teams what they need`,
        },
        {
          path: "defaults.environmentPermission",
          message: `"read" gives every organization member environment read on ${where}: a route to the bootstrap is named, never reached by everyone. Set it to "none" and grant teams what they need`,
        },
      ],
    ));

  const role = (
    globalScopes: string[],
    environments: { project: string; name: string }[] = [],
  ) => ({
    key: "x",
    name: "x",
    description: "",
    globalScopes,
    environmentScopes: ["environment:read"],
    environments,
    defaultDeploymentRole: false,
  });
  const roleErrors = (r: ReturnType<typeof role>) =>
    check((_c, m) => m.roles.push(r)).errors.map((e) => [e.path, e.message]);

  it("a custom role with organization-wide stack or environment scopes (not :create)", () => {
    assert.deepEqual(
      roleErrors(
        role(["stack:read", "stack:create", "stacks_x:write", "environment:open", "team:read"]),
      ),
      [
        [
          "defaults.customRoles",
          `custom role "x" grants stack:read, stacks_x:write, environment:open organization-wide, a route to ${where} that no team names`,
        ],
      ],
    );
    for (const scopes of [
      ["stack:create"],
      ["environment:create"],
      ["x_stack:read"],
      ["audit_logs:read"],
    ])
      assert.deepEqual(roleErrors(role(scopes)), [], scopes.join());
  });

  it("a custom role that pins the bootstrap's environment (only that exact one)", () => {
    assert.deepEqual(roleErrors(role(["stack:read"], [{ project: "secure-org", name: "prod" }])), [
      [
        "defaults.customRoles",
        `custom role "x" pins the bootstrap's environment, a route to ${where} that no team names`,
      ],
    ]);
    for (const e of [
      { project: "secure-org", name: "prod-cloud" },
      { project: "web", name: "prod" },
    ])
      assert.deepEqual(roleErrors(role([], [e])), [], JSON.stringify(e));
  });
});
