#!/usr/bin/env node
/**
 * Runs one of the TypeScript command-line entry points fast: bundles it with esbuild (our code
 * only; packages stay external) and runs the bundle. Bundling takes about a tenth of a second and
 * happens on every run, so the bundle is never stale.
 *
 * Several runs at once (two plans and an audit, say) never share a file: the bundle is built in
 * memory, written under a name keyed by its content (SHA-256) through a temporary file of its own
 * that is renamed into place (an atomic replace on one file system), and then only read. Two runs
 * of the same code put identical bytes under the same name; two runs of different code use
 * different names. Bundles nobody wrote for a day are pruned.
 *
 * The bundles live in node_modules/.cache/secure-org, or in SECURE_ORG_CACHE_DIR when it is set
 * (test/runner.spec.ts gives each run its own empty one; it must be inside the project, so that
 * the bundle finds the packages in node_modules).
 *
 *   node scripts/run.js scripts/plan.ts --stack dev
 */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("usage: node scripts/run.js <entry.ts> [args...]\n");
  process.exit(2);
}
// The plan runs with the Node settings the benchmark found (scripts/nodeFlags.js).
require("./nodeFlags").reexecWithFlags(entry);

const cacheDir = process.env.SECURE_ORG_CACHE_DIR
  ? path.resolve(process.env.SECURE_ORG_CACHE_DIR)
  : path.join(root, "node_modules", ".cache", "secure-org");
const built = require("esbuild").buildSync({
  entryPoints: [path.resolve(root, entry)],
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  packages: "external",
  // The bundle is required from cacheDir; this keeps `__dirname`-relative paths of the sources
  // meaningful (the code reads SECURE_ORG_ROOT instead) and the output in memory.
  outdir: cacheDir,
  write: false,
  logLevel: "error",
});
const code = built.outputFiles.find((f) => f.path.endsWith(".js")).contents;
const digest = crypto.createHash("sha256").update(code).digest("hex").slice(0, 32);

fs.mkdirSync(cacheDir, { recursive: true });
// Node names a required module by its real path (`__filename`), and an entry point may check
// `process.argv[1] === __filename` (scripts/audit.ts does): name the bundle by its real path too,
// so that check holds when node_modules is a symbolic link (a shared one in a git worktree).
const outDir = fs.realpathSync(cacheDir);
const outfile = path.join(outDir, `${path.basename(entry, ".ts")}-${digest}.js`);
// Always rewrite (identical bytes when the name exists): the fresh mtime keeps pruning away.
const tmp = `${outfile}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`;
fs.writeFileSync(tmp, code);
fs.renameSync(tmp, outfile);
pruneStale(outDir, outfile);

process.env.SECURE_ORG_ROOT = root;
process.argv = [process.argv[0], outfile, ...args];
require(outfile);

/** Removes bundles and abandoned temporary files older than a day; never fails the run. */
function pruneStale(dir, keep) {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  let names = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    if (file === keep) continue;
    try {
      if (fs.statSync(file).mtimeMs < dayAgo) fs.unlinkSync(file);
    } catch {
      // Another run removed it first, or it is in use on a platform that refuses: harmless.
    }
  }
}
