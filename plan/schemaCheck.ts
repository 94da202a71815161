/**
 * Validates registered resources' inputs against Pulumi provider schemas (the package schema JSON
 * a provider publishes): unknown properties, missing required ones, JSON types, integers, enum
 * values, nested object types, arrays and maps, assets. Mocks accept anything; this is the offline
 * stand-in for the provider's own `Check`.
 *
 * Resources of types with no schema must be ours: this program's components (the allow-list
 * `COMPONENT_TYPES` of components/types.ts) or its dynamic resources (kinds/orgDefaults.ts, with a
 * serialized `__provider`).
 */
import { readFileSync } from "node:fs";
import { orgDefaultsResource } from "../kinds/orgDefaults";

export interface PropertySpec {
  type?: string;
  $ref?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  oneOf?: PropertySpec[];
  enum?: { value: unknown; name?: string }[];
  properties?: Record<string, PropertySpec>;
  required?: string[];
}

export interface PackageSchema {
  name: string;
  version?: string;
  provider?: { inputProperties?: Record<string, PropertySpec>; requiredInputs?: string[] };
  resources: Record<
    string,
    { inputProperties?: Record<string, PropertySpec>; requiredInputs?: string[] }
  >;
  types: Record<string, PropertySpec>;
  functions?: Record<string, unknown>;
}

export interface SchemaIssue {
  readonly resource: string;
  readonly type: string;
  readonly path: string;
  readonly message: string;
}

export interface CheckableResource {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
}

export interface CheckerOptions {
  /** Component types this program defines. */
  readonly componentTypes: readonly string[];
}

export class SchemaChecker {
  private readonly packages = new Map<string, PackageSchema>();

  constructor(
    schemas: readonly PackageSchema[],
    private readonly options: CheckerOptions,
  ) {
    for (const s of schemas) this.packages.set(s.name, s);
  }

  static fromFiles(paths: readonly string[], options: CheckerOptions): SchemaChecker {
    const schemas = paths.map((p) => {
      let text: string;
      try {
        text = readFileSync(p, "utf8");
      } catch {
        throw new Error(
          `provider schema ${p} is missing: run \`npm run refresh-schemas\` (needs the full schemas in ../shared/schemas)`,
        );
      }
      return JSON.parse(text) as PackageSchema;
    });
    return new SchemaChecker(schemas, options);
  }

  /** The package a type token belongs to (`github:<module>:<Type>` -> github). */
  private packageOf(type: string): PackageSchema | undefined {
    if (type.startsWith("pulumi:providers:"))
      return this.packages.get(type.slice("pulumi:providers:".length));
    return this.packages.get(type.split(":")[0]);
  }

  check(r: CheckableResource): SchemaIssue[] {
    const issues: SchemaIssue[] = [];
    const id = r.urn ?? r.name;
    const add = (path: string, message: string) =>
      issues.push({ resource: id, type: r.type, path, message });

    if (!r.custom) {
      if (!this.options.componentTypes.includes(r.type))
        add("", `component type ${r.type} is not one of this program's components`);
      return issues;
    }
    // A built-in of the engine: reads another stack's outputs; its one input is the stack's name.
    if (r.type === "pulumi:pulumi:StackReference") {
      if (typeof r.inputs.name !== "string" || r.inputs.name.split("/").length !== 3)
        add("name", "a stack reference names the stack as organization/project/stack");
      return issues;
    }
    if (r.type === orgDefaultsResource.token) {
      if (typeof r.inputs.__provider !== "string" || r.inputs.__provider.length === 0)
        add("__provider", "dynamic resource without a serialized provider");
      return issues;
    }
    const pkg = this.packageOf(r.type);
    if (!pkg) {
      add("", `no schema for package of ${r.type}`);
      return issues;
    }
    const spec = r.type.startsWith("pulumi:providers:") ? pkg.provider : pkg.resources[r.type];
    if (!spec) {
      add("", `${r.type} is not a resource of ${pkg.name}${pkg.version ? ` ${pkg.version}` : ""}`);
      return issues;
    }
    const inputs = { ...r.inputs };
    if (r.type.startsWith("pulumi:providers:")) {
      // The engine adds a version input to providers; it is not part of the schema.
      delete inputs.version;
      // Provider configuration travels as strings: nested objects, booleans and numbers are
      // JSON text.
      for (const [k, v] of Object.entries(inputs)) {
        const prop = spec.inputProperties?.[k];
        if (
          typeof v === "string" &&
          prop &&
          (prop.$ref ||
            ["object", "array", "boolean", "integer", "number"].includes(prop.type as string))
        )
          try {
            inputs[k] = JSON.parse(v);
          } catch {
            // Left as is: the type check reports it.
          }
      }
    }
    this.checkObject(pkg, inputs, spec.inputProperties ?? {}, spec.requiredInputs ?? [], "", add);
    return issues;
  }

  checkAll(resources: readonly CheckableResource[]): SchemaIssue[] {
    return resources.flatMap((r) => this.check(r));
  }

  private checkObject(
    pkg: PackageSchema,
    value: Record<string, unknown>,
    properties: Record<string, PropertySpec>,
    required: readonly string[],
    path: string,
    add: (path: string, message: string) => void,
  ): void {
    const at = (k: string) => (path ? `${path}.${k}` : k);
    for (const key of required)
      if (value[key] === undefined || value[key] === null)
        add(at(key), "required property is missing");
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || v === null) continue;
      const prop = properties[key];
      if (!prop) {
        const known = Object.keys(properties);
        add(at(key), `unknown property; known: ${known.join(", ") || "(none)"}`);
        continue;
      }
      this.checkValue(pkg, v, prop, at(key), add);
    }
  }

  private checkValue(
    pkg: PackageSchema,
    value: unknown,
    spec: PropertySpec,
    path: string,
    add: (path: string, message: string) => void,
  ): void {
    if (spec.$ref) {
      this.checkRef(pkg, value, spec.$ref, path, add);
      return;
    }
    if (spec.oneOf) {
      const ok = spec.oneOf.some((alt) => {
        const sub: string[] = [];
        this.checkValue(pkg, value, alt, path, (_p, m) => sub.push(m));
        return sub.length === 0;
      });
      if (!ok) add(path, `matches none of the allowed types`);
      return;
    }
    if (spec.enum) {
      const allowed = spec.enum.map((e) => e.value);
      if (!allowed.includes(value as never))
        add(path, `${JSON.stringify(value)} is not an allowed value`);
      return;
    }
    this.checkTyped(pkg, value, spec, path, add);
  }

  /** A `$ref`: Pulumi's built-in Asset/Archive/Any/Json, or an enum or object type of `pkg`. */
  private checkRef(
    pkg: PackageSchema,
    value: unknown,
    ref: string,
    path: string,
    add: (path: string, message: string) => void,
  ): void {
    if (ref.startsWith("pulumi.json#/")) {
      const kind = ref.slice("pulumi.json#/".length);
      if (kind === "Asset" || kind === "Archive") {
        const ok = value !== null && typeof value === "object" && "asset" in (value as object);
        if (!ok) add(path, `expected ${kind}, got ${describe(value)}`);
      }
      return; // Any, Json
    }
    const token = decodeURIComponent(ref.replace(/^#\/types\//, ""));
    const type = pkg.types[token];
    if (!type) {
      add(path, `schema has no type ${token}`);
      return;
    }
    if (type.enum) {
      const allowed = type.enum.map((e) => e.value);
      if (!allowed.includes(value as never))
        add(
          path,
          `${JSON.stringify(value)} is not one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`,
        );
      return;
    }
    if (!isPlainObject(value)) {
      add(path, `expected object ${token.split(":").pop()}, got ${describe(value)}`);
      return;
    }
    this.checkObject(pkg, value, type.properties ?? {}, type.required ?? [], path, add);
  }

  /** A value of a JSON type: string, boolean, integer, number, array (items) or map (object). */
  private checkTyped(
    pkg: PackageSchema,
    value: unknown,
    spec: PropertySpec,
    path: string,
    add: (path: string, message: string) => void,
  ): void {
    switch (spec.type) {
      case "string":
        if (typeof value !== "string") add(path, `expected string, got ${describe(value)}`);
        return;
      case "boolean":
        if (typeof value !== "boolean") add(path, `expected boolean, got ${describe(value)}`);
        return;
      case "integer":
        if (typeof value !== "number" || !Number.isInteger(value))
          add(path, `expected integer, got ${describe(value)}`);
        return;
      case "number":
        if (typeof value !== "number") add(path, `expected number, got ${describe(value)}`);
        return;
      case "array":
        if (!Array.isArray(value)) {
          add(path, `expected array, got ${describe(value)}`);
          return;
        }
        value.forEach((v, i) => {
          if (v === null || v === undefined) add(`${path}[${i}]`, "array element is null");
          else if (spec.items) this.checkValue(pkg, v, spec.items, `${path}[${i}]`, add);
        });
        return;
      case "object":
        if (!isPlainObject(value)) {
          add(path, `expected object, got ${describe(value)}`);
          return;
        }
        if (spec.additionalProperties)
          for (const [k, v] of Object.entries(value))
            if (v !== undefined && v !== null)
              this.checkValue(pkg, v, spec.additionalProperties, `${path}.${k}`, add);
        return;
      default:
        return;
    }
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  return `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * The part of a full package schema a program needs: the provider, the given resource types and
 * every object/enum type they reference, transitively. Used to keep small schema fixtures in the
 * repository (a fork has no ../shared).
 */
export function extractSchema(
  full: PackageSchema,
  resourceTypes: readonly string[],
): PackageSchema {
  const types: Record<string, PropertySpec> = {};
  const visit = (spec: PropertySpec | undefined): void => {
    if (!spec) return;
    if (spec.$ref && spec.$ref.startsWith("#/types/")) {
      const token = decodeURIComponent(spec.$ref.slice("#/types/".length));
      if (!types[token] && full.types[token]) {
        types[token] = stripDocs(full.types[token]);
        Object.values(full.types[token].properties ?? {}).forEach(visit);
      }
    }
    visit(spec.items);
    visit(spec.additionalProperties);
    spec.oneOf?.forEach(visit);
  };
  const resources: PackageSchema["resources"] = {};
  for (const t of [...resourceTypes].sort()) {
    const r = full.resources[t];
    if (!r) throw new Error(`${full.name} schema has no resource ${t}`);
    resources[t] = {
      inputProperties: mapValues(r.inputProperties ?? {}, stripDocs),
      requiredInputs: r.requiredInputs ?? [],
    };
    Object.values(r.inputProperties ?? {}).forEach(visit);
  }
  const provider = full.provider
    ? {
        inputProperties: mapValues(full.provider.inputProperties ?? {}, stripDocs),
        requiredInputs: full.provider.requiredInputs ?? [],
      }
    : undefined;
  Object.values(provider?.inputProperties ?? {}).forEach(visit);
  const sortedTypes: Record<string, PropertySpec> = {};
  for (const k of Object.keys(types).sort()) sortedTypes[k] = types[k];
  return { name: full.name, version: full.version, provider, resources, types: sortedTypes };
}

function mapValues<T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const k of Object.keys(o).sort()) out[k] = f(o[k]);
  return out;
}

/** Keeps what validation reads; drops descriptions and language metadata. */
function stripDocs(spec: PropertySpec): PropertySpec {
  const out: PropertySpec = {};
  if (spec.type) out.type = spec.type;
  if (spec.$ref) out.$ref = spec.$ref;
  if (spec.items) out.items = stripDocs(spec.items);
  if (spec.additionalProperties) out.additionalProperties = stripDocs(spec.additionalProperties);
  if (spec.oneOf) out.oneOf = spec.oneOf.map(stripDocs);
  if (spec.enum)
    out.enum = spec.enum.map((e) => ({ value: e.value, ...(e.name ? { name: e.name } : {}) }));
  if (spec.properties) out.properties = mapValues(spec.properties, stripDocs);
  if (spec.required) out.required = [...spec.required];
  return out;
}
