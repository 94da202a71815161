/**
 * The Node settings `npm run plan` runs with: the ones the benchmark measures with (bench/
 * options.ts TUNED_FLAGS; test/scale/nodeFlags.spec.ts keeps the two lists equal), and a heap
 * limit sized to the machine. With Node's defaults a 5,000-team config planned in 368 s; with these
 * in 49 s (issue 20), and a 1,000-project org needs more than the default heap.
 *
 * - `--stack-trace-limit=0`: the Pulumi SDK captures a stack trace for every pending promise
 *   (four per input property) and keeps it until the registration completes. Resource source
 *   positions are unaffected (the SDK raises the limit itself for those). Errors then carry their
 *   message without a trace; set SECURE_ORG_STOCK_NODE=1 to run with Node's defaults.
 * - `--max-semi-space-size=64` (MB): a young generation large enough that the short-lived objects
 *   of each registration die there instead of being promoted and collected again.
 * - `--max-old-space-size`: three quarters of the machine's memory, at most 16 GB.
 *
 * `reexecWithFlags` runs this same command again in a child Node process with the flags when the
 * current process lacks them, and exits with the child's status.
 */
"use strict";
const os = require("node:os");
const { spawnSync } = require("node:child_process");

const TUNED_FLAGS = ["--stack-trace-limit=0", "--max-semi-space-size=64"];
/** Entry points that run the program under mocks, and so need the flags. */
const NEEDS_FLAGS = new Set(["scripts/plan.ts"]);
const MARK = "SECURE_ORG_NODE_FLAGS";

function heapFlag() {
  const mb = Math.min(16384, Math.floor((os.totalmem() / 2 ** 20) * 0.75));
  return `--max-old-space-size=${mb}`;
}

function flagsFor(entry) {
  return NEEDS_FLAGS.has(entry.replace(/\\/g, "/").replace(/^\.\//, ""))
    ? [...TUNED_FLAGS, heapFlag()]
    : [];
}

/**
 * When `entry` needs flags this process was not started with, runs `node <flags> <argv[1..]>`
 * and exits with its status; otherwise returns.
 */
function reexecWithFlags(entry) {
  const flags = flagsFor(entry);
  if (flags.length === 0 || process.env[MARK] || process.env.SECURE_ORG_STOCK_NODE) return;
  const missing = flags.filter((f) => !process.execArgv.includes(f));
  if (missing.length === 0) return;
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, ...flags, ...process.argv.slice(1)],
    {
      stdio: "inherit",
      env: { ...process.env, [MARK]: "1" },
    },
  );
  if (child.error) throw child.error;
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}

module.exports = { TUNED_FLAGS, flagsFor, reexecWithFlags };
