/**
 * A small Pulumi Cloud REST client: the `OrgDefaults` dynamic provider and the audit command use it.
 *
 * What it takes care of:
 * - the headers every call needs (`Authorization: token …`, `Accept: application/vnd.pulumi+8`);
 * - errors that say what failed and what to do about it (401, 403 with the missing permission,
 *   404 with the path, the `X-Pulumi-Request-ID` when the service sends one);
 * - bounded retries: 429 always (the request was not processed), honouring `Retry-After`; 5xx and
 *   network errors only for idempotent requests, since retrying a POST could apply it twice;
 * - `continuationToken` pagination with a page bound.
 *
 * The access token never appears in an error, an error property or a log line: it is stored on a
 * non-enumerable property and redacted from anything the server sends back.
 *
 * This module is also captured by value by Pulumi's closure serializer (it runs inside the dynamic
 * provider host), so it avoids `#private` fields and class field initializers, which that
 * serializer cannot reproduce: classes are re-emitted as plain constructor functions.
 */

export interface RetryPolicy {
  /** Total tries, including the first. Default 5. */
  maxAttempts: number;
  /** Delay after the first failed try; it doubles on each further try. Default 1000 ms. */
  baseDelayMs: number;
  /** Upper bound for any single delay, including one asked for by `Retry-After`. Default 30 s. */
  maxDelayMs: number;
}

export interface ClientOptions {
  /** A Pulumi access token (`pul-…`). Never logged, never part of an error. */
  token: string;
  /** Default `https://api.pulumi.com`; a trailing slash is removed. */
  baseUrl?: string;
  retry?: Partial<RetryPolicy>;
  /** Waits between retries; tests inject one that records the delays. */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  /** Default `secure-org`. */
  userAgent?: string;
  /** Per-try timeout; a timeout counts as a network error. Default 60 s. */
  timeoutMs?: number;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Retry 5xx and network errors. Default: true for GET and HEAD only. */
  idempotent?: boolean;
  /** What the call does, in words, for error messages: "update organization settings". */
  operation?: string;
  /** The permission the call needs, for 403 messages: "organization admin". */
  requires?: string;
}

export interface PaginateOptions {
  query?: Record<string, string | number | undefined>;
  /** Query parameter that carries the token back. Default `continuationToken`. */
  tokenParam?: string;
  /** Response key holding the next token: `continuationToken` (default) or ESC's `nextToken`. */
  tokenKey?: string;
  /** Fail (rather than silently truncate) when more pages remain after this many. Default 100. */
  maxPages?: number;
  operation?: string;
  requires?: string;
}

export const DEFAULT_BASE_URL = "https://api.pulumi.com";
export const API_ACCEPT = "application/vnd.pulumi+8";
export const DEFAULT_USER_AGENT = "secure-org";
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30000 };

/** `GET /api/orgs/{org}/metadata` (and the `PATCH /api/orgs/{org}` response). Fields we use. */
export interface OrganizationMetadata {
  id?: string;
  kind?: string;
  /** The caller's role in the organization. */
  userRole?: string;
  /** 0 none, 101 read, 102 write, 103 admin, 104 creator. */
  defaultStackPermission: number;
  defaultEnvironmentPermission: string;
  membersCanCreateStacks: boolean;
  membersCanDeleteStacks: boolean;
  membersCanTransferStacks?: boolean;
  membersCanCreateTeams: boolean;
  /** Absent or null: no token expiry policy. */
  maxAccessTokenExpiryDays?: number | null;
  features?: Record<string, boolean | undefined>;
  [key: string]: unknown;
}

/** A member of a team (`GET /api/orgs/{org}/teams/{team}`). */
export interface TeamMember {
  name: string;
  /** The user's login (not necessarily a GitHub login). */
  githubLogin: string;
  avatarUrl?: string;
  email?: string;
  /** The member's role on the team. */
  role?: "none" | "member" | "admin" | string;
}

/** A team's stack grant. 0 none, 101 read, 102 write, 103 admin, 104 creator. */
export interface TeamStackPermission {
  projectName: string;
  stackName: string;
  permission: number;
  permissionSetName?: string;
}

/** A team's ESC environment grant. `maxOpenDuration` is a Go duration ("1h0m0s"). */
export interface TeamEnvironmentPermission {
  projectName: string;
  envName: string;
  permission: "none" | "read" | "open" | "write" | "admin" | string;
  maxOpenDuration?: string;
  permissionSetName?: string;
}

/** `GET /api/orgs/{org}/teams/{team}`; list entries may carry only part of it. */
export interface Team {
  kind: "github" | "pulumi" | "scim" | string;
  name: string;
  displayName?: string;
  description?: string;
  userRole?: string;
  members?: TeamMember[];
  stacks?: TeamStackPermission[];
  environments?: TeamEnvironmentPermission[];
  roleIds?: string[];
  /** Set when the service could not list the members (e.g. the GitHub backend is unreachable). */
  listMembersError?: string;
}

/** `GET /api/orgs/{org}/oidc/issuers` entries. */
export interface OidcIssuer {
  id: string;
  name: string;
  url: string;
  issuer?: string;
  thumbprints?: string[];
  maxExpiration?: number;
  created?: string;
  modified?: string;
  lastUsed?: string;
}

/** One policy of an issuer (`AuthPolicy.policies[]`). `rules` values are glob-like strings. */
export interface AuthPolicyDefinition {
  decision: "allow" | "deny" | string;
  tokenType: "organization" | "team" | "personal" | "runner" | string;
  teamName?: string;
  userLogin?: string;
  runnerID?: string;
  roleID?: string;
  authorizedPermissions?: string[] | null;
  rules: Record<string, string>;
}

/** `GET /api/orgs/{org}/auth/policies/oidcissuers/{issuerId}`. `id` is the policy id. */
export interface AuthPolicy {
  id: string;
  version?: number;
  created?: string;
  modified?: string;
  policies: AuthPolicyDefinition[];
}

/** An audit log event (V1 and V2). `timestamp` is unix seconds. */
export interface AuditLogEvent {
  timestamp: number;
  sourceIP?: string;
  /** The event id (`environment-open`) or, per older docs, its display name (`Environment Open`). */
  event: string;
  description: string;
  user?: { name?: string; githubLogin?: string; avatarUrl?: string; email?: string };
  tokenID?: string;
  tokenName?: string;
  /** A non-human actor (a team or organization token, a deployment), when the service names one. */
  actorName?: string;
  actorUrn?: string;
  reqOrgAdmin?: boolean;
  reqStackAdmin?: boolean;
  authFailure?: boolean;
}

/** `GET /api/user/stacks` entries. `lastUpdate` is unix seconds. */
export interface StackSummary {
  id?: string;
  orgName: string;
  projectName: string;
  stackName: string;
  lastUpdate?: number;
  resourceCount?: number;
}

/** What the audit calls need, for 403 messages (⚠️ Pulumi does not document most of these). */
export const REQUIRES = {
  teams:
    "an organization member's rights (organization admins, members and team tokens, which carry " +
    "the org's default member rights, can list teams)",
  oidc: "organization admin (reading OIDC issuers and their authorization policies)",
  auditLogs:
    "the audit_logs:read permission (organization admin by default; audit logs need the " +
    "Enterprise or Business Critical edition)",
  stacks: "organization membership",
} as const;

/** `PATCH /api/orgs/{org}` body: every field optional, absent fields are left as they are. */
export interface UpdateOrganizationRequest {
  setDefaultStackPermission?: number;
  setDefaultEnvironmentPermission?: string;
  setMembersCanCreateStacks?: boolean;
  setMembersCanDeleteStacks?: boolean;
  setMembersCanTransferStacks?: boolean;
  setMembersCanCreateTeams?: boolean;
  /** 0 clears the policy. */
  setMaxAccessTokenExpiryDays?: number;
}

export class PulumiCloudError extends Error {
  /** HTTP status; 0 for a network error or a timeout. */
  declare status: number;
  declare method: string;
  /** Request path without the query string. */
  declare path: string;
  declare requestId?: string;
  /** The parsed error body (`{code, message}`) or its text, with the token redacted. */
  declare body?: unknown;
  /** How many tries were made. */
  declare attempts: number;

  constructor(
    message: string,
    details: {
      status: number;
      method: string;
      path: string;
      attempts: number;
      requestId?: string;
      body?: unknown;
    },
  ) {
    super(message);
    // Set explicitly: once serialized for the dynamic provider this class becomes a plain
    // function, and `Error.call(this, message)` does not initialise `this`.
    this.message = message;
    this.name = "PulumiCloudError";
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.body !== undefined) this.body = details.body;
    if (!this.stack) Error.captureStackTrace?.(this, PulumiCloudError);
  }
}

/**
 * Builds a path with every interpolated value URL-encoded as one segment:
 * `apiPath\`/api/orgs/${org}/teams/${team}\``.
 */
export function apiPath(strings: TemplateStringsArray, ...segments: (string | number)[]): string {
  let out = strings[0];
  segments.forEach((s, i) => {
    out += encodeURIComponent(String(s)) + strings[i + 1];
  });
  return out;
}

/** Parses `Retry-After` (delta-seconds or HTTP-date) into milliseconds; undefined if unusable. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Delay before try `failedAttempt + 1`: base * 2^(failedAttempt - 1), capped. */
export function backoffDelay(failedAttempt: number, policy: RetryPolicy): number {
  return Math.min(policy.baseDelayMs * 2 ** (failedAttempt - 1), policy.maxDelayMs);
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

const MIN_REDACTED_TOKEN_LENGTH = 6;

export class PulumiCloudClient {
  declare private readonly token: string;
  declare readonly baseUrl: string;
  declare readonly retry: RetryPolicy;
  declare private readonly sleepFn: (ms: number) => Promise<void>;
  declare private readonly fetchFn?: typeof fetch;
  declare private readonly userAgent: string;
  declare private readonly timeoutMs: number;

  constructor(opts: ClientOptions) {
    if (typeof opts.token !== "string" || opts.token.length === 0)
      throw new Error("a Pulumi access token is required (set PULUMI_ACCESS_TOKEN)");
    if (/[^\x21-\x7e]/.test(opts.token))
      // Checked here because fetch would reject the header with the value in its message.
      throw new Error(
        "the Pulumi access token contains whitespace or non-printable characters; " +
          "check how PULUMI_ACCESS_TOKEN is set (the token is not shown)",
      );
    // Non-enumerable: JSON.stringify, console.log and util.inspect do not show it.
    Object.defineProperty(this, "token", { value: opts.token, enumerable: false });
    this.baseUrl = normalizeBaseUrl(opts.baseUrl ?? DEFAULT_BASE_URL);
    const retry = { ...DEFAULT_RETRY, ...definedOnly(opts.retry ?? {}) };
    if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1)
      throw new Error(`retry.maxAttempts must be an integer >= 1, got ${retry.maxAttempts}`);
    if (retry.baseDelayMs < 0 || retry.maxDelayMs < 0)
      throw new Error("retry delays must not be negative");
    this.retry = retry;
    this.sleepFn = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    if (opts.fetch) this.fetchFn = opts.fetch;
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    this.timeoutMs = opts.timeoutMs ?? 60000;
  }

  /**
   * A client from `PULUMI_ACCESS_TOKEN` and (optionally) `PULUMI_BACKEND_URL`, read when called.
   */
  static fromEnv(
    env: NodeJS.ProcessEnv = process.env,
    opts: Partial<ClientOptions> = {},
  ): PulumiCloudClient {
    const token = (env.PULUMI_ACCESS_TOKEN ?? "").trim();
    if (!token)
      throw new Error(
        "PULUMI_ACCESS_TOKEN is not set: create an access token in Pulumi Cloud " +
          "(https://app.pulumi.com/account/tokens, or an organization token) and export it as " +
          "PULUMI_ACCESS_TOKEN",
      );
    const backend = (env.PULUMI_BACKEND_URL ?? "").trim();
    if (backend && !/^https?:\/\//i.test(backend))
      throw new Error(
        // Only the scheme: a DIY backend URL can carry credentials of its own.
        `PULUMI_BACKEND_URL points at a "${backend.split(":")[0]}:" backend, not a Pulumi Cloud ` +
          "API URL: organization settings need Pulumi Cloud (https://api.pulumi.com or a " +
          "self-hosted API URL)",
      );
    return new PulumiCloudClient({
      ...opts,
      token: opts.token ?? token,
      baseUrl: opts.baseUrl ?? (backend || undefined),
    });
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const verb = method.toUpperCase();
    if (!path.startsWith("/")) throw new Error(`request path must start with "/": ${path}`);
    const idempotent = opts.idempotent ?? (verb === "GET" || verb === "HEAD");
    const url = this.baseUrl + path + queryString(opts.query);
    const headers: Record<string, string> = {
      Authorization: `token ${this.token}`,
      Accept: API_ACCEPT,
      "User-Agent": this.userAgent,
      "X-Pulumi-Source": DEFAULT_USER_AGENT,
    };
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    const doFetch = this.fetchFn ?? fetch;
    const where = `${verb} ${path}`;
    const fail = (message: string, status: number, attempts: number, res?: Response) => {
      const requestId = res?.headers.get("x-pulumi-request-id") ?? undefined;
      return new PulumiCloudError(
        this.redact(message + (requestId ? ` (request id ${requestId})` : "")),
        { status, method: verb, path, attempts, requestId },
      );
    };

    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.retry.maxAttempts;
      let res: Response;
      let text: string;
      try {
        res = await doFetch(url, {
          method: verb,
          headers,
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await res.text();
      } catch (err) {
        if (idempotent && !last) {
          await this.sleepFn(backoffDelay(attempt, this.retry));
          continue;
        }
        throw fail(
          `network error on ${where}${opts.operation ? ` (${opts.operation})` : ""} to ` +
            `${new URL(this.baseUrl).host}: ${networkReason(err)}; ` +
            attemptsNote(attempt, idempotent, verb) +
            ". Check the network and PULUMI_BACKEND_URL",
          0,
          attempt,
        );
      }

      if (res.ok) {
        if (text.trim() === "") return undefined as T;
        try {
          return JSON.parse(text) as T;
        } catch {
          throw fail(
            `${where} returned ${res.status} with a body that is not JSON`,
            res.status,
            attempt,
            res,
          );
        }
      }

      const retryable = res.status === 429 || (res.status >= 500 && idempotent);
      if (retryable && !last) {
        const asked = parseRetryAfter(res.headers.get("retry-after"));
        const delay =
          asked !== undefined
            ? Math.min(asked, this.retry.maxDelayMs)
            : backoffDelay(attempt, this.retry);
        await this.sleepFn(delay);
        continue;
      }

      const parsed = parseErrorBody(text);
      let message = describeFailure(res.status, verb, path, parsed.message, opts);
      if (res.status === 429 || res.status >= 500)
        message += `; ${attemptsNote(attempt, retryable, verb)}`;
      const err = fail(message, res.status, attempt, res);
      if (parsed.body !== undefined) err.body = this.redactDeep(parsed.body);
      throw err;
    }
  }

  /**
   * Follows `continuationToken` (or `nextToken`) until it is absent or empty, concatenating
   * `response[itemsKey]`. Throws rather than truncating when `maxPages` is reached.
   */
  async paginate<T>(path: string, itemsKey: string, opts: PaginateOptions = {}): Promise<T[]> {
    const tokenParam = opts.tokenParam ?? "continuationToken";
    const tokenKey = opts.tokenKey ?? "continuationToken";
    const maxPages = opts.maxPages ?? 100;
    const items: T[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    for (let page = 1; ; page++) {
      const res = await this.request<Record<string, unknown> | undefined>("GET", path, {
        query: { ...opts.query, [tokenParam]: token },
        operation: opts.operation,
        requires: opts.requires,
      });
      const pageItems = res?.[itemsKey];
      if (pageItems !== undefined && pageItems !== null && !Array.isArray(pageItems))
        throw new Error(`GET ${path}: expected "${itemsKey}" to be a list on page ${page}`);
      items.push(...((pageItems ?? []) as T[]));
      const next = res?.[tokenKey];
      if (typeof next !== "string" || next === "") return items;
      if (seen.has(next))
        throw new Error(`GET ${path}: the service returned the same ${tokenKey} twice; stopping`);
      seen.add(next);
      if (page >= maxPages)
        throw new Error(
          `GET ${path}: more than ${maxPages} pages of "${itemsKey}"; stopped rather than ` +
            "return a partial list (raise maxPages)",
        );
      token = next;
    }
  }

  getOrgMetadata(org: string): Promise<OrganizationMetadata> {
    return this.request<OrganizationMetadata>("GET", apiPath`/api/orgs/${org}/metadata`, {
      operation: "read organization settings",
    });
  }

  /**
   * `GET /api/orgs/{org}/teams`: every team, in one response (no pagination). Entries may not
   * carry members and grants; `getTeam` returns them.
   */
  async listTeams(org: string): Promise<Team[]> {
    const res = await this.request<{ teams?: Team[] | null } | undefined>(
      "GET",
      apiPath`/api/orgs/${org}/teams`,
      { operation: "list teams", requires: REQUIRES.teams },
    );
    return res?.teams ?? [];
  }

  /** `GET /api/orgs/{org}/teams/{team}`: members, stack and environment permissions. */
  getTeam(org: string, team: string): Promise<Team> {
    return this.request<Team>("GET", apiPath`/api/orgs/${org}/teams/${team}`, {
      operation: `read team ${team}`,
      requires: REQUIRES.teams,
    });
  }

  /** `GET /api/orgs/{org}/oidc/issuers` (no pagination). */
  async listOidcIssuers(org: string): Promise<OidcIssuer[]> {
    const res = await this.request<{ oidcIssuers?: OidcIssuer[] | null } | undefined>(
      "GET",
      apiPath`/api/orgs/${org}/oidc/issuers`,
      { operation: "list OIDC issuers", requires: REQUIRES.oidc },
    );
    return res?.oidcIssuers ?? [];
  }

  /** `GET /api/orgs/{org}/auth/policies/oidcissuers/{issuerId}`: the issuer's policies. */
  getAuthPolicy(org: string, issuerId: string): Promise<AuthPolicy> {
    return this.request<AuthPolicy>(
      "GET",
      apiPath`/api/orgs/${org}/auth/policies/oidcissuers/${issuerId}`,
      { operation: `read the policies of OIDC issuer ${issuerId}`, requires: REQUIRES.oidc },
    );
  }

  /**
   * `GET /api/orgs/{org}/auditlogs/v2`: every event in [startTime, endTime] (unix seconds; V2 reads
   * `startTime` as the lower bound), following `continuationToken`. `eventFilter` is sent as is;
   * the service's accepted values are not documented precisely, so filter the result as well.
   */
  listAuditLogEvents(
    org: string,
    opts: { startTime: number; endTime: number; eventFilter?: string; maxPages?: number },
  ): Promise<AuditLogEvent[]> {
    return this.paginate<AuditLogEvent>(apiPath`/api/orgs/${org}/auditlogs/v2`, "auditLogEvents", {
      query: {
        startTime: Math.floor(opts.startTime),
        endTime: Math.floor(opts.endTime),
        eventFilter: opts.eventFilter,
      },
      maxPages: opts.maxPages ?? 500,
      operation: "read the audit log",
      requires: REQUIRES.auditLogs,
    });
  }

  /**
   * `GET /api/user/stacks?organization={org}`: the org's stacks visible to the token's identity
   * (a team token sees only stacks its team has a permission on), following `continuationToken`.
   */
  listStacks(
    org: string,
    opts: { project?: string; maxPages?: number } = {},
  ): Promise<StackSummary[]> {
    return this.paginate<StackSummary>("/api/user/stacks", "stacks", {
      query: { organization: org, project: opts.project },
      maxPages: opts.maxPages ?? 200,
      operation: "list stacks",
      requires: REQUIRES.stacks,
    });
  }

  /**
   * `PATCH /api/orgs/{org}`. Retried on 5xx: it sets absolute values, so applying it twice has the
   * same effect as once (apart from a second audit event).
   */
  updateOrgSettings(org: string, body: UpdateOrganizationRequest): Promise<OrganizationMetadata> {
    return this.request<OrganizationMetadata>("PATCH", apiPath`/api/orgs/${org}`, {
      body,
      idempotent: true,
      operation: "update organization settings",
      requires: "organization admin",
    });
  }

  private redact(text: string): string {
    const t = this.token;
    if (!t || t.length < MIN_REDACTED_TOKEN_LENGTH) return text;
    return text.split(t).join("[redacted]");
  }

  private redactDeep(value: unknown): unknown {
    if (typeof value === "string") return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v));
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.redactDeep(v);
      return out;
    }
    return value;
  }
}

function normalizeBaseUrl(raw: string): string {
  const trimmed = raw.trim().replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new Error(`Pulumi Cloud base URL "${raw}" is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`Pulumi Cloud base URL "${raw}" must use https:// (or http:// for tests)`);
  if (url.username || url.password)
    throw new Error("Pulumi Cloud base URL must not contain credentials");
  return trimmed;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function queryString(query: RequestOptions["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

function parseErrorBody(text: string): { message?: string; body?: unknown } {
  if (text.trim() === "") return {};
  try {
    const body: unknown = JSON.parse(text);
    if (body !== null && typeof body === "object") {
      const m = (body as { message?: unknown }).message;
      return { message: typeof m === "string" && m ? m : undefined, body };
    }
    return { message: text.trim(), body: text };
  } catch {
    // Some edge responses (a router's 404, a proxy's 502) are plain text.
    return { message: text.trim().slice(0, 500), body: text };
  }
}

/** The message of a failed call (also used for the ESC SDK's errors, see audit/audit.ts). */
export function describeFailure(
  status: number,
  verb: string,
  path: string,
  serverMessage: string | undefined,
  opts: RequestOptions,
): string {
  const where = `${verb} ${path}`;
  const op = opts.operation;
  // The server's own words, without a final period (ours follow).
  const said = serverMessage ? `: ${serverMessage.replace(/[.\s]+$/, "")}` : "";
  switch (status) {
    case 401:
      return (
        `unauthorized: Pulumi Cloud rejected PULUMI_ACCESS_TOKEN` +
        `${op ? ` trying to ${op}` : ""} (401 on ${where})${said}. ` +
        "The token is missing, expired or revoked: create a new access token in Pulumi Cloud " +
        "(https://app.pulumi.com/account/tokens, or an organization token) and set PULUMI_ACCESS_TOKEN"
      );
    case 403: {
      const needs = opts.requires
        ? `${op ?? where} needs ${opts.requires}`
        : `the token's identity is not allowed to ${op ?? `call ${where}`}`;
      return (
        `forbidden: ${needs}${op ? ` (${where})` : ""}${said}. ` +
        "Use a token of an identity that has this permission"
      );
    }
    case 404:
      return (
        `not found: ${where}${op ? ` (${op})` : ""}${said}. Check the organization and resource ` +
        "names, and that the token's identity can see them"
      );
    case 429:
      return `rate limited: Pulumi Cloud answered 429 Too Many Requests to ${where}${said}`;
    default: {
      const text = STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : "";
      const kind = status >= 500 ? "Pulumi Cloud server error" : "Pulumi Cloud refused";
      return `${kind} ${status}${text} on ${where}${op ? ` (${op})` : ""}${said}`;
    }
  }
}

/** How many tries were made, and why no more were. */
export function attemptsNote(attempt: number, retryable: boolean, verb: string): string {
  const tries = `${attempt} attempt${attempt === 1 ? "" : "s"}`;
  return retryable
    ? `gave up after ${tries}`
    : `gave up after ${tries} (not retried: ${verb} is not idempotent)`;
}

export function networkReason(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === "TimeoutError" || err.name === "AbortError") return "timed out";
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code;
      return typeof code === "string" ? `${code} (${cause.message})` : cause.message;
    }
    return err.message;
  }
  return String(err);
}
