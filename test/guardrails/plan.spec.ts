/**
 * The plan shows the guardrails: the prod example's plan has the PolicyPack and the PolicyGroups
 * covering every protected-tier stack, lists the groups and their stacks in text, Markdown and
 * JSON (`guardrails`), and says so when a protected tier is opted out or guardrails are off.
 */
import assert from "node:assert/strict";
import { runPlan } from "../../plan/run";
import { renderMarkdown, renderText } from "../../plan/report";
import { packVersionTag } from "../../policy/source";
import { entriesOf, exampleDoc, StackDoc } from "../support/examples";

async function plan(edit?: (d: StackDoc) => void) {
  const doc = exampleDoc("prod");
  edit?.(doc);
  const r = await runPlan(entriesOf(doc), "prod");
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

describe("guardrails: the plan", function () {
  this.timeout(60000);

  it("prod: the PolicyPack and PolicyGroups cover every protected-tier stack", async () => {
    const r = await plan();
    const types = r.report.resources.map((x) => x.type);
    assert.equal(types.filter((t) => t === "pulumiservice:index:PolicyPack").length, 1);
    const groups = r.report.resources.filter((x) => x.type === "pulumiservice:index:PolicyGroup");
    const preventative = groups.filter((g) => g.inputs.mode === "preventative");
    assert.equal(preventative.length, 1);
    const covered = new Set(
      (preventative[0].inputs.stacks as { name: string; routingProject: string }[]).map(
        (s) => `${s.routingProject}/${s.name}`,
      ),
    );
    const protectedStacks = r.model.stacks.filter((s) => s.protected);
    assert.equal(protectedStacks.length, 3);
    for (const s of protectedStacks) assert.ok(covered.has(`${s.project}/${s.stack}`), s.key);
    assert.equal(r.report.summary.byComponent["secure-org:index:Guardrails"], 3);
  });

  it("JSON: lists the pack, the groups, their levels and stacks", async () => {
    const { report } = await plan();
    assert.deepEqual(report.guardrails, {
      enabled: true,
      pack: {
        name: "secure-org-guardrails",
        versionTag: packVersionTag(),
        sourcePath: "policy/pack",
      },
      platformStacks: ["secure-org/prod"],
      groups: [
        {
          name: "secure-org-guardrails-mandatory",
          kind: "mandatory",
          mode: "preventative",
          levels: {
            "no-pulumi-tokens": "mandatory",
            "no-pulumi-access-management": "mandatory",
            "no-plaintext-secrets": "mandatory",
            "protect-stateful-resources": "mandatory",
          },
          stacks: ["payments/prod", "web/production", "secure-org/prod"],
        },
        {
          name: "secure-org-guardrails-advisory",
          kind: "advisory",
          mode: "audit",
          levels: {
            "no-pulumi-tokens": "advisory",
            "no-pulumi-access-management": "advisory",
            "no-plaintext-secrets": "advisory",
            "protect-stateful-resources": "disabled",
          },
          stacks: ["payments/dev", "payments/staging", "web/dev", "web/staging"],
        },
      ],
      protectedTypes: [],
      optOut: [],
      uncovered: [],
    });
  });

  it("text and Markdown: a section with the groups and the stacks each covers", async () => {
    const { report } = await plan();
    const text = renderText(report);
    assert.ok(
      text.includes(
        `== Guardrails: policy pack secure-org-guardrails ${packVersionTag()} (from policy/pack)`,
      ),
    );
    assert.match(
      text,
      /secure-org-guardrails-mandatory +preventative +payments\/prod, web\/production, secure-org\/prod/,
    );
    assert.match(text, /protect-stateful-resources +mandatory +disabled/);
    const md = renderMarkdown(report);
    assert.ok(
      md.includes(
        "| secure-org-guardrails-mandatory | preventative | payments/prod, web/production, secure-org/prod |",
      ),
    );
  });

  it("shows an opted-out tier, its uncovered stacks and the reason, and the finding", async () => {
    const reason = "prod runs its own preventative engine until the migration (PLAT-31)";
    const { report } = await plan((d) => {
      d.config["secure-org:guardrails"] = { optOut: { prod: { reason } } };
    });
    assert.deepEqual(report.guardrails.uncovered, [
      "payments/prod",
      "web/production",
      "secure-org/prod",
    ]);
    const text = renderText(report);
    assert.ok(text.includes(`OPTED OUT of the mandatory group: tier prod: ${reason}`));
    assert.ok(
      text.includes(
        "protected stacks outside the mandatory group: payments/prod, web/production, secure-org/prod",
      ),
    );
    assert.ok(
      report.findings.some((f) => f.code === "guardrails-opt-out" && f.severity === "medium"),
    );
  });

  it("says so when guardrails are off", async () => {
    const reason = "the org is on an edition without policy groups until the renewal (FIN-12)";
    const { report } = await plan((d) => {
      d.config["secure-org:guardrails"] = { enabled: false, reason };
    });
    assert.equal(report.guardrails.pack, undefined);
    assert.deepEqual(report.guardrails.groups, []);
    assert.ok(
      renderText(report).includes(
        `== Guardrails: OFF\n  no policy pack, no policy group: ${reason}`,
      ),
    );
    assert.ok(report.findings.some((f) => f.code === "guardrails-off" && f.severity === "high"));
  });
});
