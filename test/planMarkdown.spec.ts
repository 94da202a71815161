/**
 * The PR-sized Markdown plan (issue 26), through the command line: a 9-project org a new user
 * wrote (test/fixtures/org9) and a synthetic 100-project org, each against a baseline with real
 * changes, stay under the comment limit and start with what changed, GitHub permissions included;
 * a comment that does not fit is cut with a pointer; hostile config text stays inert.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { syntheticConfig, syntheticEntries } from "../bench/synthetic";
import { PlanReport } from "../plan";
import { MARKDOWN_LIMIT, renderPrMarkdown } from "../plan/markdown";
import { mdText } from "../plan/markdownText";
import { ROOT } from "./support/examples";

const ORG9 = path.join(ROOT, "test", "fixtures", "org9", "Pulumi.org9.yaml");

function plan(...args: string[]) {
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (/^(PULUMI_|GITHUB_TOKEN|GH_TOKEN|AWS_)/.test(k)) delete env[k];
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "scripts", "run.js"), "scripts/plan.ts", ...args],
    { cwd: ROOT, env, encoding: "utf8", timeout: 240_000, maxBuffer: 256 * 1024 * 1024 },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = { config: Record<string, any> };
const org9 = (): Doc => parse(readFileSync(ORG9, "utf8")) as Doc;

/** Every `<details>` is closed, each on a line of its own, and nothing else opens or closes one. */
function assertDetailsBalanced(md: string) {
  const lines = md.split("\n");
  const opens = lines.filter((l) => l === "<details>").length;
  const closes = lines.filter((l) => l === "</details>").length;
  assert.equal(opens, closes, "every <details> is closed");
  assert.equal((md.match(/<details>/g) ?? []).length, opens, "no <details> inside a line");
  assert.equal((md.match(/<\/details>/g) ?? []).length, closes, "no </details> inside a line");
  let depth = 0;
  for (const l of lines) {
    if (l === "<details>") depth++;
    if (l === "</details>") depth--;
    assert.ok(depth === 0 || depth === 1, "details are not nested");
  }
}

/** The headings in order (`### ...`). */
const headings = (md: string) => md.split("\n").filter((l) => l.startsWith("### "));

describe("plan --markdown: a PR-sized comment", function () {
  this.timeout(600_000);
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "secure-org-md-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const write = (name: string, doc: Doc) => {
    const file = path.join(tmp, name);
    writeFileSync(file, stringify(doc));
    return file;
  };

  describe("a 9-project org against its base branch", () => {
    let md: string;
    let full: string;
    let report: PlanReport;
    before(() => {
      // The base branch: developers had triage on GitHub, SRE no access to search, and prod was
      // approved by the platform team alone.
      const base = org9();
      base.config["secure-org:roles"].developer.repository = "triage";
      const sre = base.config["secure-org:teams"].find((t: { name: string }) => t.name === "sre");
      delete sre.access.search;
      const prod = base.config["secure-org:tiers"].find((t: { name: string }) => t.name === "prod");
      prod.deploy.approvers = ["platform"];
      prod.deploy.requiredApprovals = 1;
      const baseJson = plan("--config", write("Pulumi.base.yaml", base), "--json");
      assert.equal(baseJson.status, 0, baseJson.stderr);
      const baseline = path.join(tmp, "base.json");
      writeFileSync(baseline, baseJson.stdout);
      const r = plan("--config", ORG9, "--markdown", "--baseline", baseline);
      assert.equal(r.status, 0, r.stderr);
      md = r.stdout;
      const f = plan("--config", ORG9, "--markdown", "--full", "--baseline", baseline);
      assert.equal(f.status, 0, f.stderr);
      full = f.stdout;
      const j = plan("--config", ORG9, "--json", "--baseline", baseline);
      assert.equal(j.status, 0, j.stderr);
      report = JSON.parse(j.stdout) as PlanReport;
    });

    it("is under 60,000 characters and nothing is cut", () => {
      assert.ok(md.length < 60_000, `${md.length} characters`);
      assert.doesNotMatch(md, /Cut to fit/);
      // The whole report is far bigger: the PR comment is not the full report shortened by luck.
      assert.ok(full.length > md.length * 2, `full ${full.length}, PR ${md.length}`);
    });

    it("starts with what changed, then the findings, then the details", () => {
      const hs = headings(md);
      assert.match(hs[0], /^### Access changes \(\d+\)$/);
      // Issue 28: oncall's break-glass is per use (info), no longer a standing high.
      // (The medium: images.pulumi by tag for ledger's pipelines, issue 27's image pins.)
      assert.equal(hs[1], "### Findings: 0 high, 1 medium, 0 low, 9 info");
      // What a real run still needs (plan/checklist.ts) sits inside the comment, before the details.
      assert.ok(hs.indexOf("### Details") > 1, hs.join("\n"));
      assert.ok(hs.indexOf("### Before a real run") < hs.indexOf("### Details"), hs.join("\n"));
      assert.match(md.split("\n")[2], /^\*\*\d+ access changes\*\* against /);
      // Nothing but the title and the one-line summary comes before the changes.
      assert.equal(
        md.split("\n").findIndex((l) => l.startsWith("### ")),
        4,
      );
      assertDetailsBalanced(md);
    });

    it("shows the GitHub permission, reviewer, ruleset and CODEOWNERS changes", () => {
      const changes = md.slice(md.indexOf("### Access changes"), md.indexOf("### Findings"));
      assert.match(changes, /\*\*GitHub repository permissions\*\*/);
      for (const team of ["checkout", "payments", "search"])
        assert.match(changes, new RegExp(`- raised: team ${team} on services: triage -&gt; push`));
      assert.match(changes, /- raised: team web on web: triage -&gt; push/);
      assert.match(
        changes,
        /- changed: services environment prod: reviewers platform, branch main only -&gt; reviewers platform, security, branch main only/,
      );
      assert.match(changes, /- raised: services branch main: 1 approval incl\. code owners/);
      assert.match(changes, /- changed: services \/payments\/: platform -&gt; platform, security/);
      // The Pulumi grant SRE gained on search, break-glass on prod, is there too.
      assert.match(changes, /human team sre on search \(tier prod\): nothing -&gt; stack none/);
    });

    it("the JSON's accessDiff carries the same GitHub changes", () => {
      const g = report.accessDiff?.github;
      assert.ok(g, "accessDiff.github");
      assert.deepEqual(
        g.permissions.map((p) => `${p.change} ${p.team} ${p.repository} ${p.before}->${p.after}`),
        [
          "raised checkout services triage->push",
          "raised payments services triage->push",
          "raised search services triage->push",
          "raised web web triage->push",
        ],
      );
      assert.deepEqual(
        g.environments.map((e) => `${e.change} ${e.repository}/${e.environment}`),
        ["changed platform/prod", "changed services/prod", "changed web/prod"],
      );
      assert.deepEqual(
        g.rulesets.map(
          (r) => `${r.change} ${r.repository}@${r.branch} ${r.after?.requiredApprovals}`,
        ),
        ["raised platform@main 2", "raised services@main 2", "raised web@main 2"],
      );
      assert.equal(report.accessDiff?.summary?.githubPermissionsChanged, 4);
      // The GitLab repository gets no GitHub team permission, ruleset or CODEOWNERS.
      assert.ok(report.github);
      assert.ok(!report.github.permissions.some((p) => p.repository === "ledger-infra"));
      assert.ok(!report.github.rulesets.some((r) => r.repository === "ledger-infra"));
      assert.ok(!report.github.codeowners.some((c) => c.repository === "ledger-infra"));
    });

    it("collapses the per-tier tables, GitHub access, OIDC tokens and resources", () => {
      const summaries = md.split("\n").filter((l) => l.startsWith("<summary>"));
      for (const s of [
        /^<summary>Access: tier dev: \d+ grants, \d+ human grants decrypt secrets<\/summary>$/,
        /^<summary>Access: tier prod \(protected\): /,
        /^<summary>GitHub access: \d+ team repository permissions, /,
        /^<summary>OIDC: \d+ workflow contexts obtain a token \(of \d+ the simulator tried/,
        /^<summary>Resources: \d+<\/summary>$/,
      ])
        assert.ok(
          summaries.some((l) => s.test(l)),
          `${s} in ${summaries.join("\n")}`,
        );
      // The OIDC table lists only contexts that obtain a token.
      const oidc = md.slice(
        md.indexOf("<summary>OIDC"),
        md.indexOf("</details>", md.indexOf("<summary>OIDC")),
      );
      assert.doesNotMatch(oidc, /\| nothing \|/);
      assert.match(
        oidc,
        /\| payments\/prod \| deploy: push to main in environment prod \| team:payments-prod-deploy \|/,
      );
    });

    it("--full is only for --markdown", () => {
      const r = plan("--config", ORG9, "--full");
      assert.equal(r.status, 2);
      assert.match(r.stderr, /--full is the whole Markdown report: use it with --markdown/);
    });
  });

  describe("a 100-project org against its base branch", () => {
    let md: string;
    before(() => {
      const toDoc = (raw: Record<string, unknown>): Doc => {
        const config: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(syntheticEntries(raw)))
          config[k] = v.secret ? { secure: "AAABAA==" } : v.value;
        return { config };
      };
      const now = syntheticConfig(100);
      const base = syntheticConfig(100);
      (base.roles as Record<string, { repository: string }>).developer.repository = "pull";
      const baseJson = plan("--config", write("Pulumi.s100base.yaml", toDoc(base)), "--json");
      assert.equal(baseJson.status, 0, baseJson.stderr);
      writeFileSync(path.join(tmp, "s100base.json"), baseJson.stdout);
      const r = plan(
        "--config",
        write("Pulumi.s100.yaml", toDoc(now)),
        "--markdown",
        "--html",
        path.join(tmp, "secure-org-access-s100.html"),
        "--baseline",
        path.join(tmp, "s100base.json"),
      );
      assert.equal(r.status, 0, r.stderr);
      md = r.stdout;
    });

    it("is under 60,000 characters, starts with the changes and lists every finding", () => {
      assert.ok(md.length < 60_000, `${md.length} characters`);
      assert.match(headings(md)[0], /^### Access changes \(\d+\)$/);
      const changes = md.slice(md.indexOf("### Access changes"), md.indexOf("### Findings"));
      // Every application team's developer permission went from pull to push: 20 teams of 5
      // projects in 4 repositories each (every fifth project shares the previous repository).
      assert.equal(
        (changes.match(/^- raised: team team-\d+ on svc-\d+-infra: pull -&gt; push$/gm) ?? [])
          .length,
        80,
      );
      assert.match(md, /### Findings: 0 high, 1 medium, 0 low, 152 info/);
      assertDetailsBalanced(md);
    });

    it("when the details do not fit, cuts them and points to the HTML report artifact", () => {
      if (!/Cut to fit/.test(md)) return; // it fits: nothing to point to
      const last = md.trimEnd().split("\n").pop() as string;
      assert.match(last, /^> \*\*Cut to fit a pull request comment\*\* \(\d+ lines left out/);
      assert.match(
        last,
        /the HTML access report secure-org-access-s100\.html \(this job's artifact\)/,
      );
      assert.match(last, /npm run plan -- --markdown --full/);
    });
  });

  describe("cutting to the limit", () => {
    let report: PlanReport;
    before(() => {
      const r = plan("--config", ORG9, "--json");
      assert.equal(r.status, 0, r.stderr);
      report = JSON.parse(r.stdout) as PlanReport;
    });

    for (const share of [0.1, 0.3, 0.6, 0.97])
      it(`stays under ${share * 100}% of the whole comment, closes what it opened and says what it left out`, () => {
        const limit = Math.floor(renderPrMarkdown(report, { limit: Infinity }).length * share);
        const md = renderPrMarkdown(report, {
          limit,
          htmlReport: "out/secure-org-access-org9.html",
        });
        assert.ok(md.length <= limit, `${md.length} > ${limit}`);
        assertDetailsBalanced(md);
        assert.match(md, /^## secure-org plan: northwind \(stack org9\)\n/);
        assert.match(
          md,
          /Cut to fit a pull request comment\*\* \(\d+ lines left out(; not shown: [^)]+)?\)/,
        );
        assert.match(
          md,
          /the HTML access report secure-org-access-org9\.html \(this job's artifact\)/,
        );
      });

    it("is not cut at the default limit, and the default is GitHub's limit less a margin", () => {
      assert.equal(MARKDOWN_LIMIT, 60_000);
      assert.doesNotMatch(renderPrMarkdown(report), /Cut to fit/);
    });

    it("without --html, points to --html and --full", () => {
      const md = renderPrMarkdown(report, { limit: 3_000 });
      assert.match(
        md,
        /the HTML access report \(`--html <file>`\), and in `npm run plan -- --markdown --full`/,
      );
    });
  });

  describe("hostile config text", () => {
    const HOSTILE =
      "Incident runbook OPS-12 </details><img src=x onerror=alert(1)> @everyone | ![t](https://evil.example/t.png) " +
      "[click here](https://evil.example) www.evil.example **bold** `code` <!-- x --> &amp; \u200B\nnext line";
    let md: string;
    let full: string;
    before(() => {
      const doc = org9();
      const prod = doc.config["secure-org:tiers"].find((t: { name: string }) => t.name === "prod");
      prod.roles.oncall.breakGlass.justification = HOSTILE;
      const file = write("Pulumi.hostile.yaml", doc);
      const r = plan("--config", file, "--markdown");
      assert.equal(r.status, 0, r.stderr);
      md = r.stdout;
      const f = plan("--config", file, "--markdown", "--full");
      assert.equal(f.status, 0, f.stderr);
      full = f.stdout;
    });

    for (const [name, get, columns] of [
      ["the PR comment", () => md, 5],
      ["the --full report", () => full, 6],
    ] as const)
      it(`stays inert in ${name}: no element, link, image, mention or table break`, () => {
        const out = get();
        assert.ok(out.includes(mdText(HOSTILE)), "the justification is shown, escaped");
        assert.doesNotMatch(out, /<img|<!--|onerror=alert\(1\)>/);
        assert.doesNotMatch(out, /@everyone/);
        assert.match(out, /\uFF20everyone/);
        assert.doesNotMatch(out, /(^|[^\\])\[click here\]\(/);
        assert.doesNotMatch(out, /(^|[^\\])!\[t\]/);
        assert.doesNotMatch(out, /https:\/\/evil/);
        assert.doesNotMatch(out, /www\.evil/);
        assert.match(out, /\\u\{200B\}/, "the zero-width space is shown");
        // Every table row keeps its cells: a `|` in the text is escaped. A standing access table
        // row has `columns` cells; every row (per-use break-glass: the access on approval table,
        // issue 28) has as many as its header.
        const cellsOf = (row: string) => row.replace(/\\\|/g, "").split("|").length - 2;
        const lines = out.split("\n");
        let rows = 0;
        lines.forEach((row, n) => {
          if (!row.includes("OPS-12") || !row.startsWith("|")) return;
          rows++;
          let h = n;
          while (h > 0 && lines[h - 1].startsWith("|")) h--;
          const header = lines[h];
          assert.equal(cellsOf(row), cellsOf(header), `${row}\nunder ${header}`);
          if (/^\| team \| stack \|/.test(header)) assert.equal(cellsOf(row), columns, row);
        });
        assert.ok(rows > 0, "the justification is in a table row");
        if (out === md) assertDetailsBalanced(out);
      });
  });
});
