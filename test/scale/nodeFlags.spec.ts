/**
 * `npm run plan` runs with the Node settings the benchmark measures with (issue 20): the flag list
 * is the benchmark's, and scripts/run.js re-executes itself with it.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { TUNED_FLAGS as BENCH_FLAGS } from "../../bench/options";

const ROOT = path.resolve(__dirname, "..", "..");
const nodeFlags = require(path.join(ROOT, "scripts", "nodeFlags.js")) as {
  TUNED_FLAGS: string[];
  flagsFor(entry: string): string[];
};

describe("node flags of the plan (issue 20)", () => {
  it("are the benchmark's, plus a heap limit, for the plan only", () => {
    assert.deepEqual(nodeFlags.TUNED_FLAGS, BENCH_FLAGS);
    const flags = nodeFlags.flagsFor("scripts/plan.ts");
    assert.deepEqual(flags.slice(0, BENCH_FLAGS.length), BENCH_FLAGS);
    assert.match(flags[flags.length - 1], /^--max-old-space-size=\d+$/);
    assert.deepEqual(nodeFlags.flagsFor("./scripts/plan.ts"), flags);
    assert.deepEqual(nodeFlags.flagsFor("scripts/audit.ts"), []);
  });

  it("re-executes a process that lacks them, once, and passes its exit status on", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "node-flags-"));
    try {
      const script = path.join(dir, "probe.js");
      writeFileSync(
        script,
        [
          `require(${JSON.stringify(path.join(ROOT, "scripts", "nodeFlags.js"))}).reexecWithFlags("scripts/plan.ts");`,
          "process.stdout.write(JSON.stringify(process.execArgv));",
          "process.exitCode = 7;",
        ].join("\n"),
      );
      const run = (env: Record<string, string>) => {
        try {
          execFileSync(process.execPath, [script], {
            encoding: "utf8",
            env: { PATH: process.env.PATH ?? "", ...env },
          });
          return { status: 0, argv: [] as string[] };
        } catch (e) {
          const err = e as { stdout: string; status: number };
          return { status: err.status, argv: JSON.parse(err.stdout) as string[] };
        }
      };
      const tuned = run({});
      assert.equal(tuned.status, 7);
      for (const f of BENCH_FLAGS) assert.ok(tuned.argv.includes(f), `${f} in ${tuned.argv}`);
      // Opting out runs with Node's defaults, in the same process.
      const stock = run({ SECURE_ORG_STOCK_NODE: "1" });
      assert.equal(stock.status, 7);
      assert.deepEqual(stock.argv, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
