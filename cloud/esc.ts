/**
 * ESC through `@pulumi/esc-sdk`: the environment list and definitions, for the audit and adopt.
 */
import { Configuration, EscApi } from "@pulumi/esc-sdk";
import {
  attemptsNote,
  backoffDelay,
  describeFailure,
  networkReason,
  parseRetryAfter,
  PulumiCloudError,
  RetryPolicy,
} from "./client";

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
  ): Promise<{ project: string; name: string; id?: string }[]> {
    const out: { project: string; name: string; id?: string }[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    const path = `/api/esc/environments/${encodeURIComponent(org)}`;
    for (let page = 1; ; page++) {
      const res = await this.call(path, "list ESC environments", undefined, () =>
        this.api.listEnvironments(org, token),
      );
      for (const e of res?.environments ?? []) {
        // `id` is required by the spec's `OrgEnvironment`; the SDK's type omits it.
        const id = (e as { id?: unknown }).id;
        out.push({
          project: e.project ?? "default",
          name: e.name,
          ...(typeof id === "string" && id ? { id } : {}),
        });
      }
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

  /** HTTP requests the service answered, with any status (as `PulumiCloudClient.requestsAnswered`). */
  requestsAnswered = 0;

  /** Tries that got no answer (as `PulumiCloudClient.requestsUnanswered`). */
  requestsUnanswered = 0;

  private async call<T>(
    path: string,
    operation: string,
    requires: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    const { retry, sleep } = this.opts;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= retry.maxAttempts;
      let value: T;
      try {
        value = await fn();
      } catch (raw) {
        const err = raw as AxiosLikeError;
        const status = err?.response?.status;
        if (status === undefined) {
          if (!err?.isAxiosError) throw raw;
          this.requestsUnanswered++;
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
        this.requestsAnswered++;
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
      this.requestsAnswered++;
      return value;
    }
  }

  private redact(text: string): string {
    return this.token.length >= 6 ? text.split(this.token).join("[redacted]") : text;
  }
}
