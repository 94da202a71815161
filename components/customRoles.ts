import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import { RoleSpec, roleDescriptor } from "../model/access";
import { SecureTeam } from "./secureTeam";
import type { EnvironmentHandle } from "./environmentTier";
import { componentType } from "./types";

export interface CustomRolesArgs {
  readonly organization: string;
  readonly roles: readonly RoleSpec[];
  /** The ESC environment resource of `project/name`, whose id pins a role's scopes. */
  readonly environment: (ref: { project: string; name: string }) => EnvironmentHandle | undefined;
  readonly teams: ReadonlyMap<string, SecureTeam>;
}

export const CUSTOM_ROLES_TYPE = componentType("CustomRoles");

/**
 * Custom roles (`defaults.customRoles`; Pulumi Cloud Enterprise and above): an `OrganizationRole`
 * per role spec, its environment scopes pinned to environment ids, and a `TeamRoleAssignment` for
 * a role that belongs to a team (the scheduled auditor). The deployment role's id becomes the
 * organization's default deployment role through `OrgDefaults`.
 */
export class CustomRoles extends pulumi.ComponentResource {
  public readonly roles: ReadonlyMap<RoleSpec["key"], ps.OrganizationRole>;
  /** The default deployment role's id, when there is one. */
  public readonly deploymentRoleId?: pulumi.Output<string>;

  constructor(name: string, args: CustomRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CUSTOM_ROLES_TYPE, name, {}, opts);
    const roles = new Map<RoleSpec["key"], ps.OrganizationRole>();
    for (const spec of args.roles) {
      const role = createRole(`${name}-${spec.key}`, spec, args, this);
      roles.set(spec.key, role);
      if (spec.defaultDeploymentRole) this.deploymentRoleId = role.id;
      if (spec.team) {
        const team = args.teams.get(spec.team);
        if (!team)
          throw new Error(`role ${spec.name} is for team ${spec.team}, which does not exist`);
        new ps.TeamRoleAssignment(
          `${name}-${spec.key}-assignment`,
          { organizationName: args.organization, teamName: spec.team, roleId: role.id },
          { parent: this, dependsOn: [team.team] },
        );
      }
    }
    this.roles = roles;
    this.registerOutputs({ roles: [...roles.keys()] });
  }
}

/** One role; its descriptor waits for the ids of the environments it pins. */
function createRole(
  name: string,
  spec: RoleSpec,
  args: CustomRolesArgs,
  parent: pulumi.Resource,
): ps.OrganizationRole {
  const environments = spec.environments.map((ref) => {
    const env = args.environment(ref);
    if (!env) throw new Error(`role ${spec.name}: no environment ${ref.project}/${ref.name}`);
    return env;
  });
  const permissions = pulumi.all(environments.map((e) => e.environmentId)).apply((ids) =>
    roleDescriptor(
      spec,
      ids.map((id, i) => {
        if (!id) throw new Error(`environment ${spec.environments[i].name} has no id yet`);
        return id;
      }),
    ),
  );
  return new ps.OrganizationRole(
    name,
    {
      organizationName: args.organization,
      name: spec.name,
      description: spec.description,
      resourceType: "global",
      permissions,
    },
    { parent, dependsOn: environments },
  );
}
