/** Organization defaults: the org's settings, through this program's dynamic resource. */
import { calls, simple } from "./cost";
import type { ManagedArea, ManagedType } from "./types";

export const orgDefaultsResource: ManagedType = {
  token: "pulumi-nodejs:dynamic:Resource",
  schema: "dynamic",
  coverage: {
    status: "audited",
    reads: ["GET /api/orgs/{orgName}/metadata"],
    codes: ["org-default-differs", "role-grant-undeclared", "role-grant-missing", "not-covered"],
    severity:
      "per field (high when it widens access, the default deployment role included); membersCanInviteCollaborators: info, not returned",
  },
  importId: {
    format: "-",
    source: "components/orgDefaults.ts",
    importable: false,
    note:
      "OrgDefaults is a dynamic resource over PATCH /api/orgs/{org}: there is nothing to import; " +
      "at create it reads the live settings, keeps them to restore on delete, and sets the declared ones",
  },
  cost: simple(
    "pulumi",
    calls(2, 1),
    calls(2, 1),
    calls(1),
    "components/orgDefaults.ts orgDefaultsProvider.create/update (getOrgMetadata, then PATCH only when a field differs), read (getOrgMetadata)",
    "OrgDefaults, this program's dynamic resource; an unchanged organization sees no PATCH",
  ),
};

export const orgDefaults: ManagedArea = {
  name: "orgDefaults",
  summary: "the organization's default permissions and member rights",
  types: [orgDefaultsResource],
  audit: ["defaults", "collaboratorInvites"],
  propose: "adopt/extras.ts",
};
