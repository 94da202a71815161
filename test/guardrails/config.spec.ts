/**
 * `secure-org:guardrails`: its validation (every protected tier is in the mandatory group unless
 * the config says why, in words; levels that cannot mean what they say are refused; weakenings
 * are reported) and the model it gives (which stacks in which group, with which settings).
 */
import assert from "node:assert/strict";
import { formatIssue } from "../../model/config";
import { DEFAULT_GUARDRAIL_LEVELS, GUARDRAIL_POLICIES } from "../../model/config/guardrails";
import { loadOrgConfig } from "../../model/load";
import {
  ADVISORY_GROUP,
  buildGuardrails,
  groupPackConfig,
  GUARDRAILS_PACK,
  MANDATORY_GROUP,
} from "../../model/access";
import { PACK_NAME, POLICY_NAMES } from "../../policy/pack/metadata";
import { entriesOf, exampleConfig, exampleDoc, exampleModel, StackDoc } from "../support/examples";

const G = "secure-org:guardrails";
const REASON = "prod is in a regulated account whose own policy engine blocks these (CHG-88)";

function validate(edit: (doc: StackDoc) => void, stack: "prod" | "dev" = "prod") {
  const doc = exampleDoc(stack);
  edit(doc);
  const r = loadOrgConfig(entriesOf(doc));
  return {
    errors: r.ok ? [] : r.errors.map(formatIssue),
    warnings: r.warnings.filter((w) => w.code.startsWith("guardrails")),
  };
}

describe("guardrails: config", () => {
  it("is on with the defaults when the key is absent", () => {
    const m = exampleModel("prod");
    assert.equal(m.guardrails.enabled, true);
    assert.deepEqual(
      m.guardrails.groups.map((g) => [g.name, g.mode]),
      [
        [MANDATORY_GROUP, "preventative"],
        [ADVISORY_GROUP, "audit"],
      ],
    );
    assert.deepEqual(
      validate(() => undefined),
      { errors: [], warnings: [] },
    );
  });

  it("names the same policies and pack as the pack itself", () => {
    assert.deepEqual([...GUARDRAIL_POLICIES], [...POLICY_NAMES]);
    assert.equal(GUARDRAILS_PACK, PACK_NAME);
  });

  it("refuses an opt-out without a reason, or with a reason nobody can read", () => {
    const cases: [unknown, string][] = [
      [{}, "guardrails.optOut.prod.reason: is required"],
      [
        { reason: "because" },
        "guardrails.optOut.prod.reason: write at least 20 visible characters (this has 7;",
      ],
      [
        { reason: "\u200b".repeat(30) + "ok" },
        "guardrails.optOut.prod.reason: write at least 20 visible characters (this has 2;",
      ],
      [
        { reason: "reviewed by security \u202Eon 2026-01-01 ticket SEC-9" },
        "guardrails.optOut.prod.reason: contains bidirectional control characters",
      ],
      [{ reason: "!!!!!!!!!!!!!!!!!!!!!!!!!" }, "guardrails.optOut.prod.reason: write words"],
    ];
    for (const [entry, expected] of cases) {
      const { errors } = validate((d) => (d.config[G] = { optOut: { prod: entry } }));
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.ok(errors[0].startsWith(expected), `${errors[0]}\n  expected: ${expected}`);
    }
  });

  it("accepts an opt-out with a reason, reports it, and moves the tier to the advisory group", () => {
    const edit = (d: StackDoc) => (d.config[G] = { optOut: { prod: { reason: REASON } } });
    assert.deepEqual(validate(edit), {
      errors: [],
      warnings: [
        {
          severity: "medium",
          code: "guardrails-opt-out",
          path: "guardrails.optOut.prod",
          message:
            'the stacks of protected tier "prod" are outside the mandatory policy group (only the ' +
            `advisory one reports on them). Reason given: ${REASON}`,
        },
      ],
    });
    const m = exampleModel("prod", edit);
    assert.deepEqual(
      m.guardrails.groups.map((g) => [g.kind, g.stacks.map((s) => s.key)]),
      [
        [
          "advisory",
          [
            "payments/dev",
            "payments/staging",
            "payments/prod",
            "web/dev",
            "web/staging",
            "web/prod",
            "secure-org/prod",
          ],
        ],
      ],
    );
  });

  it("hostile: an opt-out of an unknown or unprotected tier is refused, not ignored", () => {
    const { errors } = validate(
      (d) =>
        (d.config[G] = {
          optOut: { production: { reason: REASON }, staging: { reason: REASON } },
        }),
    );
    assert.deepEqual(errors, [
      'guardrails.optOut.production: unknown tier "production"; declared tiers: "dev", "staging", "prod"',
      'guardrails.optOut.staging: tier "staging" is not protected: its stacks are in the advisory group already; remove the entry',
    ]);
  });

  it("hostile: a reserved name as an opt-out key is refused, never read as a tier", () => {
    for (const key of ["__proto__", "constructor", "toString"]) {
      const { errors } = validate(
        (d) =>
          (d.config[G] = JSON.parse(
            `{"optOut": {${JSON.stringify(key)}: {"reason": ${JSON.stringify(REASON)}}}}`,
          )),
      );
      assert.ok(
        errors.some((e) => e.startsWith(`guardrails.optOut.${key}: "${key}" is a reserved name`)),
        `${key}: ${errors.join("; ")}`,
      );
    }
  });

  it("turning guardrails off with protected tiers needs a reason, and is reported high", () => {
    assert.deepEqual(validate((d) => (d.config[G] = { enabled: false })).errors, [
      'guardrails.reason: guardrails are off (enabled: false), so the protected tier(s) "prod" ' +
        "get no mandatory policy group: write why here (at least 20 visible characters), or " +
        "turn guardrails on",
    ]);
    assert.equal(
      validate((d) => (d.config[G] = { enabled: false, reason: "     \t\u2800\u3164      " }))
        .errors.length,
      1,
    );
    const ok = validate((d) => (d.config[G] = { enabled: false, reason: REASON }));
    assert.deepEqual(ok.errors, []);
    assert.deepEqual(
      ok.warnings.map((w) => [w.severity, w.code, w.path]),
      [["high", "guardrails-off", "guardrails.enabled"]],
    );
    const m = exampleModel("prod", (d) => (d.config[G] = { enabled: false, reason: REASON }));
    assert.deepEqual(m.guardrails.groups, []);
    assert.equal(m.guardrails.reason, REASON);
  });

  it("hostile: a reason next to enabled guardrails is refused (it would read as an exemption)", () => {
    assert.deepEqual(validate((d) => (d.config[G] = { reason: REASON })).errors, [
      "guardrails.reason: is read only with enabled: false (why guardrails are off); remove it, " +
        "or give the reason for a single tier in guardrails.optOut.<tier>.reason",
    ]);
  });

  it("refuses mandatory on unprotected tiers (audit mode never blocks)", () => {
    assert.deepEqual(
      validate(
        (d) =>
          (d.config[G] = { enforcement: { "no-pulumi-tokens": { unprotected: "mandatory" } } }),
      ).errors,
      [
        'guardrails.enforcement.no-pulumi-tokens.unprotected: "mandatory" cannot block on ' +
          "unprotected tiers: their policy group runs in audit mode, which reports and never " +
          'blocks; use "advisory" or "disabled"',
      ],
    );
  });

  it("reports a policy weakened on protected tiers, and puts the level in the group config", () => {
    const edit = (d: StackDoc) =>
      (d.config[G] = { enforcement: { "no-plaintext-secrets": { protected: "advisory" } } });
    assert.deepEqual(validate(edit).warnings, [
      {
        severity: "medium",
        code: "guardrails-weakened",
        path: "guardrails.enforcement.no-plaintext-secrets.protected",
        message:
          "policy no-plaintext-secrets is advisory on protected tiers: violations are reported but not blocked",
      },
    ]);
    const m = exampleModel("prod", edit);
    const mandatory = m.guardrails.groups[0];
    assert.equal(
      groupPackConfig(m.guardrails, mandatory)["no-plaintext-secrets"].enforcementLevel,
      "advisory",
    );
    assert.equal(
      groupPackConfig(m.guardrails, mandatory)["no-pulumi-tokens"].enforcementLevel,
      "mandatory",
    );
  });

  it("refuses unknown policies, levels and keys with the allowed ones", () => {
    const { errors } = validate(
      (d) =>
        (d.config[G] = {
          enforcement: {
            "no-tokens": { protected: "mandatory" },
            "no-plaintext-secrets": { protected: "block" },
          },
          optout: {},
        }),
    );
    assert.equal(errors.length, 3, errors.join("\n"));
    assert.ok(
      errors.some((e) => e.startsWith('guardrails.enforcement.no-tokens: unknown key "no-tokens"')),
    );
    assert.ok(
      errors.some((e) =>
        e.startsWith(
          'guardrails.enforcement.no-plaintext-secrets.protected: "block" is not allowed',
        ),
      ),
    );
    assert.ok(
      errors.some(
        (e) => e.includes('unknown key "optout"') && e.includes('did you mean "optOut"?'),
      ),
    );
  });

  it("checks protected types: a type token, no duplicates; they reach the stateful policy", () => {
    assert.deepEqual(
      validate(
        (d) =>
          (d.config[G] = {
            protectedTypes: [
              "aws:lambda/function:Function",
              "lambda",
              "aws:lambda/function:Function",
            ],
          }),
      ).errors,
      [
        'guardrails.protectedTypes[1]: use a resource type token such as "aws:rds/instance:Instance" (package:module:Type)',
        'guardrails.protectedTypes[2]: duplicate resource type "aws:lambda/function:Function"',
      ],
    );
    const m = exampleModel(
      "prod",
      (d) => (d.config[G] = { protectedTypes: ["aws:lambda/function:Function"] }),
    );
    assert.deepEqual(
      groupPackConfig(m.guardrails, m.guardrails.groups[0])["protect-stateful-resources"],
      {
        enforcementLevel: "mandatory",
        extraTypes: ["aws:lambda/function:Function"],
      },
    );
  });
});

describe("guardrails: model", () => {
  // Built in each test, not while mocha loads the file (the policy mutation group runs this spec).
  it("covers every protected-tier stack with the mandatory group, everything else with the advisory one", () => {
    const m = exampleModel("prod");
    const [mandatory, advisory] = m.guardrails.groups;
    const protectedKeys = m.stacks.filter((s) => s.protected).map((s) => s.key);
    assert.deepEqual(
      mandatory.stacks.map((s) => s.key),
      protectedKeys,
    );
    assert.deepEqual(
      advisory.stacks.map((s) => s.key),
      m.stacks.filter((s) => !s.protected).map((s) => s.key),
    );
    assert.deepEqual(
      mandatory.stacks.map((s) => `${s.project}/${s.stack}`),
      ["payments/prod", "web/production", "secure-org/prod"],
    );
  });

  it("gives mandatory levels to the protected group and the defaults to the other", () => {
    const m = exampleModel("prod");
    const [mandatory, advisory] = m.guardrails.groups;
    for (const p of GUARDRAIL_POLICIES) {
      assert.equal(mandatory.levels[p], "mandatory");
      assert.equal(advisory.levels[p], DEFAULT_GUARDRAIL_LEVELS[p].unprotected);
    }
    assert.equal(advisory.levels["protect-stateful-resources"], "disabled");
  });

  it("names the bootstrap's stack as the only platform stack", () => {
    const m = exampleModel("prod");
    assert.deepEqual(m.guardrails.platformStacks, ["secure-org/prod"]);
    assert.deepEqual(groupPackConfig(m.guardrails, m.guardrails.groups[0])["no-pulumi-tokens"], {
      enforcementLevel: "mandatory",
      platformStacks: ["secure-org/prod"],
    });
  });

  it("leaves out a group with no stack (no protected stack, or only protected ones)", () => {
    const m = exampleModel("prod");
    const { config } = exampleConfig("prod");
    const none = buildGuardrails(
      config.guardrails,
      m.stacks.map((s) => ({ ...s, protected: false })),
    );
    assert.deepEqual(
      none.groups.map((g) => g.kind),
      ["advisory"],
    );
    const all = buildGuardrails(
      config.guardrails,
      m.stacks.map((s) => ({ ...s, protected: true })),
    );
    assert.deepEqual(
      all.groups.map((g) => g.kind),
      ["mandatory"],
    );
  });
});
