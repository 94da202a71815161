/** Organization membership: each declared member's role (managed when admins are declared). */
import { calls, fixed, memberPages, PS_COSTS, ZERO, ASSUMED_MEMBER_PAGE_SIZE } from "./cost";
import { parts, PS } from "./ids";
import { listOrgMembers } from "../cloud";
import type { ManagedArea, ManagedType } from "./types";

/** `{organization}/{username}`: the provider splits at the first "/" only (SplitN 2). */
export const organizationMemberId = (org: string, username: string) =>
  `${parts("/", [org], "OrganizationMember")}/${username}`;

export const organizationMember: ManagedType = {
  token: "pulumiservice:index:OrganizationMember",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: ["GET /api/orgs/{orgName}/members"],
    codes: ["admin-undeclared", "admin-missing", "org-member-undeclared", "org-member-missing"],
    severity: "high (undeclared admin), medium, low",
  },
  importId: {
    format: "{organization}/{username}",
    source: `${PS}organization_member.go (Read)`,
    importable: true,
  },
  cost: {
    service: "pulumi",
    formula: {
      create: "4 + 2p (an existing member; a new one: 2 + 2p); p = pages of the member list",
      update: "3 + 2p",
      read: "1 + 2p",
      preview: "0",
    },
    cost: {
      // AddMemberToOrg (409 for an existing member), ResolveBuiltInRoleID (ListOrgRoles) +
      // UpdateOrgMemberRole, then readOrgMemberState: ListOrgMembers (backend and frontend
      // rosters, every page) and ListOrgRoles.
      create: (c) => calls(4 + 2 * memberPages(c), 2),
      update: (c) => calls(3 + 2 * memberPages(c), 1),
      read: (c) => calls(1 + 2 * memberPages(c)),
      preview: fixed(ZERO),
    },
    source: `${PS_COSTS}/resources/organization_member.go Create, Update, readOrgMemberState, applyMemberRoleToState; pulumiapi/members.go GetOrgMember -> ListOrgMembers (both rosters, paginated), UpdateOrgMemberRole -> ResolveBuiltInRoleID`,
    note: `reading one member lists every member: reading all of them is quadratic in the organization's size (page size not documented, assumed ${ASSUMED_MEMBER_PAGE_SIZE})`,
  },
  guard: "organization-member",
  lookup: (_r, i, ctx) => {
    const m = ctx.live.members.find((x) => x.login === i.username);
    if (!m) return undefined;
    return {
      id: organizationMemberId(ctx.org, m.login),
      match: { username: m.login },
      live: { role: m.role },
    };
  },
};

/** The token of organization members: the API budget counts them to size member reads. */
export const ORGANIZATION_MEMBER = organizationMember.token;

export const membership: ManagedArea = {
  name: "membership",
  summary: "organization members and their built-in roles",
  types: [organizationMember],
  live: { reads: "every member with their role", read: listOrgMembers },
  audit: ["members"],
  propose: "adopt/extras.ts",
};
