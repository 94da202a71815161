/**
 * Each kind of drift, applied to the clean organization, is reported exactly once with its
 * severity; and all of them at once.
 */
import assert from "node:assert/strict";
import { AuditReport } from "../../audit/audit";
import { AUDITOR_TEAM } from "../../model/names";
import { buildOidcPolicies, toProviderPolicies } from "../../model/oidc";
import {
  AUDIT_ARGS,
  cleanOrg,
  clone,
  DEPLOYER,
  HOUR,
  IDS,
  model,
  Mutable,
  notInfo,
  policyCount,
  policyIndex,
  prodDeployAllow,
  runAudit,
  serve,
  T,
  teamOf,
  useCloud,
} from "./harness";

interface DriftCase {
  what: string;
  mutate: (w: Mutable) => void;
  /** The one non-info finding: `severity code subject`. */
  expect: string;
}

const DRIFT: DriftCase[] = [
  {
    what: "an undeclared grant on an unprotected environment",
    mutate: (w) =>
      teamOf(w, "payments").environments.push({ project: "web", name: "dev", permission: "read" }),
    expect: "medium grant-undeclared team:payments environment:web/dev",
  },
  {
    what: "an undeclared write on a protected stack for another pipeline's team",
    mutate: (w) =>
      teamOf(w, "payments-staging-deploy").stacks.push({
        project: "payments",
        stack: "prod",
        permission: 102,
      }),
    expect: "high grant-undeclared team:payments-staging-deploy stack:payments/prod",
  },
  {
    what: "a declared grant that is missing",
    mutate: (w) => {
      const t = teamOf(w, "security");
      t.environments = t.environments.filter(
        (e: Mutable) => !(e.project === "web" && e.name === "prod"),
      );
    },
    expect: "low grant-missing team:security environment:web/prod",
  },
  {
    what: "a grant above the declared level",
    mutate: (w) => {
      const s = teamOf(w, "platform").stacks.find(
        (x: Mutable) => x.project === "payments" && x.stack === "staging",
      );
      s.permission = 102;
    },
    expect: "medium grant-above-declared team:platform stack:payments/staging",
  },
  {
    what: "a grant below the declared level",
    mutate: (w) => {
      const s = teamOf(w, "platform").stacks.find(
        (x: Mutable) => x.project === "payments" && x.stack === "dev",
      );
      s.permission = 101;
    },
    expect: "low grant-below-declared team:platform stack:payments/dev",
  },
  {
    what: "a human team that can write a protected stack",
    mutate: (w) =>
      teamOf(w, "web").stacks.push({ project: "web", stack: "production", permission: 102 }),
    expect: "high human-protected-access team:web stack:web/production",
  },
  {
    what: "a human team that can open a protected environment (declared read)",
    mutate: (w) => {
      const e = teamOf(w, "security").environments.find(
        (x: Mutable) => x.project === "payments" && x.name === "prod",
      );
      e.permission = "open";
    },
    expect: "high human-protected-access team:security environment:payments/prod",
  },
  {
    what: "a per-use break-glass team given standing open on the tier's own environment",
    mutate: (w) =>
      teamOf(w, "sre").environments.push({
        project: "web",
        name: "prod",
        permission: "open",
        maxOpenDuration: "1h",
      }),
    expect: "high human-protected-access team:sre environment:web/prod",
  },
  {
    what: "a break-glass grant above its declared level",
    mutate: (w) => {
      const e = teamOf(w, "sre").environments.find(
        (x: Mutable) => x.project === "web" && x.name === "prod-breakglass",
      );
      e.permission = "write";
    },
    expect: "high human-protected-access team:sre environment:web/prod-breakglass",
  },
  {
    what: "a break-glass grant without its session bound",
    mutate: (w) => {
      const e = teamOf(w, "sre").environments.find(
        (x: Mutable) => x.project === "payments" && x.name === "prod-breakglass",
      );
      delete e.maxOpenDuration;
    },
    expect: "medium grant-open-duration team:sre environment:payments/prod-breakglass",
  },
  {
    what: "an undeclared member of a human team",
    mutate: (w) => teamOf(w, "payments").members.push("mallory"),
    expect: "medium member-undeclared member:mallory team:payments",
  },
  {
    what: "a declared member who is not on the team",
    mutate: (w) => {
      const t = teamOf(w, "payments");
      t.members = t.members.filter((m: string) => m !== "dave");
    },
    expect: "low member-missing member:dave team:payments",
  },
  {
    what: "a human on a pipeline's machine team",
    mutate: (w) => teamOf(w, "payments-prod-deploy").members.push("carol"),
    expect: "high machine-team-member member:carol team:payments-prod-deploy",
  },
  {
    what: "a human on the auditor's machine team",
    mutate: (w) => teamOf(w, AUDITOR_TEAM).members.push("frank"),
    expect: `high machine-team-member member:frank team:${AUDITOR_TEAM}`,
  },
  {
    what: "an undeclared team",
    mutate: (w) =>
      w.teams.push({
        name: "contractors",
        kind: "pulumi",
        members: ["zoe", DEPLOYER],
        stacks: [],
        environments: [],
      }),
    expect: "medium team-undeclared team:contractors",
  },
  {
    what: "a declared team that is missing (its grants are not reported again)",
    mutate: (w) => (w.teams = w.teams.filter((t: Mutable) => t.name !== "web")),
    expect: "medium team-missing team:web",
  },
  {
    what: "an undeclared stack of the protected tier",
    mutate: (w) => w.stacks.push({ project: "analytics", stack: "prod" }),
    expect: "high stack-undeclared stack:analytics/prod",
  },
  {
    what: "an undeclared stack of an unprotected tier (named like a declared stack override? no: a tier)",
    mutate: (w) => w.stacks.push({ project: "analytics", stack: "staging" }),
    expect: "medium stack-undeclared stack:analytics/staging",
  },
  {
    what: "an undeclared environment of the protected tier",
    mutate: (w) => w.environments.push({ project: "analytics", name: "prod" }),
    expect: "high environment-undeclared environment:analytics/prod",
  },
  {
    what: "a default stack permission wider than declared",
    mutate: (w) => (w.defaults.defaultStackPermission = 101),
    expect: "high org-default-differs org:stackPermission",
  },
  {
    what: "members allowed to create teams",
    mutate: (w) => (w.defaults.membersCanCreateTeams = true),
    expect: "medium org-default-differs org:membersCanCreateTeams",
  },
  {
    what: "no token expiry policy",
    mutate: (w) => (w.defaults.maxAccessTokenExpiryDays = null),
    expect: "medium org-default-differs org:maxAccessTokenExpiryDays",
  },
  {
    what: "a wildcard in an allow policy (reported once, not also as changed)",
    mutate: (w) =>
      (w.oidcIssuers[0].policies[policyIndex(w, prodDeployAllow)].rules.ref = "refs/heads/*"),
    expect: `high oidc-policy-wildcard oidc:github-actions#${policyIndex(clone(cleanOrg()), prodDeployAllow)}`,
  },
  {
    what: "an allow policy without repository and owner ids",
    mutate: (w) =>
      w.oidcIssuers[0].policies.push({
        decision: "allow",
        tokenType: "team",
        teamName: "payments-staging-deploy",
        rules: { aud: "urn:pulumi:org:acme", sub: "repo:acme/payments-infra:environment:staging" },
      }),
    expect: `high oidc-policy-unpinned oidc:github-actions#${policyCount()}`,
  },
  {
    what: "a changed allow policy",
    mutate: (w) =>
      (w.oidcIssuers[0].policies[policyIndex(w, prodDeployAllow)].rules.environment = "staging"),
    expect: `high oidc-policy-changed oidc:github-actions#${policyIndex(clone(cleanOrg()), prodDeployAllow)}`,
  },
  {
    what: "an extra, fully pinned allow policy the config does not imply",
    mutate: (w) => {
      const p = clone(w.oidcIssuers[0].policies[policyIndex(w, prodDeployAllow)]);
      p.rules.event_name = "workflow_dispatch";
      w.oidcIssuers[0].policies.push(p);
    },
    expect: `high oidc-policy-undeclared oidc:github-actions#${policyCount()}`,
  },
  {
    what: "a missing deny policy",
    mutate: (w) => {
      const i = policyIndex(
        w,
        (p) =>
          p.decision === "deny" &&
          p.teamName === "payments-prod-deploy" &&
          p.rules.event_name === "pull_request",
      );
      w.oidcIssuers[0].policies.splice(i, 1);
    },
    expect: `high oidc-policy-missing oidc:github-actions expected#${toProviderPolicies(
      buildOidcPolicies(model, IDS),
    ).findIndex(
      (p) =>
        p.decision === "deny" &&
        p.teamName === "payments-prod-deploy" &&
        p.rules.event_name === "pull_request",
    )}`,
  },
  {
    what: "no GitHub OIDC issuer",
    mutate: (w) => (w.oidcIssuers = []),
    expect: "medium oidc-issuer-missing oidc:github-actions",
  },
  {
    what: "static AWS keys in a protected environment",
    mutate: (w) => {
      const d = w.definitions.find((x: Mutable) => x.project === "payments" && x.name === "prod");
      d.yaml = [
        "values:",
        "  aws:",
        "    creds:",
        "      accessKeyId: AKIAIOSFODNN7EXAMPLE",
        "      secretAccessKey:",
        "        fn::secret:",
        "          ciphertext: ZXNjeAAAAAEAAAEAf1Vj",
        "  environmentVariables:",
        "    AWS_ACCESS_KEY_ID: ${aws.creds.accessKeyId}",
        "",
      ].join("\n");
    },
    expect: "high esc-static-credentials environment:payments/prod",
  },
  {
    what: "a human who opened a protected environment without break-glass",
    mutate: (w) =>
      w.auditLog.events.push({
        timestamp: T - 4 * HOUR,
        event: "environment-open",
        description: 'Opened environment "payments/prod"',
        user: { name: "Alice", githubLogin: "alice" },
        tokenName: "payments-prod-deploy",
      }),
    expect: "high environment-open-human actor:alice environment:payments/prod",
  },
  {
    what: "a per-use break-glass member who opened the tier's own environment",
    mutate: (w) =>
      w.auditLog.events.push({
        timestamp: T - 4 * HOUR,
        event: "Environment Open",
        description: 'Opened environment "web/prod"',
        user: { name: "Heidi", githubLogin: "heidi" },
      }),
    expect: "high environment-open-human actor:heidi environment:web/prod",
  },
  {
    what: "break-glass opened without an approved request (display-name event form)",
    mutate: (w) =>
      w.auditLog.events.push({
        timestamp: T - 4 * HOUR,
        event: "Environment Open",
        description: 'Opened environment "web/prod-breakglass"',
        user: { name: "Heidi", githubLogin: "heidi" },
      }),
    expect: "high break-glass-open-unapproved actor:heidi environment:web/prod-breakglass",
  },
  {
    what: "a human who updated a protected stack",
    mutate: (w) =>
      w.auditLog.events.push({
        timestamp: T - 6 * HOUR,
        event: "stack-update-started",
        description: 'Started update "e1" for stack "payments/prod"',
        user: { name: "Carol", githubLogin: "carol" },
      }),
    expect: "high protected-update-outside-pipeline actor:carol stack:payments/prod",
  },
  {
    what: "an organization token that updated another pipeline's protected stack",
    mutate: (w) =>
      w.auditLog.events.push({
        timestamp: T - 6 * HOUR,
        event: "Stack Update Started",
        description: 'Started update "e2" for stack "payments/prod"',
        user: { name: "acme", githubLogin: "acme" },
        actorName: "acme",
      }),
    expect: "high protected-update-outside-pipeline actor:acme stack:payments/prod",
  },
];

describe("audit: each kind of drift is reported exactly once, with its severity", () => {
  useCloud();
  for (const c of DRIFT) {
    it(`${c.what}: ${c.expect}`, async () => {
      const world = clone(cleanOrg());
      c.mutate(world);
      serve(world);
      const run = await runAudit(AUDIT_ARGS);
      const report = run.report as AuditReport;
      assert.deepEqual(notInfo(report), [c.expect], JSON.stringify(report.findings, null, 1));
      const high = c.expect.startsWith("high ");
      assert.equal(run.code, high ? 1 : 0);
      assert.equal(report.summary.exitCode, high ? 1 : 0);
    });
  }

  it("all drifts at once: every one of them, and nothing else", async () => {
    const world = clone(cleanOrg());
    // Those that replace or remove what another case edits are left out.
    const independent = DRIFT.filter(
      (c) =>
        !/oidc-issuer-missing|team-missing|oidc-policy-changed|oidc-policy-unpinned|oidc-policy-undeclared/.test(
          c.expect,
        ),
    );
    for (const c of independent) c.mutate(world);
    serve(world);
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 1);
    assert.deepEqual(
      notInfo(run.report as AuditReport).sort(),
      independent.map((c) => c.expect).sort(),
    );
  });
});

// ---------------------------------------------------------------------------------------------
