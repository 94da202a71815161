/**
 * Policy for organization membership: admins bypass every grant, so there are at most
 * `defaults.maxAdmins` of them (default 3), each listed once; extra members are listed once.
 */
import { pulumiLoginKey } from "../../names";
import { str } from "../view";
import { dupList, PolicyContext } from "./shared";

export function checkMembers(ctx: PolicyContext): void {
  const { v, err, warnings } = ctx;
  dupList(v.admins, "admins", "admin", err);
  dupList(v.members, "members", "member", err);
  checkLoginSpelling(ctx);
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

/**
 * One spelling per login across admins, members and teams' members. Whether Pulumi Cloud folds the
 * case of logins is unsettled (docs/assumptions.md, "Pulumi logins"), so `Bob` and `bob` are taken
 * for one user (fail closed): spelled two ways, the plan would declare two conflicting
 * memberships (admin and member) for one person, and the guard that keeps the deploying identity
 * from demoting itself could miss it.
 */
function checkLoginSpelling({ v, err }: PolicyContext): void {
  const first = new Map<string, { login: string; where: string }>();
  const see = (value: unknown, where: string) => {
    const login = str(value);
    if (login === undefined) return;
    const seen = first.get(pulumiLoginKey(login));
    if (!seen) first.set(pulumiLoginKey(login), { login, where });
    // Within one list, dupList above reports it (a duplicate, whatever its case).
    else if (
      seen.login !== login &&
      seen.where.replace(/\[\d+\]$/, "") !== where.replace(/\[\d+\]$/, "")
    )
      err(
        where,
        `"${login}" is "${seen.login}" (${seen.where}) spelled another way: Pulumi Cloud logins are ` +
          "compared case-insensitively here (whether Pulumi folds their case is not documented), so " +
          `both name one user with one role. Spell it "${seen.login}"`,
      );
  };
  v.admins.forEach((a, i) => see(a, `admins[${i}]`));
  v.members.forEach((m, i) => see(m, `members[${i}]`));
  v.teams.forEach((t, ti) => t.members.forEach((m, mi) => see(m, `teams[${ti}].members[${mi}]`)));
}
