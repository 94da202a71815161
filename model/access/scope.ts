/**
 * One stack's part of a sharded model (issue 20): what the core stack, or one shard, creates.
 *
 * - the core: everything organization-wide (teams with their GitHub mirrors and members, every
 *   machine identity for the OIDC issuer, members, roles, the scheduled audit, the guardrails
 *   pack and groups, organization webhooks), the projects no shard owns (the bootstrap's among
 *   them) and each shard's own stack, environment and grants;
 * - a shard: its projects' stacks and environments, every grant on them, their approval rules,
 *   webhooks, pipelines and drift schedules, the protection of their repositories, and the
 *   GitHub team permissions on those repositories. Teams are the core's: a shard names them.
 *
 * Every per-project item goes to exactly one stack; `assertPartition` checks that the union of
 * the scopes is the whole model and that no two scopes share an item.
 */
import { AccessModel, TeamSpec } from "./types";

export type Scope = { readonly kind: "core" } | { readonly kind: "shard"; readonly name: string };

export const CORE: Scope = { kind: "core" };

/** The stack `scope` deploys, as the model says. */
export function scopeStack(model: AccessModel, scope: Scope): string {
  const sharding = model.sharding;
  if (!sharding) throw new Error("the model is not sharded");
  if (scope.kind === "core") return sharding.coreStack;
  const shard = sharding.shards.find((s) => s.name === scope.name);
  if (!shard) throw new Error(`no shard named "${scope.name}"`);
  return shard.stack;
}

/** The part of a sharded model one stack creates (see the module comment). */
export function scopeModel(model: AccessModel, scope: Scope): AccessModel {
  const sharding = model.sharding;
  if (!sharding) throw new Error("the model is not sharded");
  if (scope.kind === "shard" && !sharding.shards.some((s) => s.name === scope.name))
    throw new Error(
      `no shard named "${scope.name}"; shards: ${sharding.shards.map((s) => s.name).join(", ")}`,
    );
  const owner = (project: string) => sharding.ownerOf.get(project);
  const mine = (project: string) =>
    scope.kind === "core" ? owner(project) === undefined : owner(project) === scope.name;
  const repositories = model.repositories.filter((r) => r.projects.some(mine));
  const repoNames = new Set(repositories.map((r) => r.name));
  const pipelines = model.pipelines.filter((p) => mine(p.project));
  const core = scope.kind === "core";
  return {
    ...model,
    teams: model.teams.map((t) => withRepositories(t, repoNames)),
    stacks: model.stacks.filter((s) => mine(s.project)),
    grants: model.grants.filter((g) => mine(g.project)),
    // The core's issuer trusts every identity; a shard's own identities are its pipelines'.
    identities: core
      ? model.identities
      : pipelines.flatMap((p) =>
          [p.deploy, p.preview, p.drift?.identity].filter((i) => i !== undefined),
        ),
    pipelines,
    repositories,
    approvals: model.approvals.filter((a) => mine(projectOf(a.key))),
    breakGlass: model.breakGlass.filter((b) => mine(b.project)),
    driftSchedules: model.driftSchedules.filter((d) => mine(d.project)),
    cloud: model.cloud.filter((c) => mine(c.project)),
    webhooks: model.webhooks.filter((w) =>
      w.scope === "organization" ? core : mine(w.projectName as string),
    ),
    members: core ? model.members : [],
    roles: core ? model.roles : [],
    audit: core ? model.audit : undefined,
    guardrails: core ? model.guardrails : { ...model.guardrails, enabled: false, groups: [] },
    findings: core ? model.findings : [],
  };
}

/** `project/tier` -> project (project names have no '/'). */
const projectOf = (key: string) => key.slice(0, key.indexOf("/"));

/** A team as one stack sees it: its GitHub permissions on that stack's repositories only. */
function withRepositories(t: TeamSpec, repos: ReadonlySet<string>): TeamSpec {
  if (!t.github) return t;
  return {
    ...t,
    github: {
      ...t.github,
      repositories: t.github.repositories.filter((r) => repos.has(r.repository)),
    },
  };
}

/** Every scope of a sharded model: the core, then the shards in config order. */
export function allScopes(model: AccessModel): Scope[] {
  return [
    CORE,
    ...(model.sharding?.shards ?? []).map((s): Scope => ({ kind: "shard", name: s.name })),
  ];
}

/**
 * Throws unless the scopes partition the model's per-project items: each stack, grant, pipeline,
 * repository, approval, drift schedule, webhook and GitHub team permission in exactly one scope.
 */
export function assertPartition(model: AccessModel): void {
  const scopes = allScopes(model).map((s) => scopeModel(model, s));
  const check = <T>(what: string, all: readonly T[], pick: (m: AccessModel) => readonly T[]) => {
    const counts = new Map<T, number>();
    for (const m of scopes) for (const x of pick(m)) counts.set(x, (counts.get(x) ?? 0) + 1);
    for (const x of all)
      if (counts.get(x) !== 1)
        throw new Error(
          `${what} ${JSON.stringify(x).slice(0, 120)} is in ${counts.get(x) ?? 0} stacks`,
        );
  };
  check("stack", model.stacks, (m) => m.stacks);
  check("grant", model.grants, (m) => m.grants);
  check("pipeline", model.pipelines, (m) => m.pipelines);
  check("repository", model.repositories, (m) => m.repositories);
  check("approval", model.approvals, (m) => m.approvals);
  check("break-glass", model.breakGlass, (m) => m.breakGlass);
  check("drift schedule", model.driftSchedules, (m) => m.driftSchedules);
  check("webhook", model.webhooks, (m) => m.webhooks);
  const teamRepos = (m: AccessModel) =>
    m.teams.flatMap((t) => (t.github?.repositories ?? []).map((r) => `${t.name} ${r.repository}`));
  check("team permission", teamRepos(model), teamRepos);
}
