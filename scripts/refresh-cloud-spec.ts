/**
 * Vendors the parts of the Pulumi Cloud OpenAPI spec that the REST caller of Deployments uses into
 * test/fixtures/pulumi-cloud-openapi.subset.json: its three operations (token exchange, create a
 * deployment, get a deployment) and every component schema they reference, transitively.
 *
 *   npm run refresh-cloud-spec [-- <path of pulumi-cloud-openapi.json>]
 *
 * Default source: ../shared/schemas/pulumi-cloud-openapi.json (or SECURE_ORG_SCHEMA_DIR).
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { FULL_SCHEMA_DIR, ROOT } from "../plan/schemaFixtures";
import { DEPLOYMENTS_LABEL } from "../model/ci/registry";

export const CALLER_OPERATIONS: readonly [path: string, method: string][] = [
  ["/api/oauth/token", "post"],
  ["/api/stacks/{orgName}/{projectName}/{stackName}/deployments", "post"],
  ["/api/stacks/{orgName}/{projectName}/{stackName}/deployments/{deploymentId}", "get"],
];

export const SUBSET_FILE = path.join(ROOT, "test", "fixtures", "pulumi-cloud-openapi.subset.json");

type Json = Record<string, unknown>;

/** The operations and the component schemas they reference (transitively), nothing else. */
export function specSubset(spec: Json): Json {
  const paths = spec.paths as Record<string, Record<string, unknown>>;
  const schemas = (spec.components as Json).schemas as Record<string, unknown>;
  const outPaths: Record<string, Record<string, unknown>> = {};
  const wanted = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === "object")
      for (const [k, v] of Object.entries(node)) {
        if (k === "$ref" && typeof v === "string" && v.startsWith("#/components/schemas/")) {
          const name = v.slice("#/components/schemas/".length);
          if (!wanted.has(name)) {
            wanted.add(name);
            collect(schemas[name]);
          }
        } else collect(v);
      }
  };
  for (const [p, method] of CALLER_OPERATIONS) {
    const op = paths[p]?.[method];
    if (!op) throw new Error(`the spec has no ${method.toUpperCase()} ${p}`);
    (outPaths[p] ??= {})[method] = op;
    collect(op);
  }
  const outSchemas: Record<string, unknown> = {};
  for (const name of [...wanted].sort()) outSchemas[name] = schemas[name];
  return {
    openapi: spec.openapi,
    info: {
      ...(spec.info as Json),
      "x-subset": `operations of the REST caller of ${DEPLOYMENTS_LABEL}`,
    },
    paths: outPaths,
    components: { schemas: outSchemas },
  };
}

if (require.main === module) {
  const source = process.argv[2] ?? path.join(FULL_SCHEMA_DIR, "pulumi-cloud-openapi.json");
  const subset = specSubset(JSON.parse(readFileSync(source, "utf8")) as Json);
  writeFileSync(SUBSET_FILE, JSON.stringify(subset, null, 1) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), SUBSET_FILE)} from ${source}`);
}
