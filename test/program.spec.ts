/**
 * The real program under mocks, on the prod example: exact resources, inputs, parents and options
 * of teams and tiers (pipelines, repository protections, data safety and GitHub App
 * authentication: test/components/pipelines.spec.ts).
 *
 * What these tests cannot prove: that Pulumi Cloud and GitHub accept these inputs and behave as
 * documented (see test/schema.spec.ts for the provider-schema checks, and the README for what
 * `pulumi up` needs).
 */
import assert from "node:assert/strict";
import { placeholderNumber, RecordedResource } from "../plan/mockRun";
import { Run, runExample, T } from "./support/run";

const names = (rs: RecordedResource[]) => rs.map((r) => r.name).sort();
const short = (urn: string) => urn.split("::").pop();

describe("program: prod example", function () {
  let run: Run;
  before(async () => {
    run = await runExample("prod");
  });

  describe("SecureTeam", () => {
    it("creates one Pulumi team per declared and machine team, with exactly its members", () => {
      const teams = run
        .byType(T.team)
        .map((t) => [t.inputs.name, (t.inputs.members as string[]).join(",")]);
      assert.deepEqual(teams, [
        ["platform", "alice,bob,bootstrap-admin"],
        ["payments", "bootstrap-admin,carol,dave"],
        ["web", "bootstrap-admin,frank,grace"],
        ["security", "bootstrap-admin,erin"],
        ["sre", "bootstrap-admin,heidi"],
        // Machine teams: no human member, only the deploying identity Pulumi Cloud adds anyway.
        ["payments-staging-deploy", "bootstrap-admin"],
        ["payments-staging-preview", "bootstrap-admin"],
        ["payments-prod-deploy", "bootstrap-admin"],
        ["payments-prod-drift", "bootstrap-admin"],
        ["secure-org-auditor", "bootstrap-admin"],
      ]);
      for (const t of run.byType(T.team)) {
        assert.equal(t.inputs.teamType, "pulumi");
        assert.equal(t.inputs.organizationName, "acme");
      }
      const platform = run.one(T.team, "platform-pulumi");
      assert.equal(
        platform.inputs.description,
        "Owns the bootstrap, pipelines and shared infrastructure",
      );
    });

    it("mirrors teams with githubMembers to GitHub, authoritative members", () => {
      assert.deepEqual(names(run.byType(T.ghTeam)), [
        "payments-github",
        "platform-github",
        "security-github",
        "sre-github",
        "web-github",
      ]);
      const gh = run.one(T.ghTeam, "platform-github");
      assert.deepEqual(gh.inputs, {
        name: "platform",
        description: "Owns the bootstrap, pipelines and shared infrastructure",
        privacy: "closed",
        createDefaultMaintainer: false,
      });
      const members = run.one(T.ghMembers, "platform-github-members");
      assert.deepEqual(members.inputs, {
        teamId: String(placeholderNumber("team:platform-github")),
        members: [
          { username: "alice-gh", role: "member" },
          { username: "bob-gh", role: "member" },
        ],
      });
    });

    it("gives each mirrored team the repository permission its role implies", () => {
      const perms = run
        .byType(T.ghTeamRepo)
        .map((r) => `${short(r.parent as string)} ${r.inputs.repository} ${r.inputs.permission}`)
        .sort();
      assert.deepEqual(perms, [
        "payments payments-infra push",
        "platform payments-infra maintain",
        "platform platform maintain",
        "platform web-app maintain",
        "security payments-infra push",
        "security platform push",
        "security web-app push",
        "sre payments-infra pull",
        "sre web-app pull",
        "web web-app push",
      ]);
    });

    it("parents every team resource under its SecureTeam component", () => {
      for (const type of [T.team, T.ghTeam, T.ghMembers, T.ghTeamRepo])
        for (const r of run.byType(type)) {
          const parent = run.byUrn(r.parent);
          assert.equal(parent?.type, T.secureTeam, `${r.name} parent`);
          assert.ok(
            r.name.startsWith(`${parent?.name}-`),
            `${r.name} is named after ${parent?.name}`,
          );
        }
    });

    it("sets the org defaults through the OrgDefaults dynamic resource", () => {
      const d = run.one(T.dynamic, "org-defaults");
      const { __provider, ...inputs } = d.inputs;
      assert.equal(typeof __provider, "string");
      assert.deepEqual(inputs, {
        organization: "acme",
        stackPermission: "none",
        environmentPermission: "none",
        membersCanCreateStacks: false,
        membersCanDeleteStacks: false,
        membersCanCreateTeams: false,
        membersCanTransferStacks: false,
        membersCanInviteCollaborators: false,
        membersCanCreateAccounts: false,
        accountPermission: "none",
        maxAccessTokenExpiryDays: 90,
        // defaults.customRoles: Pulumi Deployments runs with the deployment role.
        defaultDeploymentRoleId: "roles-deployments-id",
      });
    });
  });

  describe("EnvironmentTier", () => {
    it("creates exactly these stacks and environments, one component per tier", () => {
      const perTier = (type: string) =>
        run
          .byType(type)
          .map(
            (r) =>
              `${short(r.parent as string)}: ${r.inputs.projectName ?? r.inputs.project}/${r.inputs.stackName ?? r.inputs.name}`,
          );
      assert.deepEqual(perTier(T.stack), [
        "dev: payments/dev",
        "dev: web/dev",
        "staging: payments/staging",
        "staging: web/staging",
        "prod: payments/prod",
        "prod: web/production",
      ]);
      // Each tier's login environments first: its environments' definitions import them.
      assert.deepEqual(perTier(T.environment), [
        "dev: payments/dev-cloud",
        "dev: web/dev-cloud",
        "dev: payments/dev",
        "dev: web/dev",
        "staging: payments/staging-cloud",
        "staging: web/staging-cloud",
        "staging: payments/staging",
        "staging: web/staging",
        "prod: payments/prod-cloud",
        "prod: web/prod-cloud",
        "prod: payments/prod",
        "prod: web/prod",
        // Issue 28: oncall's per-use break-glass environments, each in its BreakGlass component.
        "payments/prod/breakglass: payments/prod-breakglass",
        "web/prod/breakglass: web/prod-breakglass",
      ]);
      for (const r of [...run.byType(T.stack), ...run.byType(T.environment)]) {
        const parent = run.byUrn(r.parent);
        if (parent?.type === T.breakGlass) {
          assert.ok(r.name.endsWith("/breakglass/environment"), r.name);
          assert.equal(run.byUrn(parent.parent)?.type, T.tier, r.name);
        } else assert.equal(parent?.type, T.tier, r.name);
      }
    });

    it("never deletes a stack or an environment, and protects them on protected tiers", () => {
      for (const r of [...run.byType(T.stack), ...run.byType(T.environment)]) {
        const prod = r.name.includes("/prod/");
        assert.equal(r.options.retainOnDelete, true, `${r.name} retainOnDelete`);
        assert.equal(r.options.protect, prod, `${r.name} protect`);
      }
      // An app environment's definition is its team's; a login environment's is secure-org's.
      for (const e of run.byType(T.environment))
        assert.deepEqual(
          e.options.ignoreChanges,
          e.name.endsWith("/cloud-environment") ? [] : ["yaml"],
          e.name,
        );
      for (const s of run.byType(T.stack)) assert.deepEqual(s.options.ignoreChanges, []);
    });

    it("tags every stack with its tier, protection, deploy mode, owners and repository", () => {
      const tags = run.one(T.stackTags, "web/prod/tags");
      assert.deepEqual(tags.inputs, {
        organization: "acme",
        project: "web",
        stack: "production",
        tags: {
          "secure-org:tier": "prod",
          "secure-org:protected": "true",
          "secure-org:deploy": "pulumi-deployments",
          "secure-org:owner": "web,sre",
          "secure-org:repository": "acme/web-app",
        },
      });
      assert.deepEqual(tags.options.dependsOn.map(short), ["web/prod/stack"]);
    });

    it("starts each environment with a definition it never overwrites", () => {
      const env = run.one(T.environment, "payments/dev/environment");
      const yaml = env.inputs.yaml as { asset: string; text: string };
      assert.equal(yaml.asset, "string");
      assert.match(yaml.text, /secure-org ignores changes to this definition/);
      assert.match(yaml.text, /\nvalues:\n {2}pulumiConfig: \{\}\n$/);
    });

    it("grants exactly what the access model says, per tier", () => {
      const grants = (tier: string) =>
        [
          ...run
            .byType(T.stackGrant)
            .map(
              (g) =>
                `stack ${g.inputs.project}/${g.inputs.stack} ${g.inputs.team} ${g.inputs.permission}`,
            ),
          ...run
            .byType(T.envGrant)
            .map(
              (g) =>
                `env ${g.inputs.project}/${g.inputs.environment} ${g.inputs.team} ${g.inputs.permission}` +
                (g.inputs.maxOpenDuration ? ` max ${g.inputs.maxOpenDuration}` : ""),
            ),
        ]
          .filter(
            (s) =>
              s.split(" ")[1].endsWith(`/${tier}`) ||
              (tier === "prod" && s.includes("/production")),
          )
          .sort();
      assert.deepEqual(grants("prod"), [
        "env payments/prod payments-prod-deploy open",
        "env payments/prod payments-prod-drift open",
        "env payments/prod platform read",
        "env payments/prod secure-org-auditor read",
        "env payments/prod security read",
        "env secure-org/prod platform read",
        "env secure-org/prod secure-org-auditor read",
        "env secure-org/prod security read",
        "env web/prod platform read",
        "env web/prod secure-org-auditor read",
        "env web/prod security read",
        "stack payments/prod payments-prod-deploy 102",
        "stack payments/prod payments-prod-drift 101",
        "stack payments/prod platform 101",
        "stack secure-org/prod platform 101",
        "stack web/production platform 101",
      ]);
      // Issue 28: oncall (team sre) holds nothing on payments/prod or web/prod; it opens only the
      // gated break-glass environments, each open approved per use.
      const breakGlass = run
        .byType(T.envGrant)
        .filter((g) => String(g.inputs.environment).endsWith("-breakglass"))
        .map(
          (g) =>
            `env ${g.inputs.project}/${g.inputs.environment} ${g.inputs.team} ${g.inputs.permission} max ${g.inputs.maxOpenDuration}`,
        )
        .sort();
      assert.deepEqual(breakGlass, [
        "env payments/prod-breakglass sre open max 1h",
        "env web/prod-breakglass sre open max 1h",
      ]);
      assert.equal(run.byType(T.stackGrant).length, 23);
      // 26 from the tiers' roles and pipelines (the drift check included), 2 per-use break-glass
      // (sre on payments/prod-breakglass and web/prod-breakglass), 7 for the scheduled audit
      // (read on every tier's environment: it looks for dev routes to protected identities), and
      // 30 on the login environments (each tier environment's grants capped at open: 10 on dev,
      // 12 on staging, 8 on prod, where no human opens).
      assert.equal(run.byType(T.envGrant).length, 65);
    });

    it("no human team can write a protected stack or open a protected environment, except break-glass", () => {
      const machine = new Set(
        run.org.model.teams.filter((t) => t.kind === "machine").map((t) => t.name),
      );
      const prodStacks = run
        .byType(T.stackGrant)
        .filter((g) => run.byUrn(g.parent)?.name === "prod");
      for (const g of prodStacks)
        if (!machine.has(g.inputs.team as string))
          assert.equal(g.inputs.permission, 101, `${g.name}`);
      const prodEnvs = run.byType(T.envGrant).filter((g) => run.byUrn(g.parent)?.name === "prod");
      const elevated = prodEnvs.filter(
        (g) => !machine.has(g.inputs.team as string) && g.inputs.permission !== "read",
      );
      // Issue 28: no standing human open on payments/prod, web/prod or their login environments.
      assert.deepEqual(
        elevated.map((g) => [g.inputs.environment, g.inputs.team, g.inputs.permission]),
        [],
      );
      // Every other human open on prod is on a break-glass environment, behind its open gate:
      // action open, no self-approval, approvers another team, created before the grant.
      const human = run
        .byType(T.envGrant)
        .filter((g) => !machine.has(g.inputs.team as string) && g.inputs.permission !== "read")
        .filter((g) => run.byUrn(g.parent)?.type === T.breakGlass);
      assert.equal(human.length, 2);
      for (const g of human) {
        const env = `${g.inputs.project}/${g.inputs.environment}`;
        assert.match(env, /^(payments|web)\/prod-breakglass$/);
        const gate = run
          .byType(T.gate)
          .find((x) => (x.inputs.target as { qualifiedName?: string }).qualifiedName === env);
        assert.ok(gate, `no gate on ${env}`);
        assert.deepEqual(gate.inputs.target, {
          entityType: "environment",
          qualifiedName: env,
          actionTypes: ["open"],
        });
        const rule = gate.inputs.rule as Record<string, unknown>;
        assert.equal(rule.allowSelfApproval, false);
        assert.equal(rule.numApprovalsRequired, 1);
        assert.deepEqual(rule.eligibleApprovers, [
          { eligibilityType: "team_member", teamName: "security" },
        ]);
        assert.ok(g.options.dependsOn.map(short).includes(short(gate.urn)), `${g.name} after gate`);
      }
    });

    it("each grant waits for its team and its stack or environment", () => {
      const g = run.one(T.stackGrant, "payments/prod/stack-grant/payments-prod-deploy");
      assert.deepEqual(g.options.dependsOn.map(short).sort(), [
        "payments-prod-deploy-pulumi",
        "payments/prod/stack",
      ]);
      const e = run.one(T.envGrant, "payments/prod/environment-grant/security");
      assert.deepEqual(e.options.dependsOn.map(short).sort(), [
        "payments/prod/environment",
        "security-pulumi",
      ]);
      // A per-use break-glass grant waits for its team and the open gate in front of it.
      const b = run.one(T.envGrant, "payments/prod/breakglass/grant/sre");
      assert.deepEqual(b.options.dependsOn.map(short).sort(), [
        "payments/prod/breakglass/gate",
        "sre-pulumi",
      ]);
    });

    it("requires ESC approvals on protected environments only", () => {
      assert.deepEqual(names(run.byType(T.approval)), [
        "payments/prod/approval",
        "web/prod/approval",
      ]);
      assert.deepEqual(run.one(T.approval, "payments/prod/approval").inputs, {
        name: "secure-org payments/prod changes",
        enabled: true,
        targetActionTypes: ["update"],
        environmentIdentifier: { organization: "acme", project: "payments", name: "prod" },
        approvalRuleConfig: {
          numApprovalsRequired: 2,
          allowSelfApproval: false,
          requireReapprovalOnChange: true,
          eligibleApprovers: [{ teamName: "platform" }, { teamName: "security" }],
        },
      });
    });

    it("schedules drift detection only on protected stacks with deployment settings, after them", () => {
      const drifts = run.byType(T.drift);
      assert.deepEqual(names(drifts), ["web/prod-drift"]);
      assert.deepEqual(drifts[0].inputs, {
        organization: "acme",
        project: "web",
        stack: "production",
        scheduleCron: "0 */6 * * *",
        autoRemediate: false,
      });
      assert.deepEqual(drifts[0].options.dependsOn.map(short), ["web/prod-settings"]);
    });

    it("registers the audit webhooks with their HMAC secrets as secrets", () => {
      const hooks = run.byType(T.webhook);
      assert.equal(hooks.length, 7);
      const org = run.one(T.webhook, "webhook/security");
      assert.deepEqual(org.inputs, {
        organizationName: "acme",
        displayName: "secure-org security",
        payloadUrl: "https://hooks.example.com/pulumi",
        active: true,
        format: "slack",
        groups: ["stacks", "deployments", "environments"],
        secret: "secret-value-of-securityWebhookSecret",
      });
      assert.deepEqual(org.secretInputs, ["secret"]);
      const stackHook = run.one(T.webhook, "prod/webhook/prod-failures/web/production");
      assert.deepEqual(stackHook.inputs, {
        organizationName: "acme",
        displayName: "secure-org prod-failures web/production",
        payloadUrl: "https://siem.example.com/pulumi/prod",
        active: true,
        format: "raw",
        filters: ["update_failed", "deployment_failed", "drift_detected", "drift_detection_failed"],
        secret: "secret-value-of-siemWebhookSecret",
        projectName: "web",
        stackName: "production",
      });
      const envHook = run.one(T.webhook, "prod/webhook/prod-environments/payments/prod");
      assert.equal(envHook.inputs.environmentName, "prod");
      assert.equal(envHook.inputs.projectName, "payments");
      assert.equal(envHook.inputs.stackName, undefined);
      for (const h of hooks) assert.deepEqual(h.secretInputs, ["secret"]);
    });
  });
});
