/**
 * The bootstrap's stack state holds the GitHub App key the program deploys with and every webhook
 * secret; stack read decrypts it. A human team with any stack permission on it is refused unless
 * every member is an organization admin (who holds everything anyway), or its role declares
 * break-glass. Hostile edits of the prod example through the command line (see ./support.ts).
 */
import assert from "node:assert/strict";
import { assertAccepted, assertRefused, key, planEdited } from "./support";

const PATH = "tiers[2].roles.maintainer.stack";

describe("hardening: humans who could decrypt the bootstrap's state", () => {
  it("accepts the prod example: the platform team that reads it is all organization admins", async () => {
    assertAccepted(await planEdited(() => undefined));
  });

  it("refuses stack read on the bootstrap's stack once a team member is no admin (demoted)", async () => {
    const run = await planEdited((d) => (d.config["secure-org:admins"] = ["alice"]));
    assertRefused(
      run,
      PATH,
      'role "maintainer" gives team platform stack read on the bootstrap\'s stack secure-org/prod',
      "bob is no organization admin",
      "GitHub App key",
      'teams[].access: { "secure-org": <role> }',
    );
  });

  it("reports it high when no admins are declared (membership not managed: nobody can tell)", async () => {
    const run = await planEdited((d) => delete d.config["secure-org:admins"], "prod", ["--json"]);
    assert.equal(run.code, 0, run.stderr);
    const findings = (
      JSON.parse(run.stdout) as { findings: { code: string; severity: string; message: string }[] }
    ).findings.filter((f) => f.code === "bootstrap-stack-read");
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, "high");
    assert.match(
      findings[0].message,
      /alice, bob are no organization admin declared.*declare secure-org:admins$/,
    );
  });

  it("refuses it when a non-admin joins the team", async () => {
    const run = await planEdited((d) => d.config[key.teams][0].members.push("mallory"));
    assertRefused(run, PATH, "mallory is no organization admin");
  });

  it("refuses it for any role that reaches the bootstrap through '*' (the auditors given read)", async () => {
    const run = await planEdited((d) => (d.config[key.tiers][2].roles.auditor.stack = "read"));
    assertRefused(
      run,
      "tiers[2].roles.auditor.stack",
      "team security",
      "erin is no organization admin",
    );
  });

  it("accepts the auditors' read when their access leaves the bootstrap project out", async () => {
    const run = await planEdited((d) => {
      d.config[key.tiers][2].roles.auditor.stack = "read";
      // On the bootstrap project a role with push on its repository (they approve its changes)
      // and no stack permission on any tier.
      d.config[key.roles].approver = { repository: "push" };
      for (const t of d.config[key.tiers])
        t.roles.approver = { stack: "none", environment: "none" };
      d.config[key.teams][3].access = {
        payments: "auditor",
        web: "auditor",
        "secure-org": "approver",
      };
    });
    assertAccepted(run);
  });

  it("accepts break-glass on the role, reported as high", async () => {
    const run = await planEdited(
      (d) => {
        d.config["secure-org:admins"] = ["alice"];
        d.config[key.roles].maintainer = {
          ...d.config[key.roles].maintainer,
          breakGlass: {
            justification: "Bob reads the bootstrap state during the migration (PLAT-9)",
          },
        };
      },
      "prod",
      ["--json"],
    );
    assert.equal(run.code, 0, run.stderr);
    const findings = (
      JSON.parse(run.stdout) as { findings: { code: string; severity: string; path: string }[] }
    ).findings;
    assert.deepEqual(
      findings
        .filter((f) => f.code === "bootstrap-stack-read")
        .map((f) => `${f.severity} ${f.path}`),
      [`high ${PATH}`],
    );
  });
});
