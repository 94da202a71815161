/**
 * Teams: the declared human teams (with their GitHub mirror and the repository permissions their
 * roles imply) and the machine teams of pipeline identities.
 */
import {
  DEFAULT_ROLE_REPOSITORY_PERMISSION,
  repositoryHostOf,
  OrgConfig,
  RepositoryPermission,
  TeamConfig,
} from "../config";
import { viewOf } from "../config/view";
import { roleFor } from "./grants";
import { REPO_RANK, RepositorySpec, TeamSpec } from "./types";

/** The machine team of a pipeline's deploy or preview identity. */
export function machineTeam(
  name: string,
  purpose: "deploy" | "preview",
  key: string,
  source: string,
): TeamSpec {
  return {
    name,
    kind: "machine",
    displayName: `${key} ${purpose} (pipeline)`,
    description:
      purpose === "deploy"
        ? `Machine identity: the ${key} pipeline's deploy job obtains this team's token by OIDC. No human members.`
        : `Machine identity: the ${key} pipeline's pull-request preview obtains this team's token by OIDC. No human members.`,
    members: [],
    formerNames: [],
    source,
  };
}

/** The GitHub repository permission a role implies: `roles` first, then the defaults. */
export function repositoryPermissionFor(config: OrgConfig, role: string): RepositoryPermission {
  return config.roles[role]?.repository ?? DEFAULT_ROLE_REPOSITORY_PERMISSION.get(role) ?? "none";
}

/** The declared teams, in config order. */
export function humanTeams(config: OrgConfig, repositories: readonly RepositorySpec[]): TeamSpec[] {
  return config.teams.map((team, ti) => ({
    name: team.name,
    kind: "human",
    displayName: team.displayName ?? team.name,
    description: team.description ?? `Declared in the secure-org config (teams[${ti}])`,
    members: team.members,
    formerNames: team.formerNames,
    github: team.githubMembers
      ? githubMirror(config, team, team.githubMembers, repositories)
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
  team: TeamConfig,
  members: readonly string[],
  repositories: readonly RepositorySpec[],
): TeamSpec["github"] {
  const perms = new Map<string, { permission: RepositoryPermission; reason: string }>();
  const raise = (repository: string, permission: RepositoryPermission, reason: string) => {
    const cur = perms.get(repository);
    if (permission === "none") return;
    if (!cur || REPO_RANK[permission] > REPO_RANK[cur.permission])
      perms.set(repository, { permission, reason });
  };
  const view = viewOf(config);
  config.projects.forEach((project, pi) => {
    const role = roleFor(team.access, project.name);
    // Only repositories on GitHub get team permissions (the others are the host's to manage).
    if (!role || repositoryHostOf(view, view.projects[pi]) !== "github") return;
    raise(
      project.repository,
      repositoryPermissionFor(config, role),
      `role ${role} on project ${project.name}`,
    );
  });
  // Environment reviewers need at least read access to the repository.
  for (const repo of repositories)
    if (repo.environments.some((e) => e.reviewers.includes(team.name)))
      raise(repo.name, "pull", "reviews deployments of this repository's GitHub environments");
  return {
    members,
    repositories: [...perms.entries()]
      .map(([repository, v]) => ({ repository, ...v }))
      .sort((a, b) => a.repository.localeCompare(b.repository)),
  };
}
