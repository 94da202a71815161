/**
 * Reading the live organization for the audit: ESC through `@pulumi/esc-sdk` (cloud/esc.ts), the
 * rest through the REST client (cloud/client.ts) and the readers the audit shares with adopt
 * (kinds/read.ts), section by section into a `LiveSnapshot`. What
 * each read needs, and how a 403 is handled, is described in audit/audit.ts.
 */
import { AccessModel, registeredEnvironments } from "../model/access";
import {
  LiveDeployment,
  LiveOrgDefaults,
  LivePolicyGroup,
  LiveSnapshot,
  LiveTeam,
  Section,
} from "./compare";
import type { LiveBreakGlass } from "./compare/types";
import { readMembers, readRoles, withTeamRoles } from "./readAccess";
import { readCollaborators, readStackTags, readWebhooks } from "./readResources";
import { readEscDocument } from "./compare/escDocument";
import { OrganizationMetadata, PulumiCloudClient, PulumiCloudError } from "../cloud/client";
import { EscReader } from "../cloud/esc";
import { pool } from "../cloud/pool";
import { readEnvironmentGates, readIssuers, readTeams } from "../kinds/read";
import type { EnvironmentGates } from "../kinds/live";
import {
  driftOf,
  getDeploymentSettings,
  listChangeRequestEvents,
  listChangeRequests,
  listStackSchedules,
  readOpenRequest,
} from "../cloud/orgReads";
import type { DeploymentSettingsInfo } from "../cloud/orgReads";

export { EscReader } from "../cloud/esc";
export type { EscReaderOptions } from "../cloud/esc";

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

/**
 * Which environments' definitions the audit reads: every declared tier environment (dev and test
 * too: a dev environment that imports or logs in to a protected tier's identity is the route the
 * audit looks for), every login environment secure-org owns (`<env>-cloud`), and every live
 * environment named like a tier or a tier's login environment. Each read is an
 * `environment-read` audit event; definitions keep their secrets encrypted.
 */
export function environmentTargets(
  model: AccessModel,
  live: readonly { project: string; name: string }[] | undefined,
): { project: string; name: string }[] {
  // Tier, login and per-use break-glass environments (what an approved open reveals: imports).
  const declared = registeredEnvironments(model);
  if (!live) return uniqueRefs(declared);
  const tierNames = new Set<string>();
  for (const s of model.stacks) {
    tierNames.add(s.tier.toLowerCase());
    tierNames.add(s.environment.name.toLowerCase());
  }
  const liveKeys = new Set(live.map((e) => `${e.project}/${e.name}`));
  const tierLike = (name: string) => {
    const n = name.toLowerCase();
    return tierNames.has(n) || tierNames.has(n.replace(/-(cloud|breakglass)$/, ""));
  };
  return uniqueRefs([
    ...declared.filter((e) => liveKeys.has(`${e.project}/${e.name}`)),
    ...live.filter((e) => tierLike(e.name)),
  ]);
}

/** The protected tiers' environments only (what the scheduled audit's first version read). */
export function protectedEnvironmentTargets(
  model: AccessModel,
  live: readonly { project: string; name: string }[] | undefined,
): { project: string; name: string }[] {
  const prot = new Set([
    ...model.stacks
      .filter((s) => s.protected)
      .map((s) => `${s.environment.project}/${s.environment.name}`),
    // Per-use break-glass environments: what an approved open reveals (their imports).
    ...model.breakGlass.map((b) => `${b.environment.project}/${b.environment.name}`),
  ]);
  return environmentTargets(model, live).filter((e) => prot.has(`${e.project}/${e.name}`));
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
  const teamsRead = await section("teams", () => readAuditTeams(cloud, org, opts, notCovered));
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
  const oidcIssuers = await section("oidc", () =>
    readIssuers(cloud, org, { concurrency: opts.concurrency }),
  );
  const auditLog = await readAuditLog(cloud, org, metadata, opts, section, notCovered);
  const policyGroups = await section("policyGroups", () => readPolicyGroups(cloud, model, opts));
  const approvals = await section("approvals", () =>
    readEnvironmentGates(cloud, org, gatedEnvironments(model), { concurrency: limit }),
  );
  const breakGlass = await section("breakGlass", () =>
    readBreakGlass(cloud, model, limit, approvals),
  );
  const deployments = await section("deployments", () => readDeployments(cloud, model, opts));
  const webhooks = await section("webhooks", () => readWebhooks(cloud, model, limit, environments));
  const collaborators = await section("collaborators", () =>
    readCollaborators(cloud, model, limit),
  );
  const stackTags = await section("stackTags", () => readStackTags(cloud, model, limit));
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
    approvals,
    breakGlass,
    members,
    roles: roleRead?.roles,
    deployments,
    webhooks,
    collaborators,
    stackTags,
    notCovered,
  };
}

/**
 * The environments whose change gates the audit reads: every protected tier's environment (its
 * ESC approval rule, and no open gate a pipeline would trip on) and every break-glass environment
 * (its open gate). ListGates lists one entity at a time: one read each.
 */
export function gatedEnvironments(model: AccessModel): { project: string; name: string }[] {
  const envs = new Map<string, { project: string; name: string }>();
  for (const s of model.stacks)
    if (s.protected) envs.set(`${s.environment.project}/${s.environment.name}`, s.environment);
  for (const b of model.breakGlass)
    envs.set(`${b.environment.project}/${b.environment.name}`, b.environment);
  return [...envs.values()];
}

/**
 * Break-glass (issue 28): the change gates of every protected and break-glass environment (the
 * approvals section's read, read again only when that section could not be read), the
 * organization's change requests and the events of the open requests on break-glass
 * environments. Nothing is read without a protected tier.
 */
async function readBreakGlass(
  cloud: PulumiCloudClient,
  model: AccessModel,
  limit: number,
  read: readonly EnvironmentGates[] | undefined,
): Promise<LiveBreakGlass> {
  const org = model.organization;
  const envs = gatedEnvironments(model);
  if (!envs.length) return { gates: new Map(), requests: [], events: new Map() };
  const lists = read ?? (await readEnvironmentGates(cloud, org, envs, { concurrency: limit }));
  const gates = new Map(lists.map((e) => [`${e.project}/${e.name}`, e.gates]));
  const requests = model.breakGlass.length ? await listChangeRequests(cloud, org) : [];
  const bg = new Set(model.breakGlass.map((b) => `${b.environment.project}/${b.environment.name}`));
  const mine = requests.filter(
    (r) => r.action === "open" && bg.has(`${r.entity.project ?? ""}/${r.entity.name ?? ""}`),
  );
  const evs = await pool(mine, limit, (r) => listChangeRequestEvents(cloud, org, r.id));
  // What each request asked for: the gate bounds neither duration, so the audit compares them
  // with the declared maxDuration.
  const asked = await pool(mine, limit, (r) =>
    readOpenRequest(
      cloud,
      org,
      { project: r.entity.project ?? "", name: r.entity.name ?? "" },
      r.id,
    ),
  );
  return {
    gates,
    requests: mine,
    events: new Map(mine.map((r, i) => [r.id, evs[i]])),
    durations: new Map(mine.map((r, i) => [r.id, asked[i]])),
  };
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

/**
 * Every declared stack's Deployments settings (`GetDeploymentSettings`, 404: none) and drift
 * schedules (`ListScheduledDeployment`): two reads per declared stack, whatever its pipeline, so
 * settings added to a stack that deploys from CI are found too.
 */
async function readDeployments(
  cloud: PulumiCloudClient,
  model: AccessModel,
  opts: ReadOptions,
): Promise<LiveDeployment[]> {
  const org = model.organization;
  const stacks = [...new Map(model.stacks.map((s) => [`${s.project}/${s.stack}`, s])).values()];
  return pool(stacks, opts.concurrency ?? 4, async (s) => {
    const [settings, schedules] = await Promise.all([
      getDeploymentSettings(cloud, org, s.project, s.stack),
      listStackSchedules(cloud, org, s.project, s.stack),
    ]);
    return {
      project: s.project,
      stack: s.stack,
      ...(settings ? { settings: liveSettingsOf(settings) } : {}),
      driftSchedules: schedules.flatMap((a) => {
        const d = driftOf(a);
        return d ? [{ id: a.id, ...d, paused: a.paused === true }] : [];
      }),
    };
  });
}

function liveSettingsOf(d: DeploymentSettingsInfo): NonNullable<LiveDeployment["settings"]> {
  const vcs = d.vcs ?? d.gitHub;
  return {
    branch: d.sourceContext?.git?.branch,
    repoDir: d.sourceContext?.git?.repoDir,
    provider: vcs?.provider ?? (d.gitHub ? "github" : undefined),
    repository: vcs?.repository,
    deployCommits: vcs?.deployCommits,
    deployTags: vcs?.deployTags,
    tagFilters: vcs?.tagFilters ?? [],
    previewPullRequests: vcs?.previewPullRequests,
    pullRequestTemplate: vcs?.pullRequestTemplate,
    paths: vcs?.paths ?? [],
    preRunCommands: d.operationContext?.preRunCommands ?? [],
    executorImage: d.executorContext?.executorImage?.reference,
    agentPoolID: d.agentPoolID,
  };
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

/**
 * Every team with its members and permissions (the shared reader, kinds/read.ts); a team whose
 * members could not be listed is noted as not covered.
 */
async function readAuditTeams(
  cloud: PulumiCloudClient,
  org: string,
  opts: ReadOptions,
  notCovered: NotCovered,
): Promise<LiveTeam[]> {
  const read = await readTeams(cloud, org, { concurrency: opts.concurrency });
  for (const u of read.unlisted)
    notCovered.push({
      section: "teams",
      message: `the members of team ${u.team} could not be listed: ${u.error}`,
    });
  return read.teams;
}

/**
 * The definitions of every tier's environments and login environments (environmentTargets). With
 * `allowPartial`, those the token may not read are noted in `notCovered`; undefined only when none
 * could be read.
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
  for (const ref of environmentTargets(model, environments)) {
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
  await readImported(esc, org, environments, definitions, notCovered);
  // Absent only when none could be read; a partial list is noted in notCovered.
  return unreadable.length && definitions.length === 0 ? undefined : definitions;
}

/** At most this many definitions are read beyond the targets, following imports. */
const MAX_IMPORTED_READS = 200;

/**
 * The definitions of the live environments that the ones read import (explicitly or implicitly),
 * transitively, so an import chain through an environment outside the tiers' names is followed.
 * One the token may not read (the auditor holds read on the tiers only) is noted as not covered
 * instead of failing the audit: the import itself is reported by the comparison.
 */
async function readImported(
  esc: EscReader,
  org: string,
  environments: readonly { project: string; name: string }[] | undefined,
  definitions: { project: string; name: string; yaml: string }[],
  notCovered: NotCovered,
): Promise<void> {
  if (!environments) return;
  const live = new Map(environments.map((e) => [`${e.project}/${e.name}`.toLowerCase(), e]));
  const done = new Set(definitions.map((d) => `${d.project}/${d.name}`.toLowerCase()));
  const skipped: string[] = [];
  for (
    let i = 0;
    i < definitions.length && done.size < definitions.length + MAX_IMPORTED_READS;
    i++
  ) {
    const doc = readEscDocument(definitions[i].yaml);
    if (doc === "unreadable") continue;
    for (const imp of doc.imports) {
      const k = imp.name.toLowerCase();
      const ref = live.get(k);
      if (done.has(k) || !ref) continue;
      done.add(k);
      try {
        const yaml = await esc.getDefinition(org, ref.project, ref.name);
        if (yaml !== undefined) definitions.push({ ...ref, yaml });
      } catch (e) {
        if (!(e instanceof PulumiCloudError && (e.status === 403 || e.status === 404))) throw e;
        skipped.push(`${ref.project}/${ref.name} (${e.status})`);
      }
    }
  }
  if (skipped.length)
    notCovered.push({
      section: "definitions",
      message: `imported environments whose definitions could not be read, so their own imports and logins were not followed: ${skipped.join(", ")}`,
    });
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
