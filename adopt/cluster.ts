/**
 * Grants as roles: each team's grants on a project form a vector over the project's tiers (stack
 * and environment permission, the bound of an environment session, and the GitHub permission on
 * the project's repository when the team is mirrored). Two vectors can share a role when they
 * agree on every tier both have (a role says nothing about tiers a project does not deploy to).
 * The fewest roles that reproduce every vector exactly is a minimum clique cover of that
 * compatibility graph: solved exactly by search for up to MAX_EXACT distinct vectors, greedily
 * (largest vectors first) beyond that, which the result says.
 */
import type { EnvironmentPermission, RepositoryPermission, StackPermission } from "../model/config";

export interface Cell {
  readonly stack: StackPermission;
  readonly environment: EnvironmentPermission;
  /** Bound of one environment session (break-glass on protected tiers). */
  readonly maxOpenDuration?: string;
  /**
   * Per-use break-glass (adopt/breakGlass.ts): `environment` is `open` on the tier's
   * `-breakglass` environment only, through a request these approver teams approve.
   */
  readonly perUse?: { readonly approvers: readonly string[]; readonly requiredApprovals: number };
}

/** One team's grants on one project. */
export interface Vector {
  readonly team: string;
  readonly project: string;
  /** Tier -> cell, for every tier the project deploys to. */
  readonly tiers: ReadonlyMap<string, Cell>;
  /** GitHub permission on the project's repository; undefined when the team is not mirrored. */
  readonly repository?: RepositoryPermission;
}

export interface Role {
  name: string;
  readonly tiers: Map<string, Cell>;
  repository?: RepositoryPermission;
  /** The vectors it reproduces, as `team/project`. */
  readonly members: string[];
}

export interface Clustering {
  readonly roles: Role[];
  /** `team\0project` -> role name. */
  readonly roleOf: Map<string, string>;
  readonly exact: boolean;
}

export const MAX_EXACT = 14;

const cellKey = (c: Cell) =>
  `${c.stack}/${c.environment}/${c.maxOpenDuration ?? ""}/` +
  (c.perUse ? `${c.perUse.approvers.join(",")}x${c.perUse.requiredApprovals}` : "");
export const vectorKey = (team: string, project: string) => `${team}\u0000${project}`;

/** A vector with no grant and no repository permission needs no role. */
export const isEmpty = (v: Vector) =>
  [...v.tiers.values()].every((c) => c.stack === "none" && c.environment === "none") &&
  (v.repository === undefined || v.repository === "none");

interface Group {
  tiers: Map<string, Cell>;
  repository?: RepositoryPermission;
  items: Sig[];
}

/** Distinct vectors, with the team/project pairs that have each. */
interface Sig {
  readonly tiers: ReadonlyMap<string, Cell>;
  readonly repository?: RepositoryPermission;
  readonly members: string[];
  readonly keys: string[];
}

function fits(g: Group, s: Sig): boolean {
  for (const [tier, cell] of s.tiers) {
    const mine = g.tiers.get(tier);
    if (mine && cellKey(mine) !== cellKey(cell)) return false;
  }
  return g.repository === undefined || s.repository === undefined || g.repository === s.repository;
}

function add(g: Group, s: Sig): void {
  for (const [tier, cell] of s.tiers) g.tiers.set(tier, cell);
  g.repository ??= s.repository;
  g.items.push(s);
}

const newGroup = (): Group => ({ tiers: new Map(), items: [] });

function greedy(sigs: readonly Sig[]): Group[] {
  const groups: Group[] = [];
  for (const s of sigs) {
    const g = groups.find((x) => fits(x, s));
    if (g) add(g, s);
    else {
      const n = newGroup();
      add(n, s);
      groups.push(n);
    }
  }
  return groups;
}

/** Assigns every signature to one of `k` groups, or undefined when impossible. */
function search(sigs: readonly Sig[], k: number): Group[] | undefined {
  const groups: Group[] = [];
  const place = (i: number): boolean => {
    if (i === sigs.length) return true;
    const s = sigs[i];
    for (const g of groups) {
      if (!fits(g, s)) continue;
      const saved = { tiers: new Map(g.tiers), repository: g.repository };
      add(g, s);
      if (place(i + 1)) return true;
      g.items.pop();
      g.tiers.clear();
      for (const [t, c] of saved.tiers) g.tiers.set(t, c);
      g.repository = saved.repository;
    }
    if (groups.length < k) {
      const g = newGroup();
      add(g, s);
      groups.push(g);
      if (place(i + 1)) return true;
      groups.pop();
    }
    return false;
  };
  return place(0) ? groups : undefined;
}

/**
 * Readable role names: `stack-<s>-env-<e>` when every tier agrees; else the teams that hold it
 * (up to two); else `role-<n>`. A repeated name gets a number.
 */
function nameRoles(groups: Group[], tierOrder: readonly string[]): Role[] {
  const used = new Set<string>();
  let n = 0;
  return groups.map((g) => {
    const cells = tierOrder.map((t) => g.tiers.get(t)).filter((c): c is Cell => !!c);
    const uniform = cells.every((c) => cellKey(c) === cellKey(cells[0]));
    const teams = [
      ...new Set(g.items.flatMap((s) => s.members.map((m) => m.split("/")[0]))),
    ].sort();
    let name: string;
    if (uniform && cells.length) {
      name = `stack-${cells[0].stack}-env-${cells[0].environment}`;
      if (g.repository) name += `-repo-${g.repository}`;
    } else if (teams.length <= 2 && teams.join("-").length <= 40) name = teams.join("-");
    else name = `role-${++n}`;
    const base = name;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
    used.add(name);
    return {
      name,
      tiers: g.tiers,
      repository: g.repository,
      members: g.items.flatMap((s) => s.members).sort(),
    };
  });
}

/** The fewest roles (exactly, up to MAX_EXACT distinct vectors) reproducing every vector. */
export function clusterRoles(vectors: readonly Vector[], tierOrder: readonly string[]): Clustering {
  const byKey = new Map<string, Sig>();
  for (const v of vectors.filter((x) => !isEmpty(x))) {
    const sig =
      [...v.tiers]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([t, c]) => `${t}=${cellKey(c)}`)
        .join(";") + `|${v.repository ?? ""}`;
    const s = byKey.get(sig);
    if (s) {
      s.members.push(`${v.team}/${v.project}`);
      s.keys.push(vectorKey(v.team, v.project));
    } else
      byKey.set(sig, {
        tiers: v.tiers,
        repository: v.repository,
        members: [`${v.team}/${v.project}`],
        keys: [vectorKey(v.team, v.project)],
      });
  }
  // Most constrained first: more tiers, then a repository permission.
  const sigs = [...byKey.values()].sort(
    (a, b) =>
      b.tiers.size - a.tiers.size ||
      Number(b.repository !== undefined) - Number(a.repository !== undefined),
  );
  const fallback = greedy(sigs);
  let groups = fallback;
  const exact = sigs.length <= MAX_EXACT;
  if (exact)
    for (let k = 1; k < fallback.length; k++) {
      const found = search(sigs, k);
      if (found) {
        groups = found;
        break;
      }
    }
  const roles = nameRoles(groups, tierOrder);
  const roleOf = new Map<string, string>();
  groups.forEach((g, i) => {
    for (const s of g.items) for (const key of s.keys) roleOf.set(key, roles[i].name);
  });
  return { roles, roleOf, exact };
}
