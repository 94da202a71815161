/**
 * Production without GitHub (issue 30, item 2), through `npm run adopt` and the plan: a messy org
 * whose human team holds admin on `production` is adopted with no GitHub token. The tier cannot be
 * declared protected (no approver team GitHub knows), so the proposal says what could not be
 * checked and reports every human grant that deploys or opens secrets there as high, with a fix
 * that `--tighten` applies; the tightened plan lists the removals in the access diff and the
 * mass-removal guard counts them.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import type { LiveTeamFull } from "../../adopt/live";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import { ORG } from "../support/messyOrg";
import { Harness } from "./harness";

const OPS: LiveTeamFull = {
  name: "ops",
  kind: "pulumi",
  displayName: "Operations",
  description: "Runs production by hand",
  members: ["olivia", "oscar"],
  stacks: [{ project: "web", stack: "production", permission: 103 }],
  environments: [{ project: "web", name: "prod", permission: "admin" }],
};

describe("adopt: production without a GitHub token (hostile)", function () {
  this.timeout(300_000);
  const h = new Harness();
  const saved = h.world;
  before(async () => {
    await h.start();
    h.world = {
      ...saved,
      members: [...saved.members, { login: "olivia", role: "member" }],
      teams: [...saved.teams, OPS],
    };
  });
  after(() => h.stop());
  const noGithub = () => h.env({ GITHUB_TOKEN: undefined });

  it("reports human admin on production as high, says what could not be checked; --tighten removes it, the diff lists it and the guard counts it", async () => {
    const loose = h.file("Pulumi.loose.yaml");
    const r = await h.adopt(["--org", ORG, "--out", loose], noGithub());
    assert.equal(r.code, 1, r.stderr);
    const text = readFileSync(loose, "utf8");
    assert.match(text, /reviewers, rulesets and repository admins could not be checked/);
    assert.match(
      text,
      /\[high\] unprotected-tier-human-access team:ops project:web tier:prod: human team ops holds stack admin on web\/production and environment admin on web\/prod/,
    );
    // The platform team's write on every production stack is reported too.
    assert.match(
      text,
      /\[high\] unprotected-tier-human-access team:platform project:payments tier:prod/,
    );
    const loaded = loadOrgConfig(entriesFromStackFile(parse(text) as Record<string, unknown>));
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));

    const tight = h.file("Pulumi.tight.yaml");
    const t = await h.adopt(["--org", ORG, "--tighten", "--out", tight], noGithub());
    assert.doesNotMatch(t.stderr, /does not validate/);
    const tc = h.configOf(tight);
    const prod = (
      tc["secure-org:tiers"] as {
        name: string;
        roles: Record<string, { stack: string; environment: string }>;
      }[]
    ).find((x) => x.name === "prod");
    assert.ok(prod);
    for (const [role, grant] of Object.entries(prod.roles)) {
      assert.ok(!["write", "admin"].includes(grant.stack), `${role}: stack ${grant.stack}`);
      assert.ok(
        !["open", "write", "admin"].includes(grant.environment),
        `${role}: env ${grant.environment}`,
      );
    }

    // The access diff of the tightened plan against the adopted one lists ops' removal.
    const basePlan = await h.plan(["--config", loose, "--json"]);
    const baseline = h.file("loose-plan.json");
    writeFileSync(baseline, JSON.stringify(basePlan.report));
    const diffed = await h.plan(["--config", tight, "--baseline", baseline, "--json"]);
    const grants = diffed.report?.accessDiff?.grants ?? [];
    const opsWeb = grants.find((g) => g.team === "ops" && g.project === "web" && g.tier === "prod");
    assert.ok(opsWeb, JSON.stringify(grants));
    assert.ok(["removed", "lowered"].includes(opsWeb.change), opsWeb.change);
    assert.equal(opsWeb.before?.stackPermission, "admin");

    // The guard counts the grants that go away; past the threshold it stops the change.
    const g = diffed.report?.guard;
    assert.ok(g && g.grants.removed >= 1, JSON.stringify(g));
    const pct = (g.grants.removed * 100) / g.grants.total;
    const doc = parse(readFileSync(tight, "utf8")) as { config: Record<string, unknown> };
    doc.config["secure-org:guard"] = { maxRemovalPercent: Math.max(0, Math.floor(pct) - 1) };
    const strict = h.file("Pulumi.tight-strict.yaml");
    writeFileSync(strict, stringify(doc));
    const stopped = await h.plan(["--config", strict, "--baseline", baseline]);
    assert.equal(stopped.code, 1, stopped.stdout);
    assert.match(
      stopped.stderr,
      new RegExp(`removes .*${g.grants.removed} of ${g.grants.total} team grants`),
    );
    // Only the exact acknowledgement lets it through.
    const exact = await h.plan([
      "--config",
      strict,
      "--baseline",
      baseline,
      "--acknowledge-removals",
      String(g.removals),
    ]);
    assert.equal(exact.code, 0, exact.stderr);
  });
});
