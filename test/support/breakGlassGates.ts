/**
 * The break-glass open gates a clean organization has (the plan's `gateRequest`, in the spec's
 * `ChangeGate` wire shape: `eligibleApprovers` entries carry the team as `name`). The test servers
 * (auditServer.ts, specFakeSeed.ts) serve them from a snapshot's `gateWire`, a test-only field.
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

/** The gates a snapshot's world holds (none unless the test put them there). */
export const gatesOf = (world: LiveSnapshot): Wire[] =>
  ((world as { gateWire?: Wire[] }).gateWire ?? []).slice();
