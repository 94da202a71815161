import assert from "node:assert/strict";
import { ENV_RANK, STACK_RANK } from "../model/access";
import { exampleModel, key } from "./support/examples";

const model = exampleModel("prod");

type Row = [
  tier: string,
  team: string,
  identity: string,
  role: string | null,
  stack: string,
  environment: string,
  maxOpen: string | null,
];

describe("access model: the prod example", () => {
  it("grants exactly this on the payments project", () => {
    const rows: Row[] = model.grants
      .filter((g) => g.project === "payments")
      .map((g) => [
        g.tier,
        g.team,
        g.identity,
        g.role ?? null,
        g.stackPermission,
        g.environmentPermission,
        g.maxOpenDuration ?? null,
      ]);
    assert.deepEqual(rows, [
      ["dev", "platform", "human", "maintainer", "admin", "admin", null],
      ["dev", "payments", "human", "developer", "write", "open", null],
      ["dev", "security", "human", "auditor", "read", "read", null],
      ["dev", "sre", "human", "oncall", "write", "open", null],
      ["staging", "platform", "human", "maintainer", "read", "read", null],
      ["staging", "payments", "human", "developer", "read", "read", null],
      ["staging", "security", "human", "auditor", "read", "read", null],
      ["staging", "sre", "human", "oncall", "read", "read", null],
      ["staging", "payments-staging-deploy", "machine", null, "write", "open", null],
      ["staging", "payments-staging-preview", "machine", null, "read", "open", null],
      ["prod", "platform", "human", "maintainer", "read", "read", null],
      ["prod", "security", "human", "auditor", "none", "read", null],
      ["prod", "sre", "human", "oncall", "none", "open", "1h"],
      ["prod", "payments-prod-deploy", "machine", null, "write", "open", null],
      // The scheduled drift check of the prod stack (driftDetection), read-only.
      ["prod", "payments-prod-drift", "machine", null, "read", "open", null],
      // The scheduled audit (audit.schedule) reads every tier's definitions (a dev environment
      // may import or log in to a protected identity), never stacks.
      ["dev", "secure-org-auditor", "machine", null, "none", "read", null],
      ["staging", "secure-org-auditor", "machine", null, "none", "read", null],
      ["prod", "secure-org-auditor", "machine", null, "none", "read", null],
    ]);
  });

  it("says why each grant exists", () => {
    const g = model.grants.find(
      (x) => x.project === "payments" && x.tier === "dev" && x.team === "payments",
    );
    assert.equal(
      g?.reason,
      "teams[1].access.payments = developer; tiers[0].roles.developer = stack write, environment open",
    );
    const m = model.grants.find((x) => x.team === "payments-prod-deploy");
    assert.match(m?.reason ?? "", /deploy identity of pipeline payments\/prod/);
  });

  it("no human team can deploy or open secrets on a protected tier, except declared break-glass", () => {
    const protectedTiers = new Set(model.stacks.filter((s) => s.protected).map((s) => s.tier));
    assert.deepEqual([...protectedTiers], ["prod"]);
    const elevated = model.grants.filter(
      (g) =>
        g.identity === "human" &&
        protectedTiers.has(g.tier) &&
        (STACK_RANK[g.stackPermission] >= STACK_RANK.write ||
          ENV_RANK[g.environmentPermission] >= ENV_RANK.open),
    );
    // Only the on-call team's declared break-glass open, bounded to one hour.
    assert.deepEqual(
      elevated.map((g) => [
        g.team,
        g.project,
        g.stackPermission,
        g.environmentPermission,
        g.maxOpenDuration,
      ]),
      [
        ["sre", "payments", "none", "open", "1h"],
        ["sre", "web", "none", "open", "1h"],
      ],
    );
    for (const g of elevated) assert.match(g.breakGlass ?? "", /runbook SEC-7/);
  });

  it("has one deploy identity per github-actions pipeline and previews only where they run", () => {
    assert.deepEqual(
      model.identities.map((i) => [
        i.team,
        i.tokenType,
        i.purpose,
        i.tier,
        i.events.join("+"),
        i.githubEnvironment ?? null,
      ]),
      [
        ["payments-staging-deploy", "team", "deploy", "staging", "push", "staging"],
        // Reviewed previews: only in the payments-staging-preview environment, approved per run.
        [
          "payments-staging-preview",
          "team",
          "preview",
          "staging",
          "pull_request",
          "payments-staging-preview",
        ],
        ["payments-prod-deploy", "team", "deploy", "prod", "push", "prod"],
        // The drift check of payments/prod (driftDetection): scheduled runs only.
        ["payments-prod-drift", "team", "drift", "prod", "schedule", "payments-prod-drift"],
        ["acme", "organization", "deploy", "prod", "push", "prod"],
        // The scheduled audit's read-only identity (audit.schedule).
        ["secure-org-auditor", "team", "audit", "audit", "schedule+workflow_dispatch", "audit"],
      ],
    );
    const machine = model.teams.filter((t) => t.kind === "machine");
    assert.deepEqual(
      machine.map((t) => t.name),
      [
        "payments-staging-deploy",
        "payments-staging-preview",
        "payments-prod-deploy",
        "payments-prod-drift",
        "secure-org-auditor",
      ],
    );
    for (const t of machine) assert.deepEqual(t.members, []);
  });

  it("pre-creates every stack except the bootstrap's own, with tier tags", () => {
    assert.deepEqual(
      model.stacks.map((s) => [
        s.key,
        s.stack,
        `${s.environment.project}/${s.environment.name}`,
        s.protected,
        s.mode,
        s.managed,
      ]),
      [
        ["payments/dev", "dev", "payments/dev", false, "direct", true],
        ["payments/staging", "staging", "payments/staging", false, "github-actions", true],
        ["payments/prod", "prod", "payments/prod", true, "github-actions", true],
        ["web/dev", "dev", "web/dev", false, "direct", true],
        ["web/staging", "staging", "web/staging", false, "pulumi-deployments", true],
        ["web/prod", "production", "web/prod", true, "pulumi-deployments", true],
        ["secure-org/prod", "prod", "secure-org/prod", true, "github-actions", false],
      ],
    );
    assert.deepEqual(model.stacks[2].tags, {
      "secure-org:tier": "prod",
      "secure-org:protected": "true",
      "secure-org:deploy": "github-actions",
      "secure-org:owner": "payments,sre",
      "secure-org:repository": "acme/payments-infra",
    });
  });

  it("maps roles to GitHub repository permissions, and gives reviewers read access", () => {
    const repos = (name: string) =>
      model.teams
        .find((t) => t.name === name)
        ?.github?.repositories.map((r) => [r.repository, r.permission]);
    assert.deepEqual(repos("platform"), [
      ["payments-infra", "maintain"],
      ["platform", "maintain"],
      ["web-app", "maintain"],
    ]);
    assert.deepEqual(repos("payments"), [["payments-infra", "push"]]);
    // Security approves production changes, which counts on GitHub only from write access.
    assert.deepEqual(repos("security"), [
      ["payments-infra", "push"],
      ["platform", "push"],
      ["web-app", "push"],
    ]);
    assert.deepEqual(repos("sre"), [
      ["payments-infra", "pull"],
      ["web-app", "pull"],
    ]);
  });

  it("protects each pipeline repository: environments, approvals, checks, code owners", () => {
    const payments = model.repositories.find((r) => r.name === "payments-infra");
    assert.equal(payments?.requiredApprovals, 2);
    assert.deepEqual(payments?.requiredChecks, ["pulumi preview (payments/staging)"]);
    assert.deepEqual(
      payments?.environments.map((e) => [e.name, e.protected, e.branch, e.reviewers.join(",")]),
      [
        ["staging", false, "main", ""],
        ["prod", true, "main", "platform,security"],
        // The drift check: scheduled, default branch, nobody approves it.
        ["payments-prod-drift", false, "main", ""],
        // Reviewed previews of staging: any PR branch, an approver approves each run.
        ["payments-staging-preview", true, undefined, "platform"],
      ],
    );
    assert.deepEqual(payments?.codeowners, [
      { path: "/infra/", teams: ["platform", "security"] },
      { path: "/.github/workflows/", teams: ["platform"] },
      { path: "/.github/CODEOWNERS", teams: ["platform"] },
    ]);
    const platform = model.repositories.find((r) => r.name === "platform");
    assert.deepEqual(platform?.requiredChecks, ["offline plan (secure-org/prod)"]);
    const web = model.repositories.find((r) => r.name === "web-app");
    assert.equal(web?.hasActionsPipeline, false);
    assert.deepEqual(web?.environments, []);
  });

  it("approval rules on protected environments, drift schedules on Deployments stacks", () => {
    assert.deepEqual(
      model.approvals.map((a) => [a.key, a.approvers.join(","), a.required]),
      [
        ["payments/prod", "platform,security", 2],
        ["web/prod", "platform,security", 2],
      ],
    );
    assert.deepEqual(model.driftSchedules, [
      {
        key: "web/prod",
        project: "web",
        stack: "production",
        schedule: "0 */6 * * *",
        autoRemediate: false,
      },
    ]);
  });

  it("scopes webhooks to the org or to each stack/environment of a tier", () => {
    assert.deepEqual(
      model.webhooks.map((w) => [
        w.key,
        w.scope,
        w.projectName ?? null,
        w.stackName ?? w.environmentName ?? null,
      ]),
      [
        ["security", "organization", null, null],
        ["prod-failures/payments/prod", "stack", "payments", "prod"],
        ["prod-failures/web/production", "stack", "web", "production"],
        ["prod-failures/secure-org/prod", "stack", "secure-org", "prod"],
        ["prod-environments/payments/prod", "environment", "payments", "prod"],
        ["prod-environments/web/prod", "environment", "web", "prod"],
        ["prod-environments/secure-org/prod", "environment", "secure-org", "prod"],
      ],
    );
    assert.deepEqual(model.webhooks[0].groups, ["stacks", "deployments", "environments"]);
    assert.equal(model.webhooks[1].groups, undefined);
  });

  it("reports findings a reviewer must see", () => {
    assert.deepEqual(
      model.findings.map((f) => [f.severity, f.code, f.path]),
      [
        ["medium", "protected-stack-read", "tiers[2].roles.maintainer.stack"],
        // Issue 28: oncall's break-glass is per use (approved by security each time): info.
        ["info", "break-glass-per-use", "tiers[2].roles.oncall"],
        ["info", "reviewed-preview", "tiers[1].deploy.reviewedPreviews"],
        ["low", "deployments-role", "projects[1].tiers.staging"],
        ["low", "deployments-role", "projects[1].tiers.prod"],
        ["info", "bootstrap-admin-token", "projects[2]"],
        ["info", "drift-unchecked", "tiers[2].driftDetection"],
      ],
    );
  });
});

describe("access model: choices the config makes", () => {
  it("a standing break-glass, declared with its own justification, is reported high", () => {
    const m = exampleModel("prod", (d) => {
      const bg = d.config[key.tiers][2].roles.oncall.breakGlass;
      delete bg.approvers;
      delete bg.requiredApprovals;
      bg.standing = true;
      bg.standingJustification = "The approvers' team has no on-call rota at night yet";
    });
    const f = m.findings.filter((x) => x.path === "tiers[2].roles.oncall");
    assert.deepEqual(
      f.map((x) => [x.severity, x.code]),
      [["high", "break-glass"]],
    );
    assert.match(f[0].message, /at any moment, without approval/);
    // Standing: sre holds open on payments/prod itself, and no break-glass environment exists.
    assert.ok(
      m.grants.some(
        (g) =>
          g.team === "sre" &&
          g.environment.project === "payments" &&
          g.environment.name === "prod" &&
          g.environmentPermission === "open",
      ),
    );
    assert.deepEqual(m.breakGlass, []);
  });

  it("a project's own access entry beats the team's '*'", () => {
    const m = exampleModel("prod", (d) => {
      d.config[key.teams][3].access = {
        "*": "auditor",
        payments: "developer",
        "secure-org": "auditor", // the bootstrap is named, never reached through "*"
      };
    });
    const g = m.grants.find(
      (x) => x.team === "security" && x.project === "payments" && x.tier === "dev",
    );
    assert.equal(g?.role, "developer");
    const w = m.grants.find(
      (x) => x.team === "security" && x.project === "web" && x.tier === "dev",
    );
    assert.equal(w?.role, "auditor");
  });

  it("pull-request previews on a protected tier are opt-in, reviewed, and reported", () => {
    const m = exampleModel("prod", (d) => {
      d.config[key.tiers][2].deploy.previewPullRequests = true;
      d.config[key.tiers][2].deploy.reviewedPreviews = true;
      d.config[key.projects][1].tiers.prod.previewPullRequests = false;
    });
    const preview = m.identities.find((i) => i.team === "payments-prod-preview");
    assert.equal(preview?.githubEnvironment, "payments-prod-preview");
    const f = m.findings.find(
      (x) => x.code === "reviewed-preview" && x.path.startsWith("tiers[2]"),
    );
    assert.equal(f?.severity, "medium");
    assert.equal(f?.path, "tiers[2].deploy.reviewedPreviews");
  });

  it("org defaults above none are findings when protected tiers exist", () => {
    const m = exampleModel("prod", (d) => {
      // With a bootstrap project, defaults above none are refused (they reach its state).
      d.config[key.projects][2].bootstrap = false;
      delete d.config[key.audit].schedule;
      d.config[key.defaults].stackPermission = "read";
      d.config[key.defaults].membersCanCreateStacks = true;
    });
    const codes = m.findings.map((f) => [f.severity, f.code]);
    assert.deepEqual(
      codes.filter(([, c]) => c === "default-stack-read" || c === "members-create-stacks"),
      [
        ["high", "default-stack-read"],
        ["medium", "members-create-stacks"],
      ],
    );
  });

  it("a removed project disappears from the model entirely (the components retain its data)", () => {
    const m = exampleModel("prod", (d) => {
      // Payments was staging's only github-actions project: no reviewed previews without it.
      delete d.config[key.tiers][1].deploy.reviewedPreviews;
      d.config[key.projects].splice(0, 1);
      for (const t of d.config[key.teams]) delete t.access.payments;
      d.config[key.teams].splice(1, 1);
    });
    assert.ok(!m.stacks.some((s) => s.project === "payments"));
    assert.ok(!m.grants.some((g) => g.project === "payments"));
    assert.ok(!m.teams.some((t) => t.name.startsWith("payments-")));
  });

  it("manual dispatch adds workflow_dispatch to the deploy identity only", () => {
    // A writer may start a deploy by hand only where reviewers approve each run: a protected tier.
    const m = exampleModel("prod", (d) => {
      d.config[key.tiers][1].deploy.manualDispatch = true;
      d.config[key.tiers][1].protected = true;
    });
    const ids = m.identities
      .filter((i) => i.tier === "staging")
      .map((i) => [i.purpose, i.events.join("+")]);
    assert.deepEqual(ids, [
      ["deploy", "push+workflow_dispatch"],
      ["preview", "pull_request"],
    ]);
  });
});
