/**
 * `npm run plan -- --all --markdown` is PR-sized like the single stack's comment (issue 26): the
 * guard and access changes of every stack, then all stacks' findings by severity, then the stack
 * table and each stack's details collapsed; under the comment limit with a pointer to
 * `--all --markdown --full` when cut. `--full` keeps the whole merged report.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { PlanResult, runPlan } from "../../plan";
import { MARKDOWN_LIMIT } from "../../plan/markdown";
import { mergePlans, renderMerged, StackPlan } from "../../plan/merge";
import { renderMergedPrMarkdown } from "../../plan/mergedMarkdown";
import { main } from "../../scripts/plan";
import { entriesOf, exampleDoc, ROOT, StackDoc } from "../support/examples";

function shardedDoc(): StackDoc {
  const doc = exampleDoc("prod");
  doc.config["secure-org:defaults"].customRoles = false;
  doc.config["secure-org:shards"] = [
    { name: "payments", projects: ["payments"] },
    { name: "web", teams: ["web"] },
  ];
  return doc;
}

async function planAllCli(extra: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "secure-org-all-md-"));
  const file = path.join(dir, "Pulumi.prod.yaml");
  writeFileSync(file, stringify(shardedDoc()));
  let out = "";
  let err = "";
  try {
    const code = await main(["--config", file, "--all", ...extra], {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
      worker: [path.join(ROOT, "scripts", "run.js"), "scripts/plan.ts"],
    });
    return { code, out, err };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lineOf = (md: string, text: string) => md.split("\n").findIndex((l) => l.includes(text));

describe("plan --all --markdown: a PR-sized comment", function () {
  this.timeout(600_000);

  it("through the command line: findings first, each stack collapsed, --full keeps the whole report", async () => {
    const pr = await planAllCli(["--markdown"]);
    assert.equal(pr.code, 0, pr.err);
    const md = pr.out;
    assert.ok(
      md.startsWith("## secure-org plan: acme (core stack prod and 2 shards)"),
      md.slice(0, 200),
    );
    assert.ok(md.length < MARKDOWN_LIMIT);
    const findings = lineOf(md, "### Findings: ");
    assert.ok(findings > 0, md.slice(0, 1000));
    assert.ok(findings < lineOf(md, "<summary>Stacks (3)</summary>"));
    for (const stack of ["prod (core)", "prod-payments (payments)", "prod-web (web)"])
      assert.ok(findings < lineOf(md, `<summary>Stack ${stack}: `), stack);
    const lines = md.split("\n");
    assert.equal(
      lines.filter((l) => l === "<details>").length,
      lines.filter((l) => l === "</details>").length,
    );
    // The tier tables are inside a stack's details, not open at the top.
    assert.ok(lineOf(md, "**Access: tier prod") > lineOf(md, "<summary>Stack prod (core)"));
    const full = await planAllCli(["--markdown", "--full"]);
    assert.equal(full.code, 0, full.err);
    assert.ok(full.out.includes("### Stacks: 3,"), full.out.slice(0, 400));
    assert.ok(!full.out.includes("<details>"));
    assert.ok(full.out.length > md.length);
  });

  describe("a 100-stack organization", () => {
    let plans: StackPlan[];
    before(async () => {
      const r: PlanResult = await runPlan(entriesOf(exampleDoc("prod")), "prod");
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      plans = Array.from({ length: 100 }, (_, i) => ({
        scope: i === 0 ? "core" : `s${String(i).padStart(2, "0")}`,
        stack: i === 0 ? "prod" : `prod-s${String(i).padStart(2, "0")}`,
        report: { ...r.report, stack: i === 0 ? "prod" : `prod-s${i}` },
      }));
    });

    it("stays under the limit, findings first, cut with a pointer to --all --markdown --full", () => {
      const summary = mergePlans(plans);
      const whole = renderMerged(summary, plans, true);
      assert.ok(whole.length > 65_536, `the whole report is ${whole.length} characters`);
      const md = renderMergedPrMarkdown(summary, plans);
      assert.ok(md.length <= MARKDOWN_LIMIT, `${md.length} characters`);
      const findings = lineOf(md, "### Findings: ");
      assert.ok(findings > 0 && findings < lineOf(md, "<summary>Stacks (100)</summary>"));
      assert.match(md, /> \*\*Cut to fit a pull request comment\*\*/);
      assert.ok(md.includes("`npm run plan -- --all --markdown --full`"), md.slice(-600));
      assert.match(md.slice(-2000), /; and \d+ more\)/, "at most ten left-out sections are named");
      // Every high and medium finding of every stack is in the comment, before anything collapsed.
      const open = summary.findings.filter((f) => f.severity === "high" || f.severity === "medium");
      const top = md.slice(0, md.indexOf("<details>"));
      assert.equal(top.split("\n").filter((l) => l.startsWith("- `")).length, open.length);
      assert.ok(open.length > 0, "the prod example has findings above low");
    });

    it("a limit smaller than the findings cuts the findings and still closes every details", () => {
      const md = renderMergedPrMarkdown(mergePlans(plans), plans, { limit: 8_000 });
      assert.ok(md.length <= 8_000, `${md.length}`);
      const lines = md.split("\n");
      assert.equal(
        lines.filter((l) => l === "<details>").length,
        lines.filter((l) => l === "</details>").length,
      );
    });
  });
});
