/**
 * Policy for organization membership: admins bypass every grant, so there are at most
 * `defaults.maxAdmins` of them (default 3), each listed once; extra members are listed once.
 */
import { dupList, PolicyContext } from "./shared";

export function checkMembers({ v, err, warnings }: PolicyContext): void {
  dupList(v.admins, "admins", "admin", err);
  dupList(v.members, "members", "member", err);
  const cap = typeof v.defaults.maxAdmins === "number" ? v.defaults.maxAdmins : 3;
  if (v.admins.length > cap)
    err(
      "admins",
      `declares ${v.admins.length} organization admins; at most ${cap} (defaults.maxAdmins): an admin ` +
        "bypasses every grant, so keep them few and give everyone else a team",
    );
  if (v.admins.length === 0)
    warnings.push({
      severity: "medium",
      code: "no-admins-declared",
      path: "admins",
      message:
        "no organization admins are declared: membership is not managed, and the audit only lists " +
        "the live admins (info) without comparing members. List them (the deploying identity among them)",
    });
}
