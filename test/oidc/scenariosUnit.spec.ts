/**
 * The GitHub context table's oracle and scenarios (model/oidc/github/scenarios.ts) at unit level
 * (issue 33), with expectations written here, not derived from the scenarios: the oracle is true
 * for the intended context and false when any one field of it differs (direction tests, so the
 * oracle cannot drift with the policies it checks); the scenario lists of each purpose, in order;
 * the shared unknown id and the other repository. Names after GitHub's documented example token
 * (octo-org/octo-repo, repository id 74, owner id 65; test/fixtures/oidc-claims/github-actions.json).
 */
import assert from "node:assert/strict";
import type { AccessModel, MachineIdentity } from "../../model/access";
import type { GithubIds } from "../../model/oidc";
import {
  describeScenario,
  intended,
  Scenario,
  scenarioShared,
  scenariosFor,
} from "../../model/oidc/github/scenarios";

const IDS: GithubIds = { ownerId: 65, repositoryIds: { "octo-repo": 74, "octo-tools": 80 } };
const identity = (over: Partial<MachineIdentity> = {}): MachineIdentity => ({
  team: "octo-prod-deploy",
  ci: "github-actions",
  tokenType: "team",
  purpose: "deploy",
  project: "octo",
  tier: "prod",
  repository: "octo-repo",
  branch: "main",
  githubEnvironment: "prod",
  events: ["push"],
  workflowPath: ".github/workflows/oidc.yml",
  may: [],
  ...over,
});
const modelOf = (identities: MachineIdentity[]) => ({ identities }) as unknown as AccessModel;

const PUSH: Scenario = {
  label: "intended",
  event: "push",
  repository: "octo-repo",
  repositoryId: 74,
  ownerId: 65,
  branch: "main",
  environment: "prod",
};

describe("oidc GitHub oracle: each field of the intended context matters (issue 33)", () => {
  it("a deploy: the push to its branch in its environment, from its workflow (or none named)", () => {
    const d = identity();
    assert.equal(intended(d, PUSH, "legacy", IDS), true);
    assert.equal(
      intended(d, { ...PUSH, workflowPath: ".github/workflows/oidc.yml" }, "legacy", IDS),
      true,
    );
    assert.equal(
      intended(d, { ...PUSH, repository: "Octo-Repo" }, "legacy", IDS),
      true,
      "GitHub folds case",
    );
    for (const [what, s] of Object.entries({
      "another repository": { repository: "octo-tools" },
      "another repository id": { repositoryId: 75 },
      "another owner id": { ownerId: 66 },
      "another event": { event: "workflow_dispatch" },
      "another branch": { branch: "feature" },
      "another environment": { environment: "staging" },
      "no environment": { environment: undefined },
      "another workflow": { workflowPath: ".github/workflows/ci.yml" },
    }))
      assert.equal(intended(d, { ...PUSH, ...s }, "legacy", IDS), false, what);
    // A pull_request_target run is a pull request's, even when the deploy lists the event.
    const both = identity({ events: ["push", "pull_request_target"] });
    assert.equal(
      intended(both, { ...PUSH, event: "pull_request_target", baseBranch: "main" }, "legacy", IDS),
      false,
    );
    assert.equal(
      intended(
        identity({ githubEnvironment: undefined }),
        { ...PUSH, environment: undefined },
        "legacy",
        IDS,
      ),
      false,
    );
  });

  it("a pinned sub format: only that format's token is meant", () => {
    const pinned: GithubIds = { ...IDS, subjectFormats: { "octo-repo": "immutable" } };
    assert.equal(intended(identity(), PUSH, "immutable", pinned), true);
    assert.equal(intended(identity(), PUSH, "legacy", pinned), false);
  });

  it("a reviewed preview: a pull_request into its branch, in its environment", () => {
    const pv = identity({
      purpose: "preview",
      githubEnvironment: "octo-prod-preview",
      events: ["pull_request"],
    });
    const pr: Scenario = {
      ...PUSH,
      event: "pull_request",
      branch: undefined,
      baseBranch: "main",
      environment: "octo-prod-preview",
    };
    assert.equal(intended(pv, pr, "legacy", IDS), true);
    assert.equal(intended(pv, { ...pr, baseBranch: "release" }, "legacy", IDS), false);
    assert.equal(intended(pv, { ...pr, environment: undefined }, "legacy", IDS), false);
    assert.equal(intended(pv, { ...pr, event: "push" }, "legacy", IDS), false);
    const target = identity({
      purpose: "preview",
      githubEnvironment: "octo-prod-preview",
      events: ["pull_request", "pull_request_target"],
    });
    assert.equal(intended(target, { ...pr, event: "pull_request_target" }, "legacy", IDS), false);
  });

  it("an unreviewed preview: any environment unless sub is pinned, then none", () => {
    const pv = identity({
      purpose: "preview",
      githubEnvironment: undefined,
      events: ["pull_request"],
    });
    const pr: Scenario = {
      ...PUSH,
      event: "pull_request",
      branch: undefined,
      baseBranch: "main",
      environment: undefined,
    };
    assert.equal(intended(pv, pr, "legacy", IDS), true);
    assert.equal(intended(pv, { ...pr, environment: "prod" }, "legacy", IDS), true);
    const pinned: GithubIds = { ...IDS, subjectFormats: { "octo-repo": "legacy" } };
    assert.equal(intended(pv, pr, "legacy", pinned), true);
    assert.equal(intended(pv, { ...pr, environment: "prod" }, "legacy", pinned), false);
  });
});

describe("oidc GitHub scenarios: the lists of each purpose, in order (issue 33)", () => {
  const labels = (i: MachineIdentity, ids = IDS) =>
    scenariosFor(i, modelOf([i]), ids).map((s) => `${s.label}: ${describeScenario(s)}`);

  it("the shared values: an id above every known one, the first untrusted repository by name", () => {
    assert.deepEqual(scenarioShared(modelOf([identity()]), IDS), {
      unknownId: 81,
      otherRepo: ["octo-tools", 80],
    });
    assert.deepEqual(
      scenarioShared(modelOf([identity()]), {
        ownerId: 900,
        repositoryIds: { "octo-repo": 74, b: 3, a: 2 },
      }),
      {
        unknownId: 901,
        otherRepo: ["a", 2],
      },
    );
    assert.deepEqual(
      scenarioShared(modelOf([identity({ repository: "Octo-Repo" })]), {
        ownerId: 65,
        repositoryIds: { "octo-repo": 74 },
      }),
      {
        unknownId: 75,
        otherRepo: undefined,
      },
    );
  });

  it("a deploy", () =>
    assert.deepEqual(labels(identity()), [
      "intended: push to main in environment prod",
      "on another branch: push to feature/change in environment prod",
      "without the environment: push to main",
      "from a pull_request: pull_request targeting main in environment prod",
      "from a pull_request_target: pull_request_target targeting main in environment prod",
      "from another repository id (same name): push to main in environment prod",
      "from repository octo-tools: push to main in environment prod",
      "with another owner id: push to main in environment prod",
      "from workflow_dispatch: workflow_dispatch to main in environment prod",
      "from another workflow file on the branch: push to main in environment prod",
    ]));

  it("a deploy of branch feature/change is tried on feature/other", () =>
    assert.equal(
      labels(identity({ branch: "feature/change" }))[1],
      "on another branch: push to feature/other in environment prod",
    ));

  it("the ids of the near misses: the unknown id, the other repository's", () => {
    const s = scenariosFor(identity(), modelOf([identity()]), IDS);
    assert.deepEqual(
      s.slice(5, 8).map((x) => [x.repository, x.repositoryId, x.ownerId]),
      [
        ["octo-repo", 81, 65],
        ["octo-tools", 80, 65],
        ["octo-repo", 74, 81],
      ],
    );
    assert.equal(s[9].workflowPath, ".github/workflows/ci.yml");
    // Every repository trusted: no "from repository" scenario.
    const alone = scenariosFor(identity(), modelOf([identity()]), {
      ownerId: 65,
      repositoryIds: { "octo-repo": 74 },
    });
    assert.equal(alone.length, 9);
    assert.equal(alone.filter((x) => x.label.startsWith("from repository")).length, 0);
    // The first untrusted repository by name, whatever the order of the ids.
    assert.deepEqual(
      scenarioShared(modelOf([identity()]), {
        ownerId: 1,
        repositoryIds: { "octo-repo": 74, a: 2, c: 4, b: 3 },
      }).otherRepo,
      ["a", 2],
    );
    const audit = identity({ purpose: "audit", events: ["schedule"] });
    assert.equal(
      scenariosFor(audit, modelOf([audit]), IDS)[9].workflowPath,
      ".github/workflows/ci.yml",
    );
  });

  it("a reviewed preview, and an unreviewed one (no environment-less variant)", () => {
    const reviewed = identity({
      purpose: "preview",
      githubEnvironment: "octo-prod-preview",
      events: ["pull_request"],
    });
    assert.deepEqual(labels(reviewed), [
      "intended: pull_request targeting main in environment octo-prod-preview",
      "without the environment (no approval): pull_request targeting main",
      "targeting another branch: pull_request targeting feature/change in environment octo-prod-preview",
      "from a push: push to main",
      "from a pull_request_target: pull_request_target targeting main in environment octo-prod-preview",
      "from another repository id (same name): pull_request targeting main in environment octo-prod-preview",
      "from repository octo-tools: pull_request targeting main in environment octo-prod-preview",
      "with another owner id: pull_request targeting main in environment octo-prod-preview",
      "from workflow_dispatch: workflow_dispatch to main",
    ]);
    const open = identity({
      purpose: "preview",
      githubEnvironment: undefined,
      events: ["pull_request"],
    });
    assert.equal(labels(open).length, 8);
    assert.equal(
      labels(open)[1],
      "targeting another branch: pull_request targeting feature/change",
    );
  });

  it("the scheduled audit (dispatchable) and a drift check (not)", () => {
    const audit = identity({ purpose: "audit", events: ["schedule", "workflow_dispatch"] });
    assert.deepEqual(labels(audit), [
      "intended: schedule to main in environment prod",
      "intended: workflow_dispatch to main in environment prod",
      "on another branch: workflow_dispatch to feature/change in environment prod",
      "without the environment: schedule to main",
      "from a push: push to main in environment prod",
      "from a pull_request: pull_request targeting main in environment prod",
      "from another repository id (same name): schedule to main in environment prod",
      "from repository octo-tools: schedule to main in environment prod",
      "with another owner id: schedule to main in environment prod",
      "from another workflow file on the branch: schedule to main in environment prod",
    ]);
    const drift = identity({ purpose: "drift", events: ["schedule"] });
    assert.deepEqual(labels(drift).slice(0, 3), [
      "intended: schedule to main in environment prod",
      "from workflow_dispatch: workflow_dispatch to main in environment prod",
      "on another branch: schedule to feature/change in environment prod",
    ]);
  });

  it("no numeric id for the repository: refused, naming it", () =>
    assert.throws(
      () => scenariosFor(identity(), modelOf([identity()]), { ownerId: 65, repositoryIds: {} }),
      /^Error: no numeric GitHub id for repository octo-repo$/,
    ));
});
