/**
 * Whether the proposal can re-declare the live per-use break-glass adopt/breakGlass.ts found: the
 * config's own refusals (docs/break-glass.md) checked on the proposal, so a refused one is left
 * out with its reason instead of making a proposal that does not validate.
 */
import { parseDuration } from "../model/duration";
import type { AccessProposal } from "./access";
import type { Cell, Role } from "./cluster";
import type { Layout } from "./layout";
import type { TierProposal } from "./tiers";
import type { AdoptFinding } from "./types";

/** The default cap on a break-glass session (`defaults.maxBreakGlassDuration`, in minutes). */
const CAP_MINUTES = 24 * 60;

/**
 * Why the proposal cannot re-declare the live per-use break-glass it found (the config would
 * refuse it, docs/break-glass.md), as a finding; undefined when it can. Then the proposal is made
 * again without it, and those environments and grants stay as they are (unmanaged).
 */
export function breakGlassRefusal(
  layout: Layout,
  access: AccessProposal,
  tiers: Pick<TierProposal, "tiers">,
): AdoptFinding | undefined {
  const byTier = new Map<string, Role[]>();
  for (const role of access.clustering.roles)
    for (const [tier, cell] of role.tiers)
      if (cell.perUse) byTier.set(tier, [...(byTier.get(tier) ?? []), role]);
  const people = (team: string) => access.declared.get(team)?.members ?? [];
  for (const [tier, roles] of byTier) {
    const refuse = (why: string): AdoptFinding => ({
      severity: "info",
      code: "per-use-break-glass-not-adopted",
      subject: `tier:${tier}`,
      message: `the live organization holds per-use break-glass on tier ${tier} (an open gate on its -breakglass environments), but ${why}: the proposal does not declare it, so those environments, grants and gates stay as they are`,
    });
    if (!tiers.tiers.find((t) => t.name === tier)?.protected)
      return refuse("the proposal cannot declare the tier protected");
    if (roles.length > 1)
      return refuse(
        "its requesting teams differ in approvers, approvals or bound (the config allows one per-use role per tier)",
      );
    const role = roles[0];
    const cell = role.tiers.get(tier) as Cell;
    const per = cell.perUse as NonNullable<Cell["perUse"]>;
    const d = parseDuration(cell.maxOpenDuration ?? "");
    if (!("minutes" in d) || d.minutes > CAP_MINUTES)
      return refuse(`its session bound ${cell.maxOpenDuration} is over the default cap of 24h`);
    const requesters = [...new Set(role.members.map((m) => m.split("/")[0]))];
    if (role.members.some((m) => m.split("/")[1] === layout.bootstrap?.project))
      return refuse("it covers the bootstrap's project, where the config refuses break-glass");
    const unknown = per.approvers.filter((a) => !access.declared.has(a));
    if (unknown.length)
      return refuse(
        `its approver team${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not declared`,
      );
    const asking = new Set(requesters.flatMap(people));
    const both = per.approvers.flatMap(people).filter((m) => asking.has(m));
    if (both.length)
      return refuse(
        `approver and requesting teams share ${[...new Set(both)].join(", ")} (who could approve their own request)`,
      );
    if (new Set(per.approvers.flatMap(people)).size < per.requiredApprovals)
      return refuse(
        `its gate needs ${per.requiredApprovals} approvals, more than the approver teams have people`,
      );
  }
  return undefined;
}
