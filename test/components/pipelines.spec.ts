/**
 * The real program under mocks, on the prod example (continued from test/program.spec.ts):
 * pipelines, GitHub environments and branch protections, data safety across config edits, and
 * GitHub App authentication.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { buildOrg } from "../../components/org";
import { githubAppAuth } from "../../components/github";
import { placeholderNumber, runUnderMocks } from "../../plan/mockRun";
import { SchemaChecker } from "../../plan/schemaCheck";
import { COMPONENT_TYPES, fixturePaths } from "../../plan/schemaFixtures";
import { ALLOWED_ACTION_PATTERNS } from "../../model/ci/github/pins";
import { renderWorkflow } from "../../model/ci/github/workflow";
import { exampleConfig, key } from "../support/examples";
import { Run, runExample, T } from "../support/run";

const short = (urn: string) => urn.split("::").pop();

describe("program: prod example", function () {
  let run: Run;
  before(async () => {
    run = await runExample("prod");
  });

  describe("DeploymentPipeline and repository protections", () => {
    it("Pulumi Deployments settings use the GitHub App with every trigger explicit", () => {
      const s = run.one(T.settings, "web/prod-settings");
      assert.deepEqual(s.inputs, {
        organization: "acme",
        project: "web",
        stack: "production",
        sourceContext: { git: { branch: "refs/heads/main", repoDir: "deploy" } },
        vcs: {
          provider: "github",
          repository: "acme/web-app",
          deployCommits: true,
          previewPullRequests: false,
          pullRequestTemplate: false,
          paths: ["deploy/**"],
        },
      });
      assert.deepEqual(s.options.dependsOn.map(short), ["web/prod/stack"]);
      assert.equal(
        (run.one(T.settings, "web/staging-settings").inputs.vcs as { previewPullRequests: boolean })
          .previewPullRequests,
        // The project's own choice: Deployments previews run with an admin token on the stack.
        false,
      );
    });

    it("a protected GitHub environment: approver teams review, no self-review, no admin bypass, main only", () => {
      const env = run.one(T.ghEnv, "payments-infra-env-prod");
      assert.deepEqual(env.inputs, {
        repository: "payments-infra",
        environment: "prod",
        reviewers: [
          {
            teams: [
              placeholderNumber("team:platform-github"),
              placeholderNumber("team:security-github"),
            ],
          },
        ],
        preventSelfReview: true,
        canAdminsBypass: false,
        waitTimer: 0,
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      });
      assert.deepEqual(run.one(T.ghEnvPolicy, "payments-infra-env-prod-branch").inputs, {
        repository: "payments-infra",
        environment: "prod",
        branchPattern: "main",
      });
      const staging = run.one(T.ghEnv, "payments-infra-env-staging");
      assert.deepEqual(staging.inputs.reviewers, []);
      assert.equal(staging.inputs.canAdminsBypass, true);
    });

    it("read-only workflow tokens, and only the pinned actions, SHA-pinned", () => {
      assert.deepEqual(run.one(T.ghWorkflowPerms, "payments-infra-workflow-permissions").inputs, {
        repository: "payments-infra",
        defaultWorkflowPermissions: "read",
        canApprovePullRequestReviews: false,
      });
      assert.deepEqual(run.one(T.ghActionsPerms, "payments-infra-actions-permissions").inputs, {
        repository: "payments-infra",
        enabled: true,
        allowedActions: "selected",
        allowedActionsConfig: {
          githubOwnedAllowed: false,
          verifiedAllowed: false,
          patternsAlloweds: [...ALLOWED_ACTION_PATTERNS].sort(),
        },
        shaPinningRequired: true,
      });
      // Repositories without a GitHub Actions pipeline keep their Actions settings.
      assert.ok(!run.resources.some((r) => r.name === "web-app-actions-permissions"));
    });

    it("commits each rendered workflow without triggering it, after the environments and identities exist", () => {
      const files = run
        .byType(T.ghFile)
        .filter((f) => String(f.inputs.file).startsWith(".github/workflows/"));
      assert.deepEqual(
        files.map((f) => `${f.inputs.repository}:${f.inputs.file}`),
        [
          "payments-infra:.github/workflows/pulumi-payments-staging.yml",
          "payments-infra:.github/workflows/pulumi-payments-prod.yml",
          "payments-infra:.github/workflows/pulumi-payments-prod-drift.yml",
          "platform:.github/workflows/pulumi-secure-org-prod.yml",
          "platform:.github/workflows/secure-org-audit.yml",
        ],
      );
      const prod = run.one(T.ghFile, "payments/prod-workflow");
      const pipeline = run.org.model.pipelines.find((p) => p.key === "payments/prod");
      assert.ok(pipeline);
      assert.equal(
        prod.inputs.content,
        renderWorkflow(pipeline, { organization: "acme", githubOwner: "acme" }),
      );
      assert.equal(prod.inputs.branch, "main");
      assert.equal(prod.inputs.overwriteOnCreate, true);
      assert.match(String(prod.inputs.commitMessage), /\[skip ci\]$/);
      const deps = prod.options.dependsOn.map(short);
      for (const d of [
        "payments-infra-env-prod",
        "payments-infra-env-prod-branch",
        "oidc",
        "payments-prod-deploy",
        "payments/prod/stack",
      ])
        assert.ok(deps.includes(d), `workflow waits for ${d}`);
    });

    it("the default branch ruleset comes after every committed file", () => {
      const rs = run.one(T.ghRuleset, "payments-infra-ruleset");
      assert.deepEqual(rs.inputs, {
        name: "secure-org default branch",
        repository: "payments-infra",
        target: "branch",
        enforcement: "active",
        conditions: { refName: { includes: ["~DEFAULT_BRANCH"], excludes: [] } },
        rules: {
          pullRequest: {
            requiredApprovingReviewCount: 2,
            requireCodeOwnerReview: true,
            dismissStaleReviewsOnPush: true,
            requireLastPushApproval: true,
            requiredReviewThreadResolution: true,
          },
          requiredStatusChecks: {
            requiredChecks: [{ context: "pulumi preview (payments/staging)" }],
            strictRequiredStatusChecksPolicy: true,
          },
          nonFastForward: true,
          deletion: true,
        },
        bypassActors: [],
      });
      assert.deepEqual(rs.options.dependsOn.map(short).sort(), [
        "payments-infra-codeowners",
        "payments/prod-drift-workflow",
        "payments/prod-workflow",
        "payments/staging-workflow",
      ]);
      const web = run.one(T.ghRuleset, "web-app-ruleset");
      assert.equal(
        (web.inputs.rules as { requiredStatusChecks?: unknown }).requiredStatusChecks,
        undefined,
      );
    });

    it("CODEOWNERS gives the platform team the workflows", () => {
      const co = run.one(T.ghFile, "payments-infra-codeowners");
      assert.equal(co.inputs.file, ".github/CODEOWNERS");
      const lines = String(co.inputs.content)
        .split("\n")
        .filter((l) => l && !l.startsWith("#"));
      assert.deepEqual(lines, [
        "/infra/ @acme/platform @acme/security",
        "/.github/workflows/ @acme/platform",
        "/.github/CODEOWNERS @acme/platform",
      ]);
    });

    it("the bootstrap's own ruleset may be bypassed only by its GitHub App, when configured", async () => {
      const withApp = await runExample("prod", (d) => {
        d.config[key.github].bootstrapAppId = 424242;
      });
      assert.deepEqual(withApp.one(T.ghRuleset, "platform-ruleset").inputs.bypassActors, [
        { actorId: 424242, actorType: "Integration", bypassMode: "always" },
      ]);
    });

    it("uses the API's snake_case and lower-case enum values", () => {
      const enums: [string, string, unknown][] = [
        [T.ghActionsPerms, "allowedActions", "selected"],
        [T.ghWorkflowPerms, "defaultWorkflowPermissions", "read"],
        [T.ghRuleset, "enforcement", "active"],
        [T.ghRuleset, "target", "branch"],
        [T.ghTeam, "privacy", "closed"],
      ];
      for (const [type, field, value] of enums)
        for (const r of run.byType(type))
          assert.equal(r.inputs[field], value, `${r.name}.${field}`);
    });
  });

  describe("data safety across config edits", () => {
    it("removing a project registers no stack or environment for it, and the earlier run retained them", async () => {
      const before = run.byType(T.stack).filter((s) => s.inputs.projectName === "payments");
      assert.equal(before.length, 3);
      for (const s of [
        ...before,
        ...run.byType(T.environment).filter((e) => e.inputs.project === "payments"),
      ])
        assert.equal(
          s.options.retainOnDelete,
          true,
          `${s.name}: removal from the program leaves it in Pulumi Cloud`,
        );
      const after = await runExample("prod", (d) => {
        // Payments was staging's only github-actions project: no reviewed previews without it.
        delete d.config[key.tiers][1].deploy.reviewedPreviews;
        d.config[key.projects].splice(0, 1);
        for (const t of d.config[key.teams]) delete t.access.payments;
        d.config[key.teams][4].access = { web: "oncall" };
        d.config[key.teams].splice(1, 1);
      });
      assert.ok(!after.byType(T.stack).some((s) => s.inputs.projectName === "payments"));
      assert.ok(!after.byType(T.environment).some((e) => e.inputs.project === "payments"));
      // Everything that stays keeps its logical name (so nothing else is replaced).
      const keep = (r: Run) =>
        new Set([...r.byType(T.stack), ...r.byType(T.environment)].map((x) => x.urn));
      for (const urn of keep(after)) assert.ok(keep(run).has(urn), `${urn} kept its URN`);
    });

    it("renaming a tier or project carries aliases to the old names", async () => {
      const renamed = await runExample("prod", (d) => {
        const prod = d.config[key.tiers][2];
        prod.name = "production";
        prod.formerNames = ["prod"];
        for (const p of d.config[key.projects]) {
          if (p.tiers.prod) {
            p.tiers.production = {
              ...p.tiers.prod,
              stack: p.tiers.prod.stack ?? "prod",
              environment: "prod",
            };
            delete p.tiers.prod;
          }
        }
        for (const w of d.config[key.audit].webhooks)
          if (w.scope?.tier === "prod") w.scope.tier = "production";
      });
      const stack = renamed.one(T.stack, "payments/production/stack");
      assert.deepEqual(stack.inputs, {
        organizationName: "acme",
        projectName: "payments",
        stackName: "prod",
      });
      const aliases = stack.options.aliases as { name: string; parent: string }[];
      assert.deepEqual(
        aliases.map((a) => [a.name, a.parent]),
        [
          [
            "payments/prod/stack",
            "urn:pulumi:test::secure-org::secure-org:index:SecureOrg$secure-org:index:EnvironmentTier::prod",
          ],
        ],
      );
      const tier = renamed.resources.find((r) => r.type === T.tier && r.name === "production");
      assert.deepEqual(tier?.options.aliases, [{ name: "prod" }]);
      // The alias points at the parent the stack had before the rename.
      assert.equal(aliases[0].parent, run.one(T.stack, "payments/prod/stack").parent);
    });
  });
});

describe("program: GitHub App authentication", () => {
  it("uses the App when all three variables are set, keeping the key secret", async () => {
    const { config, warnings } = exampleConfig("dev");
    const env = {
      GITHUB_APP_ID: "123",
      GITHUB_APP_INSTALLATION_ID: "456",
      GITHUB_APP_PEM_FILE: "-----BEGIN KEY-----",
    };
    const { resources } = await runUnderMocks(
      (rootOptions) =>
        buildOrg(config, { rootOptions, warnings, env, secret: (k) => pulumi.secret(k) }),
      { stack: "test" },
    );
    const provider = resources.find((r) => r.type === "pulumi:providers:github");
    assert.equal(provider?.inputs.owner, "acme-sandbox");
    assert.deepEqual(JSON.parse(String(provider?.inputs.appAuth)), {
      id: "123",
      installationId: "456",
      pemFile: "-----BEGIN KEY-----",
    });
    assert.ok(
      provider?.secretInputs.some((p) => p.startsWith("appAuth")),
      "the App key is a secret",
    );
    const checker = SchemaChecker.fromFiles(fixturePaths(), { componentTypes: COMPONENT_TYPES });
    assert.deepEqual(checker.checkAll(resources), []);
  });

  it("falls back to GITHUB_TOKEN without App variables, and refuses a partial App", () => {
    assert.equal(githubAppAuth({}), undefined);
    assert.throws(
      () => githubAppAuth({ GITHUB_APP_ID: "1" }),
      /needs all of GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PEM_FILE/,
    );
  });
});
