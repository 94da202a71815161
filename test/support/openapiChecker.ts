/**
 * Checks what the adoption's stand-in for Pulumi Cloud answers against the OpenAPI spec (the
 * trimmed copy test/fixtures/openapi/adopt.json, from scripts/openapiTrim.ts, refreshed by
 * `npm run refresh-schemas`): it finds the operation of a GET by its request path and checks the
 * JSON answer against the 200 response schema (`$ref`, `allOf`, types, required properties, enums,
 * items, nullable). Unlike test/support/openapi.ts it follows `allOf` (the webhook and approval
 * rule schemas extend others), builds minimal valid instances (`minimal`) for answers with many
 * required fields, and accepts properties a schema does not list, as the spec allows. What this
 * cannot prove: that the service fills optional fields as the stand-in does, or that the spec
 * matches the service.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

type Schema = Record<string, unknown>;

interface Spec {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

export const SPEC_FILE = path.resolve(__dirname, "..", "fixtures", "openapi", "adopt.json");

export class OpenApiChecker {
  private readonly spec: Spec;
  /** Operations answered, by id, so a test can assert coverage. */
  readonly seen = new Set<string>();
  private readonly templates = new Set<string>();

  /** Operations answered, as `METHOD /path/{template}`. */
  seenTemplates(): Set<string> {
    return new Set(this.templates);
  }

  constructor(file = SPEC_FILE) {
    this.spec = JSON.parse(readFileSync(file, "utf8")) as Spec;
  }

  /** The operation a GET of `requestPath` is (literal segments beat templates). */
  operationOf(method: string, requestPath: string): { id: string; template: string } | undefined {
    const seg = requestPath.split("/").slice(1).map(decodeURIComponent);
    let best: { id: string; template: string; literals: number } | undefined;
    for (const [template, item] of Object.entries(this.spec.paths)) {
      const op = item[method.toLowerCase()];
      if (!op) continue;
      const t = template.split("/").slice(1);
      if (t.length !== seg.length) continue;
      let literals = 0;
      if (!t.every((p, i) => (p.startsWith("{") ? true : p === seg[i] && ++literals > 0))) continue;
      if (!best || literals > best.literals) best = { id: op.operationId, template, literals };
    }
    return best && { id: best.id, template: best.template };
  }

  /** Problems of `body` against the 200 response of the GET at `requestPath` (none: it fits). */
  check(method: string, requestPath: string, body: unknown): string[] {
    const op = this.operationOf(method, requestPath);
    if (!op) return [`${method} ${requestPath}: no such operation in the spec`];
    this.seen.add(op.id);
    this.templates.add(`${method.toUpperCase()} ${op.template}`);
    const content = this.spec.paths[op.template][method.toLowerCase()].responses["200"]?.content;
    const schema = content?.["application/json"]?.schema;
    if (!schema) return [];
    const out: string[] = [];
    this.validate(schema, body, `${op.id}:`, out);
    return out;
  }

  /**
   * A minimal value of a component schema: every required property with the first enum value, "",
   * 0, false, [] or a minimal object; `overlay` then sets the values the test cares about.
   */
  minimal(name: string, overlay: Record<string, unknown> = {}): Record<string, unknown> {
    return { ...(this.minimalOf({ $ref: `#/components/schemas/${name}` }) as object), ...overlay };
  }

  private minimalOf(raw: Schema, depth = 0): unknown {
    const s = this.resolve(raw);
    if (Array.isArray(s.enum)) return s.enum[0];
    const parts = (s.allOf as Schema[] | undefined) ?? [];
    if (s.type === "object" || s.properties || parts.length) {
      const out: Record<string, unknown> = {};
      for (const part of parts) Object.assign(out, this.minimalOf(part, depth + 1));
      const props = (s.properties as Record<string, Schema> | undefined) ?? {};
      for (const r of (s.required as string[] | undefined) ?? [])
        if (props[r] && depth < 8) out[r] = this.minimalOf(props[r], depth + 1);
      return out;
    }
    if (s.type === "array") return [];
    if (s.type === "string") return s.format === "date-time" ? "2024-01-01T00:00:00Z" : "";
    if (s.type === "integer" || s.type === "number") return 0;
    if (s.type === "boolean") return false;
    return {};
  }

  private resolve(s: Schema): Schema {
    const ref = s.$ref;
    return typeof ref === "string"
      ? this.resolve(this.spec.components.schemas[ref.split("/").pop() as string] ?? {})
      : s;
  }

  private validate(raw: Schema, value: unknown, at: string, out: string[]): void {
    const s = this.resolve(raw);
    if (value === null) {
      if (s.nullable !== true) out.push(`${at} is null`);
      return;
    }
    for (const part of (s.allOf as Schema[] | undefined) ?? []) this.validate(part, value, at, out);
    const type = s.type as string | undefined;
    if (Array.isArray(s.enum) && !s.enum.includes(value))
      out.push(`${at} ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
    if (type === "array") {
      if (!Array.isArray(value)) return void out.push(`${at} is not an array`);
      value.forEach((v, i) => this.validate((s.items as Schema) ?? {}, v, `${at}[${i}]`, out));
      return;
    }
    // An object schema with nothing inside is how the spec's generator writes Go's interface{}:
    // any value (OIDC rule values are strings there).
    if (type === "object" && !s.properties && !s.additionalProperties && !s.allOf) return;
    if (type === "object" || s.properties) {
      if (typeof value !== "object" || Array.isArray(value))
        return void out.push(`${at} is not an object`);
      const o = value as Record<string, unknown>;
      for (const r of (s.required as string[] | undefined) ?? [])
        if (!(r in o)) out.push(`${at}.${r} is required`);
      const props = (s.properties as Record<string, Schema> | undefined) ?? {};
      for (const [k, v] of Object.entries(o)) {
        if (props[k]) this.validate(props[k], v, `${at}.${k}`, out);
        else if (s.additionalProperties && typeof s.additionalProperties === "object")
          this.validate(s.additionalProperties as Schema, v, `${at}.${k}`, out);
      }
      return;
    }
    if (type === "string" && typeof value !== "string") out.push(`${at} is not a string`);
    if (type === "boolean" && typeof value !== "boolean") out.push(`${at} is not a boolean`);
    if ((type === "integer" || type === "number") && typeof value !== "number")
      out.push(`${at} is not a number`);
    if (type === "integer" && typeof value === "number" && !Number.isInteger(value))
      out.push(`${at} is not an integer`);
  }
}
