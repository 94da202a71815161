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

/** What of the layout this reads (adopt/layout.ts Layout): declared environments and tiers. */
export interface BreakGlassLayout {
  readonly envTier: ReadonlyMap<string, string>;
  readonly tiers: ReadonlyMap<string, { protected: boolean }>;
  readonly breakGlass?: ReadonlyMap<string, LiveBreakGlass>;
}

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
export function liveBreakGlass(
  live: LiveOrg,
  layout: BreakGlassLayout,
): Map<string, LiveBreakGlass> {
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
  layout: BreakGlassLayout,
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
