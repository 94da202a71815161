/**
 * ESC approval rules at the comparison's level (audit/compare/approvals.ts), fast and pure: each
 * weakening of the declared rule of `payments/prod`, on the clean snapshot's gates
 * (impliedSnapshot), gives exactly its finding; the end-to-end cases through the command are in
 * approvals.spec.ts. Nothing is computed at module load (test/support/stryker.ts).
 */
import assert from "node:assert/strict";
import { compareAccess, impliedSnapshot, LiveSnapshot } from "../../audit/compare";
import { appliesToUpdates, compareApprovals, ruleWeaknesses } from "../../audit/compare/approvals";
import type { AuditFinding } from "../../audit/compare/types";
import type { ChangeGate } from "../../cloud/orgReads";
import type { EnvironmentGates } from "../../kinds/live";
import type { AccessModel, ApprovalSpec } from "../../model/access";
import { DEPLOYER, IDS, model, NOW, PACK_VERSION } from "./harness";

const ENV = "payments/prod";

type Gate = ChangeGate & { rule: Required<ChangeGate["rule"]> };

/** The clean snapshot with `payments/prod`'s gates changed by `edit`. */
function findings(edit: (gates: Gate[]) => Gate[]): string[] {
  const s = impliedSnapshot(model, IDS, {
    deployer: DEPLOYER,
    now: NOW,
    packVersionTag: PACK_VERSION,
  });
  const live = JSON.parse(JSON.stringify(s)) as Omit<LiveSnapshot, "approvals"> & {
    approvals: { project: string; name: string; gates: Gate[] }[];
  };
  const e = live.approvals.find((x) => `${x.project}/${x.name}` === ENV);
  if (!e) throw new Error(`no approvals read for ${ENV}`);
  e.gates = edit(e.gates);
  return compareAccess(model, live, { deployer: DEPLOYER, packVersionTag: PACK_VERSION })
    .findings.filter((f) => f.code.startsWith("approval-rule-"))
    .map((f) => `${f.severity} ${f.code} ${f.subject} ${f.live ?? ""}`.trim());
}
const one = (edit: (g: Gate) => void) => (gates: Gate[]) => {
  edit(gates[0]);
  return gates;
};
const MISSING = `high approval-rule-missing environment:${ENV} none`;
const weak = (what: string) => `high approval-rule-weakened environment:${ENV} ${what}`;

describe("audit: ESC approval rules, compared (unit)", () => {
  it("the clean organization's rules: no finding, on every declared environment", () => {
    assert.ok(model.approvals.length >= 2);
    assert.deepEqual(
      findings((g) => g),
      [],
    );
  });

  it("a missing, disabled, open-only, non-approval or other-environment rule: approval-rule-missing", () => {
    assert.deepEqual(
      findings(() => []),
      [MISSING],
    );
    assert.deepEqual(findings(one((g) => (g.enabled = false))), [MISSING]);
    assert.deepEqual(findings(one((g) => (g.target.actionTypes = ["open"]))), [MISSING]);
    assert.deepEqual(findings(one((g) => (g.target.actionTypes = []))), [MISSING]);
    assert.deepEqual(findings(one((g) => (g.rule.ruleType = "other"))), [MISSING]);
    assert.deepEqual(findings(one((g) => (g.target.entityType = "stack"))), [MISSING]);
    assert.deepEqual(findings(one((g) => (g.target.qualifiedName = "payments/dev"))), [MISSING]);
    // Update and open together still gates updates; no qualifiedName: listed for this environment.
    assert.deepEqual(findings(one((g) => (g.target.actionTypes = ["open", "update"]))), []);
    assert.deepEqual(findings(one((g) => delete g.target.qualifiedName)), []);
  });

  it("each weakening alone: approval-rule-weakened with what is weaker", () => {
    assert.deepEqual(findings(one((g) => (g.rule.numApprovalsRequired = 1))), [
      weak("1 approval(s) required, declared 2"),
    ]);
    assert.deepEqual(findings(one((g) => (g.rule.allowSelfApproval = true))), [
      weak("self-approval allowed"),
    ]);
    assert.deepEqual(findings(one((g) => (g.rule.requireReapprovalOnChange = false))), [
      weak("re-approval on change not required"),
    ]);
    assert.deepEqual(findings(one((g) => (g.rule.eligibleApprovers = []))), [
      weak("no eligible approver listed"),
    ]);
    assert.deepEqual(
      findings(
        one((g) =>
          g.rule.eligibleApprovers.push({
            eligibilityType: "specific_user",
            user: { githubLogin: "mallory" },
          }),
        ),
      ),
      [weak("eligible approver user mallory is not a declared approver team")],
    );
    assert.deepEqual(
      findings(
        one((g) =>
          g.rule.eligibleApprovers.push({
            eligibilityType: "has_permission_on_target",
            permission: "environment:write",
          }),
        ),
      ),
      [
        weak(
          "eligible approver has_permission_on_target environment:write is not a declared approver team",
        ),
      ],
    );
    assert.deepEqual(
      findings(
        one((g) => g.rule.eligibleApprovers.push({ eligibilityType: "team_member", name: "web" })),
      ),
      [weak("eligible approver team web is not a declared approver team")],
    );
    // A stricter count is no weakening.
    assert.deepEqual(findings(one((g) => (g.rule.numApprovalsRequired = 3))), []);
    // A narrower set of declared teams is no weakening either.
    assert.deepEqual(findings(one((g) => g.rule.eligibleApprovers.pop())), []);
  });

  it("one sound rule bounds updates whatever other rules exist; none sound: each is reported", () => {
    const loose = (g: Gate): Gate => ({
      ...g,
      id: "loose",
      rule: { ...g.rule, allowSelfApproval: true },
    });
    assert.deepEqual(
      findings((gates) => [...gates, loose(gates[0])]),
      [],
    );
    assert.deepEqual(
      findings((gates) => [loose(gates[0]), loose(gates[0])]),
      [weak("self-approval allowed"), weak("self-approval allowed")],
    );
    // The sound one disabled: it bounds nothing.
    assert.deepEqual(
      findings((gates) => [{ ...gates[0], enabled: false }, loose(gates[0])]),
      [weak("self-approval allowed")],
    );
  });
});

/** A sound gate for `payments/prod` as the service lists it, with `rule` and `target` overridable. */
const gate = (over: Partial<ChangeGate> = {}): ChangeGate => ({
  id: "g",
  name: "prod approval",
  enabled: true,
  rule: {
    ruleType: "approval_required",
    numApprovalsRequired: 2,
    allowSelfApproval: false,
    requireReapprovalOnChange: true,
    eligibleApprovers: [{ eligibilityType: "team_member", name: "payments-approvers" }],
  },
  target: { entityType: "environment", qualifiedName: ENV, actionTypes: ["update"] },
  ...over,
});
const SPEC: ApprovalSpec = {
  key: ENV,
  environment: { project: "payments", name: "prod" } as ApprovalSpec["environment"],
  approvers: ["payments-approvers", "sec"],
  required: 2,
};
const rule = (r: Partial<ChangeGate["rule"]>): Partial<ChangeGate> => ({
  rule: { ...gate().rule, ...r },
});
/** compareApprovals alone on SPEC, with `gates` read for payments/prod: every finding whole. */
function compared(gates: unknown[]): AuditFinding[] {
  const out: AuditFinding[] = [];
  compareApprovals(
    { approvals: [SPEC] } as unknown as AccessModel,
    [{ project: "payments", name: "prod", gates } as unknown as EnvironmentGates],
    (f) => out.push(f),
  );
  return out;
}
const DECLARED =
  "2 approval(s) of payments-approvers, sec, no self-approval, re-approval on change";
const TAIL =
  ": whoever may write it changes its definition (secrets, imports, cloud logins) without the declared approval";

describe("audit: ESC approval rules, each rule and message exactly (unit)", () => {
  it("appliesToUpdates: a gate without rule or target applies to nothing (no throw)", () => {
    assert.equal(appliesToUpdates(gate(), ENV), true);
    assert.equal(
      appliesToUpdates({ ...gate(), rule: undefined } as unknown as ChangeGate, ENV),
      false,
    );
    assert.equal(
      appliesToUpdates({ ...gate(), target: undefined } as unknown as ChangeGate, ENV),
      false,
    );
    assert.equal(appliesToUpdates(gate({ enabled: "true" as unknown as boolean }), ENV), false);
    // Case and invisible variants of the environment are other environments.
    assert.equal(
      appliesToUpdates(gate({ target: { ...gate().target, qualifiedName: "Payments/prod" } }), ENV),
      false,
    );
    assert.equal(
      appliesToUpdates(
        gate({ target: { ...gate().target, qualifiedName: "payments/prod\u200b" } }),
        ENV,
      ),
      false,
    );
    assert.equal(
      appliesToUpdates(gate({ target: { ...gate().target, actionTypes: ["Update"] } }), ENV),
      false,
    );
  });

  it("ruleWeaknesses: approvals count at, over and under the declared, and non-integers", () => {
    assert.deepEqual(ruleWeaknesses(gate(), SPEC), []);
    assert.deepEqual(ruleWeaknesses(gate(rule({ numApprovalsRequired: 3 })), SPEC), []);
    assert.deepEqual(ruleWeaknesses(gate(rule({ numApprovalsRequired: 1 })), SPEC), [
      "1 approval(s) required, declared 2",
    ]);
    assert.deepEqual(ruleWeaknesses(gate(rule({ numApprovalsRequired: undefined })), SPEC), [
      "no approval(s) required, declared 2",
    ]);
    // Over the declared count but not a whole count the service enforces: fails closed.
    assert.deepEqual(ruleWeaknesses(gate(rule({ numApprovalsRequired: 2.5 })), SPEC), [
      "2.5 approval(s) required, declared 2",
    ]);
    assert.deepEqual(ruleWeaknesses(gate(rule({ numApprovalsRequired: 1e300 })), SPEC), [
      "1e+300 approval(s) required, declared 2",
    ]);
    assert.deepEqual(
      ruleWeaknesses(gate(rule({ numApprovalsRequired: "3" as unknown as number })), SPEC),
      ["3 approval(s) required, declared 2"],
    );
    assert.deepEqual(
      ruleWeaknesses(
        gate(rule({ allowSelfApproval: undefined, requireReapprovalOnChange: undefined })),
        SPEC,
      ),
      ["self-approval allowed", "re-approval on change not required"],
    );
  });

  it("ruleWeaknesses: each eligible approver that is not a declared team, named exactly", () => {
    assert.deepEqual(ruleWeaknesses(gate(rule({ eligibleApprovers: undefined })), SPEC), [
      "no eligible approver listed",
    ]);
    const approvers = (...a: NonNullable<ChangeGate["rule"]["eligibleApprovers"]>) =>
      ruleWeaknesses(gate(rule({ eligibleApprovers: a })), SPEC);
    // A declared team's name on another kind of approver is no declared team.
    assert.deepEqual(approvers({ eligibilityType: "specific_user", name: "sec" }), [
      "eligible approver user  is not a declared approver team",
    ]);
    assert.deepEqual(approvers({ eligibilityType: "team_member" }), [
      "eligible approver team  is not a declared approver team",
    ]);
    assert.deepEqual(approvers({ eligibilityType: "has_permission_on_target" }), [
      "eligible approver has_permission_on_target is not a declared approver team",
    ]);
    assert.deepEqual(approvers({ eligibilityType: "other", name: "sec" }), [
      "eligible approver other sec is not a declared approver team",
    ]);
    for (const name of ["Sec", "sec\u200b", "__proto__", "constructor"])
      assert.deepEqual(approvers({ eligibilityType: "team_member", name }), [
        `eligible approver team ${name} is not a declared approver team`,
      ]);
    // A nameless team approver is the team named "" (never a declared one in a valid config).
    assert.deepEqual(
      ruleWeaknesses(gate(rule({ eligibleApprovers: [{ eligibilityType: "team_member" }] })), {
        ...SPEC,
        approvers: [""],
      }),
      [],
    );
  });

  it("approval-rule-missing: the whole finding, naming every other approval gate and what it gates", () => {
    assert.deepEqual(compared([]), [
      {
        severity: "high",
        code: "approval-rule-missing",
        subject: `environment:${ENV}`,
        message: `protected environment ${ENV} has no enabled approval rule on update${TAIL}`,
        declared: DECLARED,
        live: "none",
      },
    ]);
    const found = compared([
      gate({ name: "off", enabled: false }),
      gate({ name: "open", target: { ...gate().target, actionTypes: ["open"] } }),
      gate({ name: "none", target: { ...gate().target, actionTypes: [] } }),
      gate({ name: "two", target: { ...gate().target, actionTypes: ["open", "read"] } }),
      { ...gate({ name: "untargeted" }), target: undefined },
      gate({ name: "other-kind", rule: { ...gate().rule, ruleType: "other" } }),
      { ...gate({ name: "ruleless" }), rule: undefined },
    ]);
    assert.deepEqual(
      found.map((f) => [f.code, f.message, f.declared, f.live]),
      [
        [
          "approval-rule-missing",
          `protected environment ${ENV} has no enabled approval rule on update (` +
            `"off" is disabled; "open" gates open; "none" gates nothing; "two" gates open, read; ` +
            `"untargeted" gates nothing)${TAIL}`,
          DECLARED,
          "none",
        ],
      ],
    );
  });

  it("approval-rule-weakened: the whole finding per weak gate", () => {
    assert.deepEqual(
      compared([
        gate(rule({ allowSelfApproval: true, numApprovalsRequired: 1 })),
        gate({ name: "b", rule: { ...gate().rule, requireReapprovalOnChange: false } }),
      ]),
      [
        {
          severity: "high",
          code: "approval-rule-weakened",
          subject: `environment:${ENV}`,
          message: `approval rule "prod approval" on protected environment ${ENV} is weaker than declared: 1 approval(s) required, declared 2; self-approval allowed`,
          declared: DECLARED,
          live: "1 approval(s) required, declared 2; self-approval allowed",
        },
        {
          severity: "high",
          code: "approval-rule-weakened",
          subject: `environment:${ENV}`,
          message: `approval rule "b" on protected environment ${ENV} is weaker than declared: re-approval on change not required`,
          declared: DECLARED,
          live: "re-approval on change not required",
        },
      ],
    );
  });
});
