/**
 * The registry of managed areas (kinds/) is complete: every provider resource a component
 * registers belongs to exactly one area, read from the components' sources with the compiler's
 * parser (the provider classes' own `__pulumiType` gives the token), so a new `new ps.X(...)`
 * without an area fails here. The check is shown to fail on a planted registration.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import ts from "typescript";
import {
  API_COSTS,
  AREAS,
  IMPORT_ID_RULES,
  MANAGED_TYPES,
  managedType,
  NOT_AUDITED,
  USED_RESOURCE_TYPES,
} from "../kinds";

const ROOT = path.resolve(__dirname, "..");
const PROVIDER_PACKAGES = new Set(["@pulumi/pulumiservice", "@pulumi/github"]);
const DYNAMIC = "pulumi-nodejs:dynamic:Resource";

/** The resource type tokens a source file registers: provider classes and dynamic resources. */
function registeredTokens(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const namespaces = new Map<string, string>(); // local name -> package
  const named = new Map<string, { pkg: string; name: string }>();
  for (const st of src.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const pkg = st.moduleSpecifier.text;
    const b = st.importClause?.namedBindings;
    if (!PROVIDER_PACKAGES.has(pkg) || !b) continue;
    if (ts.isNamespaceImport(b)) namespaces.set(b.name.text, pkg);
    else
      for (const e of b.elements)
        named.set(e.name.text, { pkg, name: (e.propertyName ?? e.name).text });
  }
  const out: string[] = [];
  /** The class at `path` of the package (`["api", "X"]` for `ps.api.X`) and its type token. */
  const token = (pkg: string, path: readonly string[]) => {
    let cur: unknown = require(pkg);
    for (const p of path)
      cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[p] : undefined;
    const type = (cur as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof type === "string" ? type : `${pkg}.${path.join(".")} (no such class)`;
  };
  /** `a.b.c` as ["a", "b", "c"], or undefined for anything but identifiers and dots. */
  const chain = (e: ts.Expression): string[] | undefined =>
    ts.isIdentifier(e)
      ? [e.text]
      : ts.isPropertyAccessExpression(e)
        ? (() => {
            const head = chain(e.expression);
            return head && [...head, e.name.text];
          })()
        : undefined;
  const visit = (n: ts.Node) => {
    if (ts.isNewExpression(n)) {
      const [root, ...rest] = chain(n.expression) ?? [];
      const cls = rest[rest.length - 1];
      if (root && namespaces.has(root) && rest.length && cls !== "Provider")
        out.push(token(namespaces.get(root)!, rest));
      else if (root && named.has(root) && named.get(root)!.name !== "Provider")
        out.push(token(named.get(root)!.pkg, [named.get(root)!.name, ...rest]));
    }
    if (ts.isClassDeclaration(n)) {
      const base = n.heritageClauses?.flatMap((h) => h.types.map((t) => t.getText())) ?? [];
      // A dynamic resource, or a custom resource that registers its own token (`super("t", ...)`).
      if (base.some((b) => /dynamic\.Resource$/.test(b))) out.push(DYNAMIC);
      else if (base.some((b) => /CustomResource$/.test(b))) {
        const find = (m: ts.Node): void => {
          if (
            ts.isCallExpression(m) &&
            m.expression.kind === ts.SyntaxKind.SuperKeyword &&
            m.arguments[0] &&
            ts.isStringLiteral(m.arguments[0])
          )
            out.push(m.arguments[0].text);
          ts.forEachChild(m, find);
        };
        find(n);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

const componentFiles = () =>
  readdirSync(path.join(ROOT, "components"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(ROOT, "components", f));

/** Registered tokens with no managed area. */
const withoutArea = (files: string[]) =>
  files.flatMap((f) =>
    registeredTokens(f)
      .filter((t) => !managedType(t))
      .map((t) => `${path.basename(f)}: ${t}`),
  );

describe("managed areas (kinds/)", () => {
  it("every resource a component registers belongs to a managed area", () => {
    const found = new Set(componentFiles().flatMap(registeredTokens));
    assert.ok(found.has("pulumiservice:index:Team") && found.has(DYNAMIC), [...found].join(", "));
    assert.deepEqual(withoutArea(componentFiles()), []);
  });

  it("every managed type is registered by some component (no stale area)", () => {
    const found = new Set(componentFiles().flatMap(registeredTokens));
    assert.deepEqual(
      MANAGED_TYPES.map((t) => t.token).filter((t) => !found.has(t)),
      [],
    );
  });

  it("the check fails on a registration with no area (planted)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "kinds-"));
    try {
      const file = path.join(dir, "planted.ts");
      writeFileSync(
        file,
        'import * as ps from "@pulumi/pulumiservice";\n' +
          'import { api } from "@pulumi/pulumiservice";\n' +
          'new ps.api.AuditLogExportConfiguration("a", {} as never);\n' +
          'new api.AuditLogExportConfiguration("b", {} as never);\n' +
          'new ps.Team("t", {} as never);\n',
      );
      assert.deepEqual(withoutArea([file]), [
        "planted.ts: pulumiservice:api:AuditLogExportConfiguration",
        "planted.ts: pulumiservice:api:AuditLogExportConfiguration",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("each type is in one area; the derived tables cover exactly the managed types", () => {
    const tokens = MANAGED_TYPES.map((t) => t.token);
    assert.equal(new Set(tokens).size, tokens.length);
    assert.deepEqual(Object.keys(API_COSTS).sort(), [...tokens].sort());
    assert.deepEqual(Object.keys(IMPORT_ID_RULES).sort(), [...tokens].sort());
    assert.deepEqual(
      [...USED_RESOURCE_TYPES.pulumiservice, ...USED_RESOURCE_TYPES.github, DYNAMIC].sort(),
      [...tokens].sort(),
    );
    for (const a of AREAS) assert.ok(a.types.length > 0, `${a.name} manages no type`);
    // Name-keyed: a hostile token is no key.
    for (const k of ["constructor", "__proto__", "toString"]) {
      assert.equal(API_COSTS[k], undefined);
      assert.equal(managedType(k), undefined);
    }
  });

  it("says which areas the audit does not read back (9 of the 26 provider types today)", () => {
    const types = NOT_AUDITED.flatMap((a) => a.types.map((t) => t.token));
    assert.equal(MANAGED_TYPES.filter((t) => t.schema !== "dynamic").length, 26);
    assert.equal(types.length, 9);
    // Issue 25: webhooks and stack tags are read back and compared.
    assert.ok(!types.includes("pulumiservice:index:Webhook"));
    assert.ok(!types.includes("pulumiservice:index:StackTags"));
    // Issue 25: ESC approval rules are read back (ListGates) and compared.
    assert.ok(!types.includes("pulumiservice:index:ApprovalRule"));
    // Issue 25: the Deployments settings and drift schedules are read back and compared.
    assert.ok(!types.includes("pulumiservice:index:DeploymentSettings"));
    assert.ok(!types.includes("pulumiservice:index:DriftSchedule"));
    assert.ok(!types.includes("pulumiservice:index:Team"));
  });
});
