/**
 * Issue 26, pinned generated files: the Pulumi image the GitLab, CircleCI, Azure DevOps and
 * Jenkins jobs run in is named by digest (the tag as a comment) when `secure-org:images.pulumi`
 * supplies it; else by tag with an UNPINNED comment and a medium `ci-image-unpinned` finding. A
 * digest that is not sha256 + 64 lower-case hex, or given for another tag, is refused with its
 * path. Through the command line (./support.ts).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PULUMI_VERSION } from "../../model/imagePins";
import { assertAccepted, assertRefused, planEdited } from "./support";

const HEX = "0123456789abcdef".repeat(4);
const DIGEST = `sha256:${HEX}`;
const IMAGES = "secure-org:images";

/** Every file under `dir`, as `relative path -> text`. */
function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const f = path.join(d, n);
      if (statSync(f).isDirectory()) walk(f);
      else out.set(path.relative(dir, f), readFileSync(f, "utf8"));
    }
  };
  walk(dir);
  return out;
}

const CI_FILES = /(\.gitlab-ci\.yml|\.circleci\/config\.yml|azure-pipelines\.yml|Jenkinsfile)$/;

describe("hardening: the Pulumi image pinned by digest (issue 26)", function () {
  this.timeout(300_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "secure-org-image-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("with a digest: every generated CI file names repository@digest with the tag as a comment", async () => {
    const run = await planEdited(
      (d) => (d.config[IMAGES] = { pulumi: { tag: PULUMI_VERSION, digest: DIGEST } }),
      "multi-ci",
      ["--out", dir],
    );
    assertAccepted(run);
    assert.ok(!run.stdout.includes("ci-image-unpinned") && !run.stdout.includes("images.pulumi"));
    const ci = [...files(dir)].filter(([f]) => CI_FILES.test(f));
    assert.equal(ci.length, 4, ci.map(([f]) => f).join(", "));
    for (const [f, text] of ci) {
      assert.ok(!text.includes(`pulumi/pulumi-nodejs:${PULUMI_VERSION}'`), f);
      assert.doesNotMatch(text, /image: pulumi\/pulumi-nodejs:/, f);
      assert.ok(!text.includes("UNPINNED"), f);
      const comment = f.endsWith("Jenkinsfile") ? "//" : "#";
      assert.ok(
        text.includes(`pulumi/pulumi-nodejs@${DIGEST}`) &&
          text.includes(`${comment} pulumi/pulumi-nodejs:${PULUMI_VERSION}`),
        `${f}:\n${text.slice(0, 800)}`,
      );
    }
  });

  it("without a digest: the files say UNPINNED and the plan reports a medium finding at images.pulumi", async () => {
    const run = await planEdited(() => undefined, "multi-ci", ["--out", dir]);
    assertAccepted(run);
    assert.match(run.stdout, /\[medium\] images\.pulumi: the generated jobs of 8 pipelines/);
    for (const [f, text] of [...files(dir)].filter(([n]) => CI_FILES.test(n))) {
      assert.ok(text.includes(`pulumi/pulumi-nodejs:${PULUMI_VERSION}`), f);
      assert.ok(text.includes("UNPINNED: named by tag"), f);
      assert.ok(!text.includes("@sha256:"), f);
    }
  });

  it("control: a GitHub-only config gets no image finding (no generated job runs the image)", async () => {
    const run = await planEdited(() => undefined, "prod");
    assertAccepted(run);
    assert.ok(!run.stdout.includes("images.pulumi"), run.stdout);
  });

  const badDigests: [string, unknown][] = [
    ["upper-case hex", `sha256:${HEX.toUpperCase()}`],
    ["63 hex digits", `sha256:${HEX.slice(1)}`],
    ["65 hex digits", `sha256:${HEX}0`],
    ["sha512", `sha512:${HEX}${HEX}`],
    ["no algorithm", HEX],
    ["a trailing newline", `${DIGEST}\n`],
    ["a zero-width space", `sha256:\u200b${HEX.slice(1)}`],
    ["a bidi override", `sha256:\u202e${HEX.slice(1)}`],
    ["Cyrillic а for a", `sha256:${HEX.slice(0, 63)}\u0430`],
    ["the tag instead", `${PULUMI_VERSION}`],
    ["a full reference", `pulumi/pulumi-nodejs@${DIGEST}`],
    ["a huge string", `sha256:${"a".repeat(100_000)}`],
    ["a number", 1e308],
  ];
  for (const [what, digest] of badDigests)
    it(`refuses a digest with ${what} at images.pulumi.digest`, async () => {
      const run = await planEdited(
        (d) => (d.config[IMAGES] = { pulumi: { tag: PULUMI_VERSION, digest } }),
        "multi-ci",
      );
      assertRefused(run, "images.pulumi.digest");
    });

  const badTags: [string, unknown][] = [
    ["another version", "3.269.0"],
    ["latest", "latest"],
    ["a v prefix", `v${PULUMI_VERSION}`],
    ["the tag with a suffix", `${PULUMI_VERSION}-alpine`],
    ["a zero-width space", `${PULUMI_VERSION}\u200b`],
    ["'.' for any character", PULUMI_VERSION.replace(/\./g, "_")],
    ["a number", 3.27],
  ];
  for (const [what, tag] of badTags)
    it(`refuses ${what} as the tag at images.pulumi.tag, naming the image the files run`, async () => {
      const run = await planEdited(
        (d) => (d.config[IMAGES] = { pulumi: { tag, digest: DIGEST } }),
        "multi-ci",
      );
      assertRefused(run, "images.pulumi.tag");
      if (typeof tag === "string")
        assert.match(run.stderr, /the generated files run pulumi\/pulumi-nodejs:3\.270\.0/);
    });

  for (const [key, says] of [
    ["__proto__", "is a reserved name"],
    ["constructor", 'unknown key "constructor"; allowed keys here: pulumi'],
    ["gitlab", 'unknown key "gitlab"; allowed keys here: pulumi'],
    ["Pulumi", 'unknown key "Pulumi"; allowed keys here: pulumi'],
  ])
    it(`refuses the key ${key} under images at images.${key}`, async () => {
      const run = await planEdited((d) => {
        d.config[IMAGES] = JSON.parse(
          `{"${key}": {"tag": "${PULUMI_VERSION}", "digest": "${DIGEST}"}}`,
        ) as unknown;
      }, "multi-ci");
      assertRefused(run, `images.${key}`, says);
    });

  it("refuses a digest without its tag, and a tag without its digest", async () => {
    const a = await planEdited(
      (d) => (d.config[IMAGES] = { pulumi: { digest: DIGEST } }),
      "multi-ci",
    );
    assertRefused(a, "images.pulumi.tag");
    const b = await planEdited(
      (d) => (d.config[IMAGES] = { pulumi: { tag: PULUMI_VERSION } }),
      "multi-ci",
    );
    assertRefused(b, "images.pulumi.digest");
  });
});
