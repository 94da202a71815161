/**
 * The live readers the audit and adopt share (one per area that both read): what each managed
 * area reads back from Pulumi Cloud, into the live types of kinds/live.ts. The audit and adopt
 * differ only in what they do with an incomplete read (the audit reports the part it could not
 * read; adopt refuses to propose from it), never in how they read.
 */
import {
  listChangeGates,
  listEnvironmentWebhooks,
  listOrgWebhooks,
  listStackWebhooks,
  PulumiCloudClient,
  PulumiCloudError,
  pool,
  Team,
} from "../cloud";
import type { WebhookInfo } from "../cloud";
import type { EnvironmentGates, LiveIssuerFull, LiveTeamFull, LiveWebhook } from "./live";

export interface LiveReadOptions {
  /** Parallel reads. Default 4. */
  readonly concurrency?: number;
  readonly progress?: (message: string) => void;
}

export interface TeamsRead {
  readonly teams: LiveTeamFull[];
  /** Teams whose members the service could not list (`listMembersError`). */
  readonly unlisted: readonly { team: string; error: string }[];
}

/** One team as read: members, grants and custom role ids. */
export function liveTeamOf(t: Team): LiveTeamFull {
  return {
    name: t.name,
    kind: t.kind,
    displayName: t.displayName ?? "",
    description: t.description ?? "",
    roleIds: t.roleIds ?? [],
    members: (t.members ?? []).map((m) => m.githubLogin || m.name),
    stacks: (t.stacks ?? []).map((s) => ({
      project: s.projectName,
      stack: s.stackName,
      permission: s.permission,
    })),
    environments: (t.environments ?? []).map((e) => ({
      project: e.projectName,
      name: e.envName,
      permission: e.permission,
      ...(e.maxOpenDuration ? { maxOpenDuration: e.maxOpenDuration } : {}),
    })),
    ...(t.accounts?.length
      ? {
          accounts: t.accounts.map((a) => ({ account: a.accountName, permission: a.permission })),
        }
      : {}),
  };
}

/**
 * Every team with its members and grants: the list, then each team. A team the list names but
 * whose read gives 404 fails the read, naming the team: it was deleted while reading, or the token
 * cannot read it, and a team left out silently would take its members and grants out of the audit
 * and out of adopt's proposal (run again to read a consistent organization).
 */
export async function readTeams(
  cloud: PulumiCloudClient,
  org: string,
  opts: LiveReadOptions = {},
): Promise<TeamsRead> {
  const list = await cloud.listTeams(org);
  const progress = opts.progress ?? (() => undefined);
  let done = 0;
  const full = await pool(list, opts.concurrency ?? 4, async (t) => {
    try {
      return await cloud.getTeam(org, t.name);
    } catch (e) {
      if (e instanceof PulumiCloudError && e.status === 404)
        throw new PulumiCloudError(
          `${e.message}: team ${t.name} is in the team list but cannot be read (deleted while ` +
            "reading, or not visible to this token); nothing was left out, run again",
          e,
        );
      throw e;
    } finally {
      if (++done % 25 === 0) progress(`teams: ${done} of ${list.length} read`);
    }
  });
  return {
    teams: full.map(liveTeamOf),
    unlisted: full.flatMap((t) =>
      t.listMembersError ? [{ team: t.name, error: t.listMembersError }] : [],
    ),
  };
}

/** The OIDC issuers with their policies. */
export async function readIssuers(
  cloud: PulumiCloudClient,
  org: string,
  opts: LiveReadOptions = {},
): Promise<LiveIssuerFull[]> {
  const issuers = await cloud.listOidcIssuers(org);
  return pool(issuers, opts.concurrency ?? 4, async (i) => ({
    id: i.id,
    name: i.name,
    url: i.url,
    ...(typeof i.maxExpiration === "number" ? { maxExpiration: i.maxExpiration } : {}),
    thumbprints: i.thumbprints ?? [],
    policies: (await cloud.getAuthPolicy(org, i.id)).policies ?? [],
  }));
}

/** Where a webhook lives: the organization, one stack or one ESC environment. */
export type WebhookScope = LiveWebhook["scope"];

/** A webhook as read (`WebhookResponse`: the spec requires none of its fields). */
export function liveWebhookOf(w: WebhookInfo, scope: WebhookScope): LiveWebhook {
  return {
    name: w.name ?? "",
    displayName: w.displayName ?? "",
    payloadUrl: w.payloadUrl ?? "",
    active: w.active === true,
    format: w.format ?? "raw",
    filters: w.filters ?? [],
    groups: w.groups ?? [],
    hasSecret: w.hasSecret === true,
    scope,
  };
}

/**
 * The webhooks of one scope: `ListOrganizationWebhooks`, `ListStackWebhooks` or
 * `ListWebhooks_esc_environments`. A stack or environment that does not exist (404) fails the
 * read, unless `missing: "skip"` (the audit, which reports a missing stack or environment in its
 * own section): then it has no webhooks.
 */
export async function readScopeWebhooks(
  cloud: PulumiCloudClient,
  org: string,
  scope: WebhookScope,
  opts: { readonly missing?: "fail" | "skip" } = {},
): Promise<LiveWebhook[]> {
  try {
    const hooks =
      scope.kind === "organization"
        ? await listOrgWebhooks(cloud, org)
        : scope.kind === "stack"
          ? await listStackWebhooks(cloud, org, scope.project, scope.stack)
          : await listEnvironmentWebhooks(cloud, org, scope.project, scope.environment);
    return hooks.map((w) => liveWebhookOf(w, scope));
  } catch (e) {
    if (opts.missing === "skip" && scope.kind !== "organization")
      if (e instanceof PulumiCloudError && e.status === 404) return [];
    throw e;
  }
}

/**
 * The organization's webhooks, then those of each stack and each environment given, in that
 * order (one request per scope).
 */
export async function readWebhooks(
  cloud: PulumiCloudClient,
  org: string,
  targets: {
    readonly stacks: readonly { project: string; stack: string }[];
    readonly environments: readonly { project: string; name: string }[];
  },
  opts: LiveReadOptions & { readonly missing?: "fail" | "skip" } = {},
): Promise<LiveWebhook[]> {
  const limit = opts.concurrency ?? 4;
  const scopes: WebhookScope[] = [
    { kind: "organization" },
    ...targets.stacks.map((s) => ({ kind: "stack" as const, project: s.project, stack: s.stack })),
    ...targets.environments.map((e) => ({
      kind: "environment" as const,
      project: e.project,
      environment: e.name,
    })),
  ];
  const read = await pool(scopes, limit, (scope) => readScopeWebhooks(cloud, org, scope, opts));
  return read.flat();
}

/**
 * The change gates (ESC approval rules and open gates) of each environment given: ListGates lists
 * one entity's gates (`entityType` and `qualifiedName`), so one paged read per environment, in
 * the order given. Adopt reads every environment; the audit the protected tiers' and break-glass
 * environments.
 */
export async function readEnvironmentGates(
  cloud: PulumiCloudClient,
  org: string,
  environments: readonly { project: string; name: string }[],
  opts: LiveReadOptions = {},
): Promise<EnvironmentGates[]> {
  const lists = await pool(environments, opts.concurrency ?? 4, (e) =>
    listChangeGates(cloud, org, { project: e.project, name: e.name }),
  );
  return environments.map((e, i) => ({ project: e.project, name: e.name, gates: lists[i] }));
}
