/**
 * The OrgDefaults provider as esbuild bundles it (issue 20): once per process, small, loadable
 * from a string with nothing installed, and never a bundle that loads a package. The provider's
 * behaviour in that form (a fresh process against a local Pulumi Cloud) is tested in
 * test/components/orgDefaultsSerialized.spec.ts.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  assertSelfContained,
  cachedProviderText,
  cacheFileName,
  orgDefaultsProviderText,
  providerTextFrom,
} from "../../components/orgDefaultsBundle";

const ROOT = resolve(__dirname, "../..");

describe("the OrgDefaults provider bundle (issue 20)", () => {
  it("is built once per process and kept", () => {
    const first = orgDefaultsProviderText();
    const t0 = process.hrtime.bigint();
    const again = orgDefaultsProviderText();
    assert.equal(again, first);
    assert.ok(process.hrtime.bigint() - t0 < 5_000_000n, "the second call rebuilds nothing");
  });

  it("is small and loads only Node built-ins", () => {
    const text = orgDefaultsProviderText();
    assert.ok(text.length < 30_000, `${text.length} bytes`);
    assert.doesNotMatch(text, /require\("@pulumi\//);
    assertSelfContained(text);
  });

  it("exports handler() returning the provider, loaded from a string in a directory with no packages", () => {
    const dir = mkdtempSync(join(tmpdir(), "org-defaults-bundle-"));
    try {
      writeFileSync(join(dir, "provider.js"), orgDefaultsProviderText());
      const out = execFileSync(
        process.execPath,
        [
          "-e",
          [
            // As the dynamic provider host loads it (require-from-string): a module compiled
            // from the text, resolving from the working directory.
            "const Module = require('node:module');",
            "const m = new Module('', null);",
            "m.paths = Module._nodeModulePaths(process.cwd());",
            "m._compile(require('node:fs').readFileSync('provider.js', 'utf8'), '');",
            "const p = m.exports.handler();",
            "process.stdout.write(Object.keys(p).sort().join(','));",
          ].join("\n"),
        ],
        { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } },
      );
      assert.equal(out, "check,create,delete,diff,read,update");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a bundle that would load a package", () => {
    for (const bad of [
      'var p = require("@pulumi/pulumi");',
      "const x = require('left-pad');",
      "const y = require(`yaml`);",
      'require( "zod" )',
    ])
      assert.throws(() => assertSelfContained(bad), /may not resolve/, bad);
    assertSelfContained('require("node:https"); require("crypto");');
  });
});

describe("the OrgDefaults provider bundle's disk cache (issue 31)", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "org-defaults-cache-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const entryOf = () => JSON.parse(readFileSync(join(dir, cacheFileName()), "utf8"));
  const rewrite = (change: (e: Record<string, unknown>) => void) => {
    const e = entryOf();
    change(e);
    writeFileSync(join(dir, cacheFileName()), JSON.stringify(e));
  };
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");

  it("records the text it builds and hands the same text back from the file", () => {
    assert.equal(cachedProviderText(dir), undefined, "an empty cache holds nothing");
    const built = providerTextFrom(dir);
    assert.equal(built, orgDefaultsProviderText(), "the same text as the in-process build");
    const e = entryOf();
    assert.equal(e.textSha256, sha(built));
    for (const f of [
      "components/orgDefaults.ts",
      "cloud/client.ts",
      "model/names.ts",
      "tsconfig.json",
    ])
      assert.equal(e.inputs[f], sha(readFileSync(join(ROOT, f), "utf8")), f);
    assert.equal(cachedProviderText(dir), built);
  });

  it("is not used when an input file, esbuild's version, the recipe or the text no longer match", () => {
    providerTextFrom(dir);
    const cases: [string, (e: Record<string, unknown>) => void][] = [
      [
        "a changed input",
        (e) => ((e.inputs as Record<string, string>)["components/orgDefaults.ts"] = "0".repeat(64)),
      ],
      [
        "an input that no longer exists",
        (e) => ((e.inputs as Record<string, string>)["components/gone.ts"] = ""),
      ],
      ["no inputs at all", (e) => (e.inputs = {})],
      ["another esbuild", (e) => (e.esbuild = "0.0.1")],
      ["another recipe", (e) => (e.recipe = sha("other"))],
      ["a text that is not the recorded one", (e) => (e.text = `${String(e.text)} `)],
      [
        "a text that loads a package (its hash recomputed)",
        (e) => {
          e.text = `require("left-pad");${String(e.text)}`;
          e.textSha256 = sha(e.text as string);
        },
      ],
      ["not an object", (e) => Object.keys(e).forEach((k) => delete e[k])],
    ];
    for (const [what, change] of cases) {
      const good = readFileSync(join(dir, cacheFileName()), "utf8");
      rewrite(change);
      assert.equal(cachedProviderText(dir), undefined, what);
      // Rebuilt and recorded again.
      assert.equal(providerTextFrom(dir), orgDefaultsProviderText(), what);
      assert.equal(readFileSync(join(dir, cacheFileName()), "utf8"), good, what);
    }
    writeFileSync(join(dir, cacheFileName()), "not json");
    assert.equal(cachedProviderText(dir), undefined, "a torn file");
  });

  it("still builds when the cache cannot be written", () => {
    const blocked = join(dir, "a-file");
    writeFileSync(blocked, "");
    assert.equal(providerTextFrom(join(blocked, "cache")), orgDefaultsProviderText());
  });
});
