/**
 * The audit's errors: exit 3 on API and credential errors (no token, 401, 403, unreachable, rate
 * limited) without a stack trace or the token, not-covered sections with --allow-partial, exit 2
 * on usage errors and an invalid config.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { AuditReport } from "../../audit/audit";
import { MockCloud, MockResponse } from "../support/mockCloud";
import {
  AUDIT_ARGS,
  cleanOrg,
  clone,
  cloud,
  notInfo,
  prodDoc,
  runAudit,
  serve,
  useCloud,
} from "./harness";

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

  it("exits 3 when a listed team reads 404: the team is never left out silently", async () => {
    serve(cleanOrg(), {
      override: (r) =>
        /^\/api\/orgs\/acme\/teams\/[^/]+$/.test(r.path) && r.method === "GET"
          ? { status: 404, body: { code: 404, message: "Not Found" } }
          : undefined,
    });
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 3);
    assert.match(
      run.stderr,
      /team \S+ is in the team list but cannot be read \(deleted while reading, or not visible to this token\); nothing was left out, run again/,
    );
    assert.equal(run.stdout, "");
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
      // membersCanInviteCollaborators is not returned by the API, whatever the token.
      ["oidc", "auditLog", "collaboratorInvites"],
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
