/**
 * The spec-driven fake (test/support/specFake.ts) itself: it refuses requests off the spec, it
 * refuses to send answers off the spec, and the audit's every read is an operation of the spec
 * that it answers without a violation, paging where the spec pages. Also the audit's handling of
 * the new sections when the fake forbids them or the edition has no custom roles.
 */
import assert from "node:assert/strict";
import { AuditReport } from "../../audit/audit";
import { AUDITOR_ROLE_NAME, DEPLOYMENT_ROLE_NAME } from "../../model/access";
import { loadSpec, requestProblems, responseProblems, route } from "../support/specSchemas";
import { snapshotResponder } from "../support/auditServer";
import { SpecFake, Wire } from "../support/specFake";
import {
  AUDIT_ARGS,
  cleanOrg,
  cloud,
  key,
  Org,
  runAudit,
  startFake,
  TOKEN,
  useCloud,
} from "./harness";

const start = (mutate?: (o: Org) => void): SpecFake => startFake(mutate);

const get = async (p: string) => {
  const res = await fetch(cloud.url + p, { headers: { Authorization: `token ${TOKEN}` } });
  return { status: res.status, text: await res.text() };
};

describe("the spec-driven fake of Pulumi Cloud", () => {
  useCloud();

  it("refuses requests off the spec, and records each", async () => {
    const fake = start();
    const cases: [string, number, RegExp][] = [
      ["/api/orgs/acme/roles", 400, /missing required query parameter uxPurpose/],
      ["/api/orgs/acme/roles?uxPurpose=admin", 400, /uxPurpose="admin" is not one of/],
      ["/api/orgs/acme/members?pageSize=5", 400, /undeclared query parameter pageSize/],
      [
        "/api/orgs/acme/auditlogs/v2?startTime=yesterday",
        400,
        /startTime="yesterday" is not a integer/,
      ],
      ["/api/orgs/acme/oidc/issuers/extra/path", 404, /no such operation/],
    ];
    for (const [p, status, why] of cases) {
      const res = await get(p);
      assert.equal(res.status, status, p);
      assert.match(fake.violations.join("\n"), why, p);
    }
    assert.equal(fake.violations.length, cases.length);
  });

  it("refuses to send an answer off the spec (a missing required field, a misspelled one, a non-string rule)", async () => {
    const broken: [string, (o: Org) => void, RegExp][] = [
      [
        "/api/orgs/acme/members",
        (o) => delete (o.members[0] as Wire).user,
        /must have required property 'user'/,
      ],
      [
        "/api/orgs/acme/teams/payments",
        (o) => ((o.teams.find((t) => t.name === "payments") as Wire).roleIDs = ["r"]),
        /unevaluated properties.*roleIDs/,
      ],
      [
        `/api/orgs/acme/auth/policies/oidcissuers/${String(cleanOrg().oidcIssuers?.[0].id)}`,
        (o) => (((o.issuers[0].policy.policies as Wire[])[0].rules as Wire).aud = { any: true }),
        /must be string/,
      ],
      [
        "/api/orgs/acme/metadata",
        (o) => (o.metadata.defaultStackPermission = 105),
        /must be equal to one of the allowed values/,
      ],
    ];
    for (const [p, mutate, why] of broken) {
      const fake = start(mutate);
      const res = await get(p);
      assert.equal(res.status, 500, p);
      assert.match(fake.violations.join("\n"), why, p);
    }
  });

  it("answers every read of the audit as an operation of the spec, paging members, stacks, environments and events", async () => {
    const fake = start();
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fake.violations, []);
    const answered = new Set(fake.operations);
    // ListEvents and ReadOpenEnvironmentRequest are read per open request of a break-glass
    // environment; a clean org has none (test/audit/breakGlass.spec.ts reads them).
    for (const op of loadSpec())
      if (op.operationId !== "ListEvents" && op.operationId !== "ReadOpenEnvironmentRequest")
        assert.ok(answered.has(op.operationId), `${op.operationId} not read`);
    assert.ok(answered.has("ListGates") && answered.has("List_change_requests"));
    const count = (id: string) => fake.operations.filter((o) => o === id).length;
    // Page size 3: 9 members, 9+ stacks and environments take several pages each.
    assert.ok(count("ListOrganizationMembers") >= 3, String(count("ListOrganizationMembers")));
    assert.ok(count("ListUserStacks") >= 2);
    assert.ok(count("ListOrgEnvironments_esc") >= 2);
    assert.ok(count("ListAuditLogEventsHandlerV2") >= 2);
    const members = cloud.requests.filter((r) => r.path === "/api/orgs/acme/members");
    assert.deepEqual(members[0].query, {});
    assert.deepEqual(members[1].query, { continuationToken: "p3" });
  });

  it("hostile: the gate of a break-glass environment removed: high, exit 1", async () => {
    const fake = start((o) => {
      assert.ok((o.gates ?? []).length > 0, "the clean org serves the declared gates");
      o.gates = (o.gates ?? []).filter(
        (g) =>
          (g.target as { qualifiedName?: string }).qualifiedName !== "payments/prod-breakglass",
      );
    });
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(fake.violations, []);
    const high = (run.report as AuditReport).findings.filter((f) => f.severity === "high");
    assert.deepEqual(
      high.map((f) => `${f.code} ${f.subject}`),
      ["break-glass-gate-missing environment:payments/prod-breakglass"],
    );
  });

  it("a token that may not list members or roles: not covered with --allow-partial, exit 3 without", async () => {
    const forbid = (o: Org) => {
      o.forbidden.add("ListOrganizationMembers");
      o.forbidden.add("ListRolesByOrgIDAndUXPurpose");
    };
    let fake = start(forbid);
    const partial = await runAudit([...AUDIT_ARGS, "--allow-partial"]);
    assert.equal(partial.code, 0, partial.stderr);
    const report = partial.report as AuditReport;
    assert.deepEqual(report.findings.filter((f) => f.severity !== "info").map(key), [
      "medium not-covered section:members",
      "medium not-covered section:roles",
    ]);
    assert.deepEqual(
      report.coverage.filter((c) => !c.covered).map((c) => c.section),
      ["members", "roles", "collaboratorInvites"],
    );
    assert.deepEqual(fake.violations, []);
    fake = start(forbid);
    const strict = await runAudit(AUDIT_ARGS);
    assert.equal(strict.code, 3);
    assert.match(strict.stderr, /org_member:read/);
  });

  it("an edition without custom roles: no role is read, the declared ones are reported missing", async () => {
    const fake = start((o) => {
      (o.metadata.features as Wire).customRolesEnabled = false;
      o.roles = [];
      for (const t of o.teams) t.roleIds = [];
      delete o.metadata.defaultDeploymentRoleId;
    });
    const run = await runAudit(AUDIT_ARGS);
    assert.deepEqual(fake.violations, []);
    assert.ok(!fake.operations.includes("ListRolesByOrgIDAndUXPurpose"));
    assert.ok(!fake.operations.includes("ListTeamRoles"));
    const report = run.report as AuditReport;
    assert.deepEqual(
      report.findings
        .filter((f) => f.severity !== "info")
        .map(key)
        .sort(),
      [
        `medium role-grant-missing org:defaultDeploymentRoleId role:${DEPLOYMENT_ROLE_NAME}`,
        `medium role-missing role:${AUDITOR_ROLE_NAME}`,
        `medium role-missing role:${DEPLOYMENT_ROLE_NAME}`,
      ],
    );
  });
});

describe("the project's test server against the same spec", () => {
  useCloud();

  it("answers every read of the audit per the spec (request and answer)", async () => {
    const ops = loadSpec();
    const problems: string[] = [];
    const inner = snapshotResponder(cleanOrg(), { token: TOKEN });
    cloud.reset().respond((req) => {
      const answer = inner(req);
      const found = route(ops, req.method, req.path);
      if (answer === "destroy" || !found) return answer;
      problems.push(...requestProblems(found.op, found.path, req.query, req.body));
      const type = answer.headers?.["Content-Type"] ?? "application/json";
      problems.push(
        ...responseProblems(found.op, answer.status, type, answer.body).map(
          (p) => `${found.op.operationId}: ${p}`,
        ),
      );
      return answer;
    });
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(problems, []);
  });
});
