/** GitHub team mirrors: a declared team's GitHub team, its members and its repositories. */
import { calls, count, GH_COSTS, pages, simple, TEAM_MEMBERS_PAGE, fixed, ZERO } from "./cost";
import { GH, parts, positive } from "./ids";
import { mirrorTeam, s, slug } from "./helpers";
import { GITHUB_NOT_AUDITED } from "./coverage";
import type { ManagedArea, ManagedType } from "./types";

const TEAM = "github:index/team:Team";

export const githubTeamId = (teamId: number) => positive(teamId, "Team");
export const teamMembersId = (teamId: number) => positive(teamId, "TeamMembers");
/** `{teamId}:{repository}`. */
export const teamRepositoryId = (teamId: number, repository: string) =>
  `${positive(teamId, "TeamRepository")}:${parts(":", [repository], "TeamRepository")}`;

export const githubTeam: ManagedType = {
  token: TEAM,
  schema: "github",
  coverage: { status: "not-covered", reason: GITHUB_NOT_AUDITED },
  importId: {
    format: "{teamId}",
    source: `${GH}resource_github_team.go (resourceGithubTeamImport: id or slug, stored as the id)`,
    importable: true,
  },
  cost: simple(
    "github",
    calls(1, 1),
    calls(1, 1),
    calls(1),
    `${GH_COSTS}/resource_github_team.go resourceGithubTeamCreate (CreateTeam), Update (EditTeamByID), Read (GetTeamByID with the stored ETag)`,
    "authenticated as a user, GitHub makes the creator a maintainer and create_default_maintainer: false costs 2 more (list and remove members); a GitHub App is not made a member",
  ),
  lookup: (_r, i, ctx) => {
    const t = ctx.live.github?.teams.find((x) => x.slug === slug(s(i.name)));
    if (!t) return undefined;
    return {
      id: githubTeamId(t.id),
      match: { name: s(i.name) },
      live: { name: t.name, description: t.description, privacy: t.privacy },
    };
  },
};

export const teamMembers: ManagedType = {
  token: "github:index/teamMembers:TeamMembers",
  schema: "github",
  coverage: { status: "not-covered", reason: GITHUB_NOT_AUDITED },
  importId: {
    format: "{teamId}",
    source: `${GH}resource_github_team_members.go (resourceGithubTeamMembersImport)`,
    importable: true,
  },
  cost: {
    service: "github",
    formula: {
      create: "1 + m, + 1 GraphQL (m members)",
      update: "1 per member added or removed, + ceil(m/100) GraphQL",
      read: "ceil(m/100) GraphQL",
      preview: "0",
    },
    cost: {
      // lookupTeamSlug (the team id is numeric), getTeamMembers (GraphQL, pages of 100), then
      // AddTeamMembershipBySlug per wanted member not yet in the team (all, on create).
      create: (c) => calls(1 + count(c.inputs.members), count(c.inputs.members), 1),
      update: (c) => calls(1, 1, pages(count(c.inputs.members), TEAM_MEMBERS_PAGE)),
      read: (c) => calls(0, 0, pages(count(c.inputs.members), TEAM_MEMBERS_PAGE)),
      preview: fixed(ZERO),
    },
    source: `${GH_COSTS}/resource_github_team_members.go Create (lookupTeamSlug, updateTeamMembers), Read/Update (getTeamMembers: GraphQL members(first: 100) per page, updateTeamMembers)`,
    note: "reads every member of the team on every read and update",
  },
  guard: "github-team-members",
  lookup: (r, _i, ctx) => {
    const t = mirrorTeam(r, ctx, TEAM);
    if (!t) return undefined;
    return {
      id: teamMembersId(t.id),
      match: {},
      live: {
        team: t.slug,
        members: [...t.members]
          .sort((a, b) => a.login.localeCompare(b.login))
          .map((m) => ({ username: m.login, role: m.role })),
      },
    };
  },
};

export const teamRepository: ManagedType = {
  token: "github:index/teamRepository:TeamRepository",
  schema: "github",
  coverage: { status: "not-covered", reason: GITHUB_NOT_AUDITED },
  importId: {
    format: "{teamId}:{repository}",
    source: `${GH}resource_github_team_repository.go (Importer, parseID2)`,
    importable: true,
  },
  cost: simple(
    "github",
    calls(2, 1),
    calls(2, 1),
    calls(1),
    `${GH_COSTS}/resource_github_team_repository.go Create/Update (AddTeamRepoByID, then Read), Read (IsTeamRepoByID)`,
  ),
  lookup: (r, i, ctx) => {
    const t = mirrorTeam(r, ctx, TEAM);
    const repo = t?.repositories.find((x) => x.name === i.repository);
    if (!t || !repo) return undefined;
    return {
      id: teamRepositoryId(t.id, repo.name),
      match: { repository: repo.name },
      live: { permission: repo.permission },
    };
  },
};

export const githubTeams: ManagedArea = {
  name: "githubTeams",
  summary: "GitHub teams mirroring declared teams, with their members and repositories",
  types: [githubTeam, teamMembers, teamRepository],
  audit: [],
  propose: "adopt/access.ts",
};
