/**
 * How a failed Pulumi Cloud call is reported: `PulumiCloudError` (status, method, path, request
 * id, tries) and the messages that say what failed and what to do about it. The access token never
 * appears here: the client redacts it before building an error.
 *
 * Captured by value by Pulumi's closure serializer along with the client (see cloud/client.ts):
 * no `#private` fields, no class field initializers.
 */
import type { RequestOptions } from "./types";

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

export function parseErrorBody(text: string): { message?: string; body?: unknown } {
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
