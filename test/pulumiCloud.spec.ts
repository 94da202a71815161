/**
 * The REST client against a local HTTP server: exact requests, error messages, retries, pagination,
 * and that the token never leaks. Not proven here: how api.pulumi.com really answers (status codes,
 * Retry-After, error bodies follow docs/reference/pulumi-cloud-rest.md, not the live service).
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  apiPath,
  backoffDelay,
  parseRetryAfter,
  PulumiCloudClient,
  PulumiCloudError,
} from "../cloud";
import { EscReader } from "../cloud/esc";
import { MockCloud, recordingSleep, rejection } from "./support/mockCloud";

const TOKEN = "pul-0123456789abcdef0123456789abcdef01234567";

describe("PulumiCloudClient", () => {
  const cloud = new MockCloud();
  let rec: ReturnType<typeof recordingSleep>;

  before(async () => {
    await cloud.start();
  });
  after(async () => {
    await cloud.stop();
  });
  beforeEach(() => {
    cloud.reset();
    rec = recordingSleep();
  });

  const client = (
    retry: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number } = {},
  ) =>
    new PulumiCloudClient({
      token: TOKEN,
      baseUrl: cloud.url,
      sleep: rec.sleep,
      retry: { baseDelayMs: 100, maxDelayMs: 1000, ...retry },
    });

  describe("requests", () => {
    it("sends a GET with the auth, version and attribution headers and no content type", async () => {
      cloud.script({ status: 200, body: { defaultStackPermission: 0 } });
      const meta = await client().getOrgMetadata("acme");
      assert.deepEqual(meta, { defaultStackPermission: 0 });
      assert.deepEqual(cloud.calls(), ["GET /api/orgs/acme/metadata"]);
      const [req] = cloud.requests;
      assert.equal(req.headers.authorization, `token ${TOKEN}`);
      assert.equal(req.headers.accept, "application/vnd.pulumi+8");
      assert.equal(req.headers["user-agent"], "secure-org");
      assert.equal(req.headers["x-pulumi-source"], "secure-org");
      assert.equal(req.headers["content-type"], undefined);
      assert.equal(req.body, undefined);
      assert.deepEqual(rec.delays, []);
    });

    it("sends a PATCH with a JSON body and content type", async () => {
      cloud.script({ status: 200, body: { membersCanCreateTeams: false } });
      await client().updateOrgSettings("acme", {
        setMembersCanCreateTeams: false,
        setDefaultStackPermission: 0,
      });
      assert.deepEqual(cloud.calls(), ["PATCH /api/orgs/acme"]);
      const [req] = cloud.requests;
      assert.equal(req.headers["content-type"], "application/json");
      assert.equal(req.headers.authorization, `token ${TOKEN}`);
      assert.equal(req.headers.accept, "application/vnd.pulumi+8");
      assert.deepEqual(req.body, { setMembersCanCreateTeams: false, setDefaultStackPermission: 0 });
    });

    it("encodes path segments, drops undefined query values and strips the base URL's slash", async () => {
      cloud.script({ status: 200, body: {} });
      const c = new PulumiCloudClient({ token: TOKEN, baseUrl: `${cloud.url}//` });
      assert.equal(c.baseUrl, cloud.url);
      await c.getOrgMetadata("a/b c");
      await c.request("GET", apiPath`/api/orgs/${"acme"}/teams/${"x?y"}`, {
        query: { a: "x y", n: 2, skip: undefined },
      });
      assert.deepEqual(cloud.calls(), [
        "GET /api/orgs/a%2Fb%20c/metadata",
        "GET /api/orgs/acme/teams/x%3Fy",
      ]);
      assert.deepEqual(cloud.requests[1].query, { a: "x y", n: "2" });
    });

    it("returns undefined for an empty success body (204)", async () => {
      cloud.script({ status: 204 });
      assert.equal(await client().request("DELETE", "/api/x"), undefined);
    });

    it("honours a custom user agent", async () => {
      cloud.script({ status: 200, body: {} });
      await new PulumiCloudClient({
        token: TOKEN,
        baseUrl: cloud.url,
        userAgent: "audit/1",
      }).request("GET", "/api/x");
      assert.equal(cloud.requests[0].headers["user-agent"], "audit/1");
    });

    it("never exposes the token through JSON or inspect", () => {
      const c = client();
      assert.ok(!JSON.stringify(c).includes(TOKEN));
      assert.ok(!inspect(c, { depth: 5 }).includes(TOKEN));
    });
  });

  describe("fromEnv", () => {
    it("reads PULUMI_ACCESS_TOKEN and PULUMI_BACKEND_URL", async () => {
      cloud.script({ status: 200, body: {} });
      const c = PulumiCloudClient.fromEnv({
        PULUMI_ACCESS_TOKEN: `${TOKEN}\n`,
        PULUMI_BACKEND_URL: `${cloud.url}/`,
      });
      assert.equal(c.baseUrl, cloud.url);
      await c.request("GET", "/api/user");
      assert.equal(cloud.requests[0].headers.authorization, `token ${TOKEN}`);
    });

    it("defaults to https://api.pulumi.com", () => {
      assert.equal(
        PulumiCloudClient.fromEnv({ PULUMI_ACCESS_TOKEN: TOKEN }).baseUrl,
        "https://api.pulumi.com",
      );
    });

    it("names the variable when the token is missing", () => {
      assert.throws(
        () => PulumiCloudClient.fromEnv({ PULUMI_BACKEND_URL: cloud.url }),
        /PULUMI_ACCESS_TOKEN is not set: create an access token/,
      );
      assert.throws(() => PulumiCloudClient.fromEnv({ PULUMI_ACCESS_TOKEN: "  " }), /is not set/);
    });

    it("refuses a DIY backend URL and a token with inner whitespace, without showing the token", () => {
      const diy = "azblob://acct:AZURE-SECRET@state";
      assert.throws(
        () => PulumiCloudClient.fromEnv({ PULUMI_ACCESS_TOKEN: TOKEN, PULUMI_BACKEND_URL: diy }),
        (e: Error) =>
          /^PULUMI_BACKEND_URL points at a "azblob:" backend, not a Pulumi Cloud API URL/.test(
            e.message,
          ) && !e.message.includes("AZURE-SECRET"),
      );
      const bad = "pul-abc def-0123456789";
      assert.throws(
        () => PulumiCloudClient.fromEnv({ PULUMI_ACCESS_TOKEN: bad }),
        (e: Error) => /whitespace or non-printable/.test(e.message) && !e.message.includes(bad),
      );
    });
  });

  describe("errors", () => {
    it("401: says PULUMI_ACCESS_TOKEN was rejected and how to fix it; no retry", async () => {
      cloud.script({
        status: 401,
        body: { code: 401, message: "Unauthorized: No credentials provided or are invalid." },
      });
      const e = (await rejection(client().getOrgMetadata("acme"), TOKEN)) as PulumiCloudError;
      assert.ok(e instanceof PulumiCloudError);
      assert.equal(e.status, 401);
      assert.equal(e.method, "GET");
      assert.equal(e.path, "/api/orgs/acme/metadata");
      assert.equal(e.attempts, 1);
      assert.equal(
        e.message,
        "unauthorized: Pulumi Cloud rejected PULUMI_ACCESS_TOKEN trying to read organization " +
          "settings (401 on GET /api/orgs/acme/metadata): Unauthorized: No credentials provided or " +
          "are invalid. The token is missing, expired or revoked: create a new access token in " +
          "Pulumi Cloud (https://app.pulumi.com/account/tokens, or an organization token) and set " +
          "PULUMI_ACCESS_TOKEN",
      );
      assert.deepEqual(e.body, {
        code: 401,
        message: "Unauthorized: No credentials provided or are invalid.",
      });
      assert.equal(cloud.requests.length, 1);
      assert.deepEqual(rec.delays, []);
    });

    it("403: names the operation and the missing permission", async () => {
      cloud.script({
        status: 403,
        body: { code: 403, message: "Forbidden" },
        headers: { "X-Pulumi-Request-ID": "req-42" },
      });
      const e = (await rejection(
        client().updateOrgSettings("acme", { setMembersCanCreateTeams: false }),
        TOKEN,
      )) as PulumiCloudError;
      assert.equal(e.status, 403);
      assert.equal(e.requestId, "req-42");
      assert.equal(
        e.message,
        "forbidden: update organization settings needs organization admin (PATCH /api/orgs/acme): " +
          "Forbidden. Use a token of an identity that has this permission (request id req-42)",
      );
      assert.equal(cloud.requests.length, 1);
    });

    it("403 without a declared permission still says what was refused", async () => {
      cloud.script({ status: 403, body: { code: 403, message: "nope" } });
      const e = await rejection(client().request("GET", "/api/orgs/acme/teams"), TOKEN);
      assert.equal(
        e.message,
        "forbidden: the token's identity is not allowed to call GET /api/orgs/acme/teams: nope. " +
          "Use a token of an identity that has this permission",
      );
    });

    it("404: says not found with the path, falling back to a plain-text body", async () => {
      cloud.script({ status: 404, body: "404 page not found\n" });
      const e = (await rejection(client().getOrgMetadata("nope"), TOKEN)) as PulumiCloudError;
      assert.equal(e.status, 404);
      assert.equal(
        e.message,
        "not found: GET /api/orgs/nope/metadata (read organization settings): 404 page not " +
          "found. Check the organization and resource names, and that the token's identity can " +
          "see them",
      );
      assert.equal(e.body, "404 page not found\n");
      assert.equal(cloud.requests.length, 1);
    });

    it("other 4xx: reports the server's message; never retried", async () => {
      cloud.script({
        status: 400,
        body: { code: 400, message: "Invalid organization settings" },
      });
      const e = await rejection(
        client().updateOrgSettings("acme", { setDefaultStackPermission: 7 }),
        TOKEN,
      );
      assert.equal(
        e.message,
        "Pulumi Cloud refused 400 Bad Request on PATCH /api/orgs/acme (update organization " +
          "settings): Invalid organization settings",
      );
      assert.equal(cloud.requests.length, 1);
    });

    it("redacts the token if the server echoes it in the message or body", async () => {
      cloud.respond((req) => ({
        status: 400,
        body: { code: 400, message: `bad header ${String(req.headers.authorization)}` },
      }));
      const e = (await rejection(client().request("GET", "/api/x"), TOKEN)) as PulumiCloudError;
      assert.match(e.message, /bad header token \[redacted\]/);
      assert.deepEqual(e.body, { code: 400, message: "bad header token [redacted]" });
    });

    it("a success body that is not JSON is an error", async () => {
      cloud.script({ status: 200, body: "<html>" });
      const e = await rejection(client().request("GET", "/api/x"), TOKEN);
      assert.equal(e.message, "GET /api/x returned 200 with a body that is not JSON");
    });
  });

  describe("429", () => {
    it("honours Retry-After in seconds, then succeeds", async () => {
      cloud.script(
        { status: 429, headers: { "Retry-After": "3" }, body: { code: 429, message: "slow down" } },
        { status: 200, body: { ok: true } },
      );
      const res = await client({ maxDelayMs: 60000 }).request("GET", "/api/x");
      assert.deepEqual(res, { ok: true });
      assert.deepEqual(rec.delays, [3000]);
      assert.equal(cloud.requests.length, 2);
    });

    it("honours an HTTP-date Retry-After, capped at maxDelayMs", async () => {
      const inAnHour = new Date(Date.now() + 3600_000).toUTCString();
      const past = new Date(Date.now() - 60_000).toUTCString();
      cloud.script(
        { status: 429, headers: { "Retry-After": inAnHour } },
        { status: 429, headers: { "Retry-After": past } },
        { status: 429, headers: { "Retry-After": "120" } },
        { status: 200, body: {} },
      );
      await client({ maxDelayMs: 5000 }).request("GET", "/api/x");
      assert.deepEqual(rec.delays, [5000, 0, 5000]);
    });

    it("backs off exponentially without Retry-After, and retries a POST (it was not processed)", async () => {
      cloud.script({ status: 429 }, { status: 429 }, { status: 429 }, { status: 201, body: {} });
      await client().request("POST", "/api/x", { body: { a: 1 } });
      assert.deepEqual(rec.delays, [100, 200, 400]);
      assert.equal(cloud.requests.length, 4);
      assert.ok(cloud.requests.every((r) => (r.body as { a: number }).a === 1));
    });

    it("gives up after maxAttempts and says how many were made", async () => {
      cloud.script({ status: 429, headers: { "Retry-After": "1" } });
      const e = (await rejection(
        client({ maxAttempts: 3 }).request("GET", "/api/x"),
        TOKEN,
      )) as PulumiCloudError;
      assert.equal(e.status, 429);
      assert.equal(e.attempts, 3);
      assert.equal(
        e.message,
        "rate limited: Pulumi Cloud answered 429 Too Many Requests to GET /api/x; gave up after " +
          "3 attempts",
      );
      assert.equal(cloud.requests.length, 3);
      assert.deepEqual(rec.delays, [1000, 1000]);
    });
  });

  describe("5xx", () => {
    it("retries a GET with capped exponential backoff, then succeeds", async () => {
      cloud.script({ status: 500 }, { status: 502 }, { status: 503 }, { status: 200, body: [1] });
      const res = await client({ maxDelayMs: 250 }).request("GET", "/api/x");
      assert.deepEqual(res, [1]);
      assert.deepEqual(rec.delays, [100, 200, 250]);
    });

    it("gives up on a GET after maxAttempts (default 5) with the request id", async () => {
      cloud.script({
        status: 500,
        body: { code: 500, message: "boom" },
        headers: { "X-Pulumi-Request-ID": "r-1" },
      });
      const e = (await rejection(client().request("GET", "/api/x"), TOKEN)) as PulumiCloudError;
      assert.equal(e.attempts, 5);
      assert.equal(e.requestId, "r-1");
      assert.equal(
        e.message,
        "Pulumi Cloud server error 500 Internal Server Error on GET /api/x: boom; gave up after " +
          "5 attempts (request id r-1)",
      );
      assert.equal(cloud.requests.length, 5);
      assert.deepEqual(rec.delays, [100, 200, 400, 800]);
    });

    it("does not retry a POST", async () => {
      cloud.script({ status: 500, body: { code: 500, message: "boom" } }, { status: 200 });
      const e = await rejection(client().request("POST", "/api/x", { body: {} }), TOKEN);
      assert.equal(
        e.message,
        "Pulumi Cloud server error 500 Internal Server Error on POST /api/x: boom; gave up after " +
          "1 attempt (not retried: POST is not idempotent)",
      );
      assert.equal(cloud.requests.length, 1);
      assert.deepEqual(rec.delays, []);
    });

    it("retries a request marked idempotent (the org settings PATCH)", async () => {
      cloud.script({ status: 503 }, { status: 200, body: {} });
      await client().updateOrgSettings("acme", { setMembersCanCreateStacks: false });
      assert.deepEqual(cloud.calls(), ["PATCH /api/orgs/acme", "PATCH /api/orgs/acme"]);
      assert.deepEqual(rec.delays, [100]);
    });
  });

  describe("network errors", () => {
    it("retries a GET when the connection drops, then succeeds", async () => {
      cloud.script("destroy", { status: 200, body: { ok: 1 } });
      assert.deepEqual(await client().request("GET", "/api/x"), { ok: 1 });
      assert.equal(cloud.requests.length, 2);
      assert.deepEqual(rec.delays, [100]);
    });

    it("does not retry a POST when the connection drops", async () => {
      cloud.script("destroy");
      const e = (await rejection(
        client().request("POST", "/api/x", { body: {} }),
        TOKEN,
      )) as PulumiCloudError;
      assert.equal(e.status, 0);
      assert.equal(e.attempts, 1);
      assert.match(e.message, /^network error on POST \/api\/x to 127\.0\.0\.1:\d+: /);
      assert.match(e.message, /gave up after 1 attempt \(not retried: POST is not idempotent\)/);
      assert.equal(cloud.requests.length, 1);
    });

    it("gives up after maxAttempts when the server is gone", async () => {
      const gone = await new MockCloud().start();
      const url = gone.url;
      await gone.stop();
      const c = new PulumiCloudClient({
        token: TOKEN,
        baseUrl: url,
        sleep: rec.sleep,
        retry: { maxAttempts: 3, baseDelayMs: 10 },
      });
      const e = (await rejection(c.getOrgMetadata("acme"), TOKEN)) as PulumiCloudError;
      assert.equal(e.status, 0);
      assert.equal(e.attempts, 3);
      assert.match(
        e.message,
        /^network error on GET \/api\/orgs\/acme\/metadata \(read organization settings\) to 127\.0\.0\.1:\d+: ECONNREFUSED .*; gave up after 3 attempts\. Check the network and PULUMI_BACKEND_URL$/,
      );
      assert.deepEqual(rec.delays, [10, 20]);
    });

    it("a request written on a kept-alive socket the server closed as idle is retried and not counted", async () => {
      cloud.respond(() => ({ status: 200, body: { ok: 1 } }));
      const c = client();
      await c.request("GET", "/api/a");
      await c.request("GET", "/api/a");
      // The server closes the idle socket; the client writes the next request on it before it
      // sees the close (the same turn of the event loop), so that try is reset unanswered.
      cloud.closeIdle();
      assert.deepEqual(await c.request("GET", "/api/b"), { ok: 1 });
      assert.deepEqual(rec.delays, [100], "the lost try was retried once");
      assert.deepEqual(cloud.calls(), ["GET /api/a", "GET /api/a", "GET /api/b"]);
      assert.equal(c.requestsUnanswered, 1);
      // The count is the server's: the try it never saw is not a request.
      assert.equal(c.requestsAnswered, cloud.requests.length);
      assert.equal(c.requestsAnswered, 3);
    });

    it("counts every answered try, 429 and 5xx retries included, and no unanswered one", async () => {
      cloud.script(
        { status: 429, headers: { "Retry-After": "0" } },
        { status: 503, body: { code: 503, message: "busy" } },
        { status: 200, body: {} },
      );
      const c = client();
      await c.request("GET", "/api/x");
      assert.equal(cloud.requests.length, 3);
      assert.equal(c.requestsAnswered, 3);
      assert.equal(c.requestsUnanswered, 0);
    });

    it("counts a try the server closed without answering as unanswered (the client cannot tell it was seen)", async () => {
      cloud.script("destroy", { status: 200, body: { ok: 1 } });
      const c = client();
      await c.request("GET", "/api/x");
      assert.equal(c.requestsAnswered, 1);
      assert.equal(c.requestsUnanswered, 1);
    });

    it("treats a timeout as a network error", async () => {
      cloud.script({ status: 200, body: {}, delayMs: 300 });
      const c = new PulumiCloudClient({
        token: TOKEN,
        baseUrl: cloud.url,
        sleep: rec.sleep,
        timeoutMs: 30,
        retry: { maxAttempts: 2, baseDelayMs: 1 },
      });
      const e = await rejection(c.request("GET", "/api/slow"), TOKEN);
      assert.match(
        e.message,
        /^network error on GET \/api\/slow to .*: timed out; gave up after 2 attempts/,
      );
      assert.equal(cloud.requests.length, 2);
    });
  });

  describe("paginate", () => {
    const pages = () =>
      cloud.respond((req) => {
        const t = req.query.continuationToken;
        if (t === undefined)
          return { status: 200, body: { stacks: [1, 2], continuationToken: "t1" } };
        if (t === "t1") return { status: 200, body: { stacks: [3], continuationToken: "t2" } };
        return { status: 200, body: { stacks: [4, 5], continuationToken: "" } };
      });

    it("follows continuationToken across three pages", async () => {
      pages();
      const items = await client().paginate<number>("/api/user/stacks", "stacks", {
        query: { organization: "acme" },
      });
      assert.deepEqual(items, [1, 2, 3, 4, 5]);
      assert.deepEqual(
        cloud.requests.map((r) => r.query),
        [
          { organization: "acme" },
          { organization: "acme", continuationToken: "t1" },
          { organization: "acme", continuationToken: "t2" },
        ],
      );
    });

    it("fails rather than truncating when maxPages is reached", async () => {
      pages();
      const e = await rejection(
        client().paginate("/api/user/stacks", "stacks", { maxPages: 2 }),
        TOKEN,
      );
      assert.equal(
        e.message,
        'GET /api/user/stacks: more than 2 pages of "stacks"; stopped rather than return a ' +
          "partial list (raise maxPages)",
      );
      assert.equal(cloud.requests.length, 2);
    });

    it("reads ESC's nextToken and sends it back as continuationToken", async () => {
      cloud.respond((req) =>
        req.query.continuationToken
          ? { status: 200, body: { environments: ["b"] } }
          : { status: 200, body: { environments: ["a"], nextToken: "n1" } },
      );
      const envs = await client().paginate<string>("/api/esc/environments/acme", "environments", {
        tokenKey: "nextToken",
      });
      assert.deepEqual(envs, ["a", "b"]);
      assert.deepEqual(
        cloud.requests.map((r) => r.query),
        [{}, { continuationToken: "n1" }],
      );
    });

    it("stops when the service repeats a token", async () => {
      cloud.script({ status: 200, body: { items: [1], continuationToken: "same" } });
      const e = await rejection(client().paginate("/api/x", "items"), TOKEN);
      assert.equal(
        e.message,
        "GET /api/x: the service returned the same continuationToken twice; stopping",
      );
      assert.equal(cloud.requests.length, 2);
    });
  });

  describe("pure helpers", () => {
    it("parseRetryAfter: delta-seconds, HTTP-date, garbage", () => {
      const now = Date.parse("2026-01-01T00:00:00Z");
      assert.equal(parseRetryAfter("7", now), 7000);
      assert.equal(parseRetryAfter(" 0 ", now), 0);
      assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now), 10000);
      assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
      assert.equal(parseRetryAfter("soon", now), undefined);
      assert.equal(parseRetryAfter(null, now), undefined);
    });

    it("backoffDelay doubles from the base and is capped", () => {
      const p = { maxAttempts: 9, baseDelayMs: 1000, maxDelayMs: 30000 };
      assert.deepEqual(
        [1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, p)),
        [1000, 2000, 4000, 8000, 16000, 30000, 30000],
      );
    });

    it("rejects a bad base URL or retry policy", () => {
      assert.throws(() => new PulumiCloudClient({ token: TOKEN, baseUrl: "ftp://x" }), /https/);
      assert.throws(() => new PulumiCloudClient({ token: TOKEN, baseUrl: "nope" }), /not a URL/);
      assert.throws(
        () => new PulumiCloudClient({ token: TOKEN, retry: { maxAttempts: 0 } }),
        /maxAttempts/,
      );
    });
  });
});

describe("EscReader: the requests it counts", () => {
  const cloud = new MockCloud();
  before(async () => {
    await cloud.start();
  });
  after(async () => {
    await cloud.stop();
  });
  beforeEach(() => cloud.reset());

  const reader = () =>
    new EscReader({
      token: TOKEN,
      baseUrl: cloud.url,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      sleep: async () => {},
    });
  const page = {
    status: 200,
    body: { environments: [{ organization: "acme", project: "p", name: "e" }] },
  };

  it("a request written on a kept-alive socket the server closed as idle is retried and not counted", async () => {
    cloud.respond(() => page);
    const r = reader();
    await r.listEnvironments("acme");
    cloud.closeIdle();
    assert.deepEqual(await r.listEnvironments("acme"), [{ project: "p", name: "e" }]);
    assert.deepEqual(cloud.calls(), [
      "GET /api/esc/environments/acme",
      "GET /api/esc/environments/acme",
    ]);
    assert.equal(r.requestsUnanswered, 1);
    assert.equal(r.requestsAnswered, cloud.requests.length);
  });

  it("counts every answered try, 429 and 5xx retries included", async () => {
    cloud.script({ status: 429, headers: { "Retry-After": "0" } }, { status: 502 }, page);
    const r = reader();
    await r.listEnvironments("acme");
    assert.equal(cloud.requests.length, 3);
    assert.equal(r.requestsAnswered, 3);
    assert.equal(r.requestsUnanswered, 0);
  });
});
