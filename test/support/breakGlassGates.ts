/**
 * The change gates a clean organization has, in the spec's `ChangeGate` wire shape
 * (`eligibleApprovers` entries carry the team as `name`): the break-glass open gates (the plan's
 * `gateRequest`) and the ESC approval rules of the protected tiers (what the provider's
 * `ApprovalRule` writes for components/environmentTier.ts `createApprovals`). The test servers
 * (auditServer.ts, specFakeSeed.ts) serve them from a snapshot's `gateWire`, a test-only field.
 */
import type { LiveSnapshot } from "../../audit/compare";
import type { AccessModel } from "../../model/access";
import { gateRequest } from "../../model/access/breakGlass";

export type Wire = Record<string, unknown>;

export function gateWires(m: AccessModel): Wire[] {
  return [...breakGlassWires(m), ...approvalRuleWires(m)];
}

/**
 * Each declared approval rule as ListGates returns it: the provider's ApprovalRule sends
 * `ruleType: approval_required`, the target `environment` `project/env` with its action types, and
 * team approvers by `teamName` (provider/pkg/resources/approvalRule.go `approvalRuleConfigToAPI`,
 * `approvalRuleTargetToAPI`); the output names the team `name` and `displayName`
 * (`ApprovalRuleEligibilityOutputTeam`).
 */
export function approvalRuleWires(m: AccessModel): Wire[] {
  return m.approvals.map((a, n) => ({
    id: `rule-${n}`,
    name: `secure-org ${a.environment.project}/${a.environment.name} changes`,
    enabled: true,
    rule: {
      ruleType: "approval_required",
      numApprovalsRequired: a.required,
      allowSelfApproval: false,
      requireReapprovalOnChange: true,
      eligibleApprovers: a.approvers.map((t) => ({
        eligibilityType: "team_member",
        name: t,
        displayName: t,
      })),
    },
    target: {
      entityType: "environment",
      qualifiedName: `${a.environment.project}/${a.environment.name}`,
      actionTypes: ["update"],
    },
  }));
}

function breakGlassWires(m: AccessModel): Wire[] {
  return m.breakGlass.map((s, n) => {
    const g = gateRequest(s);
    return {
      id: `gate-${n}`,
      ...g,
      rule: {
        ...g.rule,
        eligibleApprovers: g.rule.eligibleApprovers.map((a) => ({
          eligibilityType: a.eligibilityType,
          name: a.teamName,
        })),
      },
    };
  });
}

/** The gates a snapshot's world holds (none unless the test put them there). */
export const gatesOf = (world: LiveSnapshot): Wire[] =>
  ((world as { gateWire?: Wire[] }).gateWire ?? []).slice();
