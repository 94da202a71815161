/**
 * A live team's stack and environment permissions against the declared grants: undeclared,
 * missing, above or below the declared level, a human team's elevated access to a protected
 * resource, declared break-glass grants (info) and their session bound.
 */
import { AccessModel, ENV_RANK, Grant, STACK_RANK } from "../../model/access";
import { EnvironmentPermission, StackPermission } from "../../model/config";
import { durationSeconds, envPermission, stackKey, stackPermissionName } from "./helpers";
import { isProtected, Resources } from "./resources";
import { Add, LiveTeam } from "./types";

/** How stack and environment permissions compare, and from which level they are elevated. */
interface GrantKind<P extends string> {
  readonly kind: "stack" | "environment";
  readonly rank: Record<P, number>;
  /** On a protected resource, this level or more is elevated (deploys, or decrypts secrets). */
  readonly elevated: P;
  readonly why: string;
}
const STACK_CHECK: GrantKind<StackPermission> = {
  kind: "stack",
  rank: STACK_RANK,
  elevated: "write",
  why: "only the pipeline may change it",
};
const ENV_CHECK: GrantKind<EnvironmentPermission> = {
  kind: "environment",
  rank: ENV_RANK,
  elevated: "open",
  why: "it decrypts or changes protected secrets",
};

/** The live team whose permissions are checked, and where its findings go. */
export interface GrantContext {
  readonly team: string;
  /** Whether the team is human: declared so, or (undeclared) it has members. */
  readonly human: boolean;
  /** ` (members: ...)` for messages, or empty. */
  readonly who: string;
  readonly res: Resources;
  readonly add: Add;
}

/**
 * One live team permission against the declared one: exactly one finding (or none when it is as
 * declared). A human team's elevated permission on a protected resource is `human-protected-access`
 * unless a declared break-glass grant covers it; returns whether it is such a covered break-glass.
 */
function checkGrant<P extends string>(
  ctx: GrantContext,
  k: GrantKind<P>,
  key: string,
  level: P,
  declared: { level: P; grant: Grant } | undefined,
): boolean {
  const { team, add } = ctx;
  const elevated = isProtected(ctx.res, k.kind, key) && k.rank[level] >= k.rank[k.elevated];
  const subject = `team:${team} ${k.kind}:${key}`;
  const want = declared?.level;
  const breakGlass =
    declared?.grant.breakGlass !== undefined && k.rank[level] <= k.rank[declared.level];
  if (ctx.human && elevated && !breakGlass)
    add({
      severity: "high",
      code: "human-protected-access",
      subject,
      message:
        `human team ${team}${ctx.who} holds ${k.kind} ${level} on protected ${k.kind} ${key}: ` +
        `${k.why} (${want ? `declared: ${want}` : "not declared"})`,
      declared: want ?? "none",
      live: level,
    });
  else if (!declared)
    add({
      severity: elevated ? "high" : "medium",
      code: "grant-undeclared",
      subject,
      message: `team ${team} holds ${k.kind} ${level} on ${key}, which no config declares`,
      declared: "none",
      live: level,
    });
  else if (k.rank[level] !== k.rank[declared.level]) {
    const above = k.rank[level] > k.rank[declared.level];
    add({
      severity: above ? (elevated ? "high" : "medium") : "low",
      code: above ? "grant-above-declared" : "grant-below-declared",
      subject,
      message: `team ${team} holds ${k.kind} ${level} on ${key}; declared: ${declared.level}`,
      declared: declared.level,
      live: level,
    });
  } else if (breakGlass && elevated) {
    const g = declared.grant;
    // Per use: usable only through an approved request; its uses are reported (./breakGlass.ts).
    if (g.approval) return true;
    add({
      severity: "info",
      code: "break-glass",
      subject,
      message:
        `break-glass: team ${team}${ctx.who} holds ${k.kind} ${level} on ${key}` +
        (g.maxOpenDuration ? ` (sessions of at most ${g.maxOpenDuration})` : "") +
        `: ${g.breakGlass}`,
    });
    return true;
  }
  return false;
}

/** The declared grants above `none`, by team and `project/name` (see `grantKey`). */
export interface DeclaredGrants {
  readonly stacks: Map<string, Grant>;
  readonly envs: Map<string, Grant>;
}

const grantKey = (team: string, key: string) => `${team}\u0000${key}`;

/**
 * The declared grants, with each tier environment grant's counterpart on its login environment
 * (model/cloud/environments.ts `loginGrants`: the tier environment's permission capped at open).
 */
export function allGrants(model: AccessModel): Grant[] {
  const out: Grant[] = [...model.grants];
  for (const c of model.cloud)
    for (const lg of c.grants) {
      const base = model.grants.find(
        (g) =>
          g.team === lg.team &&
          g.environment.project === c.importedBy.project &&
          g.environment.name === c.importedBy.name &&
          g.environmentPermission !== "none",
      );
      if (!base) continue;
      out.push({
        ...base,
        environment: { ...c.environment },
        environmentPermission: lg.permission,
        stackPermission: "none",
        ...(lg.maxOpenDuration ? { maxOpenDuration: lg.maxOpenDuration } : {}),
      });
    }
  return out;
}

export function declaredGrants(model: AccessModel): DeclaredGrants {
  const stacks = new Map<string, Grant>();
  const envs = new Map<string, Grant>();
  for (const g of allGrants(model)) {
    if (g.stackPermission !== "none") stacks.set(grantKey(g.team, stackKey(g.project, g.stack)), g);
    if (g.environmentPermission !== "none")
      envs.set(grantKey(g.team, stackKey(g.environment.project, g.environment.name)), g);
  }
  return { stacks, envs };
}

/**
 * Every stack and environment permission of a live team; then, for a declared team, the declared
 * grants it does not hold.
 */
export function checkTeamGrants(
  model: AccessModel,
  team: LiveTeam,
  declaredTeam: boolean,
  declared: DeclaredGrants,
  ctx: GrantContext,
): void {
  const seenStacks = checkStackPermissions(team, declared, ctx);
  const seenEnvs = checkEnvironmentPermissions(team, declared, ctx);
  if (declaredTeam) reportMissingGrants(model, team.name, seenStacks, seenEnvs, ctx.add);
}

/** Checks the team's stack permissions; returns the stacks it holds a permission on. */
function checkStackPermissions(
  team: LiveTeam,
  declared: DeclaredGrants,
  ctx: GrantContext,
): Set<string> {
  const seenStacks = new Set<string>();
  for (const s of team.stacks) {
    const level = stackPermissionName(s.permission);
    if (level === "none") continue;
    const key = stackKey(s.project, s.stack);
    seenStacks.add(key);
    const grant = declared.stacks.get(grantKey(team.name, key));
    checkGrant(ctx, STACK_CHECK, key, level, grant && { level: grant.stackPermission, grant });
  }
  return seenStacks;
}

/** Checks the team's environment permissions; returns the environments it holds one on. */
function checkEnvironmentPermissions(
  team: LiveTeam,
  declared: DeclaredGrants,
  ctx: GrantContext,
): Set<string> {
  const seenEnvs = new Set<string>();
  for (const e of team.environments) {
    if (e.permission === "none") continue;
    const key = stackKey(e.project, e.name);
    seenEnvs.add(key);
    const grant = declared.envs.get(grantKey(team.name, key));
    const breakGlass = checkGrant(
      ctx,
      ENV_CHECK,
      key,
      envPermission(e.permission),
      grant && { level: grant.environmentPermission, grant },
    );
    if (breakGlass) checkOpenDuration(ctx, key, grant, e.maxOpenDuration);
  }
  return seenEnvs;
}

/** A break-glass open grant must keep its declared bound on each session. */
function checkOpenDuration(
  ctx: GrantContext,
  key: string,
  grant: Grant | undefined,
  maxOpenDuration: string | undefined,
): void {
  const bound = durationSeconds(grant?.maxOpenDuration);
  const actual = durationSeconds(maxOpenDuration);
  if (bound !== undefined && (!actual || actual > bound))
    ctx.add({
      severity: "medium",
      code: "grant-open-duration",
      subject: `team:${ctx.team} environment:${key}`,
      message:
        `break-glass open grant of team ${ctx.team} on ${key} has ` +
        (actual ? `sessions of up to ${maxOpenDuration}` : "no session bound") +
        `; declared maxOpenDuration: ${grant?.maxOpenDuration}`,
      declared: grant?.maxOpenDuration,
      live: maxOpenDuration ?? null,
    });
}

/** The declared grants of a team that it does not hold. */
function reportMissingGrants(
  model: AccessModel,
  team: string,
  seenStacks: ReadonlySet<string>,
  seenEnvs: ReadonlySet<string>,
  add: Add,
): void {
  const missing = (kind: "stack" | "environment", key: string, level: string) =>
    add({
      severity: "low",
      code: "grant-missing",
      subject: `team:${team} ${kind}:${key}`,
      message: `declared ${kind} ${level} of team ${team} on ${key} does not exist`,
      declared: level,
      live: "none",
    });
  for (const g of allGrants(model).filter((x) => x.team === team)) {
    const stack = stackKey(g.project, g.stack);
    const env = stackKey(g.environment.project, g.environment.name);
    if (g.stackPermission !== "none" && !seenStacks.has(stack))
      missing("stack", stack, g.stackPermission);
    if (g.environmentPermission !== "none" && !seenEnvs.has(env))
      missing("environment", env, g.environmentPermission);
  }
}
