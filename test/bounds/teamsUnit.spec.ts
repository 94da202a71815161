/**
 * Teams and roles (model/config/policy/teams.ts), called directly over small lenient views: access
 * that names an undeclared project or role (exact names: case variants and `constructor`/`__proto__`
 * are other names), duplicate members, the `roles` map, and the warning for a team without GitHub
 * members where its projects' pipelines run on GitHub, one condition at a time. Fast enough to
 * run under every mutant of the policy-teams group.
 */
import assert from "node:assert/strict";
import type { ConfigIssue, Finding } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkRoles, checkTeams, checkTeamsOnGithub } from "../../model/config/policy/teams";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function base(): Any {
  return {
    tiers: [
      { name: "prod", deploy: { mode: "github-actions" }, roles: { deployer: {}, reader: {} } },
      { name: "dev", deploy: { mode: "direct" }, roles: { reader: {} } },
    ],
    teams: [{ name: "sre", members: ["alice"], access: { payments: "deployer", "*": "reader" } }],
    projects: [{ name: "payments", repository: "payments-infra", tiers: { prod: {} } }],
  };
}
function run(edit: (c: Any) => void = () => undefined) {
  const c = base();
  edit(c);
  const errors: ConfigIssue[] = [];
  const warnings: Finding[] = [];
  const ctx = policyContext(lenientView(c), errors, warnings);
  checkTeams(ctx);
  checkRoles(ctx);
  checkTeamsOnGithub(ctx);
  return { errors, warnings };
}
const team = (c: Any) => c.teams[0];
const WARNED = (repos: string) => ({
  severity: "low",
  code: "team-without-github-members",
  path: "teams[0].githubMembers",
  message:
    `team "sre" has members but no githubMembers, so it gets no GitHub team: on ${repos} (pipelines on GitHub) ` +
    "its members get no repository access from this config, so they cannot push branches, open pull requests " +
    "from the repository, approve changes as code owners or trigger pull-request previews. Add their GitHub " +
    "logins as githubMembers (or grant access outside this config)",
});
const withGithub = (c: Any) => (team(c).githubMembers = ["alice-gh"]);

describe("bounds: teams, unit: access references", () => {
  it("the baseline (with githubMembers) passes", () =>
    assert.deepEqual(run(withGithub), { errors: [], warnings: [] }));

  it("an undeclared project, named exactly (a case variant is another project)", () => {
    for (const name of ["ledger", "Payments"])
      assert.deepEqual(
        run((c) => {
          withGithub(c);
          team(c).access = { [name]: "reader" };
        }).errors,
        [
          {
            path: `teams[0].access[${JSON.stringify(name)}]`,
            message: `unknown project "${name}"; use "*" or one of: "payments"`,
          },
        ],
      );
  });

  it("`constructor` and `__proto__` are undeclared projects, not inherited names", () =>
    assert.deepEqual(
      run((c) => {
        withGithub(c);
        team(c).access = JSON.parse('{"__proto__":"reader","constructor":"reader"}');
      }).errors.map((e) => e.path),
      ['teams[0].access["__proto__"]', 'teams[0].access["constructor"]'],
    ));

  it("no projects at all: (none)", () =>
    assert.deepEqual(
      run((c) => {
        withGithub(c);
        c.projects = [];
      }).errors,
      [
        {
          path: 'teams[0].access["payments"]',
          message: 'unknown project "payments"; use "*" or one of: (none)',
        },
      ],
    ));

  it("a role no tier defines, named exactly; a non-string role is the schema's business", () => {
    assert.deepEqual(
      run((c) => {
        withGithub(c);
        team(c).access = { payments: "Deployer", "*": 5 };
      }).errors,
      [
        {
          path: 'teams[0].access["payments"]',
          message:
            'role "Deployer" is not defined by any tier\'s roles; defined roles: "deployer", "reader"',
        },
      ],
    );
  });

  it("an unknown project with an unknown role: both", () =>
    assert.deepEqual(
      run((c) => {
        withGithub(c);
        team(c).access = { ledger: "owner" };
      }).errors.map((e) => e.message.slice(0, 20)),
      ['unknown project "led', 'role "owner" is not '],
    ));

  it("duplicate members and githubMembers, whatever the case", () =>
    assert.deepEqual(
      run((c) => {
        team(c).members = ["alice", "Alice"];
        team(c).githubMembers = ["a-gh", "A-GH"];
      }).errors,
      [
        { path: "teams[0].members[1]", message: 'duplicate member "Alice"' },
        { path: "teams[0].githubMembers[1]", message: 'duplicate member "A-GH"' },
      ],
    ));
});

describe("bounds: teams, unit: the roles map", () => {
  it("only roles some tier defines", () => {
    assert.deepEqual(
      run((c) => {
        withGithub(c);
        c.roles = { deployer: {}, ghost: {} };
      }).errors,
      [
        {
          path: "roles.ghost",
          message: 'role "ghost" is not defined by any tier; defined roles: "deployer", "reader"',
        },
      ],
    );
    assert.deepEqual(
      run((c) => {
        withGithub(c);
        c.roles = JSON.parse('{"__proto__":{}}');
      }).errors.map((e) => e.path),
      ["roles.__proto__"],
    );
  });
});

describe("bounds: teams, unit: a team without GitHub members", () => {
  it("warned where a project it reaches deploys from GitHub Actions", () =>
    assert.deepEqual(run().warnings, [WARNED("payments-infra")]));

  it('reached through "*" alone, or by name alone', () => {
    assert.deepEqual(run((c) => (team(c).access = { "*": "reader" })).warnings, [
      WARNED("payments-infra"),
    ]);
    assert.deepEqual(run((c) => (team(c).access = { payments: "reader" })).warnings, [
      WARNED("payments-infra"),
    ]);
  });

  it("not when it has githubMembers (even none), or no members", () => {
    assert.deepEqual(run((c) => (team(c).githubMembers = [])).warnings, []);
    assert.deepEqual(run((c) => (team(c).members = [])).warnings, []);
  });

  it("not when it reaches no such project", () =>
    assert.deepEqual(run((c) => (team(c).access = { ledger: "reader" })).warnings, []));

  it("not for a direct tier, nor a CI on another host", () => {
    assert.deepEqual(run((c) => (c.projects[0].tiers = { dev: {} })).warnings, []);
    assert.deepEqual(run((c) => (c.projects[0].tiers = { prod: { ci: "gitlab" } })).warnings, []);
    assert.deepEqual(run((c) => (c.projects[0].repositoryHost = "gitlab")).warnings, []);
  });

  it("Pulumi Deployments from the GitHub App is on GitHub; started over the API from GitHub Actions too", () => {
    const deployments = (trigger?: string) => (c: Any) => {
      c.tiers[0].deploy = { mode: "pulumi-deployments", ...(trigger ? { trigger } : {}) };
    };
    assert.deepEqual(run(deployments()).warnings, [WARNED("payments-infra")]);
    assert.deepEqual(run(deployments("api")).warnings, [WARNED("payments-infra")]);
    assert.deepEqual(
      run((c) => {
        deployments("api")(c);
        c.projects[0].tiers.prod = { ci: "jenkins" };
      }).warnings,
      [],
    );
  });

  it("not for a project without a repository or a name", () => {
    assert.deepEqual(run((c) => delete c.projects[0].repository).warnings, []);
    assert.deepEqual(
      run((c) => {
        delete c.projects[0].name;
        team(c).access = { "*": "reader" };
      }).warnings,
      [],
    );
  });

  it("each repository once, in project order", () =>
    assert.deepEqual(
      run((c) => {
        c.projects.push({ name: "ledger", repository: "ledger-infra", tiers: { prod: {} } });
        c.projects.push({ name: "api", repository: "payments-infra", tiers: { prod: {} } });
        team(c).access = { "*": "reader" };
      }).warnings,
      [WARNED("payments-infra, ledger-infra")],
    ));
});
