/**
 * Checks a test server's answers against the Pulumi Cloud OpenAPI spec (the trimmed copies in
 * test/fixtures/openapi, refreshed by `npm run refresh-schemas`): the subset of JSON Schema the
 * spec uses for these responses ($ref, type, required, properties, items, enum,
 * additionalProperties). Stricter than the spec in one way: a property that an object schema with
 * declared properties does not list is reported, so a misspelled field cannot pass (a free-form
 * object, with no properties declared, takes any).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

type Schema = Record<string, unknown>;

export interface OpenApiFixture {
  readonly paths: Record<string, Record<string, Schema>>;
  readonly components: { schemas: Record<string, Schema> };
}

export function loadOpenApiFixture(file: string): OpenApiFixture {
  const p = path.resolve(__dirname, "..", "fixtures", "openapi", file);
  return JSON.parse(readFileSync(p, "utf8")) as OpenApiFixture;
}

/** The JSON schema of an operation's response with this status. */
export function responseSchema(
  spec: OpenApiFixture,
  method: string,
  apiPath: string,
  status: number,
): Schema {
  const op = spec.paths[apiPath]?.[method.toLowerCase()] as
    { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> } | undefined;
  const schema = op?.responses?.[String(status)]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`the spec has no JSON ${status} response for ${method} ${apiPath}`);
  return schema;
}

const TYPES: Record<string, (v: unknown) => boolean> = {
  object: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
  array: Array.isArray,
  string: (v) => typeof v === "string",
  integer: Number.isInteger,
  number: (v) => typeof v === "number",
  boolean: (v) => typeof v === "boolean",
};

/** Every way `value` breaks `schema`, as `path: problem`. */
export function validate(spec: OpenApiFixture, schema: Schema, value: unknown, at = "$"): string[] {
  const ref = schema.$ref;
  if (typeof ref === "string") {
    const target = spec.components.schemas[ref.replace("#/components/schemas/", "")];
    if (!target) return [`${at}: unresolved ${ref}`];
    return validate(spec, target, value, at);
  }
  const type = schema.type as string | undefined;
  if (type && TYPES[type] && !TYPES[type](value))
    return [`${at}: expected ${type}, got ${JSON.stringify(value)}`];
  const problems: string[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (type === "array" && schema.items)
    (value as unknown[]).forEach((v, i) =>
      problems.push(...validate(spec, schema.items as Schema, v, `${at}[${i}]`)),
    );
  if (type === "object") problems.push(...validateObject(spec, schema, value as Schema, at));
  return problems;
}

function validateObject(spec: OpenApiFixture, schema: Schema, value: Schema, at: string): string[] {
  const problems: string[] = [];
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  for (const r of (schema.required ?? []) as string[])
    if (!(r in value)) problems.push(`${at}: missing required ${r}`);
  const extra = schema.additionalProperties as Schema | boolean | undefined;
  for (const [k, v] of Object.entries(value)) {
    if (props[k]) problems.push(...validate(spec, props[k], v, `${at}.${k}`));
    else if (extra && typeof extra === "object")
      problems.push(...validate(spec, extra, v, `${at}.${k}`));
    else if (extra === undefined ? schema.properties !== undefined : !extra)
      problems.push(`${at}: ${k} is not in the spec`);
  }
  return problems;
}
