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
    assert.equal(d.summary?.total, 0);
    assert.deepEqual(d.grants, []);
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
      c["secure-org:defaults"].maxAccessTokenExpiryDays = 30;
      c["secure-org:tiers"][2].deploy.manualDispatch = true; // OIDC: workflow_dispatch allowed
    });
    const d = accessDiff(base, after, "base.json");
    assert.equal(d.baseline, "base.json");
    assert.deepEqual(d.members, [
      { change: "removed", team: "payments", member: "dave" },
      { change: "added", team: "payments", member: "zoe" },
    ]);
    const lines = (c: string) =>
      d.grants
        .filter((g) => g.change === c)
        .map(
          (g) =>
            `${g.tier} ${g.team} ${g.project} ${g.before ? `${g.before.stackPermission}/${g.before.environmentPermission}` : "-"}` +
            ` -> ${g.after ? `${g.after.stackPermission}/${g.after.environmentPermission}` : "-"}`,
        );
    assert.deepEqual(lines("raised"), [
      "dev security payments read/read -> write/read",
      "dev security web read/read -> write/read",
    ]);
    assert.deepEqual(lines("lowered"), [
      "dev sre payments write/open -> write/read",
      "dev sre web write/open -> write/read",
      "prod platform payments read/read -> none/read",
      "prod platform secure-org read/read -> none/read",
      "prod platform web read/read -> none/read",
    ]);
    assert.deepEqual(lines("removed"), [
      "prod security payments none/read -> -",
      "prod security secure-org none/read -> -",
      "prod security web none/read -> -",
    ]);
    assert.deepEqual(lines("added"), [
      "dev web payments - -> write/open",
      "staging web payments - -> read/read",
    ]);
    assert.deepEqual(lines("changed"), []);
    assert.deepEqual(d.defaults, [{ setting: "maxAccessTokenExpiryDays", before: 90, after: 30 }]);
    assert.ok(d.identities?.some((i) => i.token === "team:payments-prod-deploy"));
    assert.ok((d.tokens ?? []).length > 0);
    const summary = d.summary ?? {};
    assert.equal(
      summary.total,
      Object.entries(summary)
        .filter(([k]) => k !== "total")
        .reduce((a, [, v]) => a + v, 0),
    );
  });

  it("renders in text and Markdown, near the top", async () => {
    const after = await planOf((d) => (d.config["secure-org:teams"][1].members = ["carol"]));
    const report = { ...after, accessDiff: accessDiff(base, after, "base.json") };
    const text = renderText(report);
    // dave leaves his only team, and so the organization (admins are declared in the example).
    assert.match(
      text,
      /^secure-org plan: acme \(stack prod\)\n\n== Access changes against the baseline \(base\.json\): 2\nMembers removed:\n  dave from pulumi team payments\nOrganization members removed:\n  dave\n/,
    );
    assert.match(
      renderMarkdown(report),
      /### Access changes against the baseline \(base\.json\): 2\n\*\*Members removed\*\*\n- dave from pulumi team payments\n/,
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
