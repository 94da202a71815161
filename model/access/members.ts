/**
 * Organization membership as code: the declared admins (at most `defaults.maxAdmins`), and every
 * other declared login (team members and `members`) at role `member`. Admins bypass every grant;
 * members get only what their teams and the org defaults give.
 */
import type { OrgConfig } from "../config/schema";
import { pulumiLoginKey } from "../names";

export interface MemberSpec {
  readonly login: string;
  readonly role: "admin" | "member";
  /** Teams the login is a member of, in config order. */
  readonly teams: readonly string[];
  /** Where the membership is declared. */
  readonly source: string;
}

/**
 * Admins first (config order), then `members`, then every other team member by first mention.
 * Logins are keyed by `pulumiLoginKey`: one user is one `OrganizationMember` whatever the case it
 * is spelled in (validation refuses two spellings; this keeps the model safe on its own).
 */
export function buildMembers(config: OrgConfig): MemberSpec[] {
  const teamsOf = new Map<string, string[]>();
  for (const team of config.teams)
    for (const login of team.members) {
      const k = pulumiLoginKey(login);
      teamsOf.set(k, [...(teamsOf.get(k) ?? []), team.name]);
    }
  const out = new Map<string, MemberSpec>();
  const add = (login: string, role: MemberSpec["role"], source: string) => {
    const k = pulumiLoginKey(login);
    if (!out.has(k)) out.set(k, { login, role, teams: teamsOf.get(k) ?? [], source });
  };
  config.admins.forEach((login, i) => add(login, "admin", `admins[${i}]`));
  config.members.forEach((login, i) => add(login, "member", `members[${i}]`));
  config.teams.forEach((team, ti) =>
    team.members.forEach((login, mi) => add(login, "member", `teams[${ti}].members[${mi}]`)),
  );
  return [...out.values()];
}
