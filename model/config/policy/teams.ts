/**
 * Policy for teams and roles: members are listed once, a team's access names declared projects and
 * roles some tier defines, and the `roles` map only describes roles that tiers define.
 */
import { dupList, list, PolicyContext } from "./shared";

/** Teams: members, access references. */
export function checkTeams({ v, err, projectNames, rolesDefined }: PolicyContext): void {
  v.teams.forEach((t, ti) => {
    dupList(t.members, `teams[${ti}].members`, "member", err);
    if (t.githubMembers) dupList(t.githubMembers, `teams[${ti}].githubMembers`, "member", err);
    for (const [project, role] of Object.entries(t.access)) {
      const p = `teams[${ti}].access[${JSON.stringify(project)}]`;
      if (project !== "*" && !projectNames.has(project))
        err(p, `unknown project "${project}"; use "*" or one of: ${list(projectNames)}`);
      if (typeof role === "string" && !rolesDefined.has(role))
        err(
          p,
          `role "${role}" is not defined by any tier's roles; defined roles: ${list(rolesDefined)}`,
        );
    }
  });
}

/** Roles map: only roles that tiers define. */
export function checkRoles({ v, err, rolesDefined }: PolicyContext): void {
  for (const role of Object.keys(v.roles)) {
    if (!rolesDefined.has(role))
      err(
        `roles.${role}`,
        `role "${role}" is not defined by any tier; defined roles: ${list(rolesDefined)}`,
      );
  }
}
