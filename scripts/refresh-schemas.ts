/**
 * Regenerates the trimmed provider schema fixtures in test/fixtures/schemas from the full
 * published schemas (default ../shared/schemas, or SECURE_ORG_SCHEMA_DIR).
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
  mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const [file, text] of trimmedSchemas()) {
    writeFileSync(path.join(FIXTURE_DIR, file), text);
    console.log(
      `wrote ${path.relative(process.cwd(), path.join(FIXTURE_DIR, file))} (${text.length} bytes)`,
    );
  }
}
