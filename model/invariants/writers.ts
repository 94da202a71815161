/**
 * Who can write to a repository, and what the least privileged of them holds on a stack or an
 * environment: the bound on anything a writer can start (a pull request, a manual dispatch, a push
 * to a branch no ruleset protects). Writers are the declared teams mirrored to GitHub whose role on
 * a project of the repository implies `push` or more; the GitHub organization's base permission is
 * assumed to be `read` or `none` (the README says so).
 */
import { roleFor } from "../access/grants";
import { teamIndex } from "../access/teamIndex";
import { repositoryPermissionFor } from "../access/teams";
import { ENV_RANK, REPO_RANK, STACK_RANK } from "../access/types";
import { projectHosts } from "../access/hosts";
import { EnvironmentPermission, OrgConfig, StackPermission } from "../config";
import { githubNameKey } from "../names";

export interface Writer {
  readonly team: string;
  /** The team's index in `teams`. */
  readonly index: number;
}

/** What the least privileged writer holds on one stack and its environment. */
export interface WriterBound {
  readonly stack: StackPermission;
  readonly environment: EnvironmentPermission;
  /** `role r of team t`, or a sentence saying there is no writer. */
  readonly who: { stack: string; environment: string };
}

const tierMaps = new WeakMap<OrgConfig, Map<string, OrgConfig["tiers"][number]>>();
function tierByName(config: OrgConfig): Map<string, OrgConfig["tiers"][number]> {
  let m = tierMaps.get(config);
  if (!m) tierMaps.set(config, (m = new Map(config.tiers.map((t) => [t.name, t]))));
  return m;
}

export const stackRank = (p: StackPermission) => STACK_RANK[p];
export const envRank = (p: EnvironmentPermission) => ENV_RANK[p];

/** Writers per repository (keyed by `githubNameKey` of its name), from every project in it. */
export function writersByRepository(config: OrgConfig): Map<string, Writer[]> {
  const out = new Map<string, Writer[]>();
  const index = teamIndex(config);
  const hosts = projectHosts(config);
  config.teams.forEach((team, ti) => {
    const repos = new Set<string>();
    for (const pi of index.projectsOf(ti)) {
      const project = config.projects[pi];
      // On GitHub the program mirrors teams, so writers are the mirrored teams with push. On
      // another host it manages nobody: every team whose role implies push counts as a writer.
      if (hosts[pi] === "github" && !team.githubMembers) continue;
      const role = roleFor(team.access, project.name);
      if (role !== undefined && REPO_RANK[repositoryPermissionFor(config, role)] >= REPO_RANK.push)
        repos.add(githubNameKey(project.repository));
    }
    for (const repository of repos) {
      const writers = out.get(repository);
      if (writers) writers.push({ team: team.name, index: ti });
      else out.set(repository, [{ team: team.name, index: ti }]);
    }
  });
  return out;
}

/**
 * The least a writer of `repository` holds on the stack of `project` on `tier` (and on its
 * environment). No writer: nothing may be reachable, so the bound is none.
 */
export function writerBound(
  config: OrgConfig,
  writers: readonly Writer[],
  project: string,
  tier: string,
): WriterBound {
  const tierConfig = tierByName(config).get(tier);
  let stack: { p: StackPermission; who: string } | undefined;
  let environment: { p: EnvironmentPermission; who: string } | undefined;
  for (const w of writers) {
    const team = config.teams[w.index];
    const role = roleFor(team.access, project);
    const policy = role !== undefined ? tierConfig?.roles[role] : undefined;
    const who =
      role === undefined
        ? `team ${team.name}, which has no role on project ${project}`
        : `role ${role} of team ${team.name}`;
    const s = policy?.stack ?? "none";
    const e = policy?.environment ?? "none";
    if (!stack || stackRank(s) < stackRank(stack.p)) stack = { p: s, who };
    if (!environment || envRank(e) < envRank(environment.p)) environment = { p: e, who };
  }
  const nobody = "nobody declared (no team mirrored to GitHub has push access)";
  return {
    stack: stack?.p ?? "none",
    environment: environment?.p ?? "none",
    who: { stack: stack?.who ?? nobody, environment: environment?.who ?? nobody },
  };
}
