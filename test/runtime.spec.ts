/**
 * The Node the scripts and tests run on: the Pulumi SDK's `engines` decides the minimum, the
 * project's `engines` says the same, and the `node` devDependency (the npm registry's Node, whose
 * binary npm puts first on PATH for every script) satisfies it, so `npm test` on a machine with an
 * older Node still runs on a supported one.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const readJson = (file: string) =>
  JSON.parse(readFileSync(file, "utf8")) as {
    engines?: { node?: string };
    version?: string;
    devDependencies?: Record<string, string>;
  };

/** The major version of a `>=N` range; anything else is not a range this test understands. */
function minimumMajor(range: string | undefined): number {
  const m = /^>=\s*(\d+)(?:\.\d+){0,2}$/.exec((range ?? "").trim());
  if (!m) throw new Error(`expected an engines range of the form ">=N", got ${String(range)}`);
  return Number(m[1]);
}

describe("runtime: the Node the Pulumi SDK requires", () => {
  const sdk = readJson(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json"));
  const own = readJson(path.join(ROOT, "package.json"));

  it("package.json engines says what @pulumi/pulumi's engines says", () => {
    assert.equal(own.engines?.node, sdk.engines?.node);
  });

  it("the node devDependency is pinned exactly and satisfies the SDK", () => {
    const pinned = own.devDependencies?.node ?? "";
    assert.match(pinned, /^\d+\.\d+\.\d+$/, "pin the node devDependency to an exact version");
    assert.ok(Number(pinned.split(".")[0]) >= minimumMajor(sdk.engines?.node));
    const installed = readJson(path.join(ROOT, "node_modules", "node", "package.json"));
    assert.equal(installed.version, pinned, "npm ci installed another node than package.json pins");
  });

  it("the tests run on a Node the SDK supports (npm test runs the devDependency's)", () => {
    const major = Number(process.versions.node.split(".")[0]);
    assert.ok(
      major >= minimumMajor(sdk.engines?.node),
      `running on Node ${process.versions.node}; run the tests with npm test (or npx mocha)`,
    );
  });

  it("node_modules/.bin/node is the pinned Node", () => {
    const bin = path.join(ROOT, "node_modules", ".bin", "node");
    const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
    assert.equal(version, `v${own.devDependencies?.node}`);
  });
});
