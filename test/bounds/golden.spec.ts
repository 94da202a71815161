/**
 * The golden-file check itself (test/support/golden.ts): an update run rewrites a changed file and
 * fails, so UPDATE_GOLDEN=1 can never pass a change; an unchanged file passes either way.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertGolden } from "../support/golden";

describe("golden files", () => {
  let dir = "";
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "secure-org-golden-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("passes an equal file, with or without UPDATE_GOLDEN", () => {
    const f = join(dir, "a.yml");
    writeFileSync(f, "x\n");
    assertGolden(f, "x\n", false);
    assertGolden(f, "x\n", true);
  });

  it("fails a changed file without touching it", () => {
    const f = join(dir, "a.yml");
    writeFileSync(f, "x\n");
    assert.throws(() => assertGolden(f, "y\n", false));
    assert.equal(readFileSync(f, "utf8"), "x\n");
  });

  it("update mode rewrites a changed file AND fails", () => {
    const f = join(dir, "a.yml");
    writeFileSync(f, "x\n");
    assert.throws(() => assertGolden(f, "y\n", true), /was rewritten \(UPDATE_GOLDEN=1\)/);
    assert.equal(readFileSync(f, "utf8"), "y\n");
    assertGolden(f, "y\n", false);
  });

  it("a missing file fails; update mode creates it and fails", () => {
    const f = join(dir, "sub", "b.yml");
    assert.throws(() => assertGolden(f, "z\n", false), /is missing/);
    assert.throws(() => assertGolden(f, "z\n", true), /was created/);
    assert.equal(readFileSync(f, "utf8"), "z\n");
  });
});
