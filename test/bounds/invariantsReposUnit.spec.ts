/**
 * Repository admins, code owners (model/invariants/repositories.ts) and previews that cannot be
 * told apart (model/invariants/previews.ts), called directly over the prod and multi-CI examples'
 * config and model with one thing changed: exact errors and warnings, and the settings that make
 * each go away. Fast enough to run under every mutant of the invariants group.
 */
import assert from "node:assert/strict";
import { buildAccessModel } from "../../model/access";
import type { ConfigIssue, Finding } from "../../model/config";
import { loadOrgConfig } from "../../model/load";
import { checkDistinguishablePreviews } from "../../model/invariants/previews";
import { checkCodeOwners, checkRepositoryAdmins } from "../../model/invariants/repositories";
import { entriesOf, exampleConfig, exampleDoc } from "../support/examples";

const prod = exampleConfig("prod");
const prodModel = buildAccessModel(prod.config, prod.warnings);
const multiLoad = loadOrgConfig(entriesOf(exampleDoc("multi-ci")));
if (!multiLoad.ok) throw new Error(JSON.stringify(multiLoad.errors));
const multi = multiLoad;
const multiModel = buildAccessModel(multi.config, multi.warnings);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Edit = (c: any, m: any) => void;
function run(edit: Edit, which: "prod" | "multi" = "prod") {
  const config = structuredClone(which === "prod" ? prod.config : multi.config);
  const model = structuredClone(which === "prod" ? prodModel : multiModel);
  edit(config, model);
  const errors: ConfigIssue[] = [];
  const warnings: Finding[] = [];
  checkRepositoryAdmins(config, model, errors, warnings);
  checkCodeOwners(config, model, errors);
  checkDistinguishablePreviews(config, model, errors);
  return { errors, warnings };
}
const NONE = { errors: [], warnings: [] };

describe("bounds: repository admins, unit", () => {
  const what = (repo: string, pipelines: string) =>
    `role "maintainer" gives team platform admin on repository ${repo}, which deploys protected ${pipelines}: ` +
    "a repository admin can edit the ruleset and the GitHub environments' reviewers, and so deploy without review";
  const error = (repo: string, pipelines: string) => ({
    path: "roles.maintainer.repository",
    message: `${what(repo, pipelines)}. Use "maintain" or lower, or declare roles.maintainer.breakGlass with a justification`,
  });

  it("the examples: nothing to report", () => {
    assert.deepEqual(
      run(() => undefined),
      NONE,
    );
    assert.deepEqual(
      run(() => undefined, "multi"),
      NONE,
    );
  });

  it("a role with repository admin: refused on each repository that deploys a protected tier", () =>
    assert.deepEqual(
      run((c) => (c.roles.maintainer.repository = "admin")),
      {
        errors: [
          error("payments-infra", "payments/prod"),
          error("web-app", "web/prod"),
          error("platform", "secure-org/prod"),
        ],
        warnings: [],
      },
    ));

  it("two protected pipelines of one repository are both named", () =>
    assert.deepEqual(
      run((c, m) => {
        c.roles.maintainer.repository = "admin";
        m.pipelines.find((p: { key: string }) => p.key === "payments/staging").protected = true;
      }).errors[0],
      error("payments-infra", "payments/staging, payments/prod"),
    ));

  it("declared break-glass: a high warning for each instead", () =>
    assert.deepEqual(
      run((c) => {
        c.roles.maintainer.repository = "admin";
        c.roles.maintainer.breakGlass = { justification: "x" };
      }).warnings.map((w) => [w.severity, w.code, w.path, w.message]),
      [
        [
          "high",
          "repository-admin",
          "roles.maintainer.repository",
          `break-glass: ${what("payments-infra", "payments/prod")}`,
        ],
        [
          "high",
          "repository-admin",
          "roles.maintainer.repository",
          `break-glass: ${what("web-app", "web/prod")}`,
        ],
        [
          "high",
          "repository-admin",
          "roles.maintainer.repository",
          `break-glass: ${what("platform", "secure-org/prod")}`,
        ],
      ],
    ));

  it("a team not mirrored to GitHub, or no protected tier in the repository: nothing", () => {
    assert.deepEqual(
      run((c) => {
        c.roles.maintainer.repository = "admin";
        delete c.teams[0].githubMembers;
      }),
      NONE,
    );
    assert.deepEqual(
      run((c, m) => {
        c.roles.maintainer.repository = "admin";
        for (const p of m.pipelines) p.protected = false;
      }),
      NONE,
    );
  });
});

describe("bounds: code owners without write access, unit", () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const holds = (m: any, team: string, repo: string, permission: string | undefined) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const t = m.teams.find((x: any) => x.name === team);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const rs = t.github.repositories as any[];
    const i = rs.findIndex((r) => r.repository === repo);
    if (permission === undefined) rs.splice(i, 1);
    else rs[i].permission = permission;
  };
  const message = (team: string, line: string, repo: string, held: string) =>
    `team ${team} is a code owner of ${line} in repository ${repo} but holds ${held} there: GitHub ignores code ` +
    "owners without write access, so that line would enforce nothing and one writer's approval " +
    "would be enough to deploy. Give the team a role with push (or more) on the repository " +
    "(roles.<role>.repository), mirror it to GitHub (githubMembers), or remove it from the approvers";

  it("an approver holding only pull: refused at its place in the protected tier's approvers", () =>
    assert.deepEqual(run((_c, m) => holds(m, "security", "payments-infra", "pull")).errors, [
      {
        path: "tiers[2].deploy.approvers[1]",
        message: message("security", "/infra/", "payments-infra", "only pull"),
      },
    ]));

  it("push is enough; no access at all is said as such", () => {
    assert.deepEqual(
      run((_c, m) => holds(m, "security", "payments-infra", "push")),
      NONE,
    );
    assert.deepEqual(run((_c, m) => holds(m, "security", "payments-infra", undefined)).errors, [
      {
        path: "tiers[2].deploy.approvers[1]",
        message: message("security", "/infra/", "payments-infra", "no access"),
      },
    ]);
  });

  it("a team on several lines is reported once per repository, at its first line", () =>
    assert.deepEqual(run((_c, m) => holds(m, "platform", "payments-infra", "triage")).errors, [
      {
        path: "tiers[2].deploy.approvers[0]",
        message: message("platform", "/infra/", "payments-infra", "only triage"),
      },
    ]));

  it("not an approver of a protected tier that a project of the repository has: github.platformTeam", () => {
    assert.deepEqual(
      run((_c, m) => m.repositories[0].codeowners.push({ path: "/x/", teams: ["web"] })).errors,
      [
        {
          path: "github.platformTeam",
          message: message("web", "/x/", "payments-infra", "no access"),
        },
      ],
    );
    assert.deepEqual(
      run((c, m) => {
        holds(m, "security", "payments-infra", "pull");
        delete c.projects[0].tiers.prod;
      }).errors.map((e) => e.path),
      ["github.platformTeam"],
    );
  });
});

describe("bounds: previews that cannot be told apart, unit", () => {
  const TAIL =
    ": a pull_request job's OIDC claims do not name its workflow, so each preview could obtain the other's token. " +
    "Set deploy.reviewedPreviews: true (each project's previews then run in their own GitHub environment, which the " +
    "policies pin), preview only one of them, or move one project to its own repository";
  const twin =
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (key: string, change: (p: any) => void = () => undefined): Edit =>
      (_c, m) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const p = structuredClone(m.pipelines.find((x: any) => x.key === key));
        p.key = "twin/staging";
        change(p);
        m.pipelines.push(p);
      };

  it("GitHub: one repository, branch and environment: refused at the second's tier", () =>
    assert.deepEqual(run(twin("payments/staging")).errors, [
      {
        path: "tiers[1].deploy.previewPullRequests",
        message:
          "payments/staging and twin/staging both preview pull requests to main in repository payments-infra " +
          `in GitHub environment payments-staging-preview${TAIL}`,
      },
    ]));

  it("GitHub: the environment compared as GitHub folds it; none on both is the same", () => {
    assert.equal(
      run(
        twin("payments/staging", (p) => (p.preview.githubEnvironment = "Payments-STAGING-preview")),
      ).errors.length,
      1,
    );
    assert.deepEqual(
      run((c, m) => {
        twin("payments/staging", (p) => delete p.preview.githubEnvironment)(c, m);
        delete m.pipelines[0].preview.githubEnvironment;
      }).errors.map((e) => e.message),
      [
        `payments/staging and twin/staging both preview pull requests to main in repository payments-infra${TAIL}`,
      ],
    );
  });

  it("GitHub: another branch, environment or repository tells them apart", () => {
    for (const change of [
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (p: any) => (p.branch = "develop"),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (p: any) => (p.preview.githubEnvironment = "twin-preview"),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (p: any) => (p.repository = "twin-infra"),
    ])
      assert.deepEqual(run(twin("payments/staging", change)), NONE, change.toString());
  });

  it("GitLab (no preview key): one repository is enough to collide, whatever the branch", () =>
    assert.deepEqual(
      run(
        twin("billing/staging", (p) => (p.branch = "develop")),
        "multi",
      ).errors.map((e) => e.message),
      [
        `billing/staging and twin/staging both preview pull requests on gitlab in repository ${multiModel.pipelines.find((p) => p.key === "billing/staging")?.repository}${TAIL}`,
      ],
    ));

  it("Azure DevOps: the service connection tells them apart; the same one collides", () => {
    assert.equal(run(twin("ledger/staging"), "multi").errors.length, 1);
    assert.deepEqual(
      run(
        twin(
          "ledger/staging",
          (p) =>
            (p.preview.binding.serviceConnection = {
              name: "other",
              id: "00000000-0000-4000-8000-000000000000",
            }),
        ),
        "multi",
      ),
      NONE,
    );
  });
});
