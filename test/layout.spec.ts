/**
 * The layout as a rule, not a hope: every folder is one job and imports point down only (the
 * model and the client import no tooling; nothing but tests imports tests), no source file grows
 * past 600 lines and no function past 80. Read from the TypeScript sources with the compiler's
 * own parser, so a new file is covered the moment it exists.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const SKIP = new Set(["node_modules", ".git", "scratch", "fixtures", "golden", ".bench", "bin"]);

function sources(dir = ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (/\.(ts|js)$/.test(name) && !name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");
/** The job a file (or an imported folder) belongs to: its top-level folder, or "root". */
function folderOf(file: string): string {
  const r = rel(file);
  if (r.includes("/")) return r.split("/")[0];
  return /\.(ts|js)$/.test(r) || r === "index" ? "root" : r;
}

/** Which folders each folder may import from (its own is always allowed). */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  model: [],
  cloud: [],
  components: ["model", "cloud", "policy"],
  policy: [],
  plan: ["components", "model", "cloud", "policy"],
  // policy/ is a leaf: the audit shares the pack's pure detectors (policy/pack/rules/cloudKeys.ts).
  audit: ["model", "cloud", "components", "policy"],
  adopt: ["audit", "model", "cloud", "components", "plan"],
  bench: ["plan", "components", "model", "cloud"],
  scripts: ["plan", "audit", "adopt", "bench", "components", "model", "cloud", "policy"],
  root: ["components", "model"],
  test: ["*"],
};

/** Packages the pure model may use: no Pulumi SDK, no I/O. */
const MODEL_PACKAGES = new Set(["zod", "yaml"]);

function importsOf(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (
      (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) &&
      n.moduleSpecifier &&
      ts.isStringLiteral(n.moduleSpecifier)
    )
      out.push(n.moduleSpecifier.text);
    if (
      ts.isCallExpression(n) &&
      (n.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(n.expression) && n.expression.text === "require")) &&
      n.arguments.length === 1 &&
      ts.isStringLiteral(n.arguments[0])
    )
      out.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

/** Functions (declarations, methods, arrows, expressions) longer than `max` lines. */
function longFunctions(file: string, max: number): string[] {
  const text = readFileSync(file, "utf8");
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const isTestBlock = (n: ts.Node) =>
    ts.isCallExpression(n.parent) &&
    ts.isIdentifier(n.parent.expression) &&
    ["describe", "it", "before", "after", "beforeEach", "afterEach"].includes(
      n.parent.expression.text,
    );
  const visit = (n: ts.Node) => {
    if (
      (ts.isFunctionDeclaration(n) ||
        ts.isMethodDeclaration(n) ||
        ts.isArrowFunction(n) ||
        ts.isFunctionExpression(n) ||
        ts.isConstructorDeclaration(n)) &&
      !isTestBlock(n)
    ) {
      const start = src.getLineAndCharacterOfPosition(n.getStart()).line;
      const end = src.getLineAndCharacterOfPosition(n.getEnd()).line;
      if (end - start + 1 > max) out.push(`${rel(file)}:${start + 1} (${end - start + 1} lines)`);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

describe("layout (issue 13)", () => {
  const files = sources();

  it("finds the sources of every folder", () => {
    const folders = new Set(files.map(folderOf));
    for (const f of ["model", "cloud", "components", "plan", "audit", "bench", "scripts", "test"])
      assert.ok(folders.has(f), `no sources found under ${f}/`);
  });

  it("imports point down only: each folder imports only the folders below it", () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      const allowed = MAY_IMPORT[from];
      assert.ok(allowed, `${rel(file)}: folder "${from}" has no rule in MAY_IMPORT; add one`);
      for (const spec of importsOf(file)) {
        if (!spec.startsWith(".")) {
          if (
            from === "model" &&
            !MODEL_PACKAGES.has(spec.split("/")[0]) &&
            !spec.startsWith("node:")
          )
            violations.push(`${rel(file)} imports package ${spec} (the model is pure)`);
          continue;
        }
        const target = folderOf(path.resolve(path.dirname(file), spec));
        if (target === from || allowed.includes("*")) continue;
        if (target === "test" || !allowed.includes(target))
          violations.push(`${rel(file)} (${from}) imports ${spec} (${target})`);
      }
    }
    assert.deepEqual(violations, []);
  });

  it("no source file is longer than 600 lines", () => {
    const long = files
      .map((f) => ({ f: rel(f), n: readFileSync(f, "utf8").split("\n").length }))
      .filter((x) => x.n > 600)
      .map((x) => `${x.f} (${x.n} lines)`);
    assert.deepEqual(long, []);
  });

  it("no function is longer than 80 lines (mocha describe/it blocks aside)", () => {
    assert.deepEqual(
      files.flatMap((f) => longFunctions(f, 80)),
      [],
    );
  });

  it("the checks can fail: an upward import and a long function are caught", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "layout-"));
    try {
      const file = path.join(dir, "x.ts");
      const body = Array.from({ length: 90 }, (_, i) => `  const v${i} = ${i};`).join("\n");
      writeFileSync(
        file,
        `import { buildOrg } from "../components/org";\nexport function f() {\n${body}\n}\n`,
      );
      assert.deepEqual(importsOf(file), ["../components/org"]);
      assert.equal(longFunctions(file, 80).length, 1);
      assert.ok(!MAY_IMPORT.model.includes("components"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
