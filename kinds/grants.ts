/** Team grants: each team's permission on a stack and on an ESC environment. */
import { grantPermissionName, STACK_PERMISSION_SCOPE } from "../model/cloud/stackPermissions";
import { calls, PS_COSTS, simple } from "./cost";
import { parts, PS } from "./ids";
import { durationOf, s, teamOf } from "./helpers";
import { readTeams } from "./read";
import type { ManagedArea, ManagedType } from "./types";

/** `{organization}/{project}/{stack}/{team}`. */
export const teamStackPermissionId = (org: string, project: string, stack: string, team: string) =>
  parts("/", [org, project, stack, team], "TeamStackPermission");

/** `{organization}/{team}/{project}+{environment}`. */
export const teamEnvironmentPermissionId = (
  org: string,
  team: string,
  project: string,
  env: string,
) =>
  `${parts("/", [org, team], "TeamEnvironmentPermission")}/` +
  parts(
    "+",
    [parts("/", [project], "TeamEnvironmentPermission"), env],
    "TeamEnvironmentPermission",
  );

export const teamStackPermission: ManagedType = {
  token: "pulumiservice:index:TeamStackPermission",
  schema: "pulumiservice",
  importId: {
    format: "{organization}/{project}/{stack}/{team}",
    source: `${PS}team_stack_perm.go (Read, splitTeamStackPermissionID)`,
    importable: true,
  },
  cost: simple(
    "pulumi",
    calls(1, 1),
    "replace",
    calls(1),
    `${PS_COSTS}/resources/team_stack_perm.go Create (AddStackPermission), Read (GetTeamStackPermission: GET of the whole team); no Update`,
  ),
  replaces: "all",
  guard: "stack-grant",
  lookup: (_r, i, ctx) => {
    const g = teamOf(ctx, s(i.team))?.stacks.find(
      (x) => x.project === i.project && x.stack === i.stack,
    );
    const name = g && grantPermissionName(g.permission);
    if (!name) return undefined;
    return {
      id: teamStackPermissionId(ctx.org, s(i.project), s(i.stack), s(i.team)),
      match: { organization: ctx.org, project: s(i.project), stack: s(i.stack), team: s(i.team) },
      live: { permission: STACK_PERMISSION_SCOPE[name] },
    };
  },
};

export const teamEnvironmentPermission: ManagedType = {
  token: "pulumiservice:index:TeamEnvironmentPermission",
  schema: "pulumiservice",
  importId: {
    format: "{organization}/{team}/{project}+{environment}",
    source: `${PS}team_environment_perm.go (Read, splitTeamEnvironmentPermissionID)`,
    importable: true,
  },
  cost: simple(
    "pulumi",
    calls(1, 1),
    "replace",
    calls(1),
    `${PS_COSTS}/resources/team_environment_perm.go Create (AddEnvironmentSettings), Read (GetTeamEnvironmentSettings); no Update`,
  ),
  replaces: "all",
  guard: "environment-grant",
  lookup: (_r, i, ctx) => {
    const g = teamOf(ctx, s(i.team))?.environments.find(
      (x) => x.project === i.project && x.name === i.environment && x.permission !== "none",
    );
    if (!g) return undefined;
    const bound = durationOf(g.maxOpenDuration);
    return {
      id: teamEnvironmentPermissionId(ctx.org, s(i.team), s(i.project), s(i.environment)),
      match: {
        organization: ctx.org,
        team: s(i.team),
        project: s(i.project),
        environment: s(i.environment),
      },
      live: { permission: g.permission, maxOpenDuration: bound ?? null },
    };
  },
};

export const grants: ManagedArea = {
  name: "grants",
  summary: "each team's permission on a stack and on an ESC environment",
  types: [teamStackPermission, teamEnvironmentPermission],
  live: { reads: "the grants on every team", read: readTeams },
  audit: ["teams"],
  propose: "adopt/access.ts",
};
