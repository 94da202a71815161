/**
 * The offline plan as a user runs it: `node scripts/run.js scripts/plan.ts ...` in a child process
 * with no credentials in its environment, checking stdout, stderr and exit codes.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { auditWorkflow } from "../model/ci/github/hardening";
import { PlanReport } from "../plan";
import { exampleDoc, key, ROOT } from "./support/examples";

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function plan(...args: string[]): Result {
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (/^(PULUMI_|GITHUB_TOKEN|GH_TOKEN|AWS_)/.test(k)) delete env[k];
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "scripts", "run.js"), "scripts/plan.ts", ...args],
    {
      cwd: ROOT,
      env,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("plan: offline plan command", function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "secure-org-plan-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("prints the summary, access matrix, OIDC table, pipelines and findings for the dev example", () => {
    const r = plan("--stack", "dev");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    const out = r.stdout;
    assert.match(out, /^secure-org plan: acme-sandbox \(stack dev\)\n/);
    for (const heading of [
      /== Summary: \d+ resources/,
      /== Access: tier dev\n/,
      /== Access: tier test\n/,
      /== Access: tier prod \(protected\): standing access, held at any moment\n/,
      /== Access: tier prod \(protected\): access on approval, each use\n/,
      /== OIDC trust: https:\/\/token\.actions\.githubusercontent\.com \(tokens live at most 3600s\)/,
      /== Pipelines/,
      /== Findings \(\d+\)/,
      /== Placeholders \(known only at deploy time\)/,
      /== Generated files/,
    ])
      assert.match(out, heading);
    // Machine identities are marked, and the OIDC table says who gets what.
    assert.match(out, /checkout-prod-deploy\s+machine\s+checkout\s+write\s+open/);
    assert.match(
      out,
      /checkout\/prod\s+deploy: push to main in environment prod \[legacy sub\]\s+team:checkout-prod-deploy/,
    );
    assert.match(
      out,
      /checkout\/prod\s+deploy: push to main \(without the environment\) \[legacy sub\]\s+nothing/,
    );
    assert.match(out, /secret|GitHub id of acme-sandbox \(pin it with github\.ownerId\)/);
  });

  it("--json prints one stable object for the prod example", () => {
    const r = plan("--stack", "prod", "--json");
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as PlanReport;
    assert.equal(report.formatVersion, 1);
    assert.equal(report.stack, "prod");
    assert.equal(report.organization, "acme");
    assert.deepEqual(Object.keys(report), [
      "formatVersion",
      "stack",
      "organization",
      "placeholders",
      "summary",
      "resources",
      "accessMatrix",
      "oidc",
      "pipelines",
      "findings",
      "files",
      "guardrails",
      "membership",
      // Added for the PR-sized plan (issue 26): GitHub repository permissions, rulesets,
      // environments and CODEOWNERS, which the access diff compares too.
      "github",
      // The cloud logins (docs/cloud-credentials.md), when any tier environment logs in.
      "cloud",
      "apiBudget",
      // Added for adoption (issue 17): what a later plan's access diff compares with.
      "teamMembers",
      "defaults",
      // Added for the removal guard (issue 27): the limit a later plan's guard compares with.
      "guardLimit",
    ]);
    assert.deepEqual(
      report.teamMembers.filter((m) => m.team === "payments"),
      [
        { team: "payments", login: "carol", service: "pulumi", human: true },
        { team: "payments", login: "dave", service: "pulumi", human: true },
        { team: "payments", login: "carol-gh", service: "github", human: true },
        { team: "payments", login: "dave-gh", service: "github", human: true },
      ],
    );
    assert.equal(report.defaults.stackPermission, "none");
    const custom = report.resources.filter((x) => !x.type.startsWith("secure-org:"));
    assert.equal(report.summary.resources, custom.length);
    const stack = report.resources.find((x) => x.name === "payments/prod/stack");
    assert.deepEqual(stack?.inputs, {
      organizationName: "acme",
      projectName: "payments",
      stackName: "prod",
    });
    assert.equal(stack?.options.protect, true);
    assert.equal(stack?.options.retainOnDelete, true);
    assert.deepEqual(stack?.options.ignoreChanges, []);
    assert.match(stack?.parent ?? "", /EnvironmentTier::prod$/);
    const env = report.resources.find((x) => x.name === "payments/prod/environment");
    assert.deepEqual(env?.options.ignoreChanges, ["yaml"]);
    const drift = report.resources.find((x) => x.name === "web/prod-drift");
    assert.deepEqual(
      drift?.options.dependsOn.map((u) => u.split("::").pop()),
      ["web/prod-settings"],
    );
    // Secrets never appear; placeholders say what was replaced.
    const hook = report.resources.find((x) => x.name === "webhook/security");
    assert.equal(hook?.inputs.secret, "[secret secure-org:securityWebhookSecret]");
    assert.ok(report.placeholders.includes("secret config secure-org:securityWebhookSecret"));
    // The dynamic provider's serialized code is summarized, not dumped.
    const defaults = report.resources.find((x) => x.name === "org-defaults");
    assert.match(String(defaults?.inputs.__provider), /^\[serialized provider, \d+ bytes\]$/);
    // Access matrix, OIDC table and findings come from the same model.
    const prod = report.accessMatrix.find((t) => t.tier === "prod");
    assert.equal(prod?.protected, true);
    const sre = prod?.rows.find((x) => x.team === "sre" && x.project === "payments");
    assert.deepEqual(
      [sre?.kind, sre?.environmentPermission, sre?.maxOpenDuration, Boolean(sre?.breakGlass)],
      ["human", "open", "1h", true],
    );
    assert.equal(report.oidc.policies.length, 35);
    for (const c of report.oidc.contexts) assert.deepEqual(c.tokens, c.expected, c.context);
    // Issue 28: sre's open is on approval, on the gated break-glass environment, never standing.
    assert.deepEqual(
      [sre?.access, sre?.environment, sre?.approvers],
      ["on-approval", "payments/prod-breakglass", ["security"]],
    );
    assert.ok(
      !prod?.rows.some(
        (x) =>
          x.kind === "human" &&
          x.access === "standing" &&
          !["none", "read"].includes(x.environmentPermission),
      ),
      "no standing human open on prod",
    );
    assert.ok(
      report.findings.some((f) => f.code === "break-glass-per-use" && f.severity === "info"),
    );
    assert.ok(!report.findings.some((f) => f.code === "break-glass"), "no standing break-glass");
    assert.ok(
      !report.findings.some((f) => f.code === "schema"),
      "every input matches the provider schemas",
    );
    assert.deepEqual(
      report.pipelines.map((p) => [p.key, p.mode, p.deployIdentity]),
      [
        ["payments/staging", "github-actions", "team:payments-staging-deploy"],
        ["payments/prod", "github-actions", "team:payments-prod-deploy"],
        ["web/staging", "pulumi-deployments", "pulumi-deployments (stack-scoped token)"],
        ["web/prod", "pulumi-deployments", "pulumi-deployments (stack-scoped token)"],
        ["secure-org/prod", "github-actions", "organization:acme"],
      ],
    );
  });

  it("--markdown with --out writes every generated file for review", () => {
    const out = path.join(tmp, "out");
    const r = plan("--stack", "prod", "--markdown", "--out", out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^## secure-org plan: acme \(stack prod\)\n/);
    // The PR-sized comment collapses each tier's table (issue 26); --full prints them open.
    assert.match(
      r.stdout,
      /\n<summary>Access: tier prod \(protected\): [^<]*<\/summary>\n\n\| team \| stack \| environment \|/,
    );
    const workflows = readdirSync(path.join(out, "payments-infra", ".github", "workflows")).sort();
    assert.deepEqual(workflows, [
      "pulumi-payments-prod-drift.yml",
      "pulumi-payments-prod.yml",
      "pulumi-payments-staging.yml",
    ]);
    for (const w of workflows) {
      const text = readFileSync(
        path.join(out, "payments-infra", ".github", "workflows", w),
        "utf8",
      );
      assert.deepEqual(auditWorkflow(text), [], w);
    }
    assert.match(
      readFileSync(path.join(out, "platform", ".github", "CODEOWNERS"), "utf8"),
      /\/\.github\/workflows\/ @acme\/platform/,
    );
  });

  it("--html writes the access report next to the Markdown, which stays clean on stdout", () => {
    const file = path.join(tmp, "report", "access.html");
    const r = plan("--stack", "prod", "--markdown", "--html", file);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^## secure-org plan: acme \(stack prod\)\n/);
    assert.doesNotMatch(r.stdout, /wrote the access report/);
    const html = readFileSync(file, "utf8");
    assert.match(html, /^<!doctype html>\n/);
    assert.match(html, /<title>Access report: acme \(stack prod\)<\/title>/);
    assert.match(html, /<section class="tier protected" id="tier-prod"/);
    const text = plan("--stack", "dev", "--html", path.join(tmp, "dev.html"));
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /\nwrote the access report .*dev\.html \(\d+ bytes\)\n$/);
  });

  it("an invalid config exits 1 with every error and its path on stderr, nothing on stdout", () => {
    const doc = exampleDoc("prod");
    doc.config[key.tiers][2].roles.developer.stack = "admin";
    doc.config[key.teams][0].memebrs = [];
    doc.config[key.projects][0].workDir = "../x";
    const file = path.join(tmp, "Pulumi.bad.yaml");
    writeFileSync(file, stringify(doc));
    const html = path.join(tmp, "bad.html");
    const r = plan("--config", file, "--html", html);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    assert.ok(!existsSync(html), "no report for an invalid config");
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines[0], `${file}: invalid secure-org config (3 problems)`);
    assert.deepEqual(
      lines
        .slice(1)
        .map((l) => l.trim().split(":")[0])
        .sort(),
      ["projects[0].workDir", "teams[0].memebrs", "tiers[2].roles.developer.stack"],
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  });

  it("a file that is not YAML exits 1", () => {
    const file = path.join(tmp, "broken.yaml");
    writeFileSync(file, "config: [unclosed\n");
    const r = plan("--config", file);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /not a valid stack config file/);
  });

  const usage: [string, string[], RegExp][] = [
    ["no stack or config", [], /give exactly one of --stack and --config/],
    ["both stack and config", ["--stack", "dev", "--config", "x.yaml"], /give exactly one/],
    ["an unknown flag", ["--stack", "dev", "--verbose"], /unknown argument "--verbose"/],
    [
      "two output formats",
      ["--stack", "dev", "--json", "--markdown"],
      /choose one of --json and --markdown/,
    ],
    ["a flag without its value", ["--stack"], /--stack needs a value/],
    ["--html without a file", ["--stack", "dev", "--html"], /--html needs a value/],
    ["a stack that does not exist", ["--stack", "nope"], /cannot read .*Pulumi\.nope\.yaml/],
  ];
  for (const [what, args, message] of usage)
    it(`exits 2 on a usage error: ${what}`, () => {
      const r = plan(...args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, message);
      assert.match(r.stderr, /usage: npm run plan --/);
    });
});
