/**
 * Guardrails (model/config/policy/guardrails.ts), called directly over small lenient views: turning
 * guardrails off (needs a reason of at least 20 visible characters: 19 refused, 20 accepted, bidi
 * controls refused), opting a tier out (declared, protected, a reason; `constructor`/`__proto__`
 * are unknown tiers), enforcement levels per policy, duplicate protected types. Exact errors and
 * findings. Fast enough to run under every mutant of the policy-guardrails group.
 */
import assert from "node:assert/strict";
import type { ConfigIssue, Finding } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkGuardrails, GUARDRAIL_REASON_MIN } from "../../model/config/policy/guardrails";

type Raw = Record<string, unknown>;
const TIERS = [
  { name: "dev", protected: false },
  { name: "prod", protected: true },
  { name: "staging", protected: true },
];
function run(guardrails: unknown, tiers: unknown[] = TIERS) {
  const errors: ConfigIssue[] = [];
  const warnings: Finding[] = [];
  checkGuardrails(policyContext(lenientView({ tiers, guardrails }), errors, warnings));
  return { errors, warnings };
}
const NONE = { errors: [], warnings: [] };
const REASON = "vendor migration until March, see TICKET-42";
const SHORT = (n: number) => "a".repeat(n);

describe("bounds: guardrails, unit: enabled: false", () => {
  it("on: nothing to report; a reason without enabled: false is refused", () => {
    assert.deepEqual(run({}), NONE);
    assert.deepEqual(run({ enabled: true }), NONE);
    assert.deepEqual(run({ reason: REASON }), {
      errors: [
        {
          path: "guardrails.reason",
          message:
            "is read only with enabled: false (why guardrails are off); remove it, or give the reason for a single " +
            "tier in guardrails.optOut.<tier>.reason",
        },
      ],
      warnings: [],
    });
  });
  it("off without a reason, with protected tiers: refused, naming them", () =>
    assert.deepEqual(run({ enabled: false }), {
      errors: [
        {
          path: "guardrails.reason",
          message:
            'guardrails are off (enabled: false), so the protected tier(s) "prod", "staging" get no mandatory policy ' +
            "group: write why here (at least 20 visible characters), or turn guardrails on",
        },
      ],
      warnings: [],
    }));
  it("off with no protected (or no named) tier: nothing", () => {
    assert.deepEqual(run({ enabled: false }, [{ name: "dev" }, { protected: true }]), NONE);
    assert.deepEqual(run({ enabled: false, reason: "x" }, []), NONE);
  });
  it("off with a reason: a high finding quoting it", () =>
    assert.deepEqual(run({ enabled: false, reason: REASON }), {
      errors: [],
      warnings: [
        {
          severity: "high",
          code: "guardrails-off",
          path: "guardrails.enabled",
          message:
            'no policy pack is published and no policy group covers any stack; protected tier(s) "prod", "staging" ' +
            `deploy without guardrails. Reason given: ${REASON}`,
        },
      ],
    }));
  it("the reason's bound: 20 visible characters pass, 19 do not", () => {
    assert.equal(GUARDRAIL_REASON_MIN, 20);
    assert.equal(run({ enabled: false, reason: SHORT(20) }).errors.length, 0);
    assert.deepEqual(run({ enabled: false, reason: SHORT(19) }), {
      errors: [
        {
          path: "guardrails.reason",
          message:
            "write at least 20 visible characters (this has 19; spaces, zero-width and other invisible characters " +
            "do not count): who needs it and why",
        },
      ],
      warnings: [],
    });
    assert.match(
      run({ enabled: false, reason: `${SHORT(19)}\u200b\u200b ` }).errors[0].message,
      /this has 19/,
    );
    assert.match(
      run({ enabled: false, reason: `${REASON}\u202e` }).errors[0].message,
      /bidirectional/,
    );
  });
  it("a non-string reason is none", () =>
    assert.match(run({ enabled: false, reason: 42 }).errors[0].message, /^guardrails are off/));
  it("enabled must be exactly false to be off", () =>
    assert.deepEqual(run({ enabled: "false" }), NONE));
});

describe("bounds: guardrails, unit: optOut", () => {
  it("a protected tier with a reason: a medium finding", () =>
    assert.deepEqual(run({ optOut: { prod: { reason: REASON } } }), {
      errors: [],
      warnings: [
        {
          severity: "medium",
          code: "guardrails-opt-out",
          path: "guardrails.optOut.prod",
          message:
            'the stacks of protected tier "prod" are outside the mandatory policy group (only the advisory one ' +
            `reports on them). Reason given: ${REASON}`,
        },
      ],
    }));
  it("an unknown tier, named exactly (`Prod`, `constructor`, `__proto__` are unknown)", () => {
    assert.deepEqual(run({ optOut: { Prod: { reason: REASON } } }), {
      errors: [
        {
          path: "guardrails.optOut.Prod",
          message: 'unknown tier "Prod"; declared tiers: "dev", "prod", "staging"',
        },
      ],
      warnings: [],
    });
    assert.deepEqual(
      run({
        optOut: JSON.parse('{"__proto__":{"reason":"x"},"constructor":{"reason":"x"},"a b":{}}'),
      }).errors.map((e) => e.path),
      ["guardrails.optOut.__proto__", "guardrails.optOut.constructor", 'guardrails.optOut["a b"]'],
    );
  });
  it("an unprotected tier is refused", () =>
    assert.deepEqual(run({ optOut: { dev: { reason: REASON } } }), {
      errors: [
        {
          path: "guardrails.optOut.dev",
          message:
            'tier "dev" is not protected: its stacks are in the advisory group already; remove the entry',
        },
      ],
      warnings: [],
    }));
  it("a missing reason is the schema's; a short one is refused at reason", () => {
    assert.deepEqual(run({ optOut: { prod: {} } }), NONE);
    assert.deepEqual(run({ optOut: { prod: "yes" } }), NONE);
    assert.deepEqual(
      run({ optOut: { prod: { reason: SHORT(19) } } }).errors.map((e) => e.path),
      ["guardrails.optOut.prod.reason"],
    );
    assert.deepEqual(run({ optOut: { prod: { reason: SHORT(20) } } }).errors, []);
  });
  it("each entry on its own", () =>
    assert.deepEqual(
      run({
        optOut: { nope: {}, dev: {}, prod: { reason: REASON }, staging: { reason: REASON } },
      }).warnings.map((w) => w.path),
      ["guardrails.optOut.prod", "guardrails.optOut.staging"],
    ));
});

describe("bounds: guardrails, unit: enforcement and protected types", () => {
  it("mandatory on unprotected tiers is refused, per policy", () =>
    assert.deepEqual(
      run({ enforcement: { "no-plaintext-secrets": { unprotected: "mandatory" } } }),
      {
        errors: [
          {
            path: "guardrails.enforcement.no-plaintext-secrets.unprotected",
            message:
              '"mandatory" cannot block on unprotected tiers: their policy group runs in audit mode, which reports ' +
              'and never blocks; use "advisory" or "disabled"',
          },
        ],
        warnings: [],
      },
    ));
  it("advisory or disabled on protected tiers: a medium finding each", () =>
    assert.deepEqual(
      run({
        enforcement: {
          "no-pulumi-tokens": { protected: "advisory", unprotected: "advisory" },
          "protect-stateful-resources": { protected: "disabled" },
          "no-plaintext-secrets": { protected: "mandatory" },
          "not-a-policy": { protected: "disabled", unprotected: "mandatory" },
        },
      }),
      {
        errors: [],
        warnings: [
          {
            severity: "medium",
            code: "guardrails-weakened",
            path: "guardrails.enforcement.no-pulumi-tokens.protected",
            message:
              "policy no-pulumi-tokens is advisory on protected tiers: violations are reported but not blocked",
          },
          {
            severity: "medium",
            code: "guardrails-weakened",
            path: "guardrails.enforcement.protect-stateful-resources.protected",
            message:
              "policy protect-stateful-resources is disabled on protected tiers: it does not run there",
          },
        ],
      },
    ));
  it("protectedTypes listed twice, whatever the case; a non-list is the schema's", () => {
    const g: Raw = { protectedTypes: ["aws:s3/bucket:Bucket", "AWS:S3/Bucket:Bucket", 3, 3] };
    assert.deepEqual(run(g).errors, [
      {
        path: "guardrails.protectedTypes[1]",
        message: 'duplicate resource type "AWS:S3/Bucket:Bucket"',
      },
    ]);
    assert.deepEqual(run({ protectedTypes: "aws:s3/bucket:Bucket" }), NONE);
  });
});
