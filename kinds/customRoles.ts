/** Custom roles (`defaults.customRoles`): the roles the program defines and the teams that hold them. */
import { calls, PS_COSTS, simple } from "./cost";
import { parts, PS } from "./ids";
import type { ManagedArea, ManagedType } from "./types";

/** `{organization}/{roleId}`. */
export const organizationRoleId = (org: string, roleId: string) =>
  parts("/", [org, roleId], "OrganizationRole");

/** `{organization}/{team}/{roleId}`. */
export const teamRoleAssignmentId = (org: string, team: string, roleId: string) =>
  parts("/", [org, team, roleId], "TeamRoleAssignment");

export const organizationRole: ManagedType = {
  token: "pulumiservice:index:OrganizationRole",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: ["GET /api/orgs/{orgName}/roles"],
    codes: ["role-missing", "role-changed", "role-undeclared", "role-condition-environment"],
    severity: "high when it grants more, medium when less, low",
  },
  importId: {
    format: "{organization}/{roleId}",
    source: `${PS}organization_role.go (Read, splitOrgRoleID)`,
    importable: true,
    note: "adopt does not read custom roles: the proposal leaves defaults.customRoles off",
  },
  cost: simple(
    "pulumi",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${PS_COSTS}/resources/organization_role.go Create/Update/Read (CreateRole, UpdateRole, GetRole)`,
  ),
};

export const teamRoleAssignment: ManagedType = {
  token: "pulumiservice:index:TeamRoleAssignment",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: ["GET /api/orgs/{orgName}/teams/{teamName}/roles"],
    codes: ["role-grant-undeclared", "role-grant-missing"],
    severity: "high, medium",
  },
  importId: {
    format: "{organization}/{team}/{roleId}",
    source: `${PS}team_role_assignment.go (Read)`,
    importable: true,
    note: "adopt does not read role assignments: the proposal leaves defaults.customRoles off",
  },
  cost: simple(
    "pulumi",
    calls(2, 1),
    "replace",
    calls(1),
    `${PS_COSTS}/resources/team_role_assignment.go Create (AssignRoleToTeam, GetTeamRole), Read (GetTeamRole); no Update`,
  ),
};

export const customRoles: ManagedArea = {
  name: "customRoles",
  summary: "custom organization roles and the teams they are assigned to",
  types: [organizationRole, teamRoleAssignment],
  audit: ["roles"],
};
