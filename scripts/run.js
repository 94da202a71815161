#!/usr/bin/env node
/**
 * Runs one of the TypeScript command-line entry points fast: bundles it with esbuild (our code
 * only; packages stay external) into node_modules/.cache/secure-org and runs the bundle. Bundling
 * takes about a tenth of a second and happens on every run, so the bundle is never stale.
 *
 *   node scripts/run.js scripts/plan.ts --stack dev
 */
"use strict";
const path = require("node:path");
const root = path.resolve(__dirname, "..");
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("usage: node scripts/run.js <entry.ts> [args...]\n");
  process.exit(2);
}
const outfile = path.join(
  root,
  "node_modules",
  ".cache",
  "secure-org",
  path.basename(entry, ".ts") + ".js",
);
require("esbuild").buildSync({
  entryPoints: [path.resolve(root, entry)],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  packages: "external",
  outfile,
  logLevel: "error",
});
process.env.SECURE_ORG_ROOT = root;
process.argv = [process.argv[0], outfile, ...args];
require(outfile);
