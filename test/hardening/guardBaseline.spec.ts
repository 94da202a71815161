/**
 * Issue 27, "Also": `guard.baseline` (or `--baseline`) naming a file that is not a plan JSON says
 * what is wrong without echoing the file's content. Through the command line (./support.ts).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { assertRefused, planEdited } from "./support";

const SECRET = "AKIAEXAMPLESECRETKEY-do-not-print";

describe("hardening: a baseline that is not a plan echoes nothing (issue 27)", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), "secure-org-baseline-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [what, content] of [
    ["text", `${SECRET}\nmore secret text`],
    ["almost JSON", `{"formatVersion": 1, "key": "${SECRET}"`],
    ["a single quote", `'${SECRET}'`],
  ] as const) {
    it(`guard.baseline naming ${what}: refused at guard.baseline, content not shown`, async () => {
      const file = path.join(dir, `${what.replace(/\W/g, "-")}.json`);
      writeFileSync(file, content);
      const run = await planEdited((d) => (d.config["secure-org:guard"] = { baseline: file }));
      assertRefused(run, "guard.baseline", "not JSON", "the content is not shown");
      assert.ok(!run.stderr.includes("AKIA") && !run.stderr.includes("secret"), run.stderr);
    });

    it(`--baseline naming ${what}: a usage error, content not shown`, async () => {
      const file = path.join(dir, `cli-${what.replace(/\W/g, "-")}.json`);
      writeFileSync(file, content);
      const run = await planEdited(() => undefined, "prod", ["--baseline", file]);
      assert.equal(run.code, 2, run.stderr);
      assert.ok(run.stderr.includes("not JSON"), run.stderr);
      assert.ok(!run.stderr.includes("AKIA") && !run.stderr.includes("secret"), run.stderr);
    });
  }

  it("a JSON file that is not a plan: refused without its content", async () => {
    const file = path.join(dir, "object.json");
    writeFileSync(file, JSON.stringify({ token: SECRET }));
    const run = await planEdited((d) => (d.config["secure-org:guard"] = { baseline: file }));
    assertRefused(run, "guard.baseline", "not a plan JSON of format version 1");
    assert.ok(!run.stderr.includes("AKIA"), run.stderr);
  });
});
