/**
 * Teams: the declared human teams (with their GitHub mirror and the repository permissions their
 * roles imply) and the machine teams of pipeline identities.
 */
import { appendTo } from "../collections";
import { githubNameKey } from "../names";
import { DEFAULT_ROLE_REPOSITORY_PERMISSION, OrgConfig, RepositoryPermission } from "../config";
import { projectHosts } from "./hosts";
import { roleFor } from "./grants";
import { teamIndex } from "./teamIndex";
import { REPO_RANK, RepositorySpec, TeamSpec } from "./types";

/** The machine team of a pipeline's deploy or preview identity. */
export function machineTeam(
  name: string,
  purpose: "deploy" | "preview" | "drift",
  key: string,
  source: string,
): TeamSpec {
  return {
    name,
    kind: "machine",
    displayName: `${key} ${purpose} (pipeline)`,
    description: `Machine identity: the ${key} pipeline's ${
      { deploy: "deploy job", preview: "pull-request preview", drift: "scheduled drift check" }[
        purpose
      ]
    } obtains this team's token by OIDC. No human members.`,
    members: [],
    formerNames: [],
    source,
  };
}

/** Per team name, the repositories (in order) whose GitHub environments it reviews. */
function reviewedRepositories(repositories: readonly RepositorySpec[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const repo of repositories)
    for (const team of new Set(repo.environments.flatMap((e) => e.reviewers)))
      appendTo(out, team, repo.name);
  return out;
}

/** The GitHub repository permission a role implies: `roles` first, then the defaults. */
export function repositoryPermissionFor(config: OrgConfig, role: string): RepositoryPermission {
  return config.roles[role]?.repository ?? DEFAULT_ROLE_REPOSITORY_PERMISSION.get(role) ?? "none";
}

/** The declared teams, in config order. */
export function humanTeams(config: OrgConfig, repositories: readonly RepositorySpec[]): TeamSpec[] {
  const reviews = reviewedRepositories(repositories);
  return config.teams.map((team, ti) => ({
    name: team.name,
    kind: "human",
    displayName: team.displayName ?? team.name,
    description: team.description ?? `Declared in the secure-org config (teams[${ti}])`,
    members: team.members,
    formerNames: team.formerNames,
    github: team.githubMembers
      ? githubMirror(config, ti, team.githubMembers, reviews.get(team.name) ?? [])
      : undefined,
    source: `teams[${ti}]`,
  }));
}

/**
 * A team's GitHub mirror: its members and, per repository, the strongest permission its roles
 * imply (at least read where it reviews deployments), sorted by repository.
 */
function githubMirror(
  config: OrgConfig,
  teamIndexInConfig: number,
  members: readonly string[],
  reviewed: readonly string[],
): TeamSpec["github"] {
  const team = config.teams[teamIndexInConfig];
  // Keyed by GitHub's name key: one repository spelled two ways is one repository.
  const perms = new Map<
    string,
    { repository: string; permission: RepositoryPermission; reason: string }
  >();
  const raise = (repository: string, permission: RepositoryPermission, reason: string) => {
    const cur = perms.get(githubNameKey(repository));
    if (permission === "none") return;
    if (!cur || REPO_RANK[permission] > REPO_RANK[cur.permission])
      perms.set(githubNameKey(repository), {
        repository: cur?.repository ?? repository,
        permission,
        reason,
      });
  };
  for (const pi of teamIndex(config).projectsOf(teamIndexInConfig)) {
    const project = config.projects[pi];
    const role = roleFor(team.access, project.name);
    // Only repositories on GitHub get team permissions (the others are the host's to manage).
    if (!role || projectHosts(config)[pi] !== "github") continue;
    raise(
      project.repository,
      repositoryPermissionFor(config, role),
      `role ${role} on project ${project.name}`,
    );
  }
  // Environment reviewers need at least read access to the repository.
  for (const repo of reviewed)
    raise(repo, "pull", "reviews deployments of this repository's GitHub environments");
  return {
    members,
    repositories: [...perms.values()]
      .map((v) => ({ ...v }))
      .sort((a, b) => a.repository.localeCompare(b.repository)),
  };
}
