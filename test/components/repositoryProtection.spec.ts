/**
 * components/repositoryProtection.ts on its own, under mocks, from a hand-made RepositorySpec (no
 * config, no whole program): every protection setting a GitHub environment, the Actions settings
 * and a ruleset carry, asserted exactly. Fast enough to be the mutation group's spec (issue 33);
 * test/program.spec.ts and test/hardening/repositories.spec.ts check the same through the program.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as github from "@pulumi/github";
import { BranchProtection, RepositoryEnvironments } from "../../components/repositoryProtection";
import { RepositorySpec } from "../../model/access";
import { ALLOWED_ACTION_PATTERNS } from "../../model/ci/github/pins";
import { RecordedResource, runUnderMocks } from "../../plan/mockRun";
import { T } from "../support/run";

const REPO: RepositorySpec = {
  name: "payments-infra",
  host: "github",
  id: 42,
  defaultBranch: "main",
  projects: ["payments"],
  pipelines: ["payments/prod"],
  requiredApprovals: 2,
  requiredChecks: ["preview / prod"],
  protectedBranches: [{ branch: "release", requiredChecks: ["preview / release"] }],
  environments: [
    { name: "prod", tier: "prod", protected: true, branch: "main", reviewers: ["platform", "sre"] },
    { name: "dev", tier: "dev", protected: false, branch: "develop", reviewers: [] },
    { name: "prod-preview", tier: "prod", protected: true, reviewers: ["platform"] },
  ],
  codeowners: [{ path: ".github/workflows/", teams: ["platform"] }],
  allowedActions: ["acme/custom-action@0123456789012345678901234567890123456789"],
  hasActionsPipeline: true,
};

const TEAM_IDS = new Map<string, number>([
  ["platform", 11],
  ["sre", 12],
]);

interface Built {
  readonly resources: RecordedResource[];
  readonly envs?: RepositoryEnvironments;
  readonly protection?: BranchProtection;
}

async function build(
  repo: RepositorySpec,
  what: { envs?: boolean; protection?: boolean; bootstrapAppId?: number } = {
    envs: true,
    protection: true,
  },
): Promise<Built> {
  const r = await runUnderMocks((rootOptions) => {
    const root = new pulumi.ComponentResource("secure-org:index:Test", "root", {}, rootOptions);
    const githubProvider = new github.Provider("gh", {}, { parent: root });
    const envs = what.envs
      ? new RepositoryEnvironments(
          "payments-infra",
          { repository: repo, teamIds: TEAM_IDS, githubProvider },
          { parent: root },
        )
      : undefined;
    const protection = what.protection
      ? new BranchProtection(
          "payments-infra",
          {
            repository: repo,
            githubOwner: "acme",
            bootstrapAppId: what.bootstrapAppId,
            files: [],
            githubProvider,
          },
          { parent: root },
        )
      : undefined;
    return { envs, protection };
  });
  return { resources: r.resources, ...r.value };
}

const ofType = (b: Built, type: string) => b.resources.filter((r) => r.type === type);
function one(b: Built, type: string, name: string): RecordedResource {
  const found = b.resources.filter((r) => r.type === type && r.name === name);
  assert.equal(found.length, 1, `${type} ${name}: ${b.resources.map((r) => r.name).join(", ")}`);
  return found[0];
}
const short = (urn: string) => urn.split("::").pop();

/** The outputs each component registers, by its type (a spy on `registerOutputs`). */
async function registeredOutputs(b: () => Promise<Built>): Promise<Map<string, unknown[]>> {
  const seen = new Map<string, unknown[]>();
  const proto = pulumi.ComponentResource.prototype as unknown as {
    registerOutputs(this: pulumi.ComponentResource, o?: unknown): void;
  };
  const original = proto.registerOutputs;
  proto.registerOutputs = function (o) {
    const type = this.constructor.name;
    // The SDK itself calls it once more with nothing; only the component's own call counts.
    if (o !== undefined) seen.set(type, [...(seen.get(type) ?? []), o]);
    return original.call(this, o);
  };
  try {
    await b();
  } finally {
    proto.registerOutputs = original;
  }
  return seen;
}

describe("components: repository protection settings (unit)", function () {
  this.timeout(60000);

  describe("RepositoryEnvironments", () => {
    // Built inside each test, not in a hook: Stryker's per-test coverage sees only code a test runs.
    const envs = () => build(REPO, { envs: true });

    it("a protected environment: its reviewer teams by id, no self-review, no admin bypass, its branch only", async () => {
      const b = await envs();
      const env = one(b, T.ghEnv, "payments-infra-env-prod");
      assert.deepEqual(env.inputs, {
        repository: "payments-infra",
        environment: "prod",
        reviewers: [{ teams: [11, 12] }],
        preventSelfReview: true,
        canAdminsBypass: false,
        waitTimer: 0,
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      });
      const policy = one(b, T.ghEnvPolicy, "payments-infra-env-prod-branch");
      assert.deepEqual(policy.inputs, {
        repository: "payments-infra",
        environment: "prod",
        branchPattern: "main",
      });
      assert.deepEqual(policy.options.dependsOn.map(short), ["payments-infra-env-prod"]);
    });

    it("an unprotected environment: no reviewers, self-review and admin bypass allowed, still its branch only", async () => {
      const b = await envs();
      const env = one(b, T.ghEnv, "payments-infra-env-dev");
      assert.deepEqual(env.inputs, {
        repository: "payments-infra",
        environment: "dev",
        reviewers: [],
        preventSelfReview: false,
        canAdminsBypass: true,
        waitTimer: 0,
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      });
      assert.equal(
        one(b, T.ghEnvPolicy, "payments-infra-env-dev-branch").inputs.branchPattern,
        "develop",
      );
    });

    it("a reviewed preview has no branch policy at all (any pull request may ask)", async () => {
      const b = await envs();
      const env = one(b, T.ghEnv, "payments-infra-env-prod-preview");
      assert.equal(env.inputs.deploymentBranchPolicy, undefined);
      assert.deepEqual(env.inputs.reviewers, [{ teams: [11] }]);
      assert.equal(
        b.resources.filter((r) => r.name === "payments-infra-env-prod-preview-branch").length,
        0,
      );
    });

    it("exposes each environment by name and waits for every environment, policy and Actions setting", async () => {
      const b = await envs();
      assert.deepEqual([...b.envs!.environments.keys()], ["prod", "dev", "prod-preview"]);
      // Each by its own resource, the preview's (no branch policy) too.
      for (const [name, env] of b.envs!.environments) {
        assert.ok(env instanceof github.RepositoryEnvironment, name);
        assert.ok(b.envs!.ready.includes(env), name);
      }
      assert.ok(b.envs!.ready.every((r) => r instanceof pulumi.CustomResource));
      // 3 environments, 2 branch policies, workflow permissions, Actions permissions.
      assert.equal(b.envs!.ready.length, 7);
      assert.equal(ofType(b, T.ghEnv).length, 3);
      assert.equal(ofType(b, T.ghEnvPolicy).length, 2);
    });

    it("is a secure-org:index:RepositoryEnvironments and registers its environments' names", async () => {
      const b = await envs();
      assert.deepEqual(
        b.resources.filter((r) => !r.custom && r.name === "payments-infra").map((r) => r.type),
        ["secure-org:index:RepositoryEnvironments"],
      );
      const outputs = await registeredOutputs(envs);
      assert.deepEqual(outputs.get("RepositoryEnvironments"), [
        { environments: ["prod", "dev", "prod-preview"] },
      ]);
    });

    it("Actions: read-only default token, Actions cannot approve pull requests", async () => {
      const b = await envs();
      assert.deepEqual(one(b, T.ghWorkflowPerms, "payments-infra-workflow-permissions").inputs, {
        repository: "payments-infra",
        defaultWorkflowPermissions: "read",
        canApprovePullRequestReviews: false,
      });
    });

    it("Actions: only the pinned actions and the repository's own, sorted and once each, SHA pinning required", async () => {
      const b = await envs();
      const p = one(b, T.ghActionsPerms, "payments-infra-actions-permissions");
      const patterns = [...new Set([...ALLOWED_ACTION_PATTERNS, ...REPO.allowedActions])].sort();
      assert.deepEqual(p.inputs, {
        repository: "payments-infra",
        enabled: true,
        allowedActions: "selected",
        allowedActionsConfig: {
          githubOwnedAllowed: false,
          verifiedAllowed: false,
          patternsAlloweds: patterns,
        },
        shaPinningRequired: true,
      });
      assert.ok(patterns.includes(REPO.allowedActions[0]));
      // A duplicate of a pinned pattern is listed once.
      assert.equal(patterns.length, ALLOWED_ACTION_PATTERNS.length + 1);
    });

    it("an action the repository repeats from the pinned list is listed once", async () => {
      const dup = await build(
        { ...REPO, allowedActions: [ALLOWED_ACTION_PATTERNS[0]] },
        { envs: true },
      );
      const got = one(dup, T.ghActionsPerms, "payments-infra-actions-permissions").inputs
        .allowedActionsConfig as { patternsAlloweds: string[] };
      assert.deepEqual(got.patternsAlloweds, [...ALLOWED_ACTION_PATTERNS].sort());
    });

    it("without an Actions pipeline the repository's Actions settings are left alone", async () => {
      const none = await build({ ...REPO, hasActionsPipeline: false }, { envs: true });
      assert.equal(ofType(none, T.ghWorkflowPerms).length, 0);
      assert.equal(ofType(none, T.ghActionsPerms).length, 0);
      assert.equal(none.envs!.ready.length, 5);
    });

    it("six reviewer teams pass; seven are refused (GitHub's limit), naming the environment", async () => {
      const teams = ["a", "b", "c", "d", "e", "f", "g"];
      const ids = new Map(teams.map((t, i) => [t, 100 + i]));
      const repoWith = (n: number): RepositorySpec => ({
        ...REPO,
        hasActionsPipeline: false,
        environments: [
          {
            name: "prod",
            tier: "prod",
            protected: true,
            branch: "main",
            reviewers: teams.slice(0, n),
          },
        ],
      });
      const six = await runUnderMocks((o) => {
        const root = new pulumi.ComponentResource("secure-org:index:Test", "root", {}, o);
        const githubProvider = new github.Provider("gh", {}, { parent: root });
        new RepositoryEnvironments(
          "r",
          { repository: repoWith(6), teamIds: ids, githubProvider },
          { parent: root },
        );
      });
      assert.deepEqual(
        (
          six.resources.find((r) => r.type === T.ghEnv)!.inputs.reviewers as { teams: number[] }[]
        )[0].teams,
        [100, 101, 102, 103, 104, 105],
      );
      await assert.rejects(
        runUnderMocks((o) => {
          const root = new pulumi.ComponentResource("secure-org:index:Test", "root", {}, o);
          const githubProvider = new github.Provider("gh", {}, { parent: root });
          new RepositoryEnvironments(
            "r",
            { repository: repoWith(7), teamIds: ids, githubProvider },
            { parent: root },
          );
        }),
        { message: "payments-infra/prod: GitHub allows at most 6 reviewers per environment" },
      );
    });

    it("a reviewer team without a GitHub team id is refused, naming it", async () => {
      await assert.rejects(
        runUnderMocks((o) => {
          const root = new pulumi.ComponentResource("secure-org:index:Test", "root", {}, o);
          const githubProvider = new github.Provider("gh", {}, { parent: root });
          new RepositoryEnvironments(
            "r",
            {
              repository: {
                ...REPO,
                environments: [
                  {
                    name: "prod",
                    tier: "prod",
                    protected: true,
                    branch: "main",
                    reviewers: ["platform", "ghost"],
                  },
                ],
              },
              teamIds: TEAM_IDS,
              githubProvider,
            },
            { parent: root },
          );
        }),
        { message: "payments-infra/prod: reviewer team ghost has no GitHub team" },
      );
    });
  });

  describe("BranchProtection", () => {
    const protection = () => build(REPO, { protection: true, bootstrapAppId: 777 });

    const PULL_REQUEST = {
      requiredApprovingReviewCount: 2,
      requireCodeOwnerReview: true,
      dismissStaleReviewsOnPush: true,
      requireLastPushApproval: true,
      requiredReviewThreadResolution: true,
    };

    it("CODEOWNERS on the default branch, overwriting, from the repository's code owners", async () => {
      const b = await protection();
      const f = one(b, T.ghFile, "payments-infra-codeowners");
      assert.equal(f.inputs.repository, "payments-infra");
      assert.equal(f.inputs.branch, "main");
      assert.equal(f.inputs.file, ".github/CODEOWNERS");
      assert.equal(f.inputs.overwriteOnCreate, true);
      assert.equal(f.inputs.commitMessage, "secure-org: code owners for pipelines [skip ci]");
      assert.equal(f.inputs.content, b.protection!.codeownersContent);
      assert.match(b.protection!.codeownersContent, /^\.github\/workflows\/ @acme\/platform$/m);
    });

    it("is a secure-org:index:BranchProtection and registers the default branch's required checks", async () => {
      const b = await protection();
      assert.deepEqual(
        b.resources.filter((r) => !r.custom && r.name === "payments-infra").map((r) => r.type),
        ["secure-org:index:BranchProtection"],
      );
      const outputs = await registeredOutputs(protection);
      assert.deepEqual(outputs.get("BranchProtection"), [{ requiredChecks: ["preview / prod"] }]);
    });

    it("the default branch's ruleset: reviewed pull requests, its checks strictly, no force push or deletion, the app the only bypass", async () => {
      const b = await protection();
      const r = one(b, T.ghRuleset, "payments-infra-ruleset");
      assert.deepEqual(r.inputs, {
        name: "secure-org default branch",
        repository: "payments-infra",
        target: "branch",
        enforcement: "active",
        conditions: { refName: { includes: ["~DEFAULT_BRANCH"], excludes: [] } },
        rules: {
          pullRequest: PULL_REQUEST,
          requiredStatusChecks: {
            requiredChecks: [{ context: "preview / prod" }],
            strictRequiredStatusChecksPolicy: true,
          },
          nonFastForward: true,
          deletion: true,
        },
        bypassActors: [{ actorId: 777, actorType: "Integration", bypassMode: "always" }],
      });
      assert.deepEqual(r.options.dependsOn.map(short), ["payments-infra-codeowners"]);
    });

    it("each other protected branch gets the same rules with its own checks", async () => {
      const b = await protection();
      const r = one(b, T.ghRuleset, "payments-infra-ruleset-release");
      assert.deepEqual(r.inputs, {
        name: "secure-org branch release",
        repository: "payments-infra",
        target: "branch",
        enforcement: "active",
        conditions: { refName: { includes: ["refs/heads/release"], excludes: [] } },
        rules: {
          pullRequest: PULL_REQUEST,
          requiredStatusChecks: {
            requiredChecks: [{ context: "preview / release" }],
            strictRequiredStatusChecksPolicy: true,
          },
          nonFastForward: true,
          deletion: true,
        },
        bypassActors: [{ actorId: 777, actorType: "Integration", bypassMode: "always" }],
      });
      assert.equal(b.protection!.branchRulesets.length, 1);
    });

    it("no checks: no required status checks rule; no bootstrap app: no bypass actor at all", async () => {
      const bare = await build(
        {
          ...REPO,
          requiredChecks: [],
          protectedBranches: [{ branch: "release", requiredChecks: [] }],
        },
        { protection: true },
      );
      for (const name of ["payments-infra-ruleset", "payments-infra-ruleset-release"]) {
        const r = one(bare, T.ghRuleset, name);
        assert.equal((r.inputs.rules as Record<string, unknown>).requiredStatusChecks, undefined);
        assert.deepEqual(r.inputs.bypassActors, []);
        assert.deepEqual((r.inputs.rules as Record<string, unknown>).pullRequest, PULL_REQUEST);
      }
    });

    it("only the repository's own branches get rulesets (none besides the default: one ruleset)", async () => {
      const only = await build({ ...REPO, protectedBranches: [] }, { protection: true });
      assert.deepEqual(
        ofType(only, T.ghRuleset).map((r) => r.name),
        ["payments-infra-ruleset"],
      );
    });
  });
});
