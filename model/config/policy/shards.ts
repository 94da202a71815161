/**
 * Policy for `shards` (issue 20): every project belongs to one stack at most, and nothing a shard
 * deploys can reach what another stack owns.
 *
 * - shard names and stacks are unique; a shard owns at least one project;
 * - `projects` and `teams` name declared projects and teams; a listed team must name projects in
 *   its `access` (a team with only `*` would claim every project);
 * - no project is claimed twice, whether listed or reached through a team, by two shards;
 * - the bootstrap project stays in the core (it deploys the core stack, and the shards' pipelines
 *   run in its repository); sharding needs one, deploying one stack, its repository on GitHub;
 * - all projects of a repository live in the same stack: a repository's ruleset, environments,
 *   Actions settings and CODEOWNERS are one set of resources that one stack owns, and a shard
 *   that owned them would govern another stack's deploys (each project's ESC environments live
 *   in that project's ESC project, so no two projects share one);
 * - `defaults.customRoles` is refused with shards: the deployment role pins the ids of ESC
 *   environments, which the shards create after the core has run.
 */
import {
  AUDIT_GITHUB_ENVIRONMENT,
  AUDIT_WORKFLOW_PATH,
  AUDITOR_TEAM,
  machineTeamName,
  workflowPath,
  checkName,
  githubNameKey,
  sameGithubName,
} from "../../names";
import { Loose, str } from "../view";
import { repositoryHostOf } from "./ci";
import { derivedNames } from "./derived";
import { duplicates, dupList, list, PolicyContext } from "./shared";

/** The shards' claims on projects: project -> the claims (path and shard). */
interface Claim {
  readonly shard: string;
  readonly index: number;
  readonly path: string;
  readonly via?: string;
}

export function checkShards(ctx: PolicyContext): void {
  const shards = ctx.v.shards;
  if (shards.length === 0) return;
  const { err } = ctx;
  duplicates(
    shards.map((s) => str(s.name)),
    "shards",
    "shard",
    err,
  );
  checkStacks(ctx, shards);
  if (ctx.v.customRoles)
    err(
      "defaults.customRoles",
      "custom roles pin the ids of ESC environments, which shards create after the core stack " +
        "has run: turn customRoles off to shard, or remove secure-org:shards",
    );
  const boot = checkBootstrap(ctx);
  const claims = collectClaims(ctx, shards);
  for (const [project, cs] of claims) {
    const owners = [...new Set(cs.map((c) => c.shard))];
    if (owners.length > 1)
      err(
        cs[1].path,
        `project "${project}" is claimed by shards ${list(owners)} (${cs.map((c) => `${c.path}${c.via ? ` through team "${c.via}"` : ""}`).join(", ")}): a project belongs to one shard; remove it from all but one`,
      );
    if (boot && project === boot)
      err(
        cs[0].path,
        `"${project}" is the bootstrap project: it deploys the core stack and stays in the core`,
      );
  }
  const claiming = new Set([...claims.values()].flatMap((cs) => cs.map((c) => c.index)));
  for (let i = 0; i < shards.length; i++)
    if (!claiming.has(i))
      err(`shards[${i}]`, "owns no project: list projects, or teams whose access names projects");
  checkRepositories(ctx, claims);
}

/**
 * Each shard's stack (explicit, or `<core stack>-<name>`) is unique and not the core's, and what
 * is derived from it (its GitHub environment and workflow file in the platform repository, its
 * machine team) is no other pipeline's: GitHub environment names are case-insensitive, and a
 * shared environment, workflow or team would hand one identity another's token or grants.
 */
function checkStacks(ctx: PolicyContext, shards: Loose[]): void {
  const { v, err } = ctx;
  const core = coreStackOf(v);
  const first = new Map<string, number>();
  const taken = takenNames(ctx);
  const boot = str(v.projects.find((p) => p.bootstrap)?.name);
  shards.forEach((s, i) => {
    const name = str(s.name);
    const stack = str(s.stack) ?? (core && name ? `${core}-${name}` : undefined);
    if (!stack) return;
    const path = s.stack !== undefined ? `shards[${i}].stack` : `shards[${i}].name`;
    // The shard's stack is also the tier of its pipeline and its GitHub environment: the name
    // rule of a tier applies (lower case, no '.'), checked here before anything is built.
    const bad = checkName("identifier", stack);
    if (bad)
      err(
        path,
        `the shard's stack "${stack}" also names its pipeline's tier and GitHub environment: ${bad}` +
          (s.stack === undefined
            ? ` (it is "<core stack>-<name>", from core stack "${core}")`
            : "") +
          "; set a shards[].stack of lower-case letters, digits, '_' and '-'",
      );
    if (core && stack.toLowerCase() === core.toLowerCase())
      err(path, `the shard's stack "${stack}" is the core stack: choose another stack name`);
    const tier = [...ctx.tierByName.keys()].find((t) => t.toLowerCase() === stack.toLowerCase());
    if (tier)
      err(
        path,
        `the shard's stack "${stack}" is named like tier "${tier}": stacks are matched to their tier by name (guardrails opt-outs, tier-scoped webhooks), so the shard's stack would be taken for a ${tier} stack; choose another stack name`,
      );
    if (boot) checkDerived(err, path, stack, boot, taken);
    const seen = first.get(stack.toLowerCase());
    if (seen !== undefined)
      err(
        path,
        `the shard's stack "${stack}" is also shards[${seen}]'s: each shard deploys its own stack`,
      );
    else first.set(stack.toLowerCase(), i);
  });
}

/**
 * Names already taken, keyed by GitHub's name key: the GitHub environments and workflow files of
 * the platform repository, and every team (declared or derived). The derived ones come from
 * ./derived.ts, the one list of names the program derives.
 */
interface DerivedNames {
  readonly environments: Map<string, string>;
  readonly workflows: Map<string, string>;
  readonly teams: Map<string, string>;
}

function takenNames(ctx: PolicyContext): DerivedNames {
  const { v } = ctx;
  const out: DerivedNames = { environments: new Map(), workflows: new Map(), teams: new Map() };
  const platform = str(v.projects.find((p) => p.bootstrap)?.repository);
  const inPlatform = (r: string | undefined) =>
    platform !== undefined && r !== undefined && sameGithubName(r, platform);
  const take = (m: Map<string, string>, name: string, where: string) => {
    if (!m.has(githubNameKey(name))) m.set(githubNameKey(name), where);
  };
  v.teams.forEach((t, i) => t.name && take(out.teams, t.name, `teams[${i}]`));
  // The scheduled audit's names, whether or not it is scheduled (a later change may schedule it).
  take(out.teams, AUDITOR_TEAM, "the scheduled audit");
  take(out.environments, AUDIT_GITHUB_ENVIRONMENT, "the scheduled audit");
  take(out.workflows, AUDIT_WORKFLOW_PATH, "the scheduled audit");
  for (const d of derivedNames(ctx)) {
    if (d.kind === "team") take(out.teams, d.name, d.where);
    else if (inPlatform(d.repository))
      take(d.kind === "GitHub environment" ? out.environments : out.workflows, d.name, d.where);
  }
  // A pipeline deploys in the GitHub environment named after its tier.
  v.projects.forEach((p, pi) => {
    if (!p.name || !inPlatform(p.repository)) return;
    for (const tier of Object.keys(p.tiers))
      take(out.environments, tier, `projects[${pi}].tiers.${tier}`);
  });
  return out;
}

/** Refuses a shard stack whose environment, workflow or team is another's; records it otherwise. */
function checkDerived(
  err: PolicyContext["err"],
  path: string,
  stack: string,
  boot: string,
  taken: DerivedNames,
): void {
  const mine: [keyof DerivedNames, string, string][] = [
    ["environments", stack, "GitHub environment"],
    ["workflows", workflowPath(boot, stack), "workflow file"],
    ["teams", machineTeamName(boot, stack, "deploy"), "deploy team"],
  ];
  for (const [kind, name, what] of mine) {
    const other = taken[kind].get(githubNameKey(name));
    if (other)
      err(
        path,
        `the shard's ${what} "${name}" (from its stack "${stack}") is also ${other}'s: one would obtain the other's token, grants or approvals; rename the shard or set another shards[].stack`,
      );
  }
  for (const [kind, name] of mine)
    taken[kind].set(githubNameKey(name), path.replace(/\.(stack|name)$/, ""));
  // The deploy team is a Pulumi team (and its name a GitHub environment's reviewers' team slug):
  // the name rules of a declared team apply, length included.
  const team = machineTeamName(boot, stack, "deploy");
  const bad = checkName("team", team);
  if (bad)
    err(
      path,
      `the shard's deploy team "${team}" (from its stack "${stack}") is not a valid team name: ${bad}; set a shorter shards[].stack`,
    );
}

/** The bootstrap project's stack (its only tier's), the core stack. */
export function coreStackOf(v: PolicyContext["v"]): string | undefined {
  const boot = v.projects.find((p) => p.bootstrap);
  const tiers = boot ? Object.entries(boot.tiers) : [];
  if (tiers.length !== 1) return undefined;
  const [tier, entry] = tiers[0];
  return str((entry as Loose | undefined)?.stack) ?? tier;
}

/** Sharding needs the bootstrap project on one tier; returns its name. */
function checkBootstrap({ v, err }: PolicyContext): string | undefined {
  const boot = v.projects.filter((p) => p.bootstrap);
  if (boot.length === 0) {
    err(
      "shards",
      "shards deploy through pipelines in the bootstrap project's repository and read the core " +
        "stack the bootstrap deploys: declare the bootstrap project (projects[].bootstrap: true)",
    );
    return undefined;
  }
  if (repositoryHostOf(v, boot[0]) !== "github")
    err(
      "shards",
      "the shards' pipelines run on GitHub Actions in the bootstrap project's repository: keep that repository on GitHub to shard",
    );
  const tiers = Object.keys(boot[0].tiers);
  if (tiers.length !== 1)
    err(
      "shards",
      `the bootstrap project deploys ${tiers.length} stacks; shards need exactly one core stack (give the bootstrap project one tier)`,
    );
  return boot[0].name;
}

/** Every claim on a project, by project name, in shard order. */
function collectClaims(ctx: PolicyContext, shards: Loose[]): Map<string, Claim[]> {
  const { v, err } = ctx;
  const claims = new Map<string, Claim[]>();
  const add = (project: string, claim: Claim) => {
    const list = claims.get(project);
    if (list) list.push(claim);
    else claims.set(project, [claim]);
  };
  const accessOf = new Map(v.teams.filter((t) => t.name).map((t) => [t.name as string, t.access]));
  shards.forEach((s, i) => {
    const shard = str(s.name) ?? `shards[${i}]`;
    const projects = Array.isArray(s.projects) ? s.projects : [];
    dupList(projects, `shards[${i}].projects`, "project", err);
    projects.forEach((p, j) => {
      if (typeof p !== "string") return;
      const path = `shards[${i}].projects[${j}]`;
      if (!ctx.projectNames.has(p))
        return err(path, `unknown project "${p}"; declared projects: ${list(ctx.projectNames)}`);
      add(p, { shard, index: i, path });
    });
    const teams = Array.isArray(s.teams) ? s.teams : [];
    dupList(teams, `shards[${i}].teams`, "team", err);
    teams.forEach((t, j) => {
      if (typeof t !== "string") return;
      const path = `shards[${i}].teams[${j}]`;
      const access = accessOf.get(t);
      if (!access) return err(path, `unknown team "${t}"; declared teams: ${list(ctx.teamNames)}`);
      const named = Object.keys(access).filter((k) => k !== "*" && ctx.projectNames.has(k));
      if (named.length === 0)
        return err(
          path,
          `team "${t}" names no project in its access (only "*" or nothing): list the shard's projects instead`,
        );
      for (const p of named) add(p, { shard, index: i, path, via: t });
    });
  });
  // A shard that claims a project both directly and through a team claims it once.
  for (const [p, cs] of claims) {
    const seen = new Set<string>();
    claims.set(
      p,
      cs.filter((c) => !seen.has(c.shard) && seen.add(c.shard)),
    );
  }
  return claims;
}

/** All projects of a repository live in one stack (the same shard, or the core). */
function checkRepositories({ v, err }: PolicyContext, claims: Map<string, Claim[]>): void {
  const byRepository = new Map<
    string,
    { project: string; index: number; owner: string; repository: string }[]
  >();
  v.projects.forEach((p, index) => {
    if (!p.name || !p.repository) return;
    const owner = claims.get(p.name)?.[0]?.shard ?? "the core";
    // GitHub repository names are case-insensitive: "Platform" is the platform repository.
    const key = githubNameKey(p.repository);
    const list = byRepository.get(key);
    const entry = { project: p.name, index, owner, repository: p.repository };
    if (list) list.push(entry);
    else byRepository.set(key, [entry]);
  });
  for (const entries of byRepository.values()) {
    const owners = [...new Set(entries.map((e) => e.owner))];
    if (owners.length < 2) continue;
    const first = entries[0];
    const other = entries.find((e) => e.owner !== first.owner) as (typeof entries)[number];
    err(
      `projects[${other.index}].repository`,
      `repository "${other.repository}" would be split between ${first.owner} (project "${first.project}") and ${other.owner} (project "${other.project}"): its ruleset, environments and CODEOWNERS belong to one stack, so put every project of a repository in the same shard`,
    );
  }
}
