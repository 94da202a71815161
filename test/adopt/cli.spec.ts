/**
 * `npm run adopt` as a command: usage errors (2), credential and API errors (3, one line, no
 * token), and the proposal without GitHub (protected-looking tiers cannot keep approvers GitHub
 * does not know, so they are declared unprotected and reported).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import { ORG } from "../support/messyOrg";
import { Harness } from "./harness";

describe("adopt: the command line", function () {
  this.timeout(120_000);
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  it("usage errors exit 2 with the usage; --help exits 0", async () => {
    const none = await h.adopt([]);
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /^error: --org is required\n\nusage: npm run adopt -- --org <organization>/,
    );
    const bad = await h.adopt(["--org", "acme", "--stack", "../x"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--stack: invalid stack name/);
    assert.equal((await h.adopt(["--org", "acme", "--bogus"])).code, 2);
    const help = await h.adopt(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /exit codes: 0 no high finding left/);
  });

  it("credential and API errors exit 3 with one line and never the token", async () => {
    const noToken = await h.adopt(["--org", ORG], h.env({ PULUMI_ACCESS_TOKEN: undefined }));
    assert.equal(noToken.code, 3);
    assert.match(noToken.stderr, /^secure-org adopt: PULUMI_ACCESS_TOKEN is not set/);
    const wrong = await h.adopt(
      ["--org", ORG],
      h.env({ PULUMI_ACCESS_TOKEN: "pul-wrong0123456789" }),
    );
    assert.equal(wrong.code, 3);
    assert.match(wrong.stderr, /401/);
    assert.equal(wrong.stderr.split("\n").filter(Boolean).length, 1);
    const gh = await h.adopt(["--org", ORG], h.env({ GITHUB_TOKEN: "ghp_wrong0123456789" }));
    assert.equal(gh.code, 3);
    assert.match(
      gh.stderr,
      /GitHub GET \/github\/orgs\/acme failed with 401: Bad credentials: check GITHUB_TOKEN/,
    );
    assert.ok(!gh.stderr.includes("ghp_wrong0123456789"));
  });

  it("without GitHub: a proposal that validates, production declared unprotected and reported", async () => {
    const out = h.file("Pulumi.nogithub.yaml");
    h.cloud.reset();
    const r = await h.adopt(["--org", ORG, "--out", out], h.env({ GITHUB_TOKEN: undefined }));
    assert.equal(r.code, 1, r.stderr);
    const text = readFileSync(out, "utf8");
    const loaded = loadOrgConfig(entriesFromStackFile(parse(text)));
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
    assert.ok(loaded.config.tiers.every((t) => !t.protected));
    assert.match(
      text,
      /\[high\] tier-not-protected tier:prod: tier prod looks protected, but GitHub was not read/,
    );
    assert.deepEqual(
      h.cloud.requests.filter((q) => q.path.startsWith("/github/")).map((q) => q.path),
      [],
    );
  });
});
