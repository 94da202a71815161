/**
 * The Pulumi Cloud OpenAPI spec as a validator, for the spec-driven fake (specFake.ts): the slice
 * in test/fixtures/openapi/audit.json (refreshed by `npm run refresh-schemas`), compiled with ajv.
 *
 * It routes a request to its operation by the spec's path templates, checks its path and query
 * parameters (declared, required, typed, in their enum) and its body, and validates an answer
 * against the operation's response schema for that status.
 *
 * Stricter than the spec in one way: an object schema that declares properties takes no other
 * property (`unevaluatedProperties: false`, so `allOf` compositions still see every branch's
 * properties), so a misspelled field in the fake's state cannot pass. A polymorphic schema (with a
 * `discriminator`, such as a role's permission descriptor) is checked only for what it declares
 * (`__type`): its subtypes are outside the slice.
 *
 * Where the spec is wrong about the service, it is corrected here and only here (ERRATA), each
 * with its source.
 */
import Ajv2019, { ValidateFunction } from "ajv/dist/2019";
import addFormats from "ajv-formats";
import { loadOpenApiFixture } from "./openapi";

type Schema = Record<string, unknown>;

/**
 * Corrections of the spec, each with its evidence:
 * - `AuthPolicyDefinition.rules` values are typed `object`; the service's answers, the provider
 *   (`map[string]string`) and the docs' examples use strings (docs/reference/pulumi-cloud-rest.md
 *   section 4);
 * - `Team` and `AuditLogEvent` require a `description` their `properties` do not declare; every
 *   example answer carries one as a string.
 */
const ERRATA: Record<string, (s: Schema) => void> = {
  AuthPolicyDefinition: (s) => {
    const rules = (s.properties as Record<string, Schema>).rules;
    rules.additionalProperties = { type: "string" };
  },
  Team: (s) => {
    (s.properties as Record<string, Schema>).description = { type: "string" };
  },
  AuditLogEvent: (s) => {
    (s.properties as Record<string, Schema>).description = { type: "string" };
  },
};

const ROOT_ID = "pulumi-cloud";
const OPEN = "__open";

/** `#/components/schemas/X` -> `pulumi-cloud#/components/schemas/X` (or its open variant). */
function rewriteRefs(value: unknown, open = false): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, open));
  if (!value || typeof value !== "object") return value;
  const out: Schema = {};
  for (const [k, v] of Object.entries(value as Schema)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/components/schemas/"))
      out[k] = `${ROOT_ID}${v}${open ? OPEN : ""}`;
    else if (k === "allOf" && Array.isArray(v)) out[k] = v.map((x) => rewriteRefs(x, true));
    else out[k] = rewriteRefs(v, false);
  }
  return out;
}

/** Closes every object schema that declares properties and says nothing of others. */
function close(schema: Schema, isAllOfMember: boolean): Schema {
  const s: Schema = { ...schema };
  for (const [k, v] of Object.entries(s)) {
    if (k === "properties" && v && typeof v === "object")
      s[k] = Object.fromEntries(
        Object.entries(v as Record<string, Schema>).map(([p, ps]) => [p, close(ps, false)]),
      );
    else if (k === "items" && v && typeof v === "object") s[k] = close(v as Schema, false);
    else if (k === "allOf" && Array.isArray(v)) s[k] = v.map((x: Schema) => close(x, true));
    else if (k === "additionalProperties" && v && typeof v === "object")
      s[k] = close(v as Schema, false);
  }
  const declares = s.properties !== undefined || s.allOf !== undefined;
  // A polymorphic base (`discriminator`): its subtypes carry more, so it stays open.
  const polymorphic = s.discriminator !== undefined;
  if (declares && !isAllOfMember && !polymorphic && s.additionalProperties === undefined)
    s.unevaluatedProperties = false;
  return s;
}

export interface Operation {
  readonly method: string;
  readonly template: string;
  readonly operationId: string;
  readonly params: readonly { name: string; in: string; required: boolean; schema: Schema }[];
  readonly hasBody: boolean;
  /** Status -> content type -> validator; an empty map: no content. */
  readonly responses: ReadonlyMap<string, ReadonlyMap<string, ValidateFunction>>;
  readonly body?: ValidateFunction;
}

const compiled = new Map<string, Operation[]>();

/** Every operation of the slice, compiled (once per file). */
export function loadSpec(file = "audit.json"): Operation[] {
  const done = compiled.get(file);
  if (done) return done;
  const ops = compileSpec(file);
  compiled.set(file, ops);
  return ops;
}

function compileSpec(file: string): Operation[] {
  const spec = loadOpenApiFixture(file);
  const schemas: Record<string, Schema> = {};
  for (const [name, raw] of Object.entries(spec.components.schemas)) {
    const s = JSON.parse(JSON.stringify(raw)) as Schema;
    ERRATA[name]?.(s);
    schemas[name] = rewriteRefs(close(s, false)) as Schema;
    // The same schema as a member of another's allOf: not closed, the owner is.
    schemas[name + OPEN] = rewriteRefs(close(s, true)) as Schema;
  }
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addSchema({ $id: ROOT_ID, components: { schemas } });
  const compile = (s: unknown) => ajv.compile(rewriteRefs(close(s as Schema, false)) as Schema);
  const ops: Operation[] = [];
  for (const [template, methods] of Object.entries(spec.paths))
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as {
        operationId: string;
        parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
        responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
      };
      const responses = new Map<string, Map<string, ValidateFunction>>();
      for (const [status, r] of Object.entries(op.responses))
        responses.set(
          status,
          new Map(
            Object.entries(r.content ?? {}).map(([type, c]) => [type, compile(c.schema ?? {})]),
          ),
        );
      const body = op.requestBody?.content?.["application/json"]?.schema;
      ops.push({
        method: method.toUpperCase(),
        template,
        operationId: op.operationId,
        params: (op.parameters ?? []).map((p) => ({ ...p, required: p.required === true })),
        hasBody: op.requestBody !== undefined,
        responses,
        ...(body ? { body: compile(body) } : {}),
      });
    }
  return ops;
}

/** The operation a request is for, and its path parameters; undefined when the slice has none. */
export function route(
  ops: readonly Operation[],
  method: string,
  rawPath: string,
): { op: Operation; path: Record<string, string> } | undefined {
  const seg = rawPath.split("/").slice(1);
  // Literal segments beat parameters (`/teams/github` before `/teams/{teamName}`).
  const scored = ops
    .filter((o) => o.method === method)
    .map((op) => ({ op, parts: op.template.split("/").slice(1) }))
    .filter(({ parts }) => parts.length === seg.length)
    .map(({ op, parts }) => {
      const path: Record<string, string> = {};
      let literals = 0;
      for (let i = 0; i < parts.length; i++) {
        const m = /^\{(.+)\}$/.exec(parts[i]);
        if (m) path[m[1]] = decodeURIComponent(seg[i]);
        else if (parts[i] === seg[i]) literals++;
        else return undefined;
      }
      return { op, path, literals };
    })
    .filter((x): x is NonNullable<typeof x> => !!x)
    .sort((a, b) => b.literals - a.literals);
  return scored[0] && { op: scored[0].op, path: scored[0].path };
}

/** A query or path value as its schema's type, or an error. */
function coerce(value: string, schema: Schema): { ok: true; value: unknown } | { ok: false } {
  switch (schema.type) {
    case "integer":
      return /^-?\d+$/.test(value) ? { ok: true, value: Number(value) } : { ok: false };
    case "number":
      return value.trim() !== "" && Number.isFinite(Number(value))
        ? { ok: true, value: Number(value) }
        : { ok: false };
    case "boolean":
      return value === "true" || value === "false"
        ? { ok: true, value: value === "true" }
        : { ok: false };
    default:
      return { ok: true, value };
  }
}

/** Every way a request breaks its operation's parameters and body. */
export function requestProblems(
  op: Operation,
  path: Record<string, string>,
  query: Record<string, string>,
  body: unknown,
): string[] {
  const problems: string[] = [];
  const where = `${op.method} ${op.template}`;
  const declared = new Map(op.params.map((p) => [`${p.in}:${p.name}`, p]));
  for (const k of Object.keys(query))
    if (!declared.has(`query:${k}`)) problems.push(`${where}: undeclared query parameter ${k}`);
  for (const p of op.params) {
    const raw = p.in === "path" ? path[p.name] : p.in === "query" ? query[p.name] : undefined;
    if (p.in !== "path" && p.in !== "query") continue;
    if (raw === undefined) {
      if (p.required) problems.push(`${where}: missing required ${p.in} parameter ${p.name}`);
      continue;
    }
    const c = coerce(raw, p.schema);
    if (!c.ok) {
      problems.push(`${where}: ${p.name}=${JSON.stringify(raw)} is not a ${String(p.schema.type)}`);
      continue;
    }
    const allowed = p.schema.enum as unknown[] | undefined;
    if (allowed && !allowed.includes(c.value))
      problems.push(
        `${where}: ${p.name}=${JSON.stringify(raw)} is not one of ${allowed.join(", ")}`,
      );
  }
  if (body !== undefined && !op.hasBody) problems.push(`${where}: takes no request body`);
  if (op.body && body !== undefined && !op.body(body))
    problems.push(`${where}: request body: ${ajvErrors(op.body)}`);
  return problems;
}

/** Statuses any operation may answer though the spec does not list them. */
const GENERIC_STATUSES = new Set(["401", "403"]);

/** Every way an answer breaks the operation's response schema for its status. */
export function responseProblems(
  op: Operation,
  status: number,
  contentType: string | undefined,
  body: unknown,
): string[] {
  const where = `${op.method} ${op.template} ${status}`;
  const declared = op.responses.get(String(status));
  if (!declared)
    return GENERIC_STATUSES.has(String(status)) ? [] : [`${where}: status not in the spec`];
  if (declared.size === 0)
    return body === undefined || status >= 400 ? [] : [`${where}: the spec declares no content`];
  const validate = declared.get(contentType ?? "");
  if (!validate) return [`${where}: content type ${String(contentType)} not in the spec`];
  return validate(body) ? [] : [`${where}: ${ajvErrors(validate)}`];
}

function ajvErrors(v: ValidateFunction): string {
  return (v.errors ?? [])
    .slice(0, 8)
    .map(
      (e) =>
        `${e.instancePath || "$"} ${e.message ?? ""}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`,
    )
    .join("; ");
}
