/**
 * A local stand-in for the three Pulumi Cloud operations the REST caller of Deployments uses, on
 * 127.0.0.1: every request body and every response body is validated against the OpenAPI spec
 * (the vendored subset, test/fixtures/pulumi-cloud-openapi.subset.json, refreshed by
 * `npm run refresh-cloud-spec`), and a violation fails the exchange with a 599 and is recorded.
 *
 * One exception, stated: the spec types the token-exchange body as a map of objects (a generator
 * artifact; its own description lists string and number fields), so that request is checked
 * against the fields the description lists instead.
 */
import http from "node:http";
import { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv, { ValidateFunction } from "ajv";

const SPEC = JSON.parse(
  readFileSync(
    path.resolve(__dirname, "..", "fixtures", "pulumi-cloud-openapi.subset.json"),
    "utf8",
  ),
) as { paths: Record<string, Record<string, OpenApiOperation>> };

interface OpenApiOperation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(SPEC, "openapi");
const compiled = new Map<string, ValidateFunction>();
/** A validator of a schema of the spec (a `$ref` into components is resolved in the spec). */
export function specValidator(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (!v) {
    const rewritten = JSON.parse(key.replace(/"#\/components\//g, '"openapi#/components/'));
    v = ajv.compile(rewritten);
    compiled.set(key, v);
  }
  return v;
}

/** The token-exchange request as the spec's description lists it. */
export const TOKEN_REQUEST_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: [
    "audience",
    "grant_type",
    "subject_token",
    "subject_token_type",
    "requested_token_type",
  ],
  properties: {
    audience: { type: "string", pattern: "^urn:pulumi:org:[A-Za-z0-9-]+$" },
    grant_type: { const: "urn:ietf:params:oauth:grant-type:token-exchange" },
    subject_token: { type: "string", minLength: 1 },
    subject_token_type: { const: "urn:ietf:params:oauth:token-type:id_token" },
    requested_token_type: {
      enum: [
        "urn:pulumi:token-type:access_token:organization",
        "urn:pulumi:token-type:access_token:team",
        "urn:pulumi:token-type:access_token:personal",
        "urn:pulumi:token-type:access_token:runner",
      ],
    },
    scope: { type: "string" },
    expiration: { type: "integer", minimum: 1 },
  },
};

export interface SpecRequest {
  operationId: string;
  method: string;
  path: string;
  params: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export type SpecAnswer = { status: number; body?: unknown };

/** Matches a request to an operation of the subset, with its path parameters. */
function route(
  method: string,
  urlPath: string,
): { op: OpenApiOperation; params: Record<string, string> } | undefined {
  for (const [template, ops] of Object.entries(SPEC.paths)) {
    const op = ops[method.toLowerCase()];
    if (!op) continue;
    const names: string[] = [];
    const re = new RegExp(
      "^" + template.replace(/\{([^}]+)\}/g, (_m, n: string) => (names.push(n), "([^/]+)")) + "$",
    );
    const m = re.exec(urlPath);
    if (m)
      return {
        op,
        params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])),
      };
  }
  return undefined;
}

export class SpecServer {
  readonly requests: SpecRequest[] = [];
  readonly violations: string[] = [];
  url = "";
  private server?: http.Server;
  constructor(private readonly answer: (req: SpecRequest) => SpecAnswer) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => this.handle(req, Buffer.concat(chunks).toString("utf8"), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, text: string, res: http.ServerResponse): void {
    const urlPath = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const found = route(req.method ?? "", urlPath);
    const fail = (why: string) => {
      this.violations.push(why);
      res.writeHead(599, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ code: 599, message: why }));
    };
    if (!found) return fail(`${req.method} ${urlPath} is not an operation of the spec subset`);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return fail(`${found.op.operationId}: the request body is not JSON`);
    }
    const request: SpecRequest = {
      operationId: found.op.operationId,
      method: req.method ?? "",
      path: urlPath,
      params: found.params,
      headers: req.headers,
      body,
    };
    this.requests.push(request);
    const requestSchema =
      found.op.operationId === "Token"
        ? TOKEN_REQUEST_SCHEMA
        : found.op.requestBody?.content["application/json"]?.schema;
    if (requestSchema) {
      const v = specValidator(requestSchema);
      if (!v(body)) return fail(`${found.op.operationId} request: ${ajv.errorsText(v.errors)}`);
    }
    const answer = this.answer(request);
    const responseSchema =
      found.op.responses[String(answer.status)]?.content?.["application/json"]?.schema;
    if (answer.status < 400) {
      if (!found.op.responses[String(answer.status)])
        return fail(`${found.op.operationId} has no ${answer.status} response in the spec`);
      if (responseSchema) {
        const v = specValidator(responseSchema);
        if (!v(answer.body))
          return fail(`${found.op.operationId} response: ${ajv.errorsText(v.errors)}`);
      }
    }
    res.writeHead(answer.status, { "Content-Type": "application/json" });
    res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
  }
}
