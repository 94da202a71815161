/**
 * Bounds of the bootstrap invariants (model/invariants/bootstrap.ts), at the config level
 * (loadOrgConfig, no plan): stack `none` on the bootstrap's stack is accepted and `read`, one over,
 * is refused once a member of the team is no organization admin; environment `read` is accepted and
 * break-glass `open` is reported high; with no admins declared stack read is reported high, with
 * break-glass reported high and marked so; `"*"` that reaches the bootstrap and org defaults above
 * `none` are refused. Every message is checked whole once, so a dropped clause is caught.
 */
import assert from "node:assert/strict";
import type { ConfigIssue, Finding } from "../../model/config";
import { loadOrgConfig } from "../../model/load";
import { entriesOf, exampleDoc, key, StackDoc } from "../support/examples";

function load(edit: (d: StackDoc) => void): { errors: ConfigIssue[]; warnings: Finding[] } {
  const doc = exampleDoc("prod");
  edit(doc);
  const r = loadOrgConfig(entriesOf(doc));
  return r.ok ? { errors: [], warnings: r.warnings } : { errors: r.errors, warnings: [] };
}
const boot = (w: Finding[]) =>
  w
    .filter((x) => x.code.startsWith("bootstrap-"))
    .map((x) => [x.code, x.severity, x.path, x.message]);
const STATE =
  "stack read decrypts that stack's state, which holds the GitHub App key the program deploys with " +
  "(organization-wide GitHub administration) and every webhook secret";

describe("bounds: stack permission on the bootstrap's stack", () => {
  it("the example (the platform team, all organization admins, reads it) is accepted, nothing reported", () => {
    const { errors, warnings } = load(() => undefined);
    assert.deepEqual(errors, []);
    assert.deepEqual(boot(warnings), []);
  });

  it("one member demoted from admin: refused, naming that member and the fix", () => {
    const { errors } = load((d) => (d.config["secure-org:admins"] = ["alice"]));
    assert.deepEqual(
      errors.map((e) => [e.path, e.message]),
      [
        [
          "tiers[2].roles.maintainer.stack",
          `role "maintainer" gives team platform stack read on the bootstrap's stack secure-org/prod, and bob is no organization admin: ${STATE}. ` +
            'Give team platform a role with stack "none" on project secure-org (teams[].access: { "secure-org": <role> }), keep it to organization admins, or declare roles.maintainer.breakGlass with a justification',
        ],
      ],
    );
  });

  it("the same team with stack none on the bootstrap's tier is accepted (the bound)", () => {
    const { errors } = load((d) => {
      d.config["secure-org:admins"] = ["alice"];
      d.config[key.tiers][2].roles.maintainer.stack = "none";
    });
    assert.deepEqual(
      errors.filter((e) => /bootstrap/.test(e.message)),
      [],
    );
  });

  it("two non-admins are named together (are, not is)", () => {
    const { errors } = load((d) => {
      d.config["secure-org:admins"] = ["alice"];
      d.config[key.teams][0].members.push("mallory");
    });
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].message, /, and bob, mallory are no organization admin: /);
  });

  it("no admins declared: reported high (nobody can tell), not refused", () => {
    const { errors, warnings } = load((d) => delete d.config["secure-org:admins"]);
    assert.deepEqual(errors, []);
    assert.deepEqual(boot(warnings), [
      [
        "bootstrap-stack-read",
        "high",
        "tiers[2].roles.maintainer.stack",
        `role "maintainer" gives team platform stack read on the bootstrap's stack secure-org/prod, and alice, bob are no organization admin declared: ${STATE}, ` +
          "unless they are organization admins, which this config cannot tell: declare secure-org:admins",
      ],
    ]);
  });

  it("break-glass on the role: accepted, reported high as break-glass", () => {
    const { errors, warnings } = load((d) => {
      d.config["secure-org:admins"] = ["alice"];
      d.config[key.roles].maintainer = {
        ...d.config[key.roles].maintainer,
        breakGlass: {
          justification: "Platform reads the bootstrap state during recovery (PLAT-3)",
        },
      };
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(boot(warnings), [
      [
        "bootstrap-stack-read",
        "high",
        "tiers[2].roles.maintainer.stack",
        `break-glass: role "maintainer" gives team platform stack read on the bootstrap's stack secure-org/prod, and bob is no organization admin: ${STATE}`,
      ],
    ]);
  });
});

describe("bounds: environment permission on the bootstrap's environment", () => {
  it("read by a team with a non-admin member is accepted (open on a protected tier is refused by the tier policy first)", () => {
    const read = load((d) => (d.config["secure-org:admins"] = ["alice"]));
    assert.deepEqual(
      read.errors.filter((e) => e.path.endsWith(".environment")),
      [],
    );
  });

  it("break-glass open on the tier role (the on-call team naming the bootstrap): per use refused, standing reported high", () => {
    const naming = (d: StackDoc) =>
      (d.config[key.teams][4].access = {
        payments: "oncall",
        web: "oncall",
        "secure-org": "oncall",
      });
    // Issue 28: per use (the default), break-glass never reaches the bootstrap.
    assert.deepEqual(
      load(naming).errors.map((e) => [e.path, e.message]),
      [
        [
          "teams[4].access.secure-org",
          "break-glass reaches the bootstrap's environment (secure-org, tiers[2].roles.oncall.breakGlass): it holds the GitHub App key and only organization admins open it. Give this team a role without breakGlass on secure-org",
        ],
      ],
    );
    // Declared standing (with its own justification): accepted, reported high.
    const { errors, warnings } = load((d) => {
      naming(d);
      const bg = d.config[key.tiers][2].roles.oncall.breakGlass;
      delete bg.approvers;
      delete bg.requiredApprovals;
      bg.standing = true;
      bg.standingJustification = "The bootstrap migration needs on-call to read its state (PLAT-9)";
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(boot(warnings), [
      [
        "bootstrap-environment-open",
        "high",
        "tiers[2].roles.oncall.environment",
        'break-glass: role "oncall" gives team sre environment open on the bootstrap\'s environment secure-org/prod, and heidi is no organization admin: it holds the GitHub App key the program deploys with',
      ],
    ]);
  });
});

describe('bounds: "*" and org defaults never reach the bootstrap', () => {
  it('"*" with read only reaches it: refused at the team\'s access, with what it reaches', () => {
    const { errors } = load((d) => (d.config[key.teams][3].access = { "*": "auditor" }));
    assert.deepEqual(
      errors.map((e) => [e.path, e.message]),
      [
        [
          "teams[3].access",
          '"*": auditor reaches the bootstrap project secure-org: stack none on secure-org/prod and environment read on secure-org/prod, ' +
            "whose state and environment hold the GitHub App key the program deploys with. A route to the bootstrap is named, never reached " +
            'through "*": add "secure-org": <role> to this access (a role with stack and environment none on that tier keeps the team out)',
        ],
      ],
    );
  });

  it("defaults none are accepted; read on either is refused, each at its own key", () => {
    const { errors } = load((d) => {
      d.config[key.defaults].stackPermission = "read";
      d.config[key.defaults].environmentPermission = "read";
    });
    const where =
      'on the bootstrap\'s stack secure-org/prod and environment secure-org/prod: a route to the bootstrap is named, never reached by everyone. Set it to "none" and grant teams what they need';
    assert.deepEqual(
      errors.map((e) => [e.path, e.message]),
      [
        [
          "defaults.stackPermission",
          `"read" gives every organization member stack read (which decrypts its state, the GitHub App key among it) ${where}`,
        ],
        [
          "defaults.environmentPermission",
          `"read" gives every organization member environment read ${where}`,
        ],
      ],
    );
    const env = load((d) => (d.config[key.defaults].environmentPermission = "read"));
    assert.deepEqual(
      env.errors.map((e) => e.path),
      ["defaults.environmentPermission"],
    );
  });
});
