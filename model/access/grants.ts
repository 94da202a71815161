/**
 * Human grants: what each team's role on a project gives it on that project's stack and
 * environment of one tier.
 */
import type { StackContext } from "./types";
import { breakGlassDuration, breakGlassMode } from "./breakGlass";
import { teamIndex } from "./teamIndex";
import { Grant } from "./types";

/** The role a team holds on a project: the project's own entry beats "*". */
export function roleFor(
  access: Readonly<Record<string, string>>,
  project: string,
): string | undefined {
  return access[project] ?? access["*"];
}

/** The grants of every team with a role on the project, in team order; none for `none`/`none`. */
export function humanGrants(ctx: StackContext): Grant[] {
  const { config, project, tier } = ctx;
  const grants: Grant[] = [];
  for (const ti of teamIndex(config).withRole(project.name)) {
    const team = config.teams[ti];
    const role = roleFor(team.access, project.name);
    if (!role) continue;
    const policy = tier.roles[role];
    if (!policy) continue;
    // Per use: nothing on the tier's environment; the break-glass environment's grant is in
    // ./breakGlass.ts.
    const perUse = tier.protected && breakGlassMode(policy.breakGlass) === "per-use";
    const environment = perUse ? "none" : policy.environment;
    if (policy.stack === "none" && environment === "none") continue;
    const via = team.access[project.name] ? `access.${project.name}` : `access["*"]`;
    grants.push({
      tier: tier.name,
      project: project.name,
      stack: ctx.stackName,
      environment: ctx.environment,
      team: team.name,
      identity: "human",
      role,
      stackPermission: policy.stack,
      environmentPermission: environment,
      maxOpenDuration:
        policy.breakGlass && !perUse && ["open", "write", "admin"].includes(environment)
          ? breakGlassDuration(policy.breakGlass)
          : undefined,
      breakGlass: perUse
        ? undefined
        : (policy.breakGlass?.standingJustification ?? policy.breakGlass?.justification),
      reason:
        `teams[${ti}].${via} = ${role}; tiers[${ctx.tierIndex}].roles.${role} = ` +
        `stack ${policy.stack}, environment ${policy.environment}`,
    });
  }
  return grants;
}
