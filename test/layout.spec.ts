/**
 * The layout as a rule, not a hope: every folder is one job and imports point down only (the
 * model and the client import no tooling; nothing but tests imports tests), no source file grows
 * past 600 lines and no function past 80. Read from the TypeScript sources with the compiler's
 * own parser, so a new file is covered the moment it exists.
 */
import assert from "node:assert/strict";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
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
  kinds: ["model", "cloud"],
  components: ["kinds", "model", "cloud", "policy"],
  policy: [],
  plan: ["components", "kinds", "model", "cloud", "policy"],
  // policy/ is a leaf: the audit shares the pack's pure detectors (policy/pack/rules/cloudKeys.ts).
  audit: ["kinds", "model", "cloud", "components", "policy"],
  adopt: ["audit", "kinds", "model", "cloud", "components", "plan"],
  bench: ["plan", "components", "kinds", "model", "cloud"],
  scripts: ["plan", "audit", "adopt", "bench", "components", "kinds", "model", "cloud", "policy"],
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

/** The file a relative import names: `x`, `x.ts`, `x.js`, `x/index.ts` or `x/index.js`. */
function resolveImport(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.js`,
    path.join(base, "index.ts"),
    path.join(base, "index.js"),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/**
 * Every import circle among `files`, type-only imports and re-exports included, each as the
 * chain of files that closes it (`a.ts -> b.ts -> a.ts`). The strongly connected components of
 * the import graph (Tarjan's algorithm, iterative so depth is no limit); one chain per component.
 */
function importCircles(files: readonly string[]): string[] {
  const inSet = new Set(files);
  const graph = new Map<string, string[]>();
  for (const f of files)
    graph.set(
      f,
      importsOf(f)
        .filter((s) => s.startsWith("."))
        .map((s) => resolveImport(f, s))
        .filter((t): t is string => t !== undefined && inSet.has(t)),
    );
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  for (const root of files) {
    if (index.has(root)) continue;
    const work: { v: string; i: number }[] = [{ v: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const edges = graph.get(top.v) ?? [];
      if (top.i < edges.length) {
        const w = edges[top.i++];
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) !== index.get(top.v)) continue;
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== top.v);
      if (component.length > 1 || (graph.get(top.v) ?? []).includes(top.v))
        components.push(component);
    }
  }
  return components.map((c) => circleChain(c, graph));
}

/** A shortest path around one strongly connected component, from its first file back to it. */
function circleChain(component: readonly string[], graph: Map<string, string[]>): string {
  const members = new Set(component);
  const start = [...component].sort()[0];
  // Breadth-first from `start`; the first edge back to it closes the shortest circle.
  const prev = new Map<string, string>([[start, start]]);
  const queue = [start];
  let last: string | undefined;
  while (queue.length && last === undefined) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (w === start) {
        last = v;
        break;
      }
      if (members.has(w) && !prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  const chain: string[] = [];
  for (let v = last ?? start; v !== start; v = prev.get(v)!) chain.unshift(v);
  return [start, ...chain, start].map(rel).join(" -> ");
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
    for (const f of [
      "model",
      "cloud",
      "kinds",
      "components",
      "plan",
      "audit",
      "bench",
      "scripts",
      "test",
    ])
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

  it("no import circles, type-only imports and re-exports included", () => {
    assert.deepEqual(importCircles(files), []);
  });

  it("the circle check can fail: planted circles in test/fixtures/import-circle are found", () => {
    const dir = path.join(ROOT, "test", "fixtures", "import-circle");
    const planted = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join(dir, f));
    assert.deepEqual(importCircles(planted).sort(), [
      "test/fixtures/import-circle/a.ts -> test/fixtures/import-circle/b.ts -> test/fixtures/import-circle/a.ts",
      "test/fixtures/import-circle/c.ts -> test/fixtures/import-circle/sub/index.ts -> " +
        "test/fixtures/import-circle/sub/d.ts -> test/fixtures/import-circle/c.ts",
    ]);
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
