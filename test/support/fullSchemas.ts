/**
 * The full published schemas the trimmed fixtures are cut from, vendored gzipped under
 * test/fixtures/full so the freshness checks always run (a fork has no ../shared). Where the
 * workspace's ../shared/schemas is present, each vendored copy must equal it byte for byte, so the
 * vendored copy cannot go stale either.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { FULL_SCHEMA_DIR, PACKAGES, ROOT } from "../../plan/schemaFixtures";
import { OPENAPI_FILE } from "../../scripts/openapiTrim";

export const VENDORED_FULL_DIR = path.join(ROOT, "test", "fixtures", "full");
export const FULL_FILES: readonly string[] = [...PACKAGES.map((p) => p.full), OPENAPI_FILE];

let dir: string | undefined;

/** A directory holding every full schema, unpacked from the vendored copies (once per run). */
export function fullSchemaDir(): string {
  if (dir) return dir;
  const out = mkdtempSync(path.join(tmpdir(), "secure-org-full-schemas-"));
  for (const f of FULL_FILES) {
    const gz = path.join(VENDORED_FULL_DIR, `${f}.gz`);
    assert.ok(
      existsSync(gz),
      `${gz} is missing: gzip -9 -n the full schema from ../shared/schemas`,
    );
    const text = gunzipSync(readFileSync(gz));
    const shared = path.join(FULL_SCHEMA_DIR, f);
    if (existsSync(shared))
      assert.ok(
        text.equals(readFileSync(shared)),
        `${gz} differs from ${shared}: re-vendor it (gzip -9 -n -c ${shared} > ${gz})`,
      );
    writeFileSync(path.join(out, f), text);
  }
  return (dir = out);
}
