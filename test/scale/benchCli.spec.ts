/**
 * `npm run bench`'s command line, through the real entry point (scripts/run.js bench/bench.ts):
 * `--help` prints the usage on stdout and exits 0, as the other commands do; a bad flag prints the
 * error and the usage on stderr and exits 2, with no stack trace. None of these runs a child.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { USAGE } from "../../bench/options";

const ROOT = path.resolve(__dirname, "..", "..");

function bench(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "scripts", "run.js"), "bench/bench.ts", ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (text: string) => assert.doesNotMatch(text, /\n\s+at |Error:|\.ts:\d+/);

describe("bench: command line", function () {
  this.timeout(120_000);

  for (const flag of ["--help", "-h"])
    it(`${flag} prints the usage on stdout and exits 0`, () => {
      const r = bench(flag);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, USAGE + "\n");
      assert.match(r.stdout, /^usage: npm run bench -- /);
      for (const f of ["--sizes", "--shards", "--repeat", "--stock", "--cpu-prof", "--check"])
        assert.ok(r.stdout.includes(`\n  ${f} `), `usage documents ${f}`);
      assert.equal(r.stderr, "");
    });

  it("--help wins over other valid flags, and runs nothing", () => {
    const r = bench("--sizes", "10", "--help");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, USAGE + "\n");
    assert.doesNotMatch(r.stderr, /bench: .* done/);
  });

  const bad: [string[], RegExp][] = [
    [["--bogus"], /^error: unknown argument "--bogus"\n\nusage: npm run bench/],
    [["--HELP"], /^error: unknown argument "--HELP"\n/],
    [["--sizes", "10,x"], /^error: --sizes takes positive integers/],
    [["--sizes"], /^error: --sizes takes positive integers/],
    [["--sizes", "0"], /^error: --sizes takes positive integers/],
    [["--sizes", "1.5"], /^error: --sizes takes positive integers/],
    [["--sizes", "10,"], /^error: --sizes takes positive integers/],
    [["--shards", "1"], /^error: --shards takes 0/],
    [["--shards", "-2"], /^error: --shards takes 0/],
    [["--repeat", "0"], /^error: --repeat takes a positive integer/],
    [["--repeat"], /^error: --repeat takes a positive integer/],
    [["--child-x"], /^error: unknown argument "--child-x"/],
  ];
  for (const [args, message] of bad)
    it(`${args.join(" ")}: exit 2, the error and the usage on stderr, no stack trace`, () => {
      const r = bench(...args);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, message);
      assert.ok(r.stderr.endsWith(`\n\n${USAGE}\n`), r.stderr);
      noStack(r.stderr);
    });
});
