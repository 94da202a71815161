/**
 * Custom roles (`defaults.customRoles`, Pulumi Cloud Enterprise and above), as plain data; the
 * component turns them into `OrganizationRole`s whose permission descriptors pin environments by
 * their ids (known at deploy time).
 *
 * - `deployments`: the organization's default deployment role. Deployments runs with a
 *   token scoped to the stack it deploys; with org defaults at `none` it could open no ESC
 *   environment. The role lets it read and open exactly the environments of the stacks that deploy
 *   through Deployments, and nothing else. Binding each stack to its own environment would
 *   need the stacks' opaque ids, which pulumiservice 1.3.0 does not expose: the plan says so.
 * - `auditor`: what the scheduled audit needs beyond member rights, read-only: the audit log, the
 *   OIDC issuers and their policies, members and teams, policy groups.
 *
 * The bootstrap keeps its organization admin token: provider 1.3.0's `OidcIssuer` policies cannot
 * carry a role (`roleID`), so an organization token obtained by OIDC is an admin token.
 */
import { AUDITOR_TEAM } from "../names";
import { DEPLOYMENTS_LABEL, DEPLOYMENTS_MODE } from "../ci/registry";
import { EnvironmentRef, RoleSpec, StackSpec } from "./types";

export type { RoleSpec } from "./types";

export const DEPLOYMENT_ROLE_NAME = "secure-org deployments";
export const AUDITOR_ROLE_NAME = "secure-org auditor";

export function buildRoles(
  customRoles: boolean,
  stacks: readonly StackSpec[],
  auditScheduled: boolean,
  /** Login environments by the stack key whose environment imports each (model/cloud/). */
  logins: ReadonlyMap<string, EnvironmentRef> = new Map(),
): RoleSpec[] {
  if (!customRoles) return [];
  const roles: RoleSpec[] = [];
  const deployed = stacks.filter((s) => s.managed && s.mode === DEPLOYMENTS_MODE);
  if (deployed.length > 0)
    roles.push({
      key: "deployments",
      name: DEPLOYMENT_ROLE_NAME,
      description:
        `${DEPLOYMENTS_LABEL}: read and open only the ESC environments of the stacks that deploy ` +
        `through ${DEPLOYMENTS_LABEL} (managed by secure-org)`,
      globalScopes: [],
      environmentScopes: ["environment:read", "environment:open"],
      // A stack's environment, then its login environment (opening one opens its imports).
      environments: deployed.flatMap((s) => [
        s.environment,
        ...(logins.has(s.key) ? [logins.get(s.key) as EnvironmentRef] : []),
      ]),
      defaultDeploymentRole: true,
    });
  if (auditScheduled)
    roles.push({
      key: "auditor",
      name: AUDITOR_ROLE_NAME,
      description:
        "The scheduled secure-org audit: read the audit log, OIDC issuers, members, teams and " +
        "policy groups; change nothing (managed by secure-org)",
      globalScopes: [
        "audit_logs:read",
        "oidc_issuers:read",
        "auth_policies:read",
        "role:read",
        "org_member:read",
        "team:list",
        "team:read",
        "policy_groups:read",
      ],
      environmentScopes: [],
      environments: [],
      team: AUDITOR_TEAM,
      defaultDeploymentRole: false,
    });
  return roles;
}

/** A permission descriptor, in the Pulumi Cloud wire grammar (`__type` at every level). */
export type PermissionDescriptor = Record<string, unknown>;

/**
 * The descriptor of a role: a group of an organization-wide allow (if any) and one condition per
 * environment (`environment == <id>` gating an allow of the environment scopes), the shape the
 * provider's `buildEnvironmentScopedPermissions` produces.
 */
export function roleDescriptor(
  role: RoleSpec,
  environmentIds: readonly string[],
): PermissionDescriptor {
  if (environmentIds.length !== role.environments.length)
    throw new Error(
      `role ${role.name}: ${role.environments.length} environments, ${environmentIds.length} ids`,
    );
  const entries: PermissionDescriptor[] = [];
  if (role.globalScopes.length > 0)
    entries.push({ __type: "PermissionDescriptorAllow", permissions: [...role.globalScopes] });
  for (const id of environmentIds)
    entries.push({
      __type: "PermissionDescriptorCondition",
      condition: {
        __type: "PermissionExpressionEqual",
        left: { __type: "PermissionExpressionEnvironment" },
        right: { __type: "PermissionLiteralExpressionEnvironment", identity: id },
      },
      subNode: { __type: "PermissionDescriptorAllow", permissions: [...role.environmentScopes] },
    });
  return { __type: "PermissionDescriptorGroup", entries };
}
