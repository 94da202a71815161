/**
 * A local stand-in for the Pulumi Cloud API: a node:http server on 127.0.0.1 (port 0) that records
 * every request and answers from a script. What it cannot prove: that api.pulumi.com answers the
 * same way (status codes, bodies and headers here come from docs/reference/pulumi-cloud-rest.md).
 */
import http from "node:http";
import { AddressInfo } from "node:net";
import { inspect } from "node:util";
import assert from "node:assert/strict";

export interface RecordedRequest {
  method: string;
  /** Path without the query string, as sent (still percent-encoded). */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, the raw text if it is not JSON, undefined if empty. */
  body: unknown;
}

export interface MockResponse {
  status: number;
  /** An object is sent as JSON; a string as text/plain. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
}

/** "destroy" closes the socket without an answer (a network error for the client). */
export type Responder = (req: RecordedRequest) => MockResponse | "destroy";

export class MockCloud {
  readonly requests: RecordedRequest[] = [];
  private server?: http.Server;
  private responder: Responder = () => ({ status: 500, body: { code: 500, message: "no script" } });
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        if (text) {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        }
        const u = new URL(req.url ?? "/", "http://127.0.0.1");
        const recorded: RecordedRequest = {
          method: req.method ?? "",
          path: u.pathname,
          query: Object.fromEntries(u.searchParams),
          headers: req.headers,
          body,
        };
        this.requests.push(recorded);
        const answer = this.responder(recorded);
        if (answer === "destroy") {
          req.socket.destroy();
          return;
        }
        const send = () => {
          const headers: Record<string, string> = { ...answer.headers };
          let payload = "";
          if (typeof answer.body === "string") {
            payload = answer.body;
            headers["Content-Type"] ??= "text/plain";
          } else if (answer.body !== undefined) {
            payload = JSON.stringify(answer.body);
            headers["Content-Type"] ??= "application/json";
          }
          res.writeHead(answer.status, headers);
          res.end(payload);
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
    // Idle kept-alive sockets are closed after 30 s (Node's default: 5 s). The server announces it
    // (`Keep-Alive: timeout=30`) and undici then keeps a socket idle for 2 s less, but a process
    // that stalls (load, a long synchronous step) can still write a request on a socket the
    // server has just closed: the client retries it and the server never sees the first try.
    // The clients count only answered tries (cloud/client.ts `requestsAnswered`), so the counts
    // test/audit/requests.spec.ts compares agree either way; `closeIdle` forces that case.
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Closes every idle kept-alive socket now, as the server does when its keep-alive timeout runs
   * out. A request the client writes on one before it notices (in the same turn of the event loop)
   * is reset without reaching the server.
   */
  closeIdle(): void {
    this.server?.closeIdleConnections();
  }

  /** Answers every request with `responder`. */
  respond(responder: Responder): this {
    this.responder = responder;
    return this;
  }

  /** Answers the next requests in order; the last answer repeats. */
  script(...answers: (MockResponse | "destroy")[]): this {
    let i = 0;
    return this.respond(() => answers[Math.min(i++, answers.length - 1)]);
  }

  reset(): this {
    this.requests.length = 0;
    return this;
  }

  /** `["GET /api/orgs/acme/metadata", "PATCH /api/orgs/acme"]` */
  calls(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }
}

/** Awaits a rejection and checks that the token appears nowhere in the error. */
export async function rejection(promise: Promise<unknown>, token: string): Promise<Error> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error, "expected the promise to reject with an Error");
  assertNoToken(error, token);
  return error;
}

export function assertNoToken(error: Error, token: string): void {
  const views = [
    error.message,
    error.stack ?? "",
    JSON.stringify(error),
    JSON.stringify(Object.getOwnPropertyDescriptors(error), (_k, v: unknown) =>
      typeof v === "function" ? String(v) : v,
    ),
    inspect(error, { depth: 10, showHidden: true }),
  ];
  for (const view of views) assert.ok(!view.includes(token), `token leaked into: ${view}`);
}

/** Records delays instead of sleeping. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}
