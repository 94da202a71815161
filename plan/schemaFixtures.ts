/**
 * Where the provider schemas live. The repository carries trimmed copies (only the resource types
 * this program registers, and the types they reference) under test/fixtures/schemas, refreshed
 * from the full published schemas by `npm run refresh-schemas`.
 */
import * as path from "node:path";

/** The project directory (set by scripts/run.js, which runs bundled code from elsewhere). */
export const ROOT = process.env.SECURE_ORG_ROOT ?? path.resolve(__dirname, "..");
export const FIXTURE_DIR = path.join(ROOT, "test", "fixtures", "schemas");
/** The full schemas, present in the development workspace only (not in a fork). */
export const FULL_SCHEMA_DIR =
  process.env.SECURE_ORG_SCHEMA_DIR ?? path.resolve(ROOT, "..", "shared", "schemas");

export const PACKAGES = [
  { name: "pulumiservice", full: "pulumiservice-1.3.0.schema.json", fixture: "pulumiservice.json" },
  { name: "github", full: "github-6.15.0.schema.json", fixture: "github.json" },
] as const;

/** Every provider resource type the program may register (from the managed areas, kinds/). */
export { USED_RESOURCE_TYPES } from "../kinds";

export const fixturePaths = () => PACKAGES.map((p) => path.join(FIXTURE_DIR, p.fixture));

/** This program's component types (resources without a provider schema). */
export { COMPONENT_TYPES } from "../components/types";
