/**
 * Which teams have a role on which project, computed once per config: lookups that would
 * otherwise scan every team for every stack (teams x stacks) or every project for every team.
 * Orders are config orders, so everything built from it comes out as before.
 */
import { appendTo } from "../collections";
import { OrgConfig } from "../config";

export interface TeamIndex {
  /** Indices of the teams with an explicit access entry for the project, in config order. */
  explicit(project: string): readonly number[];
  /** Indices of the teams with a role on the project (their own entry or "*"), in config order. */
  withRole(project: string): readonly number[];
  /** Indices of the projects team `team` (an index) has a role on, in config order. */
  projectsOf(team: number): readonly number[];
}

const cache = new WeakMap<OrgConfig, TeamIndex>();

export function teamIndex(config: OrgConfig): TeamIndex {
  const cached = cache.get(config);
  if (cached) return cached;
  const explicit = new Map<string, number[]>();
  const star: number[] = [];
  const projectIndex = new Map(config.projects.map((p, i) => [p.name, i]));
  const projectsOf: number[][] = config.teams.map((team, ti) => {
    const keys = Object.keys(team.access);
    for (const key of keys) {
      if (key === "*") star.push(ti);
      else appendTo(explicit, key, ti);
    }
    if (keys.includes("*")) return config.projects.map((_, pi) => pi);
    return keys
      .map((k) => projectIndex.get(k))
      .filter((pi): pi is number => pi !== undefined)
      .sort((a, b) => a - b);
  });
  const withRole = new Map<string, number[]>();
  const index: TeamIndex = {
    explicit: (project) => explicit.get(project) ?? [],
    withRole: (project) => {
      let teams = withRole.get(project);
      if (!teams) {
        teams = [...new Set([...(explicit.get(project) ?? []), ...star])].sort((a, b) => a - b);
        withRole.set(project, teams);
      }
      return teams;
    },
    projectsOf: (team) => projectsOf[team] ?? [],
  };
  cache.set(config, index);
  return index;
}
