/**
 * The generated caller of REST-triggered Deployments (`.secure-org/trigger-deployment.cjs` of the
 * multi-ci example), run as a CI job runs it (`node <script>` in a child process), against a local
 * server on 127.0.0.1 that validates every request and response against the Pulumi Cloud OpenAPI
 * spec: token exchange, trigger, polling, and a failed deployment that fails the job. What this
 * cannot prove: that api.pulumi.com answers as the spec says.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  specValidator,
  SpecAnswer,
  SpecRequest,
  SpecServer,
  TOKEN_REQUEST_SCHEMA,
} from "../support/specServer";
import { multiCi } from "../support/multiCi";

const ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL3Rva2VuLmV4YW1wbGUifQ.c2ln";
const ACCESS = "pul-team-token-3f9a";
const DEPLOYMENT = "9e5e1331-a018-4845-8714-1598ba8dc52e";

const tokenAnswer: SpecAnswer = {
  status: 200,
  body: {
    access_token: ACCESS,
    issued_token_type: "urn:pulumi:token-type:access_token:team",
    token_type: "Bearer",
    expires_in: 3600,
    scope: "team:web-prod-deploy",
  },
};

function deployment(status: string): SpecAnswer {
  return {
    status: 200,
    body: {
      id: DEPLOYMENT,
      version: 34,
      latestVersion: 34,
      created: "2026-12-01 21:12:34.834",
      modified: "2026-12-01 21:13:01.120",
      status,
      pulumiOperation: "update",
      requestedBy: { name: "web-prod-deploy", githubLogin: "web-prod-deploy", avatarUrl: "" },
    },
  };
}

/** A server that answers the exchange, the trigger, then `statuses` one poll after another. */
function scripted(
  statuses: string[],
  create: SpecAnswer = {
    status: 202,
    body: {
      id: DEPLOYMENT,
      consoleUrl: "https://app.pulumi.com/acme/web/prod/deployments/34",
      version: 34,
    },
  },
) {
  let poll = 0;
  return new SpecServer((req: SpecRequest) => {
    if (req.operationId === "Token") return tokenAnswer;
    if (req.operationId === "CreateAPIDeploymentHandlerV2") return create;
    return deployment(statuses[Math.min(poll++, statuses.length - 1)]);
  });
}

function run(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(PULUMI_|GITHUB_TOKEN|AWS_)/.test(k)) clean[k] = v;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { env: { ...clean, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("REST-triggered Deployments: the generated caller against the spec (issue 16)", function () {
  this.timeout(30_000);
  let dir: string;
  let script: string;
  let tokenFile: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "secure-org-trigger-"));
    const file = multiCi().files.find((f) => f.path === ".secure-org/trigger-deployment.cjs");
    assert.ok(file, "the example generates the caller");
    script = path.join(dir, "trigger-deployment.cjs");
    writeFileSync(script, file.content);
    tokenFile = path.join(dir, "id-token");
    writeFileSync(tokenFile, ID_TOKEN + "\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const envFor = (server: SpecServer, extra: Record<string, string> = {}) => ({
    PULUMI_BACKEND_URL: server.url,
    PULUMI_ORG: "acme",
    PULUMI_PROJECT: "web",
    PULUMI_STACK: "prod",
    PULUMI_TEAM: "web-prod-deploy",
    PULUMI_OIDC_TOKEN_FILE: tokenFile,
    PULUMI_TOKEN_EXPIRATION: "60m",
    PULUMI_POLL_SECONDS: "0",
    PULUMI_DEADLINE_MINUTES: "1",
    ...extra,
  });

  it("exchanges the id token, starts `pulumi up` with the saved settings, polls until it succeeds, and exits 0", async () => {
    const server = await scripted(["accepted", "running", "running", "succeeded"]).start();
    try {
      const r = await run(script, envFor(server));
      assert.deepEqual(server.violations, []);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        server.requests.map((q) => `${q.method} ${q.path}`),
        [
          "POST /api/oauth/token",
          "POST /api/stacks/acme/web/prod/deployments",
          `GET /api/stacks/acme/web/prod/deployments/${DEPLOYMENT}`,
          `GET /api/stacks/acme/web/prod/deployments/${DEPLOYMENT}`,
          `GET /api/stacks/acme/web/prod/deployments/${DEPLOYMENT}`,
          `GET /api/stacks/acme/web/prod/deployments/${DEPLOYMENT}`,
        ],
      );
      const [exchange, create, poll] = server.requests;
      assert.deepEqual(exchange.body, {
        audience: "urn:pulumi:org:acme",
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        subject_token: ID_TOKEN,
        requested_token_type: "urn:pulumi:token-type:access_token:team",
        scope: "team:web-prod-deploy",
        expiration: 3600,
      });
      assert.equal(exchange.headers.authorization, undefined);
      assert.deepEqual(create.body, { operation: "update", inheritSettings: true });
      for (const q of [create, poll]) {
        assert.equal(q.headers.authorization, `token ${ACCESS}`);
        assert.equal(q.headers.accept, "application/vnd.pulumi+8");
      }
      assert.match(r.stdout, /status: succeeded/);
      assert.ok(
        !r.stdout.includes(ACCESS) && !r.stderr.includes(ACCESS),
        "the token is never printed",
      );
      assert.ok(!r.stdout.includes(ID_TOKEN) && !r.stderr.includes(ID_TOKEN));
    } finally {
      await server.stop();
    }
  });

  it("fails the job (exit 1) when the deployment fails", async () => {
    const server = await scripted(["running", "failed"]).start();
    try {
      const r = await run(script, envFor(server));
      assert.deepEqual(server.violations, []);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`deployment ${DEPLOYMENT} failed`));
    } finally {
      await server.stop();
    }
  });

  it("fails the job when the deployment is skipped or outlives the deadline", async () => {
    const skipped = await scripted(["skipped"]).start();
    try {
      assert.equal((await run(script, envFor(skipped))).code, 1);
    } finally {
      await skipped.stop();
    }
    const slow = await scripted(["running"]).start();
    try {
      const r = await run(script, envFor(slow, { PULUMI_DEADLINE_MINUTES: "0" }));
      assert.equal(r.code, 1);
      assert.match(r.stderr, /still running at the deadline/);
    } finally {
      await slow.stop();
    }
  });

  it("exits 3 on an API error with the status and message, never the token", async () => {
    const server = await scripted(["succeeded"], {
      status: 403,
      body: { code: 403, message: "no stack_deployment:create on acme/web/prod" },
    }).start();
    try {
      const r = await run(script, envFor(server));
      assert.equal(r.code, 3);
      assert.match(r.stderr, /HTTP 403: no stack_deployment:create on acme\/web\/prod/);
      assert.ok(!r.stderr.includes(ACCESS));
    } finally {
      await server.stop();
    }
  });

  it("skips the exchange when the job already holds the team token (GitHub Actions' pulumi/auth-actions)", async () => {
    const server = await scripted(["succeeded"]).start();
    try {
      const r = await run(script, envFor(server, { PULUMI_ACCESS_TOKEN: "pul-from-auth-actions" }));
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        server.requests.map((q) => q.operationId),
        ["CreateAPIDeploymentHandlerV2", "GetDeployment"],
      );
      assert.equal(server.requests[0].headers.authorization, "token pul-from-auth-actions");
    } finally {
      await server.stop();
    }
  });

  it("exits 2 without its settings, and refuses a value that is not a Pulumi name", async () => {
    const server = await scripted(["succeeded"]).start();
    try {
      assert.equal((await run(script, envFor(server, { PULUMI_STACK: "" }))).code, 2);
      assert.equal(
        (await run(script, envFor(server, { PULUMI_STACK: "prod/../../orgs" }))).code,
        2,
      );
      assert.deepEqual(server.requests, []);
    } finally {
      await server.stop();
    }
  });

  it("the validation can fail: a body without an operation, a response without its required fields", () => {
    const { paths } = require("../fixtures/pulumi-cloud-openapi.subset.json") as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody: { content: Record<string, { schema: object }> };
            responses: Record<string, { content: Record<string, { schema: object }> }>;
          }
        >
      >;
    };
    const create = paths["/api/stacks/{orgName}/{projectName}/{stackName}/deployments"].post;
    const request = specValidator(create.requestBody.content["application/json"].schema);
    assert.equal(request({ operation: "update", inheritSettings: true }), true);
    assert.equal(request({ operation: "deploy-everything" }), false);
    const response = specValidator(create.responses["202"].content["application/json"].schema);
    assert.equal(response({ id: DEPLOYMENT, consoleUrl: "x", version: 1 }), true);
    assert.equal(response({ id: DEPLOYMENT }), false);
    assert.equal(specValidator(TOKEN_REQUEST_SCHEMA)({ grant_type: "password" }), false);
  });
});
