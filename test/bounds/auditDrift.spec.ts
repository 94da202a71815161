/**
 * The audit's comparisons (audit/compare/), pure: each drift case of test/bounds/auditDrift/
 * changes one thing in the clean organization (or the model) and must add exactly its findings,
 * with their messages, declared and live values, and remove exactly the ones it names. Boundaries
 * are taken at, one over and one under; each pin and each field is dropped alone.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { compareAccess, impliedSnapshot } from "../../audit/compare";
import { MULTI_CI_IDS } from "../support/multiCi";
import { multiCi } from "./auditDrift/oidc";
import {
  cleanOrg,
  clone,
  DEPLOYER,
  Doc,
  HOUR,
  model,
  modelOf,
  NOW,
  PACK_VERSION,
  ROOT,
  T,
} from "../audit/harness";
import { DriftCase, OPTIONS, PROD_CLEAN, runCase, Section, TODO } from "./auditDrift/case";
import { CASES as ACCESS } from "./auditDrift/access";
import { CASES as ROLES } from "./auditDrift/roles";
import { CASES as OIDC } from "./auditDrift/oidc";
import { CASES as SETTINGS } from "./auditDrift/settings";
import { CASES as ESC } from "./auditDrift/esc";
import { CASES as AUDIT_LOG } from "./auditDrift/auditLog";
import { CASES as BREAK_GLASS } from "./auditDrift/breakGlass";
import { UNITS } from "./auditDrift/units";

const GROUPS: [string, readonly DriftCase[], readonly Section[]][] = [
  [
    "teams, members, grants, defaults",
    ACCESS,
    ["teams", "members", "defaults", "stacks", "environments"],
  ],
  [
    "custom roles, collaborators, tags, unmanaged",
    ROLES,
    [
      "roles",
      "teams",
      "defaults",
      "environments",
      "members",
      "collaborators",
      "stackTags",
      "stacks",
    ],
  ],
  ["OIDC issuers and policies", OIDC, ["oidcIssuers"]],
  [
    "Deployments settings, drift schedules, webhooks, guardrails",
    SETTINGS,
    ["deployments", "webhooks", "policyGroups"],
  ],
  ["ESC definitions: static credentials, imports, logins", ESC, ["definitions"]],
  [
    "the audit log, standing break-glass",
    AUDIT_LOG,
    ["auditLog", "teams", "stacks", "environments"],
  ],
  [
    "break-glass per use: gates, requests, approvals, opens, imports",
    BREAK_GLASS,
    ["breakGlass", "auditLog", "definitions"],
  ],
];

describe("bounds: audit drift, the clean organization", () => {
  it("gives exactly its info findings (deployer, ids, activity) and nothing else", () =>
    assert.deepEqual(
      JSON.parse(JSON.stringify(compareAccess(model, cleanOrg(), OPTIONS).findings)),
      PROD_CLEAN,
    ));

  it("gives one activity row per kind, target, actor and verdict, sorted, with count, first and last", () => {
    const w = clone(cleanOrg());
    for (const h of [5, 3, 4])
      w.auditLog.events.push({
        timestamp: T - h * HOUR,
        event: "environment-open",
        description: 'Opened environment "payments/prod"',
        user: { name: "Alice", githubLogin: "alice" },
      });
    const row = (
      kind: string,
      target: string,
      actor: string,
      actorKind: string,
      count: number,
      first: string,
      last: string,
      verdict: string,
    ) => ({ kind, target, actor, actorKind, count, first, last, verdict });
    assert.deepEqual(compareAccess(model, w, OPTIONS).activity, [
      row(
        "environment-open",
        "payments/prod",
        "alice",
        "human",
        3,
        "2026-11-25T07:00:00.000Z",
        "2026-11-25T09:00:00.000Z",
        "violation",
      ),
      row(
        "environment-open",
        "payments/prod",
        "payments-prod-deploy",
        "team-token",
        2,
        "2026-11-24T10:00:00.000Z",
        "2026-11-25T10:00:00.000Z",
        "pipeline",
      ),
      row(
        "stack-update",
        "payments/prod",
        "payments-prod-deploy",
        "team-token",
        1,
        "2026-11-25T10:00:30.000Z",
        "2026-11-25T10:00:30.000Z",
        "pipeline",
      ),
      row(
        "stack-update",
        "secure-org/prod",
        "acme",
        "organization-token",
        1,
        "2026-11-25T07:00:00.000Z",
        "2026-11-25T07:00:00.000Z",
        "pipeline",
      ),
      row(
        "stack-update",
        "web/production",
        "Pulumi Deployments",
        "deployments",
        1,
        "2026-11-24T06:00:00.000Z",
        "2026-11-24T06:00:00.000Z",
        "pipeline",
      ),
    ]);
  });

  it("without an audit log, no activity and no activity finding", () => {
    const w = clone(cleanOrg());
    delete w.auditLog;
    const r = compareAccess(model, w, OPTIONS);
    assert.deepEqual(r.activity, []);
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ["deployer", "oidc-ids"],
    );
  });

  it("the dev and multi-CI examples' implied organizations compare clean too (their webhooks, CI issuers, roles)", () => {
    const info = (ids: string) => [
      {
        severity: "info",
        code: "deployer",
        subject: "member:bootstrap-admin",
        message:
          "bootstrap-admin is ignored as a team member: Pulumi Cloud adds the identity that creates a team to it (given with --deployer)",
      },
      {
        severity: "info",
        code: "oidc-ids",
        subject: "oidc:github-actions",
        message: `policies compared with the config using GitHub owner id 1001 and repository ids ${ids} (from live)`,
      },
    ];
    const dev = modelOf(parse(readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")) as Doc);
    const devIds = {
      ownerId: 1001,
      repositoryIds: { "checkout-infra": 3001, "platform-sandbox": 3002 },
    };
    const opts = { deployer: DEPLOYER, now: NOW, packVersionTag: PACK_VERSION };
    assert.deepEqual(
      JSON.parse(
        JSON.stringify(compareAccess(dev, impliedSnapshot(dev, devIds, opts), OPTIONS).findings),
      ),
      info(JSON.stringify(devIds.repositoryIds)),
    );
    const multi = multiCi();
    assert.deepEqual(
      JSON.parse(
        JSON.stringify(
          compareAccess(multi, impliedSnapshot(multi, MULTI_CI_IDS, opts), OPTIONS).findings,
        ),
      ),
      // Only the GitHub-hosted repositories' ids: the others are another CI's.
      info('{"payments-infra":2001,"platform":2003,"web-app":2006}'),
    );
  });

  it("records where the GitHub ids came from, and the deployer", () => {
    const r = compareAccess(model, cleanOrg(), OPTIONS);
    assert.deepEqual(JSON.parse(JSON.stringify(r.githubIds)), {
      source: "live",
      ids: { ownerId: 1001, repositoryIds: { "payments-infra": 2001, platform: 2003 } },
    });
    assert.deepEqual(r.deployer, { login: "bootstrap-admin", source: "option" });
  });
});

for (const [name, cases, sections] of GROUPS)
  describe(`bounds: audit drift, ${name}`, () => {
    for (const c of cases)
      it(c.what, () => {
        assert.notEqual(c.want, TODO, "the case has no expectation yet");
        const r = runCase(c, sections);
        assert.deepEqual(r.added, c.want);
        assert.deepEqual(r.removed, c.gone ?? []);
      });
  });

describe("bounds: the audit's helpers, called directly", () => {
  for (const u of UNITS)
    it(u.what, () => assert.deepEqual(JSON.parse(JSON.stringify(u.run())), u.want));
});
