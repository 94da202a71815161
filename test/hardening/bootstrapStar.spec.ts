/**
 * Issue 24 item 6: no `"*"` route to the bootstrap's environment or stack. The bootstrap's state
 * and its ESC environment hold the GitHub App key (organization-wide GitHub administration): a
 * role with break-glass granted as `access: { "*": oncall }` opened it. Every route is named and
 * follows the rules for the bootstrap's state; org defaults, which reach everyone, reach nothing
 * there. Hostile edits of the prod example through the command line.
 */
import assert from "node:assert/strict";
import { buildAccessModel } from "../../model/access";
import { ConfigIssue, Finding } from "../../model/config";
import { checkBootstrapStackReaders } from "../../model/invariants/bootstrap";
import { exampleConfig, StackDoc } from "../support/examples";
import { assertAccepted, assertRefused, breakGlass, key, planEdited } from "./support";

const SRE = 4; // teams[4] of the prod example: sre, { payments: oncall, web: oncall }
const sre = (d: StackDoc) => d.config[key.teams][SRE];

describe('hardening: no "*" route to the bootstrap (issue 24, 6)', () => {
  it('refuses break-glass oncall granted as { "*": oncall } (it would open secure-org/prod)', async () => {
    // Per use (the default): the break-glass would reach the bootstrap's environment.
    const perUse = await planEdited((d) => (sre(d).access = { "*": "oncall" }));
    assertRefused(
      perUse,
      `teams[${SRE}].access["*"]`,
      "break-glass reaches the bootstrap's environment (secure-org",
    );
    // Declared standing: "*" would give standing open on secure-org/prod.
    const run = await planEdited((d) => {
      sre(d).access = { "*": "oncall" };
      const bg = breakGlass(d);
      delete bg.approvers;
      delete bg.requiredApprovals;
      bg.standing = true;
      bg.standingJustification = "No approver is on call at night in this region yet";
    });
    assertRefused(
      run,
      `teams[${SRE}].access`,
      '"*": oncall reaches the bootstrap project secure-org',
      "environment open on secure-org/prod",
      'add "secure-org": <role>',
    );
  });

  it('refuses "*" that reaches it with read only (the auditors, the platform team)', async () => {
    const auditors = await planEdited((d) => (d.config[key.teams][3].access = { "*": "auditor" }));
    assertRefused(auditors, "teams[3].access", '"*": auditor', "environment read");
    const platform = await planEdited(
      (d) => (d.config[key.teams][0].access = { "*": "maintainer" }),
    );
    assertRefused(platform, "teams[0].access", "stack read on secure-org/prod");
  });

  it('refuses a team whose only key is a case variant of the bootstrap project plus "*"', async () => {
    const run = await planEdited(
      (d) => (sre(d).access = { "*": "oncall", "Secure-Org": "auditor" }),
    );
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /teams\[4\]\.access/);
  });

  it("names the bootstrap explicitly: break-glass open follows the bootstrap's rules (high finding)", async () => {
    // Per use (the default), break-glass never reaches the bootstrap (test/hardening/breakGlass.spec.ts);
    // declared standing, it follows the bootstrap's rules.
    const perUse = await planEdited(
      (d) => (sre(d).access = { "*": "oncall", "secure-org": "oncall" }),
    );
    assert.equal(perUse.code, 1, perUse.stderr);
    assert.match(perUse.stderr, /break-glass reaches the bootstrap's environment \(secure-org/);
    const run = await planEdited(
      (d) => {
        sre(d).access = { "*": "oncall", "secure-org": "oncall" };
        const bg = breakGlass(d);
        delete bg.approvers;
        delete bg.requiredApprovals;
        bg.standing = true;
        bg.standingJustification =
          "The bootstrap migration needs on-call to read its state (PLAT-9)";
      },
      "prod",
      ["--json"],
    );
    assert.equal(run.code, 0, run.stderr);
    const f = (JSON.parse(run.stdout) as { findings: Finding[] }).findings.filter(
      (x) => x.code === "bootstrap-environment-open",
    );
    assert.equal(f.length, 1, JSON.stringify(f));
    assert.equal(f[0].severity, "high");
    assert.match(f[0].message, /^break-glass: role "oncall" gives team sre environment open/);
  });

  it("accepts a team that names the bootstrap with a role that holds nothing there (control)", async () => {
    assertAccepted(
      await planEdited((d) => {
        d.config[key.roles].outsider = { repository: "pull" };
        for (const t of d.config[key.tiers])
          t.roles.outsider = { stack: "none", environment: "none" };
        sre(d).access = { "*": "oncall", "secure-org": "outsider" };
      }),
    );
  });

  it("refuses org defaults that give every member read on the bootstrap", async () => {
    const stack = await planEdited((d) => (d.config[key.defaults].stackPermission = "read"));
    assertRefused(stack, "defaults.stackPermission", "every organization member stack read");
    const env = await planEdited((d) => (d.config[key.defaults].environmentPermission = "read"));
    assertRefused(env, "defaults.environmentPermission", "environment read", "secure-org/prod");
  });

  it("refuses a custom role that would pin the bootstrap's environment (model-level check)", () => {
    const { config, warnings } = exampleConfig("prod");
    const model = buildAccessModel(config, warnings);
    const env = model.stacks.find((s) => s.project === "secure-org")!.environment;
    const forged = {
      ...model,
      roles: [
        ...model.roles,
        {
          key: "deployments" as const,
          name: "forged",
          description: "",
          globalScopes: ["stack:read"],
          environmentScopes: ["environment:open"],
          environments: [env],
          team: undefined,
          defaultDeploymentRole: false,
        },
      ],
    } as unknown as typeof model;
    const errors: ConfigIssue[] = [];
    checkBootstrapStackReaders(config, forged, errors, []);
    assert.ok(
      errors.some(
        (e) =>
          e.path === "defaults.customRoles" && /pins the bootstrap's environment/.test(e.message),
      ),
      JSON.stringify(errors),
    );
    const clean: ConfigIssue[] = [];
    checkBootstrapStackReaders(config, model, clean, []);
    assert.deepEqual(clean, []);
  });
});
