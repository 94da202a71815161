/**
 * The adopt record of a proposal: its program runs offline (the plan, under mocks), every
 * resource it registers is looked up in the live organization (adopt/imports.ts), and what
 * exists gets its import ID. GitHub repositories are read here, once the proposal says which
 * repositories, environments, rulesets and files the program touches.
 */
import type { AdoptRecord, AdoptUnmanaged } from "../model/adopt";
import { ConfigIssue } from "../model/config";
import { ConfigEntry } from "../model/load";
import { runPlan } from "../plan/run";
import type { RecordedResource } from "../plan/mockRun";
import { teamRepository } from "../kinds/githubTeams";
import { teamEnvironmentPermission, teamStackPermission } from "../kinds/grants";
import { repositoryFile, repositoryRuleset } from "../kinds/repositories";
import { pulumiTeam } from "../kinds/teams";
import { importsFor } from "./imports";
import { objectsLeftBehind } from "./leftover";
import type { LiveGithubRepository, LiveOrg } from "./live";
import type { AdoptFinding, RawConfig } from "./types";

export const GITHUB_PREFIX = "github:index/";

/** The stack file entries of a proposal (`secure-org:*`, and `github:owner` for the provider). */
export function entriesOfConfig(
  config: RawConfig,
  record?: AdoptRecord,
): Record<string, ConfigEntry> {
  const out: Record<string, ConfigEntry> = {
    "github:owner": { value: config.github.owner, secret: false },
  };
  for (const [key, value] of Object.entries(config))
    if (value !== undefined)
      out[`secure-org:${key}`] = { value: JSON.parse(JSON.stringify(value)), secret: false };
  if (record)
    out["secure-org:adopt"] = { value: JSON.parse(JSON.stringify(record)), secret: false };
  return out;
}

/** What the proposal's program touches on GitHub: repositories and the files it commits. */
export function githubTargets(
  resources: readonly RecordedResource[],
): Map<string, { path: string; branch?: string }[]> {
  const out = new Map<string, { path: string; branch?: string }[]>();
  for (const r of resources) {
    if (!r.custom || !r.type.startsWith(GITHUB_PREFIX) || typeof r.inputs.repository !== "string")
      continue;
    const files = out.get(r.inputs.repository) ?? [];
    if (r.type === repositoryFile.token && typeof r.inputs.file === "string")
      files.push({
        path: r.inputs.file,
        ...(typeof r.inputs.branch === "string" ? { branch: r.inputs.branch } : {}),
      });
    out.set(r.inputs.repository, files);
  }
  return out;
}

export type RecordResult =
  | { ok: true; record: AdoptRecord; findings: AdoptFinding[]; live: LiveOrg }
  | { ok: false; errors: readonly ConfigIssue[] };

export interface RecordOptions {
  readonly stack: string;
  readonly githubOwner: string;
  /** Reads the repositories the program touches (GitHub), when GitHub is read. */
  readonly readRepositories?: (
    targets: Map<string, { path: string; branch?: string }[]>,
  ) => Promise<LiveGithubRepository[]>;
}

/** The resource types whose imports `leftBehind` looks up. */
const T = {
  team: pulumiTeam.token,
  stackGrant: teamStackPermission.token,
  envGrant: teamEnvironmentPermission.token,
  teamRepository: teamRepository.token,
  ruleset: repositoryRuleset.token,
} as const;

const typedId = (type: string, id: string) => `${type}\u0000${id}`;

/** Live grants and repository permissions of declared teams that the proposal does not import. */
function leftBehind(
  live: LiveOrg,
  config: RawConfig,
  record: AdoptRecord["imports"],
): AdoptUnmanaged[] {
  // An ID alone names nothing: `acme/constructor` is a member's ID and a team's. Every lookup
  // names the resource type it means (a member named like a team never makes the team imported).
  const importedIds = new Set(record.map((e) => typedId(e.type, e.id)));
  const imported = (type: string, id: string) => importedIds.has(typedId(type, id));
  const org = live.organization;
  const stacks = new Set(
    config.projects.flatMap((p) =>
      Object.entries(p.tiers).map(([t, e]) => `${p.name}/${e.stack ?? t}`),
    ),
  );
  const envs = new Set(
    config.projects.flatMap((p) =>
      Object.entries(p.tiers).map(([t, e]) => `${p.name}/${e.environment ?? t}`),
    ),
  );
  const declared = new Set(config.teams.map((t) => t.name));
  const out: AdoptUnmanaged[] = [];
  const why =
    "this proposal does not declare it, so it stays as it is (pulumi up removes only what it manages: adopt without --tighten, import, then remove it in a reviewed change)";
  const known = new Set(
    live.teams.filter((t) => imported(T.team, `${org}/${t.name}`)).map((t) => t.name),
  );
  for (const t of live.teams)
    if (!known.has(t.name) && !declared.has(t.name))
      out.push({
        kind: "team",
        name: t.name,
        reason: "the proposal neither declares nor imports it: it and its grants stay as they are",
      });
  for (const t of live.teams.filter((x) => declared.has(x.name) || known.has(x.name))) {
    for (const g of t.stacks)
      if (
        g.permission > 0 &&
        stacks.has(`${g.project}/${g.stack}`) &&
        !imported(T.stackGrant, `${org}/${g.project}/${g.stack}/${t.name}`)
      )
        out.push({
          kind: "grant",
          name: `team:${t.name} stack:${g.project}/${g.stack}`,
          reason: why,
        });
    for (const g of t.environments)
      if (
        g.permission !== "none" &&
        envs.has(`${g.project}/${g.name}`) &&
        !imported(T.envGrant, `${org}/${t.name}/${g.project}+${g.name}`)
      )
        out.push({
          kind: "grant",
          name: `team:${t.name} environment:${g.project}/${g.name}`,
          reason: why,
        });
  }
  for (const gt of live.github?.teams ?? [])
    if (declared.has(gt.slug))
      for (const r of gt.repositories)
        if (!imported(T.teamRepository, `${gt.id}:${r.name}`))
          out.push({
            kind: "github-team-repository",
            name: `team:${gt.slug} repository:${r.name}`,
            reason:
              "no role of the team reaches a project in this repository, so this permission stays as it is",
          });
  for (const repo of live.github?.repositories ?? [])
    for (const rs of repo.rulesets)
      if (!imported(T.ruleset, `${repo.name}:${rs.id}`))
        out.push({
          kind: "github-ruleset",
          name: `${repo.name} ${rs.name}`,
          reason:
            "the program adds its own ruleset; this one stays as it is (remove it once the new one protects the branch)",
        });
  return out;
}

/**
 * One entry per unmanaged object. The first entry of an object wins: the proposal's own entries
 * come first and carry the specific reason (a reserved name, a synced team, text the config
 * refuses); the record's generic "neither declares nor imports it" only fills in for objects
 * nothing else explained.
 */
export function dedupeUnmanaged(items: readonly AdoptUnmanaged[]): AdoptUnmanaged[] {
  const out = new Map<string, AdoptUnmanaged>();
  for (const u of items) {
    const key = `${u.kind}\u0000${u.name}`;
    if (!out.has(key)) out.set(key, u);
  }
  return [...out.values()];
}

/** Runs the proposal offline and records what of it already exists. */
export async function buildRecord(
  live: LiveOrg,
  config: RawConfig,
  unmanaged: readonly AdoptUnmanaged[],
  opts: RecordOptions,
): Promise<RecordResult> {
  const plan = await runPlan(entriesOfConfig(config), opts.stack);
  if (!plan.ok) return { ok: false, errors: plan.errors };
  let withRepos = live;
  if (live.github && opts.readRepositories)
    withRepos = {
      ...live,
      github: {
        ...live.github,
        repositories: await opts.readRepositories(githubTargets(plan.resources)),
      },
    };
  const findings: AdoptFinding[] = [];
  const imports = importsFor(plan.resources, { live: withRepos, org: live.organization, findings });
  const record: AdoptRecord = {
    readAt: live.readAt,
    organization: live.organization,
    ...(live.github ? { githubOwner: opts.githubOwner } : {}),
    imports,
    unmanaged: dedupeUnmanaged([
      ...unmanaged,
      ...leftBehind(withRepos, config, imports),
      ...objectsLeftBehind(withRepos, imports),
    ]),
  };
  return { ok: true, record, findings, live: withRepos };
}
