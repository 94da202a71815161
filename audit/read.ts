/**
 * Reading the live organization for the audit: ESC through `@pulumi/esc-sdk` (EscReader), the
 * rest through the REST client (cloud/client.ts), section by section into a `LiveSnapshot`. What
 * each read needs, and how a 403 is handled, is described in audit/audit.ts.
 */
import { Configuration, EscApi } from "@pulumi/esc-sdk";
import { AccessModel } from "../model/access";
import { LiveOrgDefaults, LivePolicyGroup, LiveSnapshot, LiveTeam, Section } from "./compare";
import type { LiveBreakGlass } from "./compare/types";
import { listChangeGates, listChangeRequestEvents, listChangeRequests } from "../cloud/orgReads";
import { readMembers, readRoles, withTeamRoles } from "./readAccess";
import {
  attemptsNote,
  backoffDelay,
  describeFailure,
  networkReason,
  OrganizationMetadata,
  parseRetryAfter,
  PulumiCloudClient,
  PulumiCloudError,
  RetryPolicy,
  Team,
} from "../cloud/client";

// ---------------------------------------------------------------------------------------------
// ESC through @pulumi/esc-sdk
// ---------------------------------------------------------------------------------------------

interface AxiosLikeError {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status: number; data?: unknown; headers?: Record<string, unknown> };
}

export interface EscReaderOptions {
  token: string;
  /** The Pulumi Cloud API base (`https://api.pulumi.com`); `/api/esc` is appended. */
  baseUrl: string;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

/**
 * Reads ESC environments with the official SDK. The SDK's `EscApi` constructor keeps only the
 * host of `basePath` (it drops the port and any path, see the reference), so the client is built
 * without one and the full ESC base is set afterwards ("pattern A"): that works for a local test
 * server and for self-hosted APIs. The SDK does not retry; this wrapper retries 429 (honouring
 * `Retry-After`), 5xx and network errors with the REST client's bounded policy, and turns the
 * SDK's axios errors into `PulumiCloudError`s that never carry the token.
 */
export class EscReader {
  declare private readonly api: EscApi;
  declare private readonly token: string;
  declare private readonly opts: EscReaderOptions;

  constructor(opts: EscReaderOptions) {
    const api = new EscApi(
      new Configuration({
        accessToken: opts.token,
        baseOptions: { timeout: opts.timeoutMs ?? 60000 },
      }),
    );
    api.config.basePath = `${opts.baseUrl.replace(/\/+$/, "")}/api/esc`;
    // Non-enumerable: the SDK's configuration holds the token.
    Object.defineProperty(this, "api", { value: api, enumerable: false });
    Object.defineProperty(this, "token", { value: opts.token, enumerable: false });
    Object.defineProperty(this, "opts", { value: { ...opts, token: "" }, enumerable: false });
  }

  /** Every environment of the organization, following `nextToken`. */
  async listEnvironments(
    org: string,
    maxPages = 200,
  ): Promise<{ project: string; name: string }[]> {
    const out: { project: string; name: string }[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    const path = `/api/esc/environments/${encodeURIComponent(org)}`;
    for (let page = 1; ; page++) {
      const res = await this.call(path, "list ESC environments", undefined, () =>
        this.api.listEnvironments(org, token),
      );
      for (const e of res?.environments ?? [])
        out.push({ project: e.project ?? "default", name: e.name });
      const next = res?.nextToken;
      if (typeof next !== "string" || next === "") return out;
      if (seen.has(next))
        throw new Error(`GET ${path}: the service returned the same nextToken twice; stopping`);
      seen.add(next);
      if (page >= maxPages)
        throw new Error(
          `GET ${path}: more than ${maxPages} pages of environments; stopped rather than ` +
            "audit a partial list",
        );
      token = next;
    }
  }

  /** The definition (YAML, secrets encrypted); undefined when the environment does not exist. */
  async getDefinition(org: string, project: string, name: string): Promise<string | undefined> {
    const path = `/api/esc/environments/${[org, project, name].map(encodeURIComponent).join("/")}`;
    try {
      // The raw client: the wrapper parses the YAML with js-yaml and fails on what it cannot read.
      const res = await this.call(
        path,
        `read the definition of environment ${project}/${name}`,
        `environment read on ${project}/${name}`,
        () => this.api.rawApi.getEnvironment(org, project, name),
      );
      const data: unknown = res.data;
      return typeof data === "string" ? data : JSON.stringify(data);
    } catch (e) {
      if (e instanceof PulumiCloudError && e.status === 404) return undefined;
      throw e;
    }
  }

  private async call<T>(
    path: string,
    operation: string,
    requires: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    const { retry, sleep } = this.opts;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= retry.maxAttempts;
      try {
        return await fn();
      } catch (raw) {
        const err = raw as AxiosLikeError;
        const status = err?.response?.status;
        if (status === undefined) {
          if (!err?.isAxiosError) throw raw;
          if (!last) {
            await sleep(backoffDelay(attempt, retry));
            continue;
          }
          throw new PulumiCloudError(
            this.redact(
              `network error on GET ${path} (${operation}) to ${new URL(this.opts.baseUrl).host}: ` +
                `${err.code ?? networkReason(raw)}; ${attemptsNote(attempt, true, "GET")}. ` +
                "Check the network and PULUMI_BACKEND_URL",
            ),
            { status: 0, method: "GET", path, attempts: attempt },
          );
        }
        const retryable = status === 429 || status >= 500;
        if (retryable && !last) {
          const header = err.response?.headers?.["retry-after"];
          const asked = parseRetryAfter(typeof header === "string" ? header : null);
          await sleep(
            asked !== undefined ? Math.min(asked, retry.maxDelayMs) : backoffDelay(attempt, retry),
          );
          continue;
        }
        const data = err.response?.data;
        const serverMessage =
          data &&
          typeof data === "object" &&
          typeof (data as { message?: unknown }).message === "string"
            ? (data as { message: string }).message
            : typeof data === "string" && data.trim()
              ? data.trim().slice(0, 500)
              : undefined;
        let message = describeFailure(status, "GET", path, serverMessage, { operation, requires });
        if (retryable) message += `; ${attemptsNote(attempt, true, "GET")}`;
        throw new PulumiCloudError(this.redact(message), {
          status,
          method: "GET",
          path,
          attempts: attempt,
        });
      }
    }
  }

  private redact(text: string): string {
    return this.token.length >= 6 ? text.split(this.token).join("[redacted]") : text;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the live organization
// ---------------------------------------------------------------------------------------------

export interface ReadOptions {
  /** Skip (and report) sections the token may not read, instead of failing. */
  readonly allowPartial?: boolean;
  /** Days of audit log to read. */
  readonly days: number;
  /** Current time, ms. */
  readonly now: number;
  /** Parallel team reads. Default 4. */
  readonly concurrency?: number;
}

/** Maps over `items` with at most `limit` calls in flight, keeping order. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (t: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Which environments' definitions the audit reads: those of protected tiers. */
export function protectedEnvironmentTargets(
  model: AccessModel,
  live: readonly { project: string; name: string }[] | undefined,
): { project: string; name: string }[] {
  const declared = model.stacks
    .filter((s) => s.protected)
    .map((s) => ({ project: s.environment.project, name: s.environment.name }));
  if (!live) return uniqueRefs(declared);
  const protectedTiers = new Set(model.stacks.filter((s) => s.protected).map((s) => s.tier));
  const tierOf = new Map<string, string>();
  for (const s of model.stacks) tierOf.set(s.tier, s.tier);
  for (const s of model.stacks)
    if (!tierOf.has(s.environment.name)) tierOf.set(s.environment.name, s.tier);
  const declaredKeys = new Set(
    model.stacks.map((s) => `${s.environment.project}/${s.environment.name}`),
  );
  const liveKeys = new Set(live.map((e) => `${e.project}/${e.name}`));
  return uniqueRefs([
    ...declared.filter((e) => liveKeys.has(`${e.project}/${e.name}`)),
    ...live.filter((e) => {
      if (declaredKeys.has(`${e.project}/${e.name}`)) return false;
      const tier = tierOf.get(e.name);
      return tier !== undefined && protectedTiers.has(tier);
    }),
  ]);
}

function uniqueRefs(refs: { project: string; name: string }[]) {
  return [...new Map(refs.map((r) => [`${r.project}/${r.name}`, r])).values()];
}

type NotCovered = LiveSnapshot["notCovered"][number][];

/**
 * Runs one section's read. A 403 with `allowPartial` skips the section (undefined) and notes it in
 * `notCovered`; any other failure throws.
 */
type SectionRead = <T>(name: Section, fn: () => Promise<T>) => Promise<T | undefined>;

function sectionReader(opts: ReadOptions, notCovered: NotCovered): SectionRead {
  return async (name, fn) => {
    try {
      return await fn();
    } catch (e) {
      if (opts.allowPartial && e instanceof PulumiCloudError && e.status === 403) {
        notCovered.push({ section: name, message: e.message });
        return undefined;
      }
      throw e;
    }
  };
}

/** Reads everything the comparison needs. Throws `PulumiCloudError` (or `Error`) on failure. */
export async function readLiveSnapshot(
  cloud: PulumiCloudClient,
  esc: EscReader,
  model: AccessModel,
  opts: ReadOptions,
): Promise<LiveSnapshot> {
  const org = model.organization;
  const notCovered: NotCovered = [];
  const section = sectionReader(opts, notCovered);
  const metadata = await section("defaults", () => cloud.getOrgMetadata(org));
  const defaults = metadata && defaultsOf(metadata);
  const teamsRead = await section("teams", () => readTeams(cloud, org, opts, notCovered));
  const members = await section("members", () => readMembers(cloud, org));
  const limit = opts.concurrency ?? 4;
  const roleRead = await section("roles", () =>
    readRoles(cloud, org, metadata, teamsRead, (items, fn) => pool(items, limit, fn)),
  );
  const teams = withTeamRoles(teamsRead, roleRead);
  const stacks = await section("stacks", async () =>
    (await cloud.listStacks(org))
      .filter((s) => s.orgName === undefined || s.orgName === org)
      .map((s) => ({ project: s.projectName, stack: s.stackName })),
  );
  const environments = await section("environments", () => esc.listEnvironments(org));
  const definitions = await readDefinitions(esc, model, environments, opts, notCovered);
  const oidcIssuers = await section("oidc", async () => {
    const issuers = await cloud.listOidcIssuers(org);
    return pool(issuers, opts.concurrency ?? 4, async (i) => ({
      id: i.id,
      name: i.name,
      url: i.url,
      ...(typeof i.maxExpiration === "number" ? { maxExpiration: i.maxExpiration } : {}),
      policies: (await cloud.getAuthPolicy(org, i.id)).policies ?? [],
    }));
  });
  const auditLog = await readAuditLog(cloud, org, metadata, opts, section, notCovered);
  const policyGroups = await section("policyGroups", () => readPolicyGroups(cloud, model, opts));
  const breakGlass = await section("breakGlass", () => readBreakGlass(cloud, model, limit));
  notCovered.push({
    section: "collaboratorInvites",
    severity: "info",
    message:
      `defaults.membersCanInviteCollaborators (declared ${model.defaults.membersCanInviteCollaborators}) ` +
      "cannot be audited: the API does not return it (GET /api/orgs/{org}/metadata has no such " +
      "field; the bootstrap writes it on every update). Check it in the console, Settings > Access Management",
  });
  return {
    organization: org,
    defaults,
    teams,
    stacks,
    environments,
    definitions,
    oidcIssuers,
    auditLog,
    policyGroups,
    breakGlass,
    members,
    roles: roleRead?.roles,
    notCovered,
  };
}

/**
 * Break-glass (issue 28): the change gates of every protected and break-glass environment (ListGates
 * lists one entity at a time), the organization's change requests and the events of the open
 * requests on break-glass environments. Nothing is read without a protected tier.
 */
async function readBreakGlass(
  cloud: PulumiCloudClient,
  model: AccessModel,
  limit: number,
): Promise<LiveBreakGlass> {
  const org = model.organization;
  const envs = new Map<string, { project: string; name: string }>();
  for (const s of model.stacks)
    if (s.protected) envs.set(`${s.environment.project}/${s.environment.name}`, s.environment);
  for (const b of model.breakGlass)
    envs.set(`${b.environment.project}/${b.environment.name}`, b.environment);
  if (!envs.size) return { gates: new Map(), requests: [], events: new Map() };
  const keys = [...envs.keys()];
  const lists = await pool(keys, limit, (k) => listChangeGates(cloud, org, envs.get(k) as never));
  const gates = new Map(keys.map((k, i) => [k, lists[i]]));
  const requests = model.breakGlass.length ? await listChangeRequests(cloud, org) : [];
  const bg = new Set(model.breakGlass.map((b) => `${b.environment.project}/${b.environment.name}`));
  const mine = requests.filter(
    (r) => r.action === "open" && bg.has(`${r.entity.project ?? ""}/${r.entity.name ?? ""}`),
  );
  const evs = await pool(mine, limit, (r) => listChangeRequestEvents(cloud, org, r.id));
  return { gates, requests: mine, events: new Map(mine.map((r, i) => [r.id, evs[i]])) };
}

/**
 * The policy groups the config declares, as they are live (those that do not exist are absent):
 * the list, then each declared one that is in it. Nothing is read when none is declared.
 */
async function readPolicyGroups(
  cloud: PulumiCloudClient,
  model: AccessModel,
  opts: ReadOptions,
): Promise<LivePolicyGroup[]> {
  const declared = new Set(model.guardrails.groups.map((g) => g.name));
  if (declared.size === 0) return [];
  const org = model.organization;
  const names = (await cloud.listPolicyGroups(org))
    .map((g) => g.name)
    .filter((n) => declared.has(n));
  const groups = await pool(names, opts.concurrency ?? 4, async (name) => {
    try {
      return await cloud.getPolicyGroup(org, name);
    } catch (e) {
      // Deleted between the list and the read.
      if (e instanceof PulumiCloudError && e.status === 404) return undefined;
      throw e;
    }
  });
  return groups
    .filter((g): g is NonNullable<typeof g> => !!g)
    .map((g) => ({
      name: g.name,
      mode: g.mode,
      entityType: g.entityType,
      stacks: (g.stacks ?? []).map((s) => ({ project: s.routingProject, stack: s.name })),
      packs: (g.appliedPolicyPacks ?? []).map((p) => ({
        name: p.name,
        versionTag: p.versionTag,
        ...(p.config ? { config: p.config } : {}),
      })),
    }));
}

function defaultsOf(metadata: OrganizationMetadata): LiveOrgDefaults {
  return {
    defaultStackPermission: metadata.defaultStackPermission,
    defaultEnvironmentPermission: metadata.defaultEnvironmentPermission,
    membersCanCreateStacks: metadata.membersCanCreateStacks,
    membersCanDeleteStacks: metadata.membersCanDeleteStacks,
    membersCanCreateTeams: metadata.membersCanCreateTeams,
    maxAccessTokenExpiryDays: metadata.maxAccessTokenExpiryDays ?? null,
    ...(typeof metadata.membersCanTransferStacks === "boolean"
      ? { membersCanTransferStacks: metadata.membersCanTransferStacks }
      : {}),
    ...(typeof metadata.membersCanCreateAccounts === "boolean"
      ? { membersCanCreateAccounts: metadata.membersCanCreateAccounts }
      : {}),
    ...(typeof metadata.defaultAccountPermission === "number"
      ? { defaultAccountPermission: metadata.defaultAccountPermission }
      : {}),
    defaultDeploymentRoleId: metadata.defaultDeploymentRoleId ?? "",
  };
}

/** Every team with its members and permissions; a team whose members could not be listed is noted. */
async function readTeams(
  cloud: PulumiCloudClient,
  org: string,
  opts: ReadOptions,
  notCovered: NotCovered,
): Promise<LiveTeam[]> {
  const list = await cloud.listTeams(org);
  const full = await pool(list, opts.concurrency ?? 4, async (t) => {
    try {
      return await cloud.getTeam(org, t.name);
    } catch (e) {
      // Deleted between the list and the read.
      if (e instanceof PulumiCloudError && e.status === 404) return undefined;
      throw e;
    }
  });
  return full
    .filter((t): t is NonNullable<typeof t> => !!t)
    .map((t): LiveTeam => {
      if (t.listMembersError)
        notCovered.push({
          section: "teams",
          message: `the members of team ${t.name} could not be listed: ${t.listMembersError}`,
        });
      return liveTeamOf(t);
    });
}

function liveTeamOf(t: Team): LiveTeam {
  return {
    name: t.name,
    kind: t.kind,
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
  };
}

/**
 * The definitions of the protected-tier environments. With `allowPartial`, those the token may not
 * read are noted in `notCovered`; undefined only when none could be read.
 */
async function readDefinitions(
  esc: EscReader,
  model: AccessModel,
  environments: readonly { project: string; name: string }[] | undefined,
  opts: ReadOptions,
  notCovered: NotCovered,
): Promise<LiveSnapshot["definitions"]> {
  const org = model.organization;
  const definitions: { project: string; name: string; yaml: string }[] = [];
  const unreadable: string[] = [];
  let lastForbidden: PulumiCloudError | undefined;
  for (const ref of protectedEnvironmentTargets(model, environments)) {
    try {
      const yaml = await esc.getDefinition(org, ref.project, ref.name);
      if (yaml !== undefined) definitions.push({ ...ref, yaml });
    } catch (e) {
      if (!(opts.allowPartial && e instanceof PulumiCloudError && e.status === 403)) throw e;
      unreadable.push(`${ref.project}/${ref.name}`);
      lastForbidden = e;
    }
  }
  if (unreadable.length)
    notCovered.push({
      section: "definitions",
      message:
        `the definitions of ${unreadable.join(", ")} could not be read (403; needs environment ` +
        `read): ${lastForbidden?.message ?? ""}`.trim(),
    });
  // Absent only when none could be read; a partial list is noted in notCovered.
  return unreadable.length && definitions.length === 0 ? undefined : definitions;
}

/** The audit log of the last `opts.days` days, unless the organization has none. */
async function readAuditLog(
  cloud: PulumiCloudClient,
  org: string,
  metadata: OrganizationMetadata | undefined,
  opts: ReadOptions,
  section: SectionRead,
  notCovered: NotCovered,
): Promise<LiveSnapshot["auditLog"]> {
  const to = Math.floor(opts.now / 1000);
  const from = to - opts.days * 86400;
  const features = metadata?.features;
  if (features && (features.auditLogsEnabled === false || metadata?.auditLogsEnabled === false)) {
    notCovered.push({
      section: "auditLog",
      message:
        "audit logs are not enabled for this organization (an Enterprise or Business Critical " +
        "feature): protected environment opens and updates were not reviewed",
    });
    return undefined;
  }
  const events = await section("auditLog", () =>
    cloud.listAuditLogEvents(org, { startTime: from, endTime: to }),
  );
  return events ? { from, to, events } : undefined;
}
