/**
 * Regenerates the trimmed provider schema fixtures in test/fixtures/schemas from the full
 * published schemas (default ../shared/schemas, or SECURE_ORG_SCHEMA_DIR), and the trimmed Pulumi
 * Cloud OpenAPI spec (only the operations in cloud/operations.ts and the schemas they reference).
 *
 *   npm run refresh-schemas
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { USED_API_OPERATIONS } from "../cloud/operations";
import { extractSchema, PackageSchema } from "../plan/schemaCheck";
import {
  FIXTURE_DIR,
  FULL_SCHEMA_DIR,
  PACKAGES,
  USED_RESOURCE_TYPES,
} from "../plan/schemaFixtures";

export function trimmedSchemas(dir = FULL_SCHEMA_DIR): Map<string, string> {
  const out = new Map<string, string>();
  for (const pkg of PACKAGES) {
    const full = JSON.parse(readFileSync(path.join(dir, pkg.full), "utf8")) as PackageSchema;
    const trimmed = extractSchema(full, USED_RESOURCE_TYPES[pkg.name]);
    // The published schemas carry no version field; the file name does.
    trimmed.version ??= /-(\d+\.\d+\.\d+)\.schema\.json$/.exec(pkg.full)?.[1];
    out.set(pkg.fixture, JSON.stringify(trimmed, null, 1) + "\n");
  }
  return out;
}

export const OPENAPI_FULL = "pulumi-cloud-openapi.json";
export const OPENAPI_FIXTURE = "pulumi-cloud-openapi.json";

type Json = Record<string, unknown>;

/** The spec with only the used GET operations and every component schema they reach. */
export function trimmedOpenApi(dir = FULL_SCHEMA_DIR): string {
  const full = JSON.parse(readFileSync(path.join(dir, OPENAPI_FULL), "utf8")) as Json;
  const wanted = new Set<string>(USED_API_OPERATIONS);
  const paths: Record<string, Json> = {};
  for (const [p, item] of Object.entries(full.paths as Record<string, Json>))
    for (const [method, op] of Object.entries(item))
      if (wanted.has((op as Json).operationId as string)) paths[p] = { ...paths[p], [method]: op };
  const all = (full.components as { schemas: Record<string, Json> }).schemas;
  const schemas: Record<string, Json> = {};
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== "object") return;
    for (const [k, x] of Object.entries(v as Json)) {
      if (k === "$ref" && typeof x === "string") {
        const name = x.split("/").pop() as string;
        if (!schemas[name] && all[name]) {
          schemas[name] = all[name];
          visit(all[name]);
        }
      } else if (k === "mapping" && x && typeof x === "object") {
        for (const ref of Object.values(x as Json)) visit({ $ref: ref });
      } else visit(x);
    }
  };
  visit(paths);
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : 1)));
  return (
    JSON.stringify(
      {
        openapi: full.openapi,
        info: full.info,
        "x-source":
          "Pulumi Cloud REST API OpenAPI spec (the spec behind https://www.pulumi.com/docs/reference/cloud-rest-api/ " +
          "and `pulumi cloud api describe`), trimmed by scripts/refresh-schemas.ts to the operations in " +
          "cloud/operations.ts; Pulumi's interface description, vendored as test data",
        paths,
        components: { schemas: sorted },
      },
      null,
      1,
    ) + "\n"
  );
}

if (require.main === module) {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const api = trimmedOpenApi();
  writeFileSync(path.join(FIXTURE_DIR, OPENAPI_FIXTURE), api);
  console.log(`wrote test/fixtures/schemas/${OPENAPI_FIXTURE} (${api.length} bytes)`);
  for (const [file, text] of trimmedSchemas()) {
    writeFileSync(path.join(FIXTURE_DIR, file), text);
    console.log(
      `wrote ${path.relative(process.cwd(), path.join(FIXTURE_DIR, file))} (${text.length} bytes)`,
    );
  }
}
