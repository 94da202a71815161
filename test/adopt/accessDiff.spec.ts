/**
 * The access diff (plan/accessDiff.ts) between two real plans of the prod example: each kind of
 * change appears exactly once, an unchanged plan shows none, and a baseline that is not a plan is
 * refused.
 */
import assert from "node:assert/strict";
import { accessDiff, parseBaseline } from "../../plan/accessDiff";
import { PlanReport, renderMarkdown, renderText, runPlan } from "../../plan";
import { entriesOf, exampleDoc, StackDoc } from "../support/examples";

async function planOf(edit?: (d: StackDoc) => void): Promise<PlanReport> {
  const doc = exampleDoc("prod");
  edit?.(doc);
  const r = await runPlan(entriesOf(doc), "prod");
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return JSON.parse(JSON.stringify(r.report)) as PlanReport;
}

describe("plan: access diff against a baseline", function () {
  this.timeout(120_000);
  let base: PlanReport;
  before(async () => {
    base = await planOf();
  });

  it("an unchanged config has no access changes", async () => {
    const d = accessDiff(base, await planOf());
    assert.equal(d.summary.total, 0);
  });

  it("lists grants raised, lowered, added and removed, members, defaults and OIDC changes", async () => {
    const after = await planOf((d) => {
      const c = d.config;
      c["secure-org:teams"][1].members = ["carol", "zoe"]; // dave out, zoe in
      c["secure-org:tiers"][0].roles.auditor = { stack: "write", environment: "read" }; // raised
      c["secure-org:tiers"][0].roles.oncall = { stack: "write", environment: "read" }; // lowered
      c["secure-org:tiers"][2].roles.maintainer = { stack: "none", environment: "read" }; // removed
      c["secure-org:tiers"][2].roles.auditor = { stack: "none", environment: "none" }; // removed
      c["secure-org:teams"][2].access = { web: "developer", payments: "developer" }; // added
      c["secure-org:defaults"].environmentPermission = "read";
      c["secure-org:tiers"][2].deploy.manualDispatch = true; // OIDC: workflow_dispatch allowed
    });
    const d = accessDiff(base, after);
    assert.deepEqual(d.members.removed, [{ team: "payments", login: "dave", service: "pulumi" }]);
    assert.deepEqual(d.members.added, [{ team: "payments", login: "zoe", service: "pulumi" }]);
    assert.deepEqual(
      d.grants.raised.map((g) => `${g.team} ${g.kind} ${g.target} ${g.before}->${g.after}`),
      ["security stack payments/dev read->write", "security stack web/dev read->write"],
    );
    assert.deepEqual(
      d.grants.lowered.map((g) => `${g.team} ${g.kind} ${g.target} ${g.before}->${g.after}`),
      ["sre environment payments/dev open->read", "sre environment web/dev open->read"],
    );
    assert.deepEqual(
      d.grants.removed.map((g) => `${g.team} ${g.kind} ${g.target} ${g.before}->${g.after}`).sort(),
      [
        "platform stack payments/prod read->none",
        "platform stack secure-org/prod read->none",
        "platform stack web/production read->none",
        "security environment payments/prod read->none",
        "security environment secure-org/prod read->none",
        "security environment web/prod read->none",
      ],
    );
    assert.ok(d.grants.added.some((g) => g.team === "web" && g.target === "payments/dev"));
    assert.deepEqual(d.defaults, [
      { setting: "environmentPermission", before: "none", after: "read" },
    ]);
    assert.ok(d.identities.some((i) => i.token === "team:payments-prod-deploy"));
    assert.ok(d.contexts.length > 0);
    assert.equal(
      d.summary.total,
      Object.entries(d.summary)
        .filter(([k]) => k !== "total")
        .reduce((a, [, v]) => a + v, 0),
    );
  });

  it("renders in text and Markdown, near the top", async () => {
    const after = await planOf((d) => (d.config["secure-org:teams"][1].members = ["carol"]));
    const report = { ...after, accessDiff: accessDiff(base, after) };
    const text = renderText(report);
    // dave leaves his only team, and so the organization (admins are declared in the example).
    assert.match(
      text,
      /^secure-org plan: acme \(stack prod\)\n\n== Access changes against the baseline \(acme, stack prod\): 2\nMembers removed:\n  dave from pulumi team payments\nOrganization members removed:\n  dave\n/,
    );
    assert.match(
      renderMarkdown(report),
      /### Access changes against the baseline \(acme, stack prod\): 2\n\*\*Members removed\*\*\n- dave from pulumi team payments\n/,
    );
  });

  it("refuses a baseline that is not a plan JSON", () => {
    assert.throws(() => parseBaseline("{", "b.json"), /^Error: b\.json: not JSON/);
    assert.throws(
      () => parseBaseline('{"formatVersion":2}', "b.json"),
      /not a plan JSON of format version 1/,
    );
    assert.equal(parseBaseline(JSON.stringify(base), "b.json").stack, "prod");
  });
});
