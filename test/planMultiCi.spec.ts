/**
 * The plan of the multi-ci example as a user runs it (issue 16): one OIDC issuer per CI with only
 * exact, pinned allow policies, every CI's contexts in the "who can obtain which token" table
 * obtaining exactly what they should, the REST-triggered Deployments settings with every GitHub
 * App trigger off, and every generated file listed and written by --out.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PlanReport } from "../plan";
import { ROOT } from "./support/examples";

function plan(...args: string[]) {
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (/^(PULUMI_|GITHUB_TOKEN|GH_TOKEN|AWS_)/.test(k)) delete env[k];
  return spawnSync(
    process.execPath,
    [path.join(ROOT, "scripts", "run.js"), "scripts/plan.ts", ...args],
    {
      cwd: ROOT,
      env,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
}

describe("plan: the multi-ci example (issue 16)", function () {
  this.timeout(120_000);
  let report: PlanReport;
  let out: string;
  before(() => {
    out = mkdtempSync(path.join(tmpdir(), "secure-org-multi-ci-"));
    const r = plan("--stack", "multi-ci", "--json", "--out", out);
    assert.equal(r.status, 0, r.stderr);
    report = JSON.parse(r.stdout) as PlanReport;
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it("has one issuer per CI, each registered as an OidcIssuer with its policies", () => {
    assert.deepEqual(
      report.oidc.issuers.map((i) => i.ci),
      ["github-actions", "gitlab", "azure-devops", "jenkins", "circleci"],
    );
    const registered = report.resources.filter((r) => r.type === "pulumiservice:index:OidcIssuer");
    assert.deepEqual(
      registered.map((r) => r.inputs.url),
      report.oidc.issuers.map((i) => i.url),
    );
    assert.equal(
      registered[0].name,
      "oidc-github-actions",
      "the GitHub issuer keeps its logical name",
    );
    for (const r of registered) assert.equal(r.inputs.maxExpirationSeconds, 3600);
  });

  it("allows only exact rules: no wildcard anywhere, and no rule-value dot the plan does not explain", () => {
    for (const issuer of report.oidc.issuers)
      for (const p of issuer.policies)
        for (const v of Object.values(p.rules))
          assert.doesNotMatch(v, /[*?]/, `${issuer.name}: ${p.description}`);
    assert.deepEqual(
      report.findings.filter((f) =>
        [
          "oidc-dot-wildcard",
          "oidc-overlap",
          "oidc-unexpected-token",
          "oidc-missing-token",
          "schema",
        ].includes(f.code),
      ),
      [],
    );
  });

  it("its OIDC table covers every CI's contexts, each obtaining exactly what it should", () => {
    for (const ci of ["gitlab", "azure-devops", "jenkins", "circleci"])
      assert.ok(
        report.oidc.contexts.some((c) => c.context.endsWith(`[${ci}]`)),
        ci,
      );
    for (const c of report.oidc.contexts)
      assert.deepEqual(c.tokens, c.expected, `${c.pipeline}: ${c.context}`);
  });

  it("turns every GitHub App trigger off for REST-triggered Deployments, and gives the caller stack write only", () => {
    const settings = report.resources.find((r) => r.name === "web/prod-settings");
    assert.deepEqual(settings?.inputs.vcs as Record<string, unknown>, {
      provider: "github",
      repository: "acme/web-app",
      deployCommits: false,
      previewPullRequests: false,
      pullRequestTemplate: false,
      paths: ["deploy/**"],
    });
    const prod = report.accessMatrix.find((t) => t.tier === "prod");
    const caller = prod?.rows.find((r) => r.team === "web-prod-deploy");
    assert.deepEqual([caller?.stackPermission, caller?.environmentPermission], ["write", "none"]);
    assert.ok(report.findings.some((f) => f.code === "deployments-trigger-scope"));
  });

  it("lists and writes every generated file; commits only those of GitHub repositories", () => {
    const files = report.files.map((f) => `${f.repository}:${f.path}`);
    for (const f of [
      "billing-infra:.gitlab-ci.yml",
      "ledger-infra:azure-pipelines.yml",
      "search-infra:Jenkinsfile",
      "mobile-infra:.circleci/config.yml",
      "web-app:.secure-org/trigger-deployment.cjs",
      "web-app:.github/workflows/pulumi-web-prod.yml",
    ])
      assert.ok(files.includes(f), f);
    assert.match(
      readFileSync(path.join(out, "billing-infra", ".gitlab-ci.yml"), "utf8"),
      /id_tokens:/,
    );
    const committed = report.resources
      .filter((r) => r.type === "github:index/repositoryFile:RepositoryFile")
      .map((r) => `${r.inputs.repository}:${r.inputs.file}`);
    assert.ok(committed.includes("search-infra:Jenkinsfile"));
    assert.ok(
      !committed.some((c) => c.startsWith("billing-infra:") || c.startsWith("ledger-infra:")),
    );
    const rulesets = report.resources.filter(
      (r) => r.type === "github:index/repositoryRuleset:RepositoryRuleset",
    );
    assert.ok(
      !rulesets.some(
        (r) => r.inputs.repository === "billing-infra" || r.inputs.repository === "ledger-infra",
      ),
    );
  });
});
