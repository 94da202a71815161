/**
 * docs/assumptions.md: every file a row names exists, and every test a row names is found, by its
 * title, in the spec file it names. A row whose code or test moved or was renamed fails here.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const REGISTER = path.join(ROOT, "docs", "assumptions.md");

interface Row {
  readonly line: number;
  readonly cells: string[];
}

/** The table rows of the register with four cells (fact | source | code | test), header excluded. */
function rows(text: string): Row[] {
  const out: Row[] = [];
  text.split("\n").forEach((l, i) => {
    if (!l.startsWith("|") || /^\|\s*-/.test(l)) return;
    const cells = l
      .slice(1, l.endsWith("|") ? -1 : undefined)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    if (cells.length !== 4 || cells[0].toLowerCase() === "fact") return;
    out.push({ line: i + 1, cells });
  });
  return out;
}

/** `path` names in backticks that look like repository files. */
const files = (cell: string) =>
  [...cell.matchAll(/`([^`\s]+\.(?:ts|json|md|yaml|yml|mjs))`/g)].map((m) => m[1]);

/** `path` › "title" pairs of the test cell. */
const tests = (cell: string) =>
  [...cell.matchAll(/`([^`]+\.spec\.ts)`\s*›\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => ({
    file: m[1],
    title: m[2].replace(/\\"/g, '"'),
  }));

describe("docs/assumptions.md: the register's references exist", () => {
  const text = readFileSync(REGISTER, "utf8");
  const all = rows(text);

  it("has rows, each with a source URL (or says unsettled) and a test", () => {
    assert.ok(all.length >= 10, `${all.length} rows`);
    for (const r of all) {
      assert.ok(
        /https:\/\//.test(r.cells[1]) ||
          /not documented|not in the recorded|same page|same phrase|row above|unsettled|not settled|program's own|as installed|node_modules\/|npm view|observed/.test(
            r.cells[1],
          ),
        `line ${r.line}: no source URL`,
      );
      assert.ok(
        tests(r.cells[3]).length > 0 || r.cells[3].startsWith("**unpinned**"),
        `line ${r.line}: no test named (or marked **unpinned** with the reason)`,
      );
    }
    // Facts no offline test can pin are marked, and their number is kept here: a new unpinned
    // row is a decision a reviewer sees in this diff, never a silent gap.
    const unpinned = all.filter((r) => r.cells[3].startsWith("**unpinned**"));
    assert.equal(unpinned.length, 10, unpinned.map((r) => `line ${r.line}`).join(", "));
  });

  it("every code and test file a row names exists", () => {
    for (const r of all)
      for (const f of [...files(r.cells[2]), ...tests(r.cells[3]).map((t) => t.file)])
        assert.ok(existsSync(path.join(ROOT, f)), `line ${r.line}: ${f} does not exist`);
  });

  it("every test a row names is found by its title in its spec file", () => {
    for (const r of all)
      for (const t of tests(r.cells[3])) {
        const spec = readFileSync(path.join(ROOT, t.file), "utf8");
        const quoted = [JSON.stringify(t.title), `'${t.title}'`, `\`${t.title}\``];
        const templated = t.title.replace(/\b(mobile|search)\b/, "${name}");
        // A case of a table-driven test: "<case>: <rest>" where the spec holds the case's name as
        // a string and the title as `${name}: <rest>`.
        const tableCase = [...t.title.matchAll(/: /g)].some((m) => {
          const name = t.title.slice(0, m.index);
          const rest = t.title.slice((m.index ?? 0) + 2);
          return spec.includes(JSON.stringify(name)) && spec.includes(`\`\${name}: ${rest}\``);
        });
        assert.ok(
          quoted.some((q) => spec.includes(q)) || spec.includes(`\`${templated}\``) || tableCase,
          `line ${r.line}: no test "${t.title}" in ${t.file}`,
        );
      }
  });
});
