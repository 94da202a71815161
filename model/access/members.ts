/**
 * Organization membership as code: the declared admins (at most `defaults.maxAdmins`), and every
 * other declared login (team members and `members`) at role `member`. Admins bypass every grant;
 * members get only what their teams and the org defaults give.
 */
import { OrgConfig } from "../config";

export interface MemberSpec {
  readonly login: string;
  readonly role: "admin" | "member";
  /** Teams the login is a member of, in config order. */
  readonly teams: readonly string[];
  /** Where the membership is declared. */
  readonly source: string;
}

/** Admins first (config order), then `members`, then every other team member by first mention. */
export function buildMembers(config: OrgConfig): MemberSpec[] {
  const teamsOf = new Map<string, string[]>();
  for (const team of config.teams)
    for (const login of team.members)
      teamsOf.set(login, [...(teamsOf.get(login) ?? []), team.name]);
  const out = new Map<string, MemberSpec>();
  const add = (login: string, role: MemberSpec["role"], source: string) => {
    if (!out.has(login)) out.set(login, { login, role, teams: teamsOf.get(login) ?? [], source });
  };
  config.admins.forEach((login, i) => add(login, "admin", `admins[${i}]`));
  config.members.forEach((login, i) => add(login, "member", `members[${i}]`));
  config.teams.forEach((team, ti) =>
    team.members.forEach((login, mi) => add(login, "member", `teams[${ti}].members[${mi}]`)),
  );
  return [...out.values()];
}
