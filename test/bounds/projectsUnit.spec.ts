/**
 * Projects (model/config/policy/projects.ts), called directly over small lenient views: one
 * bootstrap, in the platform repository (any case), deploying only from a protected tier through
 * GitHub Actions; declared tiers with distinct stacks and environments (case-blind); mode
 * overrides only between pipelines; a protected tier's branch covered by the repository's
 * rulesets (default or protected branches, exact names). Exact errors. Fast enough to run under
 * every mutant of the policy-projects group.
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkProjects } from "../../model/config/policy/projects";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function base(): Any {
  return {
    github: { platformRepository: "platform" },
    tiers: [
      { name: "dev", deploy: { mode: "direct" } },
      { name: "prod", protected: true, deploy: { mode: "github-actions", branch: "main" } },
    ],
    projects: [
      { name: "payments", repository: "payments-infra", tiers: { dev: {}, prod: {} } },
      { name: "secure-org", repository: "platform", bootstrap: true, tiers: { prod: {} } },
    ],
  };
}
function run(edit: (c: Any) => void = () => undefined): ConfigIssue[] {
  const c = base();
  edit(c);
  const errors: ConfigIssue[] = [];
  checkProjects(policyContext(lenientView(c), errors, []));
  return errors;
}
const pay = (c: Any) => c.projects[0];
const boot = (c: Any) => c.projects[1];

describe("bounds: projects, unit: the bootstrap", () => {
  it("the baseline passes", () => assert.deepEqual(run(), []));

  it("a second and third bootstrap are refused, the first is kept", () =>
    assert.deepEqual(
      run((c) => {
        pay(c).bootstrap = true;
        pay(c).repository = "platform";
        pay(c).tiers = { prod: {} };
        c.projects.push({
          name: "x",
          repository: "platform",
          bootstrap: true,
          tiers: { prod: {} },
        });
      }),
      [
        { path: "projects[1].bootstrap", message: "only one project can be the bootstrap program" },
        { path: "projects[2].bootstrap", message: "only one project can be the bootstrap program" },
      ],
    ));

  it("lives in the platform repository, whatever its case; without one, anywhere", () => {
    assert.deepEqual(
      run((c) => (boot(c).repository = "other")),
      [
        {
          path: "projects[1].repository",
          message: 'the bootstrap project lives in github.platformRepository ("platform")',
        },
      ],
    );
    assert.deepEqual(
      run((c) => delete boot(c).repository),
      [
        {
          path: "projects[1].repository",
          message: 'the bootstrap project lives in github.platformRepository ("platform")',
        },
      ],
    );
    assert.deepEqual(
      run((c) => (boot(c).repository = "Platform")),
      [],
    );
    assert.deepEqual(
      run((c) => {
        boot(c).repository = "other";
        delete c.github.platformRepository;
      }),
      [],
    );
    assert.deepEqual(
      run((c) => (pay(c).repository = "other")),
      [],
    );
  });

  it("never through Pulumi Deployments, the tier's mode or its own", () => {
    const msg = {
      path: "projects[1].tiers.prod",
      message:
        'the bootstrap project cannot deploy through Pulumi Deployments on tier "prod": a stack must not manage its ' +
        'own deployment settings. Use "github-actions"',
    };
    assert.deepEqual(
      run((c) => (boot(c).tiers.prod = { mode: "pulumi-deployments" })),
      [msg],
    );
    assert.deepEqual(
      run((c) => (c.tiers[1].deploy.mode = "pulumi-deployments")),
      [msg],
    );
    assert.deepEqual(
      run((c) => {
        c.tiers[1].deploy.mode = "pulumi-deployments";
        boot(c).tiers.prod = { mode: "github-actions" };
      }),
      [],
    );
  });

  it("never on another CI", () =>
    assert.deepEqual(
      run((c) => (boot(c).tiers.prod = { ci: "gitlab" })),
      [
        {
          path: "projects[1].tiers.prod.ci",
          message:
            "the bootstrap deploys with an organization token, pinned to its workflow in the platform repository's " +
            "reviewed GitHub environment; a gitlab pipeline has neither, so its token would be the CI's to give. " +
            "Remove ci (the bootstrap runs on GitHub Actions)",
        },
      ],
    ));

  it("only from a protected tier", () =>
    assert.deepEqual(
      run((c) => (boot(c).tiers = { dev: {} })),
      [
        {
          path: "projects[1].tiers.dev",
          message:
            "the bootstrap deploys with an organization token, so it may deploy only from a protected tier, whose GitHub " +
            'environment has required reviewers; tier "dev" is not protected. Deploy the bootstrap from a protected tier',
        },
      ],
    ));
});

describe("bounds: projects, unit: tiers, stacks, environments, modes", () => {
  it("at least one tier", () =>
    assert.deepEqual(
      run((c) => (pay(c).tiers = {})),
      [{ path: "projects[0].tiers", message: "list at least one tier this project deploys to" }],
    ));

  it("an undeclared tier, named exactly (`Prod`, `__proto__` are undeclared)", () => {
    assert.deepEqual(
      run((c) => (pay(c).tiers = { Prod: {} })),
      [
        {
          path: "projects[0].tiers.Prod",
          message: 'unknown tier "Prod"; declared tiers: "dev", "prod"',
        },
      ],
    );
    assert.deepEqual(
      run((c) => (pay(c).tiers = JSON.parse('{"__proto__":{},"constructor":{}}'))).map(
        (e) => e.path,
      ),
      ["projects[0].tiers.__proto__", "projects[0].tiers.constructor"],
    );
  });

  it("two tiers on one stack or one environment, whatever the case", () => {
    assert.deepEqual(
      run((c) => (pay(c).tiers.dev = { stack: "PROD" })),
      [
        {
          path: "projects[0].tiers.prod.stack",
          message: 'stack "prod" is already used by tier dev',
        },
      ],
    );
    assert.deepEqual(
      run((c) => (pay(c).tiers.prod = { environment: "Dev" })),
      [
        {
          path: "projects[0].tiers.prod.environment",
          message: 'environment "Dev" is already used by tier dev',
        },
      ],
    );
    assert.deepEqual(
      run((c) => (pay(c).tiers.dev = { stack: "development", environment: "development" })),
      [],
    );
  });

  it("stack and environment names fold to lower case (the Kelvin sign K is k)", () =>
    assert.deepEqual(
      run(
        (c) =>
          (pay(c).tiers = {
            dev: { stack: "\u212A", environment: "\u212A" },
            prod: { stack: "k", environment: "k" },
          }),
      ).map((e) => e.path),
      ["projects[0].tiers.prod.stack", "projects[0].tiers.prod.environment"],
    ));

  it("a mode override only on a pipeline tier", () => {
    assert.deepEqual(
      run((c) => (pay(c).tiers.dev = { mode: "github-actions" })),
      [
        {
          path: "projects[0].tiers.dev.mode",
          message: 'tier "dev" deploys "direct"; a project can only switch between pipeline modes',
        },
      ],
    );
    assert.deepEqual(
      run((c) => (pay(c).tiers.prod = { mode: "pulumi-deployments" })),
      [],
    );
  });
});

describe("bounds: projects, unit: a protected tier's deploy branch", () => {
  const uncovered = (covers: string) => ({
    path: "projects[0].tiers.prod",
    message:
      'protected tier "prod" deploys from branch "release", which the ruleset of repository "payments-infra" does not ' +
      `cover (it protects ${covers}): a direct push there would deploy without review. Deploy from the default ` +
      'branch, or add "release" to the project\'s protectedBranches so the ruleset covers it',
  });
  const release = (c: Any) => {
    c.tiers[1].deploy.branch = "release";
    boot(c).protectedBranches = ["release"];
  };
  it("a branch the ruleset does not cover is refused, naming what it covers", () => {
    assert.deepEqual(run(release), [uncovered('"main"')]);
    assert.deepEqual(
      run((c) => {
        release(c);
        pay(c).protectedBranches = ["Release", 5, "hotfix"];
      }),
      [uncovered('"main", "Release", "hotfix"')],
    );
  });
  it("the default branch or a protected branch is covered", () => {
    assert.deepEqual(
      run((c) => {
        release(c);
        pay(c).protectedBranches = ["release"];
      }),
      [],
    );
    assert.deepEqual(
      run((c) => {
        release(c);
        pay(c).defaultBranch = "release";
        boot(c).defaultBranch = "release";
      }),
      [],
    );
  });
  it("not checked for an unprotected tier, a direct tier or a tier without a branch", () => {
    assert.deepEqual(
      run((c) => {
        release(c);
        c.tiers[1].protected = false;
        boot(c).tiers = { prod: {} };
      }).filter((e) => e.path === "projects[0].tiers.prod"),
      [],
    );
    assert.deepEqual(
      run((c) => {
        c.tiers[1].deploy = { mode: "direct", branch: "release" };
      }).filter((e) => e.path === "projects[0].tiers.prod"),
      [],
    );
    assert.deepEqual(
      run((c) => delete c.tiers[1].deploy.branch),
      [],
    );
  });
});
