/**
 * Issue 28: the audit's record of per-use break-glass, against the spec-driven fake
 * (test/support/specFake.ts: every request and answer checked against the OpenAPI spec). The prod
 * example: sre (heidi) may request an open of payments/prod-breakglass, approved by security (erin),
 * for at most 1h. Each scenario changes the clean organization in API terms.
 */
import assert from "node:assert/strict";
import { AuditReport } from "../../audit/audit";
import { SpecFake, Wire } from "../support/specFake";
import { AUDIT_ARGS, HOUR, key, notInfo, Org, runAudit, startFake, T, useCloud } from "./harness";

type FakeOrg = Org;
const ENV = "payments/prod-breakglass";
const iso = (t: number) => new Date(t * 1000).toISOString();
const user = (login: string) => ({ name: login, githubLogin: login, avatarUrl: "" });

const start = (mutate?: (o: Org) => void): SpecFake => startFake(mutate);

/** An open request of `ENV` by `by` at `at`, approved by `approvers` 5 minutes later. */
function request(
  o: FakeOrg,
  id: string,
  by: string,
  at: number,
  approvers: string[],
  asked = { accessDurationSeconds: HOUR, grantExpirationSeconds: HOUR },
): void {
  o.changeRequests = [
    ...(o.changeRequests ?? []),
    {
      id,
      orgID: "org-acme",
      status: approvers.length ? "approved" : "open",
      action: "open",
      createdAt: iso(at),
      createdBy: user(by),
      description: "INC-42: payments API returns 500",
      entity: { entityType: "environment", project: "payments", name: "prod-breakglass" },
      latestRevisionNumber: 1,
    },
  ];
  o.changeRequestEvents = [
    ...(o.changeRequestEvents ?? []),
    ...approvers.map((a, n) => ({
      id: `${id}-ev${n}`,
      changeRequestId: id,
      eventType: "approved_by_user",
      createdAt: iso(at + 300),
      createdBy: user(a),
      revisionNumber: 1,
    })),
  ];
  o.openRequests = new Map([...(o.openRequests ?? new Map<string, Wire>()), [id, asked]]);
}

/** Another event of request `id` (`ChangeRequestEvent`: withdrawn approval, added revision). */
function event(o: FakeOrg, id: string, eventType: string, by: string, at: number, revision = 1) {
  o.changeRequestEvents = [
    ...(o.changeRequestEvents ?? []),
    {
      id: `${id}-${eventType}-${at}`,
      changeRequestId: id,
      eventType,
      createdAt: iso(at),
      createdBy: user(by),
      revisionNumber: revision,
    },
  ];
}

/** `login` opened `env` at `at` (the audit log's environment-open event). */
function opened(o: FakeOrg, login: string, at: number, env = ENV, tokenName?: string): void {
  o.auditLog.push({
    timestamp: at,
    sourceIP: "198.51.100.9",
    event: "environment-open",
    description: `Opened environment "${env}"`,
    user: user(login),
    // The spec's AuditLogEvent.tokenName: "Name of the access token used to authenticate, if
    // applicable" (a CLI open with a personal access token carries it).
    ...(tokenName !== undefined ? { tokenName } : {}),
  });
}

async function audit(fake: SpecFake) {
  const run = await runAudit(AUDIT_ARGS);
  assert.deepEqual(fake.violations, [], "every request and answer on the spec");
  return { run, report: run.report as AuditReport };
}

describe("audit: per-use break-glass against the spec-driven fake (issue 28)", () => {
  useCloud();

  it("an approved request and the open it covers: one info row with who, when, approved by whom, how long", async () => {
    const fake = start((o) => {
      request(o, "cr-1", "heidi", T - 3 * HOUR, ["erin"]);
      opened(o, "heidi", T - 3 * HOUR + 600);
    });
    const { run, report } = await audit(fake);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(notInfo(report), []);
    const rows = report.findings.filter((f) => f.code === "break-glass-request");
    assert.equal(rows.length, 1);
    assert.equal(rows[0].subject, `actor:heidi environment:${ENV}`);
    assert.match(
      rows[0].message,
      new RegExp(
        `request cr-1 on ${ENV} by heidi at ${iso(T - 3 * HOUR)} \\(approved\\), approved by erin at ${iso(T - 3 * HOUR + 300)}, asked for 3600s of access within a grant of 3600s; declared at most 1h: INC-42`,
      ),
    );
    assert.ok(fake.operations.includes("ListEvents"));
    assert.ok(fake.operations.includes("ReadOpenEnvironmentRequest"));
  });

  it("hostile: an open without any request: break-glass-open-unapproved, high, exit 1", async () => {
    const fake = start((o) => opened(o, "heidi", T - 2 * HOUR));
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(report), [
      `high break-glass-open-unapproved actor:heidi environment:${ENV}`,
    ]);
  });

  // No source lists a change request's status values (docs/assumptions.md): the status is shown,
  // never decided from, so a status claiming approval excuses nothing without standing approvals.
  it("hostile: a request whose status claims approval but that nobody approved: the status excuses no open, high", async () => {
    for (const status of ["approved", "applied", "APPROVED", "closed", "\u202eapproved"]) {
      const fake = start((o) => {
        request(o, "cr-s", "heidi", T - 3 * HOUR, []);
        const r = (o.changeRequests ?? []).find((x) => x.id === "cr-s") as Wire;
        r.status = status;
        opened(o, "heidi", T - 3 * HOUR + 600);
      });
      const { run, report } = await audit(fake);
      assert.equal(run.code, 1, `${status}: ${run.stderr}`);
      assert.deepEqual(
        notInfo(report),
        [`high break-glass-open-unapproved actor:heidi environment:${ENV}`],
        status,
      );
      // Shown as the service gave it.
      const row = report.findings.find((f) => f.code === "break-glass-request");
      assert.ok(row?.message.includes(`(${status})`), row?.message);
    }
  });

  it("hostile: an open with an access token (the CLI's way) and no request: break-glass-open-unapproved, high", async () => {
    const fake = start((o) => opened(o, "heidi", T - 2 * HOUR, ENV, "laptop"));
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(report), [
      `high break-glass-open-unapproved actor:heidi environment:${ENV}`,
    ]);
  });

  it("control: an approved request covers its requester's token open, whatever the login's case", async () => {
    const fake = start((o) => {
      request(o, "cr-9", "heidi", T - 3 * HOUR, ["erin"]);
      opened(o, "Heidi", T - 3 * HOUR + 600, ENV, "laptop");
    });
    const { run, report } = await audit(fake);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(notInfo(report), []);
  });

  it("hostile: self-approval (the requester approves): invalid approval, and the open counts as unapproved", async () => {
    const fake = start((o) => {
      request(o, "cr-2", "heidi", T - 3 * HOUR, ["heidi"]);
      opened(o, "heidi", T - 3 * HOUR + 600);
    });
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(report).sort(), [
      `high break-glass-approval-invalid actor:heidi environment:${ENV}`,
      `high break-glass-open-unapproved actor:heidi environment:${ENV}`,
    ]);
    const invalid = report.findings.find((f) => f.code === "break-glass-approval-invalid");
    assert.match(invalid?.message ?? "", /approved by heidi .*, the requester/);
  });

  it("hostile: an approval by someone in no approver team (a developer): invalid, the open unapproved", async () => {
    const fake = start((o) => {
      request(o, "cr-3", "heidi", T - 3 * HOUR, ["carol"]);
      opened(o, "heidi", T - 3 * HOUR + 600);
    });
    const { report } = await audit(fake);
    assert.deepEqual(notInfo(report).sort(), [
      `high break-glass-approval-invalid actor:carol environment:${ENV}`,
      `high break-glass-open-unapproved actor:heidi environment:${ENV}`,
    ]);
  });

  it("hostile: the approval withdrawn before the open (unapproved_by_user): the open is unapproved, high", async () => {
    const fake = start((o) => {
      request(o, "cr-5", "heidi", T - 3 * HOUR, ["erin"]);
      event(o, "cr-5", "unapproved_by_user", "erin", T - 3 * HOUR + 400);
      opened(o, "heidi", T - 3 * HOUR + 600);
    });
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(report), [
      `high break-glass-open-unapproved actor:heidi environment:${ENV}`,
    ]);
    const row = report.findings.find((f) => f.code === "break-glass-request");
    assert.match(
      row?.message ?? "",
      new RegExp(`erin at \\S+ \\(withdrawn at ${iso(T - 3 * HOUR + 400)}\\)`),
    );
  });

  it("hostile: a revision added after the approval (the durations changed): the approval no longer counts, high", async () => {
    const fake = start((o) => {
      request(o, "cr-6", "heidi", T - 3 * HOUR, ["erin"]);
      event(o, "cr-6", "revision_added", "heidi", T - 3 * HOUR + 400, 2);
      opened(o, "heidi", T - 3 * HOUR + 600);
    });
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(report), [
      `high break-glass-open-unapproved actor:heidi environment:${ENV}`,
    ]);
  });

  it("control: another approver's withdrawal, or one after the open, leaves the approval standing", async () => {
    const fake = start((o) => {
      request(o, "cr-7", "heidi", T - 3 * HOUR, ["erin"]);
      event(o, "cr-7", "unapproved_by_user", "frank", T - 3 * HOUR + 400);
      opened(o, "heidi", T - 3 * HOUR + 600);
      event(o, "cr-7", "unapproved_by_user", "ERIN", T - 3 * HOUR + 900);
    });
    const { run, report } = await audit(fake);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(notInfo(report), []);
  });

  it("hostile: an open after the approved grant's declared hour: unapproved", async () => {
    const fake = start((o) => {
      request(o, "cr-4", "heidi", T - 5 * HOUR, ["erin"]);
      opened(o, "heidi", T - 5 * HOUR + 300 + HOUR + 60);
    });
    const { report } = await audit(fake);
    assert.deepEqual(notInfo(report), [
      `high break-glass-open-unapproved actor:heidi environment:${ENV}`,
    ]);
  });

  it("hostile: a request for the CLI's default 72h access, approved: break-glass-request-too-long, high", async () => {
    const fake = start((o) =>
      request(o, "cr-5", "heidi", T - 3 * HOUR, ["erin"], {
        accessDurationSeconds: 72 * HOUR,
        grantExpirationSeconds: 25 * HOUR,
      }),
    );
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(report), [
      `high break-glass-request-too-long actor:heidi environment:${ENV}`,
    ]);
    const f = report.findings.find((x) => x.code === "break-glass-request-too-long");
    assert.match(f?.message ?? "", /access 259200s and grant expiry 90000s, over the declared 1h/);
  });

  it("hostile: the gate weakened (self-approval allowed, 0 approvals, the requesting team eligible): high", async () => {
    const fake = start((o) => {
      const g = (o.gates ?? []).find(
        (x) => (x.target as { qualifiedName?: string }).qualifiedName === ENV,
      ) as Wire;
      const rule = g.rule as Wire;
      rule.allowSelfApproval = true;
      rule.numApprovalsRequired = 0;
      rule.eligibleApprovers = [
        ...(rule.eligibleApprovers as Wire[]),
        { eligibilityType: "team_member", name: "sre" },
      ];
    });
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(report), [`high break-glass-gate-weakened environment:${ENV}`]);
    const f = report.findings.find((x) => x.code === "break-glass-gate-weakened");
    assert.match(f?.message ?? "", /0 approval\(s\) required, declared 1/);
    assert.match(f?.message ?? "", /self-approval allowed/);
    assert.match(
      f?.message ?? "",
      /eligible approver team_member:sre is not a declared approver team/,
    );
  });

  // Every applicable gate must be satisfied before a request applies (the spec's
  // ChangeRequestGateEvaluation.satisfied: "Indicates if all applicable gates are satisfied and
  // the change request is ready for application"), so one sound enabled open gate on the
  // environment bounds every open, whatever other gates there are (docs/assumptions.md).
  const gateOf = (o: FakeOrg) =>
    (o.gates ?? []).find(
      (x) => (x.target as { qualifiedName?: string }).qualifiedName === ENV,
    ) as Wire;
  const weakCopy = (g: Wire): Wire => ({
    ...g,
    id: `${String(g.id)}-weak`,
    name: `${String(g.name)} (weak)`,
    target: { ...(g.target as Wire) },
    rule: { ...(g.rule as Wire), allowSelfApproval: true, numApprovalsRequired: 0 },
  });

  it("a second, weaker open gate beside the declared one: no finding (every applicable gate must be satisfied)", async () => {
    const fake = start((o) => (o.gates = [...(o.gates ?? []), weakCopy(gateOf(o))]));
    const { run, report } = await audit(fake);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(notInfo(report), []);
  });

  it("hostile: the declared gate disabled, a weaker one left: high (the sound gate must apply to opens)", async () => {
    const fake = start((o) => {
      const weak = weakCopy(gateOf(o));
      gateOf(o).enabled = false;
      o.gates = [...(o.gates ?? []), weak];
    });
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(report), [`high break-glass-gate-weakened environment:${ENV}`]);
  });

  it("hostile: the declared gate moved to update only, a weaker open gate left: high", async () => {
    const fake = start((o) => {
      const weak = weakCopy(gateOf(o));
      (gateOf(o).target as Wire).actionTypes = ["update"];
      o.gates = [...(o.gates ?? []), weak];
    });
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(report), [`high break-glass-gate-weakened environment:${ENV}`]);
  });

  it("hostile: the gate no longer asks for re-approval on change (an import added after approval): high", async () => {
    const fake = start((o) => {
      const g = (o.gates ?? []).find(
        (x) => (x.target as { qualifiedName?: string }).qualifiedName === ENV,
      ) as Wire;
      (g.rule as Wire).requireReapprovalOnChange = false;
    });
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(report), [`high break-glass-gate-weakened environment:${ENV}`]);
    const f = report.findings.find((x) => x.code === "break-glass-gate-weakened");
    assert.match(f?.message ?? "", /re-approval on change not required/);
  });

  it("an open gate on the environment the pipeline opens: gate-blocks-pipeline, high", async () => {
    const fake = start((o) => {
      o.gates = [
        ...(o.gates ?? []),
        {
          id: "gate-x",
          name: "someone gated prod",
          enabled: true,
          rule: {
            ruleType: "approval_required",
            numApprovalsRequired: 1,
            allowSelfApproval: false,
            requireReapprovalOnChange: true,
            eligibleApprovers: [{ eligibilityType: "team_member", name: "security" }],
          },
          target: {
            entityType: "environment",
            qualifiedName: "payments/prod",
            actionTypes: ["open"],
          },
        },
      ];
    });
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(notInfo(report), ["high gate-blocks-pipeline environment:payments/prod"]);
  });

  it("control: requests of other environments and update requests are not break-glass rows", async () => {
    const fake = start((o) => {
      request(o, "cr-6", "heidi", T - 3 * HOUR, ["erin"]);
      const r = (o.changeRequests ?? [])[0];
      r.action = "update";
    });
    const { report } = await audit(fake);
    assert.deepEqual(report.findings.filter((f) => f.code.startsWith("break-glass")).map(key), []);
  });

  /** Sets the live definition of `project/name` in the fake. */
  const define = (o: FakeOrg, project: string, name: string, yaml: string) => {
    const e = o.environments.find(
      (x) => (x.env as Wire).project === project && (x.env as Wire).name === name,
    );
    assert.ok(e, `${project}/${name} is live`);
    e.yaml = yaml;
  };

  it("hostile: the tier environment imports its break-glass environment (the gate then stops deploys): high", async () => {
    const fake = start((o) =>
      define(
        o,
        "payments",
        "prod",
        "imports:\n  - payments/prod-cloud\n  - payments/prod-breakglass\nvalues: {}\n",
      ),
    );
    const { run, report } = await audit(fake);
    assert.equal(run.code, 1, run.stderr);
    // The import of the break-glass environment is this finding only (escDefinitions.ts leaves
    // imports of break-glass environments to audit/compare/breakGlass.ts).
    assert.deepEqual(notInfo(report).sort(), [
      "high gate-blocks-pipeline environment:payments/prod",
    ]);
    const f = report.findings.find((x) => x.code === "gate-blocks-pipeline");
    assert.match(f?.message ?? "", /imports break-glass environment payments\/prod-breakglass/);
  });

  it("hostile: the break-glass environment imports the bootstrap's environment (map form, pinned version): high", async () => {
    const fake = start((o) =>
      define(
        o,
        "payments",
        "prod-breakglass",
        "imports:\n  - secure-org/prod@3: { merge: false }\nvalues: {}\n",
      ),
    );
    const { report } = await audit(fake);
    assert.deepEqual(notInfo(report).sort(), [
      "high break-glass-env-imports environment:payments/prod-breakglass",
      "high esc-import-undeclared environment:payments/prod-breakglass import:secure-org/prod",
    ]);
    const f = report.findings.find((x) => x.code === "break-glass-env-imports");
    assert.match(f?.message ?? "", /imports secure-org\/prod: .*the bootstrap's secure-org\/prod/);
  });

  it("the break-glass environment importing the tier's environment: medium here, high as an undeclared import of a protected environment (and its login, transitively)", async () => {
    const fake = start((o) =>
      define(o, "payments", "prod-breakglass", "imports: [payments/prod]\nvalues: {}\n"),
    );
    const { report } = await audit(fake);
    assert.deepEqual(notInfo(report).sort(), [
      "high esc-import-undeclared environment:payments/prod-breakglass import:payments/prod",
      "high esc-import-undeclared environment:payments/prod-breakglass import:payments/prod-cloud",
      "medium break-glass-env-imports environment:payments/prod-breakglass",
    ]);
  });
});
