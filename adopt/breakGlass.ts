/**
 * Per-use break-glass from the live organization (issue 30, the round trip). The program's per-use
 * break-glass (model/access/breakGlass.ts) leaves the requesting team nothing on a protected
 * tier's environment `<project>/<env>` and gives it `open`, bounded, on `<project>/<env>-breakglass`,
 * which an ESC change gate on action `open` guards (`approval_required`, eligible approvers team
 * members, no self-approval). Adopt re-declares that shape only when the live org shows exactly
 * it, read with the program's own names (`breakGlassEnvironment`):
 * - the environment `<env>-breakglass` of a declared tier environment on a protected-looking tier;
 * - exactly one enabled gate on it, on action `open` only, no self-approval, at least one
 *   approval, every eligible approver a team (`team_member`) that is not the requester;
 * - the requesting team holds exactly `open` there, nothing on the tier's environment, and at most
 *   `read` on the stack (per use refuses more).
 * The gate itself cannot be imported (`api:Gate`, adopt/leftover.ts): the program creates its own
 * gate with the same approvers and the live one stays, listed. The live organization does not
 * hold the justification: the proposal's says so. Anything else stays as it was (unmanaged).
 */
import { breakGlassEnvironment } from "../model/access/breakGlass";
import { durationOf } from "../kinds/helpers";
import type { LiveOrg, LiveTeamFull } from "./live";
import type { Layout } from "./layout";
import type { AccessProposal } from "./access";
import type { Cell, Role } from "./cluster";
import type { TierProposal } from "./tiers";
import type { AdoptFinding } from "./types";
import { parseDuration } from "../model/duration";

/** A live break-glass environment that has the program's gate. */
export interface LiveBreakGlass {
  readonly project: string;
  readonly tier: string;
  /** The tier's environment it is the break-glass of. */
  readonly environment: string;
  /** `<environment>-breakglass`. */
  readonly breakGlassEnvironment: string;
  readonly approvers: readonly string[];
  readonly requiredApprovals: number;
  readonly gateName: string;
}

/** The live break-glass environments of declared protected-looking tier environments, by key. */
export function liveBreakGlass(live: LiveOrg, layout: Layout): Map<string, LiveBreakGlass> {
  const out = new Map<string, LiveBreakGlass>();
  const exists = new Set(live.environments.map((e) => `${e.project}/${e.name}`));
  for (const [key, tier] of layout.envTier) {
    if (layout.tiers.get(tier)?.protected !== true) continue;
    const [project, ...rest] = key.split("/");
    const environment = rest.join("/");
    const bg = breakGlassEnvironment({ project, name: environment }).name;
    const bgKey = `${project}/${bg}`;
    if (!exists.has(bgKey) || layout.envTier.has(bgKey)) continue;
    const gates = live.approvalRules.filter((r) => r.project === project && r.environment === bg);
    const g = gates[0];
    if (
      gates.length !== 1 ||
      !g.enabled ||
      g.actionTypes.length !== 1 ||
      g.actionTypes[0] !== "open" ||
      g.allowSelfApproval ||
      !Number.isSafeInteger(g.numApprovalsRequired) ||
      g.numApprovalsRequired < 1 ||
      g.approvers.length === 0 ||
      !g.approvers.every((a) => /^team:./.test(a))
    )
      continue;
    out.set(bgKey, {
      project,
      tier,
      environment,
      breakGlassEnvironment: bg,
      approvers: [...new Set(g.approvers.map((a) => a.slice("team:".length)))].sort(),
      requiredApprovals: g.numApprovalsRequired,
      gateName: g.name,
    });
  }
  return out;
}

/** The cell of a team's per-use break-glass on one project tier, when the live org shows one. */
export function perUseOf(
  team: LiveTeamFull,
  project: string,
  tierEnvironment: string | undefined,
  layout: Layout,
): { bg: LiveBreakGlass; maxDuration: string } | undefined {
  if (tierEnvironment === undefined) return undefined;
  const bg = layout.breakGlass?.get(
    `${project}/${breakGlassEnvironment({ project, name: tierEnvironment }).name}`,
  );
  if (!bg || bg.approvers.includes(team.name)) return undefined;
  const grant = team.environments.find(
    (e) => e.project === project && e.name === bg.breakGlassEnvironment,
  );
  const direct = team.environments.find((e) => e.project === project && e.name === tierEnvironment);
  if (grant?.permission !== "open" || (direct && direct.permission !== "none")) return undefined;
  return { bg, maxDuration: durationOf(grant.maxOpenDuration) ?? "24h" };
}

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
