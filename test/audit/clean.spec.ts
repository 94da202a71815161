/**
 * The audit of a clean organization (the prod example as declared): exit code, info findings,
 * the JSON shape, the endpoints read, the text and Markdown reports and the deployer.
 */
import assert from "node:assert/strict";
import { AuditReport } from "../../audit/audit";
import {
  AUDIT_ARGS,
  cleanOrg,
  clone,
  cloud,
  DEPLOYER,
  IDS,
  notInfo,
  Run,
  runAudit,
  serve,
  T,
  TOKEN,
  useCloud,
} from "./harness";

describe("audit: a clean organization (the prod example as declared)", () => {
  useCloud();
  let run: Run;
  before(async () => {
    serve(cleanOrg());
    run = await runAudit(AUDIT_ARGS);
  });

  it("exits 0 with only info findings", () => {
    assert.equal(run.code, 0, run.stderr);
    const r = run.report as AuditReport;
    assert.deepEqual(notInfo(r), []);
    assert.deepEqual(r.summary, {
      high: 0,
      medium: 0,
      low: 0,
      info: r.findings.length,
      exitCode: 0,
    });
  });

  it("reports the deployer, the ids and the pipelines' activity as info", () => {
    assert.deepEqual(
      (run.report as AuditReport).findings.map((f) => `${f.code} ${f.subject}`),
      [
        `deployer member:${DEPLOYER}`,
        "environment-open-pipeline actor:payments-prod-deploy environment:payments/prod",
        // A human on an unprotected tier: reported, not a violation.
        "environment-open-unprotected actor:carol environment:payments/dev",
        // membersCanInviteCollaborators cannot be read from the API: said, never silent.
        "not-covered section:collaboratorInvites",
        "oidc-ids oidc:github-actions",
        "protected-update-pipeline actor:Pulumi Deployments stack:web/production",
        "protected-update-pipeline actor:acme stack:secure-org/prod",
        "protected-update-pipeline actor:payments-prod-deploy stack:payments/prod",
      ],
    );
  });

  it("has the documented JSON shape", () => {
    const r = run.report as AuditReport;
    assert.deepEqual(Object.keys(r), [
      "formatVersion",
      "organization",
      "stack",
      "generatedAt",
      "window",
      "deployer",
      "githubIds",
      "summary",
      "coverage",
      "findings",
      "activity",
      "requests",
    ]);
    assert.equal(r.formatVersion, 1);
    assert.equal(r.organization, "acme");
    assert.equal(r.stack, "prod");
    assert.equal(r.generatedAt, "2026-11-25T12:00:00.000Z");
    assert.deepEqual(r.window, {
      days: 7,
      from: "2026-11-18T12:00:00.000Z",
      to: "2026-11-25T12:00:00.000Z",
    });
    assert.deepEqual(r.deployer, { login: DEPLOYER, source: "option" });
    // Prod pins no ids: they come from the live policies.
    assert.deepEqual(r.githubIds, {
      source: "live",
      ownerId: 1001,
      repositoryIds: IDS.repositoryIds,
    });
    assert.deepEqual(
      r.coverage.map((c) => [c.section, c.covered]),
      [
        ["defaults", true],
        ["teams", true],
        ["stacks", true],
        ["environments", true],
        ["definitions", true],
        ["oidc", true],
        ["auditLog", true],
        ["policyGroups", true],
        ["members", true],
        ["roles", true],
        ["deployments", true],
        ["webhooks", true],
        ["collaborators", true],
        ["stackTags", true],
        ["collaboratorInvites", false],
        ["breakGlass", true],
        ["approvals", true],
      ],
    );
    for (const f of r.findings) {
      assert.deepEqual(
        Object.keys(f).filter((k) => !["declared", "live"].includes(k)),
        ["severity", "code", "subject", "message"],
      );
    }
    assert.deepEqual(
      r.activity.map((a) => [a.kind, a.target, a.actorKind, a.actor, a.count, a.verdict]),
      [
        ["environment-open", "payments/prod", "team-token", "payments-prod-deploy", 2, "pipeline"],
        ["stack-update", "payments/prod", "team-token", "payments-prod-deploy", 1, "pipeline"],
        ["stack-update", "secure-org/prod", "organization-token", "acme", 1, "pipeline"],
        ["stack-update", "web/production", "deployments", "Pulumi Deployments", 1, "pipeline"],
      ],
    );
  });

  it("read the org through the documented endpoints, the ESC ones through the SDK", () => {
    const calls = cloud.calls();
    for (const c of [
      "GET /api/orgs/acme/metadata",
      "GET /api/orgs/acme/teams",
      "GET /api/orgs/acme/teams/payments-prod-deploy",
      "GET /api/orgs/acme/teams/secure-org-auditor",
      "GET /api/user/stacks",
      "GET /api/esc/environments/acme",
      "GET /api/esc/environments/acme/payments/prod",
      "GET /api/esc/environments/acme/web/prod",
      "GET /api/orgs/acme/oidc/issuers",
      "GET /api/orgs/acme/auth/policies/oidcissuers/4f3d2a1b-0000-4000-8000-000000000001",
      "GET /api/orgs/acme/auditlogs/v2",
      "GET /api/orgs/acme/members",
      "GET /api/orgs/acme/roles",
      "GET /api/orgs/acme/teams/secure-org-auditor/roles",
    ])
      assert.ok(calls.includes(c), `${c} not called: ${calls.join("\n")}`);
    // Every tier's definitions, the login environments' and the break-glass environments' are
    // read (issue 29: a dev environment that imports or logs in to a protected identity is the
    // route looked for; issue 28: what an approved break-glass open reveals); each read is an
    // audit event of its own.
    assert.deepEqual(
      calls.filter((c) => /^GET \/api\/esc\/environments\/acme\/[^/]+\/[^/]+$/.test(c)).sort(),
      [
        "payments/dev",
        "payments/dev-cloud",
        "payments/prod",
        "payments/prod-breakglass",
        "payments/prod-cloud",
        "payments/staging",
        "payments/staging-cloud",
        "secure-org/prod",
        "web/dev",
        "web/dev-cloud",
        "web/prod",
        "web/prod-breakglass",
        "web/prod-cloud",
        "web/staging",
        "web/staging-cloud",
      ].map((e) => `GET /api/esc/environments/acme/${e}`),
    );
    for (const r of cloud.requests) assert.equal(r.headers.authorization, `token ${TOKEN}`);
    // An environment's webhooks are a REST read under /api/esc (the SDK has none).
    const viaSdk = (p: string) => p.startsWith("/api/esc/") && !p.endsWith("/hooks");
    const esc = cloud.requests.filter((r) => viaSdk(r.path));
    for (const r of esc) assert.equal(r.headers["x-pulumi-source"], "esc-sdk");
    const rest = cloud.requests.filter((r) => !viaSdk(r.path));
    for (const r of rest) assert.equal(r.headers.accept, "application/vnd.pulumi+8");
    const log = cloud.requests.find((r) => r.path === "/api/orgs/acme/auditlogs/v2");
    assert.deepEqual(log?.query, { startTime: String(T - 7 * 86400), endTime: String(T) });
    assert.deepEqual(cloud.requests.find((r) => r.path === "/api/user/stacks")?.query, {
      organization: "acme",
    });
    assert.deepEqual(cloud.requests.find((r) => r.path === "/api/orgs/acme/roles")?.query, {
      uxPurpose: "role",
    });
  });

  it("prints text and Markdown reports too", async () => {
    serve(cleanOrg());
    const text = await runAudit(["--stack", "prod", "--deployer", DEPLOYER]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^secure-org audit: acme \(stack prod\)/);
    // sre's break-glass is per use (issue 28): no standing grant, so no break-glass finding.
    assert.match(text.stdout, /findings: 0 high, 0 medium, 0 low, 8 info/);
    assert.doesNotMatch(text.stdout, /\] break-glass team:sre/);
    assert.match(text.stdout, /result: ok \(no high findings\)/);
    serve(cleanOrg());
    const md = await runAudit(["--stack", "prod", "--deployer", DEPLOYER, "--markdown"]);
    assert.equal(md.code, 0);
    assert.match(md.stdout, /^## secure-org audit: acme \(stack prod\)/);
    assert.match(md.stdout, /\| severity \| code \| subject \| finding \|/);
    assert.doesNotMatch(md.stdout, /\| break-glass \| team:sre/);
    assert.match(md.stdout, /### Activity on protected resources/);
  });

  it("infers the deployer when --deployer is not given only when the config vouches for it, and ignores nobody with --deployer none", async () => {
    // The bootstrap pipeline's organization token reports the organization's name as its user.
    serve(cleanOrg(undefined, "acme"));
    const org = await runAudit(["--stack", "prod", "--json"]);
    assert.equal(org.code, 0, org.stderr);
    assert.deepEqual(org.report?.deployer, { login: "acme", source: "inferred" });
    assert.deepEqual(notInfo(org.report as AuditReport), []);
    // A declared admin (the first run, from an admin's machine).
    serve(cleanOrg(undefined, "alice"));
    const admin = await runAudit(["--stack", "prod", "--json"]);
    assert.equal(admin.code, 0, admin.stderr);
    assert.deepEqual(admin.report?.deployer, { login: "alice", source: "inferred" });
    serve(cleanOrg());
    const none = await runAudit(["--stack", "prod", "--json", "--deployer", "none"]);
    assert.equal(none.code, 1);
    const report = none.report as AuditReport;
    assert.deepEqual(report.deployer, { login: null, source: "none" });
    // The deployer then shows up on every team: as an undeclared member of the 5 human teams and
    // as a human member of the 5 machine teams.
    assert.equal(report.findings.filter((f) => f.code === "member-undeclared").length, 5);
    assert.equal(report.findings.filter((f) => f.code === "machine-team-member").length, 5);
  });

  it("hostile: a login on every team that the config does not vouch for is not excused: deployer-unconfirmed, high, naming --deployer", async () => {
    // DEPLOYER is neither a declared admin nor the organization: without --deployer it is not
    // taken for the bootstrap identity (it could be anyone who added themselves to every team).
    serve(cleanOrg());
    const run = await runAudit(["--stack", "prod", "--json"]);
    assert.equal(run.code, 1, run.stderr);
    const r = run.report as AuditReport;
    assert.deepEqual(r.deployer, { login: null, source: "none" });
    const f = r.findings.find((x) => x.code === "deployer-unconfirmed");
    assert.equal(f?.severity, "high");
    assert.equal(f?.subject, `member:${DEPLOYER}`);
    assert.match(f?.message ?? "", new RegExp(`--deployer ${DEPLOYER}`));
    assert.match(f?.message ?? "", /admins/);
    assert.equal(r.findings.filter((x) => x.code === "machine-team-member").length, 5);
    // Given, it is excused.
    serve(cleanOrg());
    const given = await runAudit(["--stack", "prod", "--json", "--deployer", DEPLOYER]);
    assert.equal(given.code, 0, given.stderr);
  });

  it("hostile: someone on every team beside the bootstrap identity: the identity inferred, the other reported", async () => {
    for (const extra of ["mallory", "Acme", "ACME", "alice\u200b", "__proto__"]) {
      const w = clone(cleanOrg(undefined, "acme"));
      const login = extra;
      for (const t of w.teams) (t.members as string[]).push(login);
      serve(w);
      const run = await runAudit(["--stack", "prod", "--json"]);
      assert.equal(run.code, 1, `${extra}: ${run.stderr}`);
      const r = run.report as AuditReport;
      assert.deepEqual(r.deployer, { login: "acme", source: "inferred" }, extra);
      assert.deepEqual(
        r.findings.filter((x) => x.code === "deployer-unconfirmed").map((x) => x.subject),
        [`member:${login}`],
        extra,
      );
      // Its memberships are reported too: undeclared on the human teams, high on machine teams.
      assert.equal(
        r.findings.filter(
          (x) => x.code === "machine-team-member" && x.subject.startsWith(`member:${login} `),
        ).length,
        5,
        extra,
      );
    }
  });
});
