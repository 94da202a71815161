/**
 * The audit: reads the live organization (Pulumi Cloud REST API through cloud/client.ts, ESC
 * through `@pulumi/esc-sdk`), compares it with the access model (audit/compare.ts) and
 * renders the report. `scripts/audit.ts` is its command line.
 *
 * What it reads, and what each read needs (⚠️ Pulumi documents few of these permissions):
 * - org settings `GET /api/orgs/{org}/metadata`, teams `GET /api/orgs/{org}/teams` and each
 *   team's members and permissions: organization member rights. A team token carries the org's
 *   default member rights, so the auditor team's token reads these;
 * - stacks `GET /api/user/stacks?organization=`: only stacks visible to the token (a team token:
 *   only its team's stacks, so undeclared stacks are found with an admin or member token only);
 * - ESC environments (list) and the definition of every protected-tier environment: environment
 *   `read` on those (the auditor team holds it; definitions keep secrets encrypted; each read is
 *   an `environment-read` audit event);
 * - OIDC issuers and their policies: organization admin;
 * - the audit log (V2, `startTime` lower bound, paginated): `audit_logs:read`, admin by default,
 *   Enterprise/Business Critical only.
 * A 403 fails the audit (exit 3) naming the permission, unless `allowPartial` is set: then the
 * section is skipped and reported as a medium `not-covered` finding. 401, network errors and
 * rate limiting that outlasts the client's bounded retries always fail.
 *
 * The JSON report (`--json`) is a stable interface, format version 1:
 *
 *   {
 *     formatVersion: 1,
 *     organization: string, stack: string,
 *     generatedAt: ISO string,
 *     window: { days: number, from: ISO string, to: ISO string },   // the audit log reviewed
 *     deployer: { login: string | null, source: "option" | "inferred" | "none" },
 *     githubIds: { source: "config" | "live" | "config+live" | "unknown",
 *                  ownerId: number | null, repositoryIds: { [repository]: number } },
 *     summary: { high: n, medium: n, low: n, info: n, exitCode: 0 | 1 },
 *     coverage: [{ section: "defaults"|"teams"|"stacks"|"environments"|"definitions"|"oidc"|"auditLog",
 *                  covered: boolean, message?: string }],
 *     findings: [{ severity: "high"|"medium"|"low"|"info", code: string (AUDIT_CODES),
 *                  subject: string, message: string, declared?: any, live?: any }],
 *                // sorted by severity, code, subject
 *     activity: [{ kind: "environment-open" | "stack-update", target: "project/name",
 *                  actor: string, actorKind: "human"|"team-token"|"organization-token"|
 *                  "deployments"|"unknown", count: n, first: ISO, last: ISO,
 *                  verdict: "pipeline" | "break-glass" | "violation" }]
 *   }
 *
 * New fields may be added; existing ones keep their meaning within a format version.
 */
import { Configuration, EscApi } from "@pulumi/esc-sdk";
import { AccessModel } from "../model/access";
import {
  ActivityRow,
  AuditFinding,
  compareAccess,
  CompareResult,
  LiveSnapshot,
  LiveTeam,
  Section,
} from "./compare";
import { Severity } from "../model/config";
import {
  attemptsNote,
  backoffDelay,
  describeFailure,
  networkReason,
  parseRetryAfter,
  PulumiCloudClient,
  PulumiCloudError,
  RetryPolicy,
} from "../cloud/client";

export const AUDIT_FORMAT_VERSION = 1;

export const SECTIONS: readonly Section[] = [
  "defaults",
  "teams",
  "stacks",
  "environments",
  "definitions",
  "oidc",
  "auditLog",
];

export interface AuditReport {
  readonly formatVersion: number;
  readonly organization: string;
  readonly stack: string;
  readonly generatedAt: string;
  readonly window: { days: number; from: string; to: string };
  readonly deployer: { login: string | null; source: CompareResult["deployer"]["source"] };
  readonly githubIds: {
    source: CompareResult["githubIds"]["source"];
    ownerId: number | null;
    repositoryIds: Record<string, number>;
  };
  readonly summary: Record<Severity, number> & { exitCode: 0 | 1 };
  readonly coverage: readonly { section: Section; covered: boolean; message?: string }[];
  readonly findings: readonly AuditFinding[];
  readonly activity: readonly ActivityRow[];
}

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

/** Reads everything the comparison needs. Throws `PulumiCloudError` (or `Error`) on failure. */
export async function readLiveSnapshot(
  cloud: PulumiCloudClient,
  esc: EscReader,
  model: AccessModel,
  opts: ReadOptions,
): Promise<LiveSnapshot> {
  const org = model.organization;
  const notCovered: { section: Section; message: string }[] = [];
  const section = async <T>(name: Section, fn: () => Promise<T>): Promise<T | undefined> => {
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

  const metadata = await section("defaults", () => cloud.getOrgMetadata(org));
  const defaults = metadata && {
    defaultStackPermission: metadata.defaultStackPermission,
    defaultEnvironmentPermission: metadata.defaultEnvironmentPermission,
    membersCanCreateStacks: metadata.membersCanCreateStacks,
    membersCanDeleteStacks: metadata.membersCanDeleteStacks,
    membersCanCreateTeams: metadata.membersCanCreateTeams,
    maxAccessTokenExpiryDays: metadata.maxAccessTokenExpiryDays ?? null,
  };

  const teams = await section("teams", async () => {
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
        return {
          name: t.name,
          kind: t.kind,
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
      });
  });

  const stacks = await section("stacks", async () =>
    (await cloud.listStacks(org))
      .filter((s) => s.orgName === undefined || s.orgName === org)
      .map((s) => ({ project: s.projectName, stack: s.stackName })),
  );

  const environments = await section("environments", () => esc.listEnvironments(org));

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

  const oidcIssuers = await section("oidc", async () => {
    const issuers = await cloud.listOidcIssuers(org);
    return pool(issuers, opts.concurrency ?? 4, async (i) => ({
      id: i.id,
      name: i.name,
      url: i.url,
      policies: (await cloud.getAuthPolicy(org, i.id)).policies ?? [],
    }));
  });

  const to = Math.floor(opts.now / 1000);
  const from = to - opts.days * 86400;
  let auditLog: LiveSnapshot["auditLog"];
  const features = metadata?.features;
  if (features && (features.auditLogsEnabled === false || metadata?.auditLogsEnabled === false))
    notCovered.push({
      section: "auditLog",
      message:
        "audit logs are not enabled for this organization (an Enterprise or Business Critical " +
        "feature): protected environment opens and updates were not reviewed",
    });
  else {
    const events = await section("auditLog", () =>
      cloud.listAuditLogEvents(org, { startTime: from, endTime: to }),
    );
    if (events) auditLog = { from, to, events };
  }

  return {
    organization: org,
    defaults,
    teams,
    stacks,
    environments,
    // Absent only when none could be read; a partial list is noted in notCovered.
    definitions: unreadable.length && definitions.length === 0 ? undefined : definitions,
    oidcIssuers,
    auditLog,
    notCovered,
  };
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

export interface AuditOptions extends ReadOptions {
  readonly stack: string;
  /** The bootstrap identity's login; undefined: inferred; null: none. */
  readonly deployer?: string | null;
}

/** Reads the live organization and compares it with the model. */
export async function auditOrganization(
  model: AccessModel,
  cloud: PulumiCloudClient,
  esc: EscReader,
  opts: AuditOptions,
): Promise<AuditReport> {
  const live = await readLiveSnapshot(cloud, esc, model, opts);
  return buildReport(model, live, opts);
}

/** The report of an already read snapshot. */
export function buildReport(
  model: AccessModel,
  live: LiveSnapshot,
  opts: AuditOptions,
): AuditReport {
  const pinnedRepos: Record<string, number> = {};
  for (const r of model.repositories) if (r.id !== undefined) pinnedRepos[r.name] = r.id;
  const result = compareAccess(model, live, {
    deployer: opts.deployer,
    pinnedIds: { ownerId: model.github.ownerId, repositoryIds: pinnedRepos },
  });
  const summary = { high: 0, medium: 0, low: 0, info: 0 };
  for (const f of result.findings) summary[f.severity]++;
  const to = Math.floor(opts.now / 1000);
  const from = live.auditLog?.from ?? to - opts.days * 86400;
  return {
    formatVersion: AUDIT_FORMAT_VERSION,
    organization: model.organization,
    stack: opts.stack,
    generatedAt: new Date(opts.now).toISOString(),
    window: {
      days: opts.days,
      from: new Date(from * 1000).toISOString(),
      to: new Date((live.auditLog?.to ?? to) * 1000).toISOString(),
    },
    deployer: { login: result.deployer.login ?? null, source: result.deployer.source },
    githubIds: {
      source: result.githubIds.source,
      ownerId: result.githubIds.ids?.ownerId ?? null,
      repositoryIds: { ...(result.githubIds.ids?.repositoryIds ?? {}) },
    },
    summary: { ...summary, exitCode: summary.high > 0 ? 1 : 0 },
    coverage: SECTIONS.map((section) => {
      const messages = live.notCovered.filter((n) => n.section === section).map((n) => n.message);
      const present =
        section === "defaults"
          ? live.defaults
          : section === "oidc"
            ? live.oidcIssuers
            : live[section as Exclude<Section, "defaults" | "oidc">];
      return {
        section,
        covered: present !== undefined && messages.length === 0,
        ...(messages.length ? { message: messages.join("; ") } : {}),
      };
    }),
    findings: result.findings,
    activity: result.activity,
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

export function renderJson(report: AuditReport): string {
  return JSON.stringify(report, null, 2);
}

const count = (r: AuditReport) =>
  `${r.summary.high} high, ${r.summary.medium} medium, ${r.summary.low} low, ${r.summary.info} info`;

export function renderText(r: AuditReport): string {
  const out: string[] = [];
  out.push(`secure-org audit: ${r.organization} (stack ${r.stack}) at ${r.generatedAt}`);
  out.push(`audit log reviewed: ${r.window.from} .. ${r.window.to} (${r.window.days} days)`);
  out.push(`findings: ${count(r)}`);
  out.push("");
  for (const f of r.findings) out.push(`[${f.severity}] ${f.code} ${f.subject}: ${f.message}`);
  const gaps = r.coverage.filter((c) => !c.covered);
  if (gaps.length) {
    out.push("");
    out.push("not covered:");
    for (const c of gaps) out.push(`  ${c.section}: ${c.message ?? "not read"}`);
  }
  if (r.activity.length) {
    out.push("");
    out.push("activity on protected resources:");
    for (const a of r.activity)
      out.push(
        `  ${a.kind} ${a.target} by ${a.actorKind} ${a.actor}: ${a.count}x, last ${a.last} (${a.verdict})`,
      );
  }
  out.push("");
  out.push(r.summary.exitCode ? "result: FAIL (high findings)" : "result: ok (no high findings)");
  return out.join("\n");
}

export function renderMarkdown(r: AuditReport): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const out: string[] = [];
  out.push(`## secure-org audit: ${r.organization} (stack ${r.stack})`);
  out.push("");
  out.push(
    `${r.summary.exitCode ? "**FAIL**" : "**ok**"}: ${count(r)}. Audit log reviewed from ` +
      `${r.window.from} to ${r.window.to} (${r.window.days} days).`,
  );
  out.push("");
  out.push("### Findings");
  out.push("");
  if (r.findings.length === 0) out.push("none");
  else {
    out.push("| severity | code | subject | finding |");
    out.push("| --- | --- | --- | --- |");
    for (const f of r.findings)
      out.push(`| ${f.severity} | ${f.code} | ${esc(f.subject)} | ${esc(f.message)} |`);
  }
  const gaps = r.coverage.filter((c) => !c.covered);
  if (gaps.length) {
    out.push("");
    out.push("### Not covered");
    out.push("");
    for (const c of gaps) out.push(`- ${c.section}: ${esc(c.message ?? "not read")}`);
  }
  if (r.activity.length) {
    out.push("");
    out.push("### Activity on protected resources");
    out.push("");
    out.push("| kind | target | actor | count | last | verdict |");
    out.push("| --- | --- | --- | --- | --- | --- |");
    for (const a of r.activity)
      out.push(
        `| ${a.kind} | ${esc(a.target)} | ${esc(`${a.actorKind} ${a.actor}`)} | ${a.count} | ${a.last} | ${a.verdict} |`,
      );
  }
  out.push("");
  return out.join("\n");
}
