/**
 * review41: adopt imports a live ESC approval rule as the program's only when it gates updates.
 * The program declares one `ApprovalRule` per protected tier environment, on action `update`;
 * importing a rule that gates only `open` would let the first `pulumi up` rewrite it into the
 * update rule, so the live open gate (each open of the protected environment approved) would
 * disappear without a finding (as would the open half of a rule on both). Such a rule stays as it is (adopt/leftover.ts lists it).
 */
import assert from "node:assert/strict";
import { approvalRule } from "../../kinds/approvals";
import type { LookupContext } from "../../kinds/types";
import type { LiveOrg } from "../../adopt/live";

const gate = (id: string, actionTypes: string[]) => ({
  id,
  name: id,
  enabled: true,
  project: "payments",
  environment: "prod",
  actionTypes,
  numApprovalsRequired: 1,
  allowSelfApproval: false,
  requireReapprovalOnChange: true,
  approvers: ["team:approvers"],
});

function lookup(rules: ReturnType<typeof gate>[]) {
  const ctx = {
    live: { approvalRules: rules } as unknown as LiveOrg,
    org: "acme",
    siblings: () => [],
    findings: [],
  } as LookupContext;
  const inputs = {
    environmentIdentifier: { organization: "acme", project: "payments", name: "prod" },
    targetActionTypes: ["update"],
  };
  const r = { type: approvalRule.token, name: "payments-prod-approval", custom: true, inputs };
  return approvalRule.lookup?.(r as never, inputs, ctx)?.id;
}

describe("adopt: which live ESC approval rule imports as the program's (review41)", () => {
  it("the update rule, not an open gate listed before it", () => {
    assert.equal(
      lookup([gate("open-gate", ["open"]), gate("update-gate", ["update"])]),
      "environment/acme/payments/prod/update-gate",
    );
  });

  it("an open-only gate alone is not imported (it stays; the program creates its update rule)", () => {
    assert.equal(lookup([gate("open-gate", ["open"])]), undefined);
  });

  it("a rule on update and open is not imported either (the first up would drop its open)", () => {
    assert.equal(lookup([gate("both", ["open", "update"])]), undefined);
    assert.equal(
      lookup([gate("both", ["open", "update"]), gate("update-gate", ["update"])]),
      "environment/acme/payments/prod/update-gate",
    );
  });
});
