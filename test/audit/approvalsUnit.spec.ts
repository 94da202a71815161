/**
 * ESC approval rules at the comparison's level (audit/compare/approvals.ts), fast and pure: each
 * weakening of the declared rule of `payments/prod`, on the clean snapshot's gates
 * (impliedSnapshot), gives exactly its finding; the end-to-end cases through the command are in
 * approvals.spec.ts. Nothing is computed at module load (test/support/stryker.ts).
 */
import assert from "node:assert/strict";
import { compareAccess, impliedSnapshot, LiveSnapshot } from "../../audit/compare";
import type { ChangeGate } from "../../cloud/orgReads";
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
