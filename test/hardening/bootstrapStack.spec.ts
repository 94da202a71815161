/**
 * Issue 24 item 3: the bootstrap deploys the stack its config belongs to. Copying
 * `Pulumi.prod.yaml` to `Pulumi.acme.yaml` and planning it must generate a bootstrap workflow that
 * plans `--stack acme` and deploys `<org>/secure-org/acme`, and a scheduled audit of
 * `Pulumi.acme.yaml`; a declaration that cannot agree with the file's stack is refused.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { programFromEntries } from "../../components/program";
import { ConfigError } from "../../model/config";
import { entriesOf, exampleDoc, StackDoc } from "../support/examples";
import { assertAccepted, assertRefused, key, planAs } from "./support";

const BOOT = 2; // projects[2] of the prod example: secure-org, bootstrap: true
const boot = (d: StackDoc) => d.config[key.projects][BOOT];

/** Every file under `dir`, by path relative to it. */
function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(path.relative(dir, full), readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return out;
}

/** Plans the (edited) example as `Pulumi.<stack>.yaml` with `--out`; the generated files. */
async function generated(
  stack: string,
  example: "prod" | "dev" = "prod",
  edit: (d: StackDoc) => void = () => undefined,
): Promise<Map<string, string>> {
  const out = mkdtempSync(path.join(tmpdir(), "secure-org-boot-stack-"));
  try {
    const run = await planAs(edit, stack, example, ["--out", out]);
    assertAccepted(run);
    return filesUnder(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The `--stack` arguments and `stack-name`s of every generated file under `repository/`. */
function stackMentions(files: Map<string, string>, repository: string): string[] {
  const found: string[] = [];
  for (const [file, text] of files) {
    if (!file.startsWith(`${repository}/`)) continue;
    for (const m of text.matchAll(/--stack ([\w.-]+)|stack-name: (\S+)|Pulumi\.([\w.-]+)\.yaml/g))
      found.push(m[0]);
  }
  return found;
}

describe("hardening: the bootstrap deploys the stack its config belongs to (issue 24, 3)", () => {
  it("the prod example copied to Pulumi.acme.yaml plans, deploys and audits stack acme", async () => {
    const files = await generated("acme");
    const mentions = stackMentions(files, "platform");
    assert.ok(mentions.length >= 5, mentions.join("\n"));
    for (const m of mentions)
      assert.ok(
        m === "--stack acme" ||
          m === "stack-name: acme/secure-org/acme" ||
          m === "Pulumi.acme.yaml",
        `a generated file of the bootstrap names another stack: ${m}`,
      );
    const wf = files.get("platform/.github/workflows/pulumi-secure-org-prod.yml") ?? "";
    assert.match(wf, /stack-name: acme\/secure-org\/acme\n/);
    assert.equal((wf.match(/npm run plan -- --stack acme /g) ?? []).length, 3, wf);
    const audit = files.get("platform/.github/workflows/secure-org-audit.yml") ?? "";
    assert.match(audit, /npm run audit -- --stack acme /);
  });

  it("the prod example as Pulumi.prod.yaml still deploys prod (control)", async () => {
    const mentions = stackMentions(await generated("prod"), "platform");
    assert.ok(mentions.includes("stack-name: acme/secure-org/prod"), mentions.join("\n"));
    assert.ok(!mentions.some((m) => /acme\/secure-org\/acme|--stack acme/.test(m)));
  });

  it("the dev example's bootstrap (tier prod) deploys stack dev, the stack of Pulumi.dev.yaml", async () => {
    const files = await generated("dev", "dev");
    const wf = [...files].find(
      ([f]) => f.startsWith("platform-sandbox/") && f.includes("secure-org"),
    );
    assert.ok(wf, [...files.keys()].join("\n"));
    assert.match(wf[1], /stack-name: \S+\/secure-org\/dev\n/);
    assert.ok(!/--stack prod/.test(wf[1]), wf[1]);
  });

  it("a shard's stack is named after the core stack the config belongs to", async () => {
    const run = await planAs(
      (d) => {
        d.config[key.defaults].customRoles = false;
        d.config["secure-org:shards"] = [{ name: "payments", projects: ["payments"] }];
      },
      "acme",
      "prod",
      ["--json"],
    );
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { stack: string; resources: { name: string }[] };
    assert.equal(report.stack, "acme");
    const names = report.resources.map((r) => r.name).join("\n");
    assert.match(names, /acme-payments/);
    assert.doesNotMatch(names, /\bprod-payments\b/);
  });

  it("refuses a bootstrap stack declared other than the file's, saying how to fix it", async () => {
    const run = await planAs((d) => (boot(d).tiers.prod = { stack: "prod" }), "acme");
    assertRefused(
      run,
      "projects[2].tiers.prod.stack",
      'would deploy stack "prod"',
      'this config is stack "acme"',
      "Remove this stack",
      "Pulumi.prod.yaml",
    );
  });

  it("refuses a case variant of the file's stack (Pulumi compares stack names exactly)", async () => {
    const run = await planAs((d) => (boot(d).tiers.prod = { stack: "Acme" }), "acme");
    assertRefused(run, "projects[2].tiers.prod.stack", 'would deploy stack "Acme"');
  });

  it("accepts the file's own stack declared explicitly (control)", async () => {
    assertAccepted(await planAs((d) => (boot(d).tiers.prod = { stack: "acme" }), "acme"));
    assertAccepted(await planAs((d) => (boot(d).tiers.prod = { stack: "prod" }), "prod"));
  });

  it("refuses a bootstrap that deploys two stacks from one config", async () => {
    const run = await planAs((d) => {
      d.config[key.tiers][1].protected = true;
      d.config[key.tiers][1].roles.developer = { stack: "none", environment: "none" };
      boot(d).tiers = { staging: {}, prod: {} };
    }, "acme");
    assertRefused(run, "projects[2].tiers", "deploys one stack", '"staging", "prod"');
  });

  it("refuses a bootstrap project named other than the program's Pulumi project", async () => {
    const run = await planAs((d) => (boot(d).name = "org-bootstrap"), "acme");
    assertRefused(run, "projects[2].name", 'project is "secure-org"', 'Name it "secure-org"');
  });

  it("pulumi up refuses the mismatch too (the running stack is the config's)", () => {
    const doc = exampleDoc("prod");
    boot(doc).tiers.prod = { stack: "prod" };
    assert.throws(
      () => programFromEntries(entriesOf(doc), { owner: { stack: "acme" } }),
      (e: unknown) =>
        e instanceof ConfigError && e.issues.some((i) => i.path === "projects[2].tiers.prod.stack"),
    );
  });
});
