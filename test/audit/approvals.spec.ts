/**
 * ESC approval rules on the protected tiers' environments (issue 25, `pulumiservice:index:ApprovalRule`):
 * each weakening, made in the API's own terms on the spec-driven fake (test/support/specFake.ts,
 * ListGates answering one entity as the spec says), is reported once by the command with its
 * severity and exit code; the clean organization (the rules as the provider writes them,
 * test/support/breakGlassGates.ts `approvalRuleWires`) gives nothing above info.
 */
import assert from "node:assert/strict";
import { SpecFake, Wire } from "../support/specFake";
import { gatedEnvironments } from "../../audit/read";
import { compareApprovals, ruleWeaknesses } from "../../audit/compare/approvals";
import type { AuditFinding } from "../../audit/compare";
import type { ChangeGate } from "../../cloud/orgReads";
import { AUDIT_ARGS, expectDrift, model, Org, runAudit, startFake, useCloud } from "./harness";

const ENV = "payments/prod";
const NAME = `secure-org ${ENV} changes`;

/** The declared rule on `payments/prod` as the fake serves it. */
const ruleOf = (o: Org): Wire & { rule: Wire; target: Wire } => {
  const g = (o.gates ?? []).find((x) => x.name === NAME);
  if (!g) throw new Error(`no rule ${NAME}`);
  return g as Wire & { rule: Wire; target: Wire };
};
const approversOf = (o: Org) => ruleOf(o).rule.eligibleApprovers as Wire[];
const copy = (g: Wire): Wire & { rule: Wire; target: Wire } =>
  JSON.parse(JSON.stringify(g)) as Wire & { rule: Wire; target: Wire };

interface Case {
  what: string;
  mutate: (o: Org) => void;
  expect: string[];
  /** Words the finding's message must hold. */
  says?: RegExp;
}

const MISSING = [`high approval-rule-missing environment:${ENV}`];
const WEAKENED = [`high approval-rule-weakened environment:${ENV}`];

const CASES: Case[] = [
  {
    what: "the rule deleted",
    mutate: (o) => (o.gates = (o.gates ?? []).filter((g) => g.name !== NAME)),
    expect: MISSING,
  },
  {
    what: "the rule disabled",
    mutate: (o) => (ruleOf(o).enabled = false),
    expect: MISSING,
    says: /is disabled/,
  },
  {
    what: "the rule moved to open only (it no longer gates updates)",
    mutate: (o) => (ruleOf(o).target.actionTypes = ["open"]),
    // An open gate on the environment the pipeline opens is also reported (deploys stop).
    expect: [...MISSING, `high gate-blocks-pipeline environment:${ENV}`],
    says: /gates open/,
  },
  {
    what: "fewer approvals required (1 of a declared 2)",
    mutate: (o) => (ruleOf(o).rule.numApprovalsRequired = 1),
    expect: WEAKENED,
    says: /1 approval\(s\) required, declared 2/,
  },
  {
    what: "zero approvals required",
    mutate: (o) => (ruleOf(o).rule.numApprovalsRequired = 0),
    expect: WEAKENED,
  },
  {
    what: "self-approval allowed",
    mutate: (o) => (ruleOf(o).rule.allowSelfApproval = true),
    expect: WEAKENED,
    says: /self-approval allowed/,
  },
  {
    what: "re-approval on change switched off",
    mutate: (o) => (ruleOf(o).rule.requireReapprovalOnChange = false),
    expect: WEAKENED,
    says: /re-approval on change not required/,
  },
  {
    what: "an undeclared team added as approver",
    mutate: (o) =>
      approversOf(o).push({ eligibilityType: "team_member", name: "web", displayName: "web" }),
    expect: WEAKENED,
    says: /team web is not a declared approver team/,
  },
  {
    what: "a specific user added as approver",
    mutate: (o) =>
      approversOf(o).push({
        eligibilityType: "specific_user",
        user: { name: "Mallory", githubLogin: "mallory", avatarUrl: "" },
      }),
    expect: WEAKENED,
    says: /user mallory/,
  },
  {
    what: "anyone with a permission on the environment made approver",
    mutate: (o) =>
      approversOf(o).push({ eligibilityType: "has_permission_on_target", permission: "" }),
    expect: WEAKENED,
    says: /has_permission_on_target/,
  },
  {
    what: "a declared team's name in another case (another team)",
    mutate: (o) => (approversOf(o)[0].name = "Platform"),
    expect: WEAKENED,
  },
  {
    what: "the declared rule weakened, another weak one beside it",
    mutate: (o) => {
      const weak = copy(ruleOf(o));
      weak.id = "rule-x";
      weak.name = "looser";
      weak.rule.allowSelfApproval = true;
      o.gates = [...(o.gates ?? []), weak];
      ruleOf(o).rule.numApprovalsRequired = 1;
    },
    // Both apply to updates and neither bounds them: each is reported.
    expect: [...WEAKENED, ...WEAKENED],
  },
  {
    what: "a second, stricter rule beside a weakened one (every applicable gate must be satisfied)",
    mutate: (o) => {
      const strict = copy(ruleOf(o));
      strict.id = "rule-x";
      strict.name = "stricter";
      strict.rule.numApprovalsRequired = 3;
      o.gates = [...(o.gates ?? []), strict];
      ruleOf(o).rule.allowSelfApproval = true;
    },
    expect: [],
  },
  {
    what: "hostile: a sound rule left disabled beside a weakened enabled one",
    mutate: (o) => {
      const sound = copy(ruleOf(o));
      sound.id = "rule-x";
      sound.enabled = false;
      o.gates = [...(o.gates ?? []), sound];
      ruleOf(o).rule.numApprovalsRequired = 1;
    },
    expect: WEAKENED,
  },
];

describe("audit: ESC approval rules on protected tiers", () => {
  useCloud();

  it("reads the gates of every protected tier and break-glass environment, once each", async () => {
    const envs = gatedEnvironments(model).map((e) => `${e.project}/${e.name}`);
    for (const a of model.approvals) {
      const k = `${a.environment.project}/${a.environment.name}`;
      assert.ok(envs.includes(k), k);
    }
    const fake = startFake();
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fake.violations, []);
    assert.equal(fake.operations.filter((x) => x === "ListGates").length, envs.length);
  });

  it("a clean organization: nothing above info, exit 0; the approvals section is covered", async () => {
    const fake = startFake((o) =>
      assert.ok(
        (o.gates ?? []).some((g) => g.name === NAME),
        "the clean org has the rule",
      ),
    );
    const r = await expectDrift(fake, []);
    assert.deepEqual(
      r.coverage.find((c) => c.section === "approvals"),
      { section: "approvals", covered: true },
    );
  });

  for (const c of CASES)
    it(`${c.what}: ${c.expect.join(", ") || "nothing"}`, async () => {
      const fake: SpecFake = startFake(c.mutate);
      const r = await expectDrift(fake, c.expect);
      if (c.says) {
        const msgs = r.findings.filter((f) => f.code.startsWith("approval-rule-"));
        assert.ok(
          msgs.some((f) => c.says?.test(f.message)),
          msgs.map((f) => f.message).join("\n"),
        );
      }
    });

  it("deleting payments/prod's rule leaves web/prod's rule sound (each environment its own)", async () => {
    const fake = startFake((o) => (o.gates = (o.gates ?? []).filter((g) => g.name !== NAME)));
    const r = await expectDrift(fake, MISSING);
    assert.ok(
      !r.findings.some(
        (f) => f.subject === "environment:web/prod" && f.code.startsWith("approval-rule-"),
      ),
    );
  });

  it("fields the service leaves out count as the weaker value; huge or fractional counts are no bound", () => {
    const spec = model.approvals[0];
    const key = `${spec.environment.project}/${spec.environment.name}`;
    const base = {
      id: "g",
      name: "g",
      enabled: true,
      target: { entityType: "environment", qualifiedName: key, actionTypes: ["update"] },
    };
    const gate = (rule: Partial<ChangeGate["rule"]>): ChangeGate => ({
      ...base,
      rule: { ruleType: "approval_required", ...rule },
    });
    assert.deepEqual(ruleWeaknesses(gate({}), spec), [
      `no approval(s) required, declared ${spec.required}`,
      "self-approval allowed",
      "re-approval on change not required",
      "no eligible approver listed",
    ]);
    const sound = {
      allowSelfApproval: false,
      requireReapprovalOnChange: true,
      eligibleApprovers: spec.approvers.map((t) => ({ eligibilityType: "team_member", name: t })),
    };
    assert.deepEqual(
      ruleWeaknesses(gate({ ...sound, numApprovalsRequired: spec.required }), spec),
      [],
    );
    for (const n of [spec.required - 0.5, Number.NaN, 1e300, -1])
      assert.equal(
        ruleWeaknesses(gate({ ...sound, numApprovalsRequired: n }), spec).length,
        1,
        String(n),
      );
    // A prototype key as a team name is a name like any other, never a declared approver.
    for (const name of ["__proto__", "constructor", "platform\u200b", "platform "])
      assert.equal(
        ruleWeaknesses(
          gate({
            ...sound,
            numApprovalsRequired: spec.required,
            eligibleApprovers: [{ eligibilityType: "team_member", name }],
          }),
          spec,
        ).length,
        1,
        JSON.stringify(name),
      );
    // A gate naming another environment, though listed for this one, is not its rule.
    const found: AuditFinding[] = [];
    compareApprovals(
      { ...model, approvals: [spec] },
      [
        {
          project: spec.environment.project,
          name: spec.environment.name,
          gates: [
            {
              ...gate({ ...sound, numApprovalsRequired: spec.required }),
              target: { ...base.target, qualifiedName: "payments/dev" },
            },
          ],
        },
      ],
      (f) => found.push(f),
    );
    assert.deepEqual(
      found.map((f) => `${f.severity} ${f.code} ${f.subject}`),
      [`high approval-rule-missing environment:${key}`],
    );
  });
});
