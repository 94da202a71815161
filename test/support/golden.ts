/**
 * Golden files: the text must equal the committed file. `UPDATE_GOLDEN=1` rewrites a file that
 * differs (or is missing) and then FAILS, so an update run never passes a change by itself: review
 * the diff, commit it, and run again without UPDATE_GOLDEN.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function assertGolden(
  golden: string,
  text: string,
  update = process.env.UPDATE_GOLDEN === "1",
): void {
  const before = existsSync(golden) ? readFileSync(golden, "utf8") : undefined;
  if (update && before !== text) {
    mkdirSync(dirname(golden), { recursive: true });
    writeFileSync(golden, text);
    assert.fail(
      `${golden} was ${before === undefined ? "created" : "rewritten"} (UPDATE_GOLDEN=1): review ` +
        "the diff, commit it, and run again without UPDATE_GOLDEN",
    );
  }
  assert.ok(before !== undefined, `${golden} is missing: run with UPDATE_GOLDEN=1`);
  assert.equal(text, before);
}
