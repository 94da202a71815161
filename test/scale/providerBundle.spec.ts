/**
 * The OrgDefaults provider as esbuild bundles it (issue 20): once per process, small, loadable
 * from a string with nothing installed, and never a bundle that loads a package. The provider's
 * behaviour in that form (a fresh process against a local Pulumi Cloud) is tested in
 * test/components/orgDefaultsSerialized.spec.ts.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertSelfContained, orgDefaultsProviderText } from "../../components/orgDefaultsBundle";

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
