/**
 * Invariants about the repositories that deploy: who administers them, and who owns their code.
 *
 * - A repository admin can edit the ruleset and the GitHub environments' reviewers, and so deploy
 *   without review: on a repository that deploys a protected tier, a role that implies `admin` is
 *   refused unless `roles.<role>.breakGlass` says why (then it is always reported).
 * - GitHub ignores code owners without write access: a CODEOWNERS line naming such a team enforces
 *   nothing, and one developer's approval would then be enough. Every code-owner team holds push
 *   or more on the repository.
 */
import { appendTo } from "../collections";
import { roleFor } from "../access/grants";
import { teamIndex } from "../access/teamIndex";
import { repositoryPermissionFor } from "../access/teams";
import { REPO_RANK } from "../access/types";
import { githubNameKey, sameGithubName } from "../names";
import type { AccessModel, RepositorySpec } from "../access";
import { ConfigIssue, Finding, OrgConfig } from "../config";

/** Repositories that deploy a protected tier (including the bootstrap's). */
function protectedRepositories(model: AccessModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of model.pipelines)
    if (p.protected) appendTo(out, githubNameKey(p.repository), p.key);
  return out;
}

export function checkRepositoryAdmins(
  config: OrgConfig,
  model: AccessModel,
  errors: ConfigIssue[],
  warnings: Finding[],
): void {
  const protectedRepos = protectedRepositories(model);
  const index = teamIndex(config);
  for (const [ti, team] of config.teams.entries()) {
    if (!team.githubMembers) continue;
    for (const pi of index.projectsOf(ti)) {
      const project = config.projects[pi];
      const pipelines = protectedRepos.get(githubNameKey(project.repository));
      const role = roleFor(team.access, project.name);
      if (!pipelines || role === undefined) continue;
      if (repositoryPermissionFor(config, role) !== "admin") continue;
      const path = `roles.${role}.repository`;
      const what =
        `role "${role}" gives team ${team.name} admin on repository ${project.repository}, which ` +
        `deploys protected ${pipelines.join(", ")}: a repository admin can edit the ruleset and the ` +
        "GitHub environments' reviewers, and so deploy without review";
      if (config.roles[role]?.breakGlass)
        warnings.push({
          severity: "high",
          code: "repository-admin",
          path,
          message: `break-glass: ${what}`,
        });
      else
        errors.push({
          path,
          message: `${what}. Use "maintain" or lower, or declare roles.${role}.breakGlass with a justification`,
        });
    }
  }
}

/** Per repository, the permission each team mirrored to GitHub holds there (access model). */
function permissionsByRepository(model: AccessModel): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const t of model.teams)
    for (const r of t.github?.repositories ?? []) {
      const perms = out.get(githubNameKey(r.repository)) ?? new Map<string, string>();
      perms.set(githubNameKey(t.name), r.permission);
      out.set(githubNameKey(r.repository), perms);
    }
  return out;
}

export function checkCodeOwners(
  config: OrgConfig,
  model: AccessModel,
  errors: ConfigIssue[],
): void {
  const byRepo = permissionsByRepository(model);
  for (const repo of model.repositories) {
    const perms = byRepo.get(githubNameKey(repo.name)) ?? new Map<string, string>();
    const reported = new Set<string>();
    for (const entry of repo.codeowners)
      for (const team of entry.teams) {
        const permission = perms.get(githubNameKey(team)) ?? "none";
        if (REPO_RANK[permission as keyof typeof REPO_RANK] >= REPO_RANK.push) continue;
        if (reported.has(team)) continue;
        reported.add(team);
        errors.push({
          path: ownerPath(config, repo, team),
          message:
            `team ${team} is a code owner of ${entry.path} in repository ${repo.name} but holds ` +
            `${permission === "none" ? "no access" : `only ${permission}`} there: GitHub ignores code ` +
            "owners without write access, so that line would enforce nothing and one writer's approval " +
            "would be enough to deploy. Give the team a role with push (or more) on the repository " +
            `(roles.<role>.repository), mirror it to GitHub (githubMembers), or remove it from the approvers`,
        });
      }
  }
}

/** Where a code owner comes from: a protected tier's approvers, or github.platformTeam. */
function ownerPath(config: OrgConfig, repo: RepositorySpec, team: string): string {
  for (const [ti, t] of config.tiers.entries()) {
    const ai = t.deploy.approvers.indexOf(team);
    const here = config.projects.some(
      (p) =>
        sameGithubName(p.repository, repo.name) &&
        Object.prototype.hasOwnProperty.call(p.tiers, t.name),
    );
    if (ai >= 0 && t.protected && here) return `tiers[${ti}].deploy.approvers[${ai}]`;
  }
  return "github.platformTeam";
}
