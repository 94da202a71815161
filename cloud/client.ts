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
import {
  attemptsNote,
  describeFailure,
  networkReason,
  parseErrorBody,
  PulumiCloudError,
} from "./errors";
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, RetryPolicy } from "./retry";
import {
  AuditLogEvent,
  AuthPolicy,
  CustomRole,
  OidcIssuer,
  OrganizationMember,
  OrganizationMetadata,
  PaginateOptions,
  PolicyGroup,
  PolicyGroupSummary,
  REQUIRES,
  RequestOptions,
  StackSummary,
  Team,
  UpdateOrganizationRequest,
} from "./types";

// Everything this module exported before it was split, so `from "../cloud/client"` keeps working.
export * from "./types";
export * from "./retry";
export { attemptsNote, describeFailure, networkReason, PulumiCloudError } from "./errors";

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

export const DEFAULT_BASE_URL = "https://api.pulumi.com";
export const API_ACCEPT = "application/vnd.pulumi+8";
export const DEFAULT_USER_AGENT = "secure-org";

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

const MIN_REDACTED_TOKEN_LENGTH = 6;

/** A request as all its attempts send it. */
interface PreparedCall {
  readonly verb: string;
  readonly path: string;
  readonly opts: RequestOptions;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly idempotent: boolean;
  /** `GET /api/...`, for messages. */
  readonly where: string;
}

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

  /**
   * HTTP requests the service answered so far, with any status: a retry after a 429 or a 5xx
   * counts, since the service saw and answered each try (the audit prints this count per run).
   */
  requestsAnswered = 0;

  /**
   * Tries that got no answer (the connection failed, was reset or closed before a status line
   * arrived, or the try timed out), retried or not. They are not in `requestsAnswered`: the client
   * cannot tell whether the service saw them, and the commonest, a request written on a kept-alive
   * connection the server had just closed as idle, never reached it.
   */
  requestsUnanswered = 0;

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const call = this.prepare(method, path, opts);
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt<T>(call, attempt);
      if (outcome.done) return outcome.value;
      await this.sleepFn(outcome.delayMs);
    }
  }

  /** Everything a call needs, computed once for all its attempts. */
  private prepare(method: string, path: string, opts: RequestOptions): PreparedCall {
    const verb = method.toUpperCase();
    if (!path.startsWith("/")) throw new Error(`request path must start with "/": ${path}`);
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
    return {
      verb,
      path,
      opts,
      url: this.baseUrl + path + queryString(opts.query),
      headers,
      body,
      idempotent: opts.idempotent ?? (verb === "GET" || verb === "HEAD"),
      where: `${verb} ${path}`,
    };
  }

  private fail(
    call: PreparedCall,
    message: string,
    status: number,
    attempts: number,
    res?: Response,
  ): PulumiCloudError {
    const requestId = res?.headers.get("x-pulumi-request-id") ?? undefined;
    return new PulumiCloudError(
      this.redact(message + (requestId ? ` (request id ${requestId})` : "")),
      { status, method: call.verb, path: call.path, attempts, requestId },
    );
  }

  /** One attempt: the parsed answer, a delay before the next attempt, or a thrown error. */
  private async attempt<T>(
    call: PreparedCall,
    attempt: number,
  ): Promise<{ done: true; value: T } | { done: false; delayMs: number }> {
    const last = attempt >= this.retry.maxAttempts;
    let res: Response | undefined;
    let text: string;
    try {
      res = await (this.fetchFn ?? fetch)(call.url, {
        method: call.verb,
        headers: call.headers,
        body: call.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // A status line arrived: the service saw this try, even if reading the body fails below.
      this.requestsAnswered++;
      text = await res.text();
    } catch (err) {
      if (res === undefined) this.requestsUnanswered++;
      if (call.idempotent && !last)
        return { done: false, delayMs: backoffDelay(attempt, this.retry) };
      throw this.fail(
        call,
        `network error on ${call.where}${call.opts.operation ? ` (${call.opts.operation})` : ""} to ` +
          `${new URL(this.baseUrl).host}: ${networkReason(err)}; ` +
          attemptsNote(attempt, call.idempotent, call.verb) +
          ". Check the network and PULUMI_BACKEND_URL",
        0,
        attempt,
      );
    }
    if (res.ok) return { done: true, value: this.parseOk<T>(call, res, text, attempt) };
    const retryable = res.status === 429 || (res.status >= 500 && call.idempotent);
    if (retryable && !last) {
      const asked = parseRetryAfter(res.headers.get("retry-after"));
      return {
        done: false,
        delayMs:
          asked !== undefined
            ? Math.min(asked, this.retry.maxDelayMs)
            : backoffDelay(attempt, this.retry),
      };
    }
    const parsed = parseErrorBody(text);
    let message = describeFailure(res.status, call.verb, call.path, parsed.message, call.opts);
    if (res.status === 429 || res.status >= 500)
      message += `; ${attemptsNote(attempt, retryable, call.verb)}`;
    const err = this.fail(call, message, res.status, attempt, res);
    if (parsed.body !== undefined) err.body = this.redactDeep(parsed.body);
    throw err;
  }

  /** A 2xx answer: JSON, or undefined when empty. */
  private parseOk<T>(call: PreparedCall, res: Response, text: string, attempt: number): T {
    if (text.trim() === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw this.fail(
        call,
        `${call.where} returned ${res.status} with a body that is not JSON`,
        res.status,
        attempt,
        res,
      );
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
   * `GET /api/orgs/{org}/members`: every member with their role, following `continuationToken`
   * (the spec's only paging parameter). `type` is not sent: the service default.
   */
  listOrgMembers(org: string, opts: { maxPages?: number } = {}): Promise<OrganizationMember[]> {
    return this.paginate<OrganizationMember>(apiPath`/api/orgs/${org}/members`, "members", {
      maxPages: opts.maxPages ?? 200,
      operation: "list organization members",
      requires: REQUIRES.members,
    });
  }

  /**
   * `GET /api/orgs/{org}/roles?uxPurpose=role`: the custom roles (`uxPurpose` is required; `role`
   * is the purpose of the roles `OrganizationRole` creates and of those made in the console).
   */
  async listRoles(org: string): Promise<CustomRole[]> {
    const res = await this.request<{ roles?: CustomRole[] | null } | undefined>(
      "GET",
      apiPath`/api/orgs/${org}/roles`,
      { query: { uxPurpose: "role" }, operation: "list custom roles", requires: REQUIRES.roles },
    );
    return res?.roles ?? [];
  }

  /** `GET /api/orgs/{org}/teams/{team}/roles`: the custom roles assigned to a team. */
  async listTeamRoles(org: string, team: string): Promise<CustomRole[]> {
    const res = await this.request<{ roles?: CustomRole[] | null } | undefined>(
      "GET",
      apiPath`/api/orgs/${org}/teams/${team}/roles`,
      { operation: `list the roles of team ${team}`, requires: REQUIRES.roles },
    );
    return res?.roles ?? [];
  }

  /** `GET /api/orgs/{org}/policygroups`: every policy group, summarized (no pagination). */
  async listPolicyGroups(org: string): Promise<PolicyGroupSummary[]> {
    const res = await this.request<{ policyGroups?: PolicyGroupSummary[] | null } | undefined>(
      "GET",
      apiPath`/api/orgs/${org}/policygroups`,
      { operation: "list policy groups", requires: REQUIRES.policyGroups },
    );
    return res?.policyGroups ?? [];
  }

  /** `GET /api/orgs/{org}/policygroups/{policyGroup}`: its stacks and applied policy packs. */
  getPolicyGroup(org: string, group: string): Promise<PolicyGroup> {
    return this.request<PolicyGroup>("GET", apiPath`/api/orgs/${org}/policygroups/${group}`, {
      operation: `read policy group ${group}`,
      requires: REQUIRES.policyGroups,
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
