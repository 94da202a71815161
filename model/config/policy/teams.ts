/**
 * Policy for teams and roles: members are listed once, a team's access names declared projects and
 * roles some tier defines, and the `roles` map only describes roles that tiers define.
 */
import { repositoryHostOf } from "./ci";
import { dupList, list, PolicyContext, tierUses } from "./shared";

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

/**
 * The repositories of `access`'s projects whose pipeline runs on GitHub (GitHub Actions, or
 * Pulumi Deployments started by the GitHub App): where a GitHub team decides who can push.
 */
function githubPipelineRepositories(ctx: PolicyContext, access: Record<string, unknown>): string[] {
  const { v } = ctx;
  const reached = (name: string | undefined) =>
    name !== undefined &&
    (Object.prototype.hasOwnProperty.call(access, "*") ||
      Object.prototype.hasOwnProperty.call(access, name));
  const onGithub = new Set<number>();
  for (const t of v.tiers)
    for (const use of tierUses(v, t))
      if (use.ci === "github-actions" || use.trigger === "github-app") onGithub.add(use.index);
  const repos = new Set<string>();
  v.projects.forEach((p, i) => {
    if (onGithub.has(i) && reached(p.name) && p.repository && repositoryHostOf(v, p) === "github")
      repos.add(p.repository);
  });
  return [...repos];
}

/**
 * A team with members but no `githubMembers` gets no GitHub team, so none of its members gets
 * repository access from this config: say so where its projects' pipelines run on GitHub.
 */
export function checkTeamsOnGithub(ctx: PolicyContext): void {
  ctx.v.teams.forEach((t, ti) => {
    if (t.githubMembers !== undefined || t.members.length === 0) return;
    const repos = githubPipelineRepositories(ctx, t.access);
    if (repos.length === 0) return;
    ctx.warnings.push({
      severity: "low",
      code: "team-without-github-members",
      path: `teams[${ti}].githubMembers`,
      message:
        `team "${t.name}" has members but no githubMembers, so it gets no GitHub team: on ` +
        `${repos.join(", ")} (pipelines on GitHub) its members get no repository access from ` +
        "this config, so they cannot push branches, open pull requests from the repository, " +
        "approve changes as code owners or trigger pull-request previews. Add their GitHub " +
        "logins as githubMembers (or grant access outside this config)",
    });
  });
}
