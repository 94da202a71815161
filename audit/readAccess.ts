/**
 * Reading who holds what at the top of the organization, for the audit: its members with their
 * roles, and its custom roles with the teams that hold them. What each read needs is in
 * audit/audit.ts; how a 403 is handled, in audit/read.ts.
 */
import { LiveMember, LiveRole, LiveTeam } from "./compare";
import {
  OrganizationMember,
  OrganizationMetadata,
  PulumiCloudClient,
  PulumiCloudError,
} from "../cloud/client";

/** Built-in organization roles as `fgaRole.name` spells them (anything else is a custom role). */
const BUILT_IN_ROLES: Record<string, string> = {
  member: "member",
  admin: "admin",
  billingmanager: "billing-manager",
  "billing-manager": "billing-manager",
};

/** One member: the login, the built-in role (`role`, else `fgaRole`) and any custom role. */
export function liveMemberOf(m: OrganizationMember): LiveMember {
  const fga = m.fgaRole;
  const builtIn = fga ? BUILT_IN_ROLES[fga.name.toLowerCase().replace(/[\s_]/g, "")] : undefined;
  return {
    login: m.user.githubLogin || m.user.name,
    role: m.role ?? builtIn ?? "member",
    ...(fga && !builtIn ? { customRole: { id: fga.id, name: fga.name } } : {}),
  };
}

export async function readMembers(cloud: PulumiCloudClient, org: string): Promise<LiveMember[]> {
  return (await cloud.listOrgMembers(org)).map(liveMemberOf);
}

export interface RolesRead {
  readonly roles: LiveRole[];
  /** Team name -> the ids of the roles `GET .../teams/{team}/roles` lists. */
  readonly teamRoles: ReadonlyMap<string, readonly string[]>;
}

/**
 * The custom roles and each team's roles. When the organization's features say custom roles are
 * off, nothing is read: there are none (a team's `roleIds` from `GetTeam` are still compared).
 */
export async function readRoles(
  cloud: PulumiCloudClient,
  org: string,
  metadata: OrganizationMetadata | undefined,
  teams: readonly LiveTeam[] | undefined,
  pool: <T, R>(items: readonly T[], fn: (t: T) => Promise<R>) => Promise<R[]>,
): Promise<RolesRead> {
  if (metadata?.features?.customRolesEnabled === false) return { roles: [], teamRoles: new Map() };
  const roles = (await cloud.listRoles(org)).map((r): LiveRole => ({
    id: r.id,
    name: r.name ?? r.id,
    details: r.details,
  }));
  const lists = await pool(teams ?? [], async (t) => {
    try {
      return [t.name, (await cloud.listTeamRoles(org, t.name)).map((r) => r.id)] as const;
    } catch (e) {
      // Deleted between the list and the read.
      if (e instanceof PulumiCloudError && e.status === 404) return undefined;
      throw e;
    }
  });
  return {
    roles,
    teamRoles: new Map(lists.filter((x): x is NonNullable<typeof x> => !!x)),
  };
}

/** Each team with the union of `Team.roleIds` and its listed roles. */
export function withTeamRoles(
  teams: readonly LiveTeam[] | undefined,
  read: RolesRead | undefined,
): LiveTeam[] | undefined {
  if (!teams) return undefined;
  return teams.map((t) => {
    const listed = read?.teamRoles.get(t.name) ?? [];
    return { ...t, roleIds: [...new Set([...(t.roleIds ?? []), ...listed])] };
  });
}
