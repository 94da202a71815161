/**
 * The Pulumi Deployments unit's pipeline file: the caller of REST-triggered deployments, committed beside the pipeline that runs it
 * (`.secure-org/trigger-deployment.cjs`): a dependency-free Node.js script (Node 18 or later) that
 *
 * 1. exchanges the job's OIDC id token (the file `$PULUMI_OIDC_TOKEN_FILE`) for the caller team's
 *    token: `POST /api/oauth/token` (RFC 8693 token exchange, `scope: team:<team>`, `expiration`
 *    at most the issuer's cap), unless the job already holds one in `$PULUMI_ACCESS_TOKEN`
 *    (the default CI's pulumi/auth-actions does the exchange itself);
 * 2. starts `pulumi up` of the stack with its saved settings:
 *    `POST /api/stacks/{org}/{project}/{stack}/deployments` `{ operation: "update", inheritSettings: true }`;
 * 3. polls `GET .../deployments/{id}` until a terminal status (succeeded, failed, skipped) or its
 *    own deadline, and exits 0 only when the deployment succeeded.
 *
 * Exit codes: 0 succeeded, 1 the deployment failed, was skipped or outlived the deadline, 2 missing
 * settings, 3 an API error (HTTP status and Pulumi's message, never a token). Its inputs are
 * environment variables only (PULUMI_ORG, PULUMI_PROJECT, PULUMI_STACK, PULUMI_TEAM,
 * PULUMI_BACKEND_URL, PULUMI_TOKEN_EXPIRATION as "<minutes>m" or seconds, PULUMI_POLL_SECONDS,
 * PULUMI_DEADLINE_MINUTES).
 */
import { GENERATED_HEADER_LINES } from "./header";

export const TRIGGER_SCRIPT = `#!/usr/bin/env node
${GENERATED_HEADER_LINES.map((l) => `// ${l}`).join("\n")}
//
// Starts \`pulumi up\` of one stack in Pulumi Deployments through the REST API and waits for it.
"use strict";
const fs = require("node:fs");

const env = process.env;
const API = (env.PULUMI_BACKEND_URL || "https://api.pulumi.com").replace(/\\/+$/, "");
const ACCEPT = "application/vnd.pulumi+8";

function setting(name) {
  const value = env[name];
  if (!value || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value)) {
    console.error(\`\${name} is not set (or is not a Pulumi name)\`);
    process.exit(2);
  }
  return value;
}

function seconds(value, fallback) {
  if (value === undefined || value === "") return fallback;
  const m = /^(\\d+)(m?)$/.exec(value);
  if (!m) {
    console.error(\`not a duration: \${value}\`);
    process.exit(2);
  }
  return Number(m[1]) * (m[2] ? 60 : 1);
}

class ApiError extends Error {}

async function call(method, path, token, body) {
  const headers = { Accept: ACCEPT, "User-Agent": "secure-org-trigger" };
  if (token) headers.Authorization = \`token \${token}\`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(API + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const message = json && typeof json.message === "string" ? json.message : text.slice(0, 200);
    throw new ApiError(\`\${method} \${path}: HTTP \${res.status}: \${message}\`);
  }
  return json;
}

async function exchange(org, team) {
  const file = env.PULUMI_OIDC_TOKEN_FILE;
  if (!file) {
    console.error("PULUMI_OIDC_TOKEN_FILE (the job's OIDC id token) is not set");
    process.exit(2);
  }
  const idToken = fs.readFileSync(file, "utf8").trim();
  const answer = await call("POST", "/api/oauth/token", undefined, {
    audience: \`urn:pulumi:org:\${org}\`,
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    subject_token: idToken,
    requested_token_type: "urn:pulumi:token-type:access_token:team",
    scope: \`team:\${team}\`,
    expiration: seconds(env.PULUMI_TOKEN_EXPIRATION, 3600),
  });
  if (!answer || typeof answer.access_token !== "string")
    throw new ApiError("POST /api/oauth/token: no access_token in the answer");
  return answer.access_token;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const org = setting("PULUMI_ORG");
  const project = setting("PULUMI_PROJECT");
  const stack = setting("PULUMI_STACK");
  const team = setting("PULUMI_TEAM");
  const token = env.PULUMI_ACCESS_TOKEN || (await exchange(org, team));
  const base = \`/api/stacks/\${encodeURIComponent(org)}/\${encodeURIComponent(project)}/\${encodeURIComponent(stack)}/deployments\`;
  const created = await call("POST", base, token, { operation: "update", inheritSettings: true });
  if (!created || typeof created.id !== "string") throw new ApiError(\`POST \${base}: no deployment id\`);
  console.log(\`deployment \${created.id} (version \${created.version}) of \${org}/\${project}/\${stack}: \${created.consoleUrl}\`);
  const pollMs = Math.max(50, seconds(env.PULUMI_POLL_SECONDS, 10) * 1000);
  const deadline = Date.now() + seconds(env.PULUMI_DEADLINE_MINUTES ? env.PULUMI_DEADLINE_MINUTES + "m" : "", 3600) * 1000;
  let last = "";
  for (;;) {
    const d = await call("GET", \`\${base}/\${encodeURIComponent(created.id)}\`, token);
    const status = d && d.status;
    if (status !== last) console.log(\`status: \${status}\`);
    last = status;
    if (status === "succeeded") return 0;
    if (status === "failed" || status === "skipped") {
      console.error(\`deployment \${created.id} \${status}: \${created.consoleUrl}\`);
      return 1;
    }
    if (Date.now() > deadline) {
      console.error(\`deployment \${created.id} still \${status} at the deadline: \${created.consoleUrl}\`);
      return 1;
    }
    await sleep(pollMs);
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof ApiError ? e.message : \`error: \${e && e.message}\`);
    process.exit(3);
  },
);
`;
