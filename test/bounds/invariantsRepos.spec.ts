/**
 * Bounds of the repository invariants (model/invariants/repositories.ts), at the config level
 * (loadOrgConfig, no plan): a role whose repository permission is `admin` on a repository that
 * deploys a protected tier is refused and `maintain`, one under, is accepted; a code owner needs
 * push or more there (`push` accepted, `triage` and `pull` refused), each team named once per
 * repository, at the path of the approver that made it a code owner. Names compare as GitHub
 * compares them (case-insensitively).
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
const adminErrors = (e: ConfigIssue[]) => e.filter((x) => /admin on repository/.test(x.message));
const ownerErrors = (e: ConfigIssue[]) => e.filter((x) => /is a code owner of/.test(x.message));

describe("bounds: a repository admin on a repository that deploys a protected tier", () => {
  it("maintain (one under admin) is accepted; admin is refused once per protected repository", () => {
    assert.deepEqual(adminErrors(load(() => undefined).errors), []);
    const { errors } = load((d) => (d.config[key.roles].maintainer.repository = "admin"));
    const admin = adminErrors(errors);
    assert.deepEqual(
      admin.map((e) => e.path),
      ["roles.maintainer.repository", "roles.maintainer.repository", "roles.maintainer.repository"],
    );
    assert.equal(
      admin[0].message,
      'role "maintainer" gives team platform admin on repository payments-infra, which deploys protected payments/prod: ' +
        "a repository admin can edit the ruleset and the GitHub environments' reviewers, and so deploy without review. " +
        'Use "maintain" or lower, or declare roles.maintainer.breakGlass with a justification',
    );
    assert.match(admin[1].message, /repository web-app, which deploys protected web\/prod:/);
    assert.match(
      admin[2].message,
      /repository platform, which deploys protected secure-org\/prod:/,
    );
  });

  it("a team not mirrored to GitHub (no githubMembers) is not a repository admin", () => {
    const { errors } = load((d) => {
      d.config[key.roles].developer.repository = "admin";
      d.config[key.teams][1].access = { payments: "developer" };
      delete d.config[key.teams][1].githubMembers;
      d.config[key.teams][2].access = { web: "maintainer" };
    });
    assert.deepEqual(adminErrors(errors), []);
  });

  it("admin on a repository that deploys no protected tier is accepted", () => {
    const { errors } = load((d) => {
      d.config[key.roles].developer.repository = "admin";
      // payments deploys only dev and staging: its repository deploys nothing protected.
      delete d.config[key.projects][0].tiers.prod;
      d.config[key.teams][2].access = { web: "maintainer" };
    });
    assert.deepEqual(
      adminErrors(errors).map((e) => e.message.slice(0, 70)),
      [],
      JSON.stringify(errors),
    );
  });

  it("with a break-glass justification: accepted, and reported as high, never silently", () => {
    const { errors, warnings } = load(
      (d) =>
        (d.config[key.roles].maintainer = {
          repository: "admin",
          breakGlass: {
            justification: "Platform administers repositories during the migration (PLAT-12)",
          },
        }),
    );
    assert.deepEqual(adminErrors(errors), []);
    const found = warnings.filter((w) => w.code === "repository-admin");
    assert.equal(found.length, 3);
    assert.equal(found[0].severity, "high");
    assert.equal(found[0].path, "roles.maintainer.repository");
    assert.match(
      found[0].message,
      /^break-glass: role "maintainer" gives team platform admin on repository payments-infra/,
    );
  });
});

describe("bounds: a code owner needs push or more on the repository", () => {
  it("push (the bound) is accepted; triage, one under, is refused at the approver's path", () => {
    assert.deepEqual(ownerErrors(load(() => undefined).errors), []);
    const { errors } = load((d) => (d.config[key.roles].auditor.repository = "triage"));
    const owners = ownerErrors(errors);
    assert.deepEqual(
      owners.map((e) => e.path),
      [
        "tiers[2].deploy.approvers[1]",
        "tiers[2].deploy.approvers[1]",
        "tiers[2].deploy.approvers[1]",
      ],
    );
    assert.equal(
      owners[0].message,
      "team security is a code owner of /infra/ in repository payments-infra but holds only triage there: " +
        "GitHub ignores code owners without write access, so that line would enforce nothing and one writer's " +
        "approval would be enough to deploy. Give the team a role with push (or more) on the repository " +
        "(roles.<role>.repository), mirror it to GitHub (githubMembers), or remove it from the approvers",
    );
    assert.match(owners[1].message, /of \/deploy\/ in repository web-app but holds only triage/);
    assert.match(owners[2].message, /of \* in repository platform but holds only triage/);
  });

  it("maintain and admin (above the bound) are accepted; pull is refused", () => {
    assert.deepEqual(
      ownerErrors(load((d) => (d.config[key.roles].auditor.repository = "maintain")).errors),
      [],
    );
    const pull = ownerErrors(load((d) => (d.config[key.roles].auditor.repository = "pull")).errors);
    assert.equal(pull.length, 3);
    assert.match(pull[0].message, /holds only pull there/);
  });

  it("a code owner with no access at all on one repository says no access, there only", () => {
    const { errors } = load(
      (d) => (d.config[key.teams][3].access = { payments: "auditor", "secure-org": "auditor" }),
    );
    const owners = ownerErrors(errors);
    assert.deepEqual(
      owners.map((e) => [e.path, e.message.slice(0, 95)]),
      [
        [
          "tiers[2].deploy.approvers[1]",
          "team security is a code owner of /deploy/ in repository web-app but holds no access there: GitH",
        ],
      ],
    );
  });

  it("a code owner that is no approver of a protected tier there is named at github.platformTeam", () => {
    const { errors } = load((d) => {
      d.config[key.roles].maintainer.repository = "triage";
      d.config[key.tiers][2].deploy.approvers = ["security"];
      d.config[key.tiers][2].deploy.requiredApprovals = 1;
    });
    const owners = ownerErrors(errors);
    assert.ok(owners.length > 0, JSON.stringify(errors));
    assert.ok(
      owners.every((e) => e.path === "github.platformTeam"),
      JSON.stringify(owners),
    );
    assert.match(
      owners[0].message,
      /^team platform is a code owner of .* but holds only triage there/,
    );
  });

  it("an approver of the protected tier is named at its own index", () => {
    const { errors } = load((d) => (d.config[key.roles].maintainer.repository = "triage"));
    const owners = ownerErrors(errors);
    assert.ok(owners.length > 0, JSON.stringify(errors));
    assert.ok(
      owners.every((e) => e.path === "tiers[2].deploy.approvers[0]"),
      JSON.stringify(owners),
    );
  });
});
