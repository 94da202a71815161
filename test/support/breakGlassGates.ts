/**
 * The change gates a clean organization has, in the spec's `ChangeGate` wire shape
 * (`eligibleApprovers` entries carry the team as `name` and `displayName`,
 * `ApprovalRuleEligibilityOutputTeam`): the break-glass open gates (the plan's `gateRequest`),
 * which the test servers (auditServer.ts, specFakeSeed.ts) serve from a snapshot's `gateWire`, a
 * test-only field, and the ESC approval rules of the snapshot's `approvals` (impliedSnapshot:
 * what the provider's ApprovalRule writes for components/environmentTier.ts `createApprovals`).
 */
import type { LiveSnapshot } from "../../audit/compare";
import type { AccessModel } from "../../model/access";
import { gateRequest } from "../../model/access/breakGlass";

export type Wire = Record<string, unknown>;

export function gateWires(m: AccessModel): Wire[] {
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

/** A snapshot's approval rules on the wire (a team approver's `displayName` is required). */
function approvalWires(world: LiveSnapshot): Wire[] {
  return (world.approvals ?? []).flatMap((e) =>
    e.gates.map((g) => ({
      ...g,
      rule: {
        ...g.rule,
        eligibleApprovers: (g.rule.eligibleApprovers ?? []).map((a) =>
          a.eligibilityType === "team_member" ? { ...a, displayName: a.name ?? "" } : { ...a },
        ),
      },
    })),
  );
}

/** The gates a snapshot's world holds: its approval rules, and the break-glass gates a test put there. */
export const gatesOf = (world: LiveSnapshot): Wire[] => [
  ...((world as { gateWire?: Wire[] }).gateWire ?? []),
  ...approvalWires(world),
];
