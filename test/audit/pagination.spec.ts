/**
 * The audit follows every page of stacks, environments and audit events, and stops when the
 * service repeats a page token.
 */
import assert from "node:assert/strict";
import { AuditReport } from "../../audit/audit";
import { LiveAuditEvent } from "../../audit/compare";
import {
  AUDIT_ARGS,
  cleanOrg,
  clone,
  cloud,
  HOUR,
  notInfo,
  runAudit,
  serve,
  T,
  useCloud,
} from "./harness";

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
    // On the last page: sre's heidi opened payments/prod itself (sre's break-glass is per use, on
    // payments/prod-breakglass, so this is a human open of a protected environment).
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
      "high environment-open-human actor:heidi environment:payments/prod",
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
