/**
 * Regenerates the trimmed provider schema fixtures in test/fixtures/schemas from the full
 * published schemas (default ../shared/schemas, or SECURE_ORG_SCHEMA_DIR), and the trimmed
 * OpenAPI operations in test/fixtures/openapi (scripts/openapiTrim.ts).
 *
 *   npm run refresh-schemas
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { extractSchema, PackageSchema } from "../plan/schemaCheck";
import {
  FIXTURE_DIR,
  FULL_SCHEMA_DIR,
  PACKAGES,
  USED_RESOURCE_TYPES,
} from "../plan/schemaFixtures";
import { OPENAPI_FIXTURE_DIR, trimmedOpenApi } from "./openapiTrim";

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

if (require.main === module) {
  const write = (dir: string, files: Map<string, string>) => {
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of files) {
      writeFileSync(path.join(dir, file), text);
      console.log(
        `wrote ${path.relative(process.cwd(), path.join(dir, file))} (${text.length} bytes)`,
      );
    }
  };
  write(FIXTURE_DIR, trimmedSchemas());
  // The REST operations the audit's test server answers like (test/support/openapi.ts).
  write(OPENAPI_FIXTURE_DIR, trimmedOpenApi());
}
