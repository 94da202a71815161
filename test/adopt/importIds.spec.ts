/**
 * Import IDs as the providers' Read functions parse them (formats read from pulumi-pulumiservice
 * v1.3.0 and terraform-provider-github v6.13.0, see kinds/), and the guard's
 * arithmetic. Hostile cases: a name holding the separator the provider splits on.
 */
import assert from "node:assert/strict";
import { AccessSnapshot, checkRemovals } from "../../model/adopt";
import { escapeIdPart, githubIds, IMPORT_ID_RULES, pulumiIds } from "../../kinds";
import { USED_RESOURCE_TYPES } from "../../plan/schemaFixtures";

describe("adopt: import IDs (kinds/)", () => {
  it("has a rule, with its source, for every provider type the program registers", () => {
    const used = [...USED_RESOURCE_TYPES.pulumiservice, ...USED_RESOURCE_TYPES.github];
    for (const type of used) {
      const rule = IMPORT_ID_RULES[type];
      assert.ok(rule, `no import ID rule for ${type}`);
      // The break-glass gate's import ID was not read from the provider: adopt creates it.
      assert.equal(rule.importable, type !== "pulumiservice:api:Gate", type);
      assert.match(
        rule.source,
        /^(pulumi\/pulumi-pulumiservice v1\.3\.0|integrations\/terraform-provider-github v6\.13\.0) /,
      );
    }
    assert.equal(IMPORT_ID_RULES["pulumi-nodejs:dynamic:Resource"].importable, false);
  });

  it("builds the Pulumi Cloud IDs in the providers' formats", () => {
    assert.equal(pulumiIds.team("acme", "platform"), "acme/platform");
    assert.equal(pulumiIds.stack("acme", "payments", "prod"), "acme/payments/prod");
    assert.equal(pulumiIds.stackTags("acme", "payments", "prod"), "acme/payments/prod/tags");
    assert.equal(
      pulumiIds.teamStackPermission("acme", "payments", "prod", "ops"),
      "acme/payments/prod/ops",
    );
    assert.equal(
      pulumiIds.teamEnvironmentPermission("acme", "ops", "payments", "prod"),
      "acme/ops/payments+prod",
    );
    assert.equal(pulumiIds.environment("acme", "payments", "prod"), "acme/payments/prod");
    assert.equal(pulumiIds.oidcIssuer("acme", "iss-1"), "acme/iss-1");
    assert.equal(pulumiIds.webhook("acme", "4b0d0671"), "acme/4b0d0671");
    assert.equal(
      pulumiIds.webhook("acme", "4b0d", { project: "web", stack: "prod" }),
      "acme/web/prod/4b0d",
    );
    assert.equal(
      pulumiIds.webhook("acme", "4b0d", { project: "web", environment: "prod" }),
      "acme/environment/web/prod/4b0d",
    );
    assert.equal(pulumiIds.deploymentSettings("acme", "web", "prod"), "acme/web/prod");
    assert.equal(pulumiIds.driftSchedule("acme", "web", "prod", "s-1"), "acme/web/prod/drift/s-1");
    assert.equal(
      pulumiIds.approvalRule("acme", "web", "prod", "r-1"),
      "environment/acme/web/prod/r-1",
    );
    assert.equal(pulumiIds.organizationMember("acme", "alice"), "acme/alice");
  });

  it("builds the GitHub IDs in the provider's formats, escaping ':' in environments and paths", () => {
    assert.equal(githubIds.team(42), "42");
    assert.equal(githubIds.teamMembers(42), "42");
    assert.equal(githubIds.teamRepository(42, "web-app"), "42:web-app");
    assert.equal(githubIds.repositoryEnvironment("web-app", "prod"), "web-app:prod");
    assert.equal(githubIds.repositoryEnvironment("web-app", "a:b"), "web-app:a??b");
    assert.equal(githubIds.deploymentPolicy("web-app", "prod", 7), "web-app:prod:7");
    assert.equal(githubIds.ruleset("web-app", 99), "web-app:99");
    assert.equal(
      githubIds.repositoryFile("web-app", ".github/CODEOWNERS", "main"),
      "web-app:.github/CODEOWNERS:main",
    );
    assert.equal(githubIds.workflowPermissions("web-app"), "web-app");
    assert.equal(githubIds.actionsPermissions("web-app"), "web-app");
    assert.equal(escapeIdPart("x:y:z"), "x??y??z");
  });

  it("hostile: a part holding the separator, an empty part or a bad GitHub id is refused", () => {
    assert.throws(() => pulumiIds.stack("acme", "pay/ments", "prod"), /contains "\/"/);
    assert.throws(
      () => pulumiIds.teamEnvironmentPermission("acme", "ops", "a+b", "prod"),
      /contains "\+"/,
    );
    assert.throws(
      () => pulumiIds.teamEnvironmentPermission("acme", "ops", "a", "p+q"),
      /contains "\+"/,
    );
    assert.throws(() => pulumiIds.team("acme", ""), /empty/);
    assert.throws(() => githubIds.teamRepository(42, "a:b"), /contains ":"/);
    assert.throws(() => githubIds.team(0), /positive integer/);
    assert.throws(() => githubIds.ruleset("r", 1.5), /positive integer/);
  });
});

describe("adopt: the mass-removal guard (model/adopt/guard.ts)", () => {
  const members = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      team: "t",
      login: `u${i}`,
      service: "pulumi" as const,
    }));
  const grants = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      team: "t",
      kind: "stack" as const,
      target: `p/s${i}`,
      level: "read",
    }));
  const snap = (m: number, g: number): AccessSnapshot => ({
    members: members(m),
    grants: grants(g),
  });

  it("lets 25% through and stops 30%, naming the counts and the acknowledgement", () => {
    const prev = snap(20, 10);
    assert.equal(checkRemovals(prev, snap(15, 10), { maxRemovalPercent: 25 }, "x").ok, true);
    const r = checkRemovals(prev, snap(14, 10), { maxRemovalPercent: 25 }, "baseline b.json");
    assert.equal(r.ok, false);
    assert.equal(r.removals, 6);
    assert.equal(
      r.message,
      "guard: this change removes 6 of 20 human team memberships (30%) and 0 of 10 team grants (0%), " +
        "compared with baseline b.json: more than guard.maxRemovalPercent (25%) of memberships. Nothing " +
        "was changed. If the removal is intended, acknowledge exactly this many removals: set " +
        "secure-org:guard.acknowledgeRemovals to 6 (or pass --acknowledge-removals 6 to the plan)",
    );
  });

  it("an acknowledgement must name the exact count (hostile: a stale or larger number)", () => {
    const prev = snap(20, 10);
    const cur = snap(14, 10);
    const ok = checkRemovals(prev, cur, { maxRemovalPercent: 25, acknowledgeRemovals: 6 }, "x");
    assert.equal(ok.ok, true);
    assert.equal(ok.acknowledged, true);
    for (const n of [5, 7, 100]) {
      const r = checkRemovals(prev, cur, { maxRemovalPercent: 25, acknowledgeRemovals: n }, "x");
      assert.equal(r.ok, false, String(n));
      assert.match(r.message, new RegExp(`the config acknowledges ${n}, not 6$`));
    }
  });

  it("counts grants that go away, not grants lowered; renamed members count as removed", () => {
    const prev: AccessSnapshot = {
      members: members(4),
      grants: [
        { team: "a", kind: "stack", target: "p/prod", level: "write" },
        { team: "a", kind: "environment", target: "p/prod", level: "open" },
      ],
    };
    const cur: AccessSnapshot = {
      members: [...members(3), { team: "t", login: "U3", service: "pulumi" }],
      grants: [{ team: "a", kind: "stack", target: "p/prod", level: "read" }],
    };
    const r = checkRemovals(prev, cur, { maxRemovalPercent: 0 }, "x");
    assert.deepEqual(
      r.members.removed.map((m) => m.login),
      ["u3"],
    );
    assert.deepEqual(
      r.grants.removed.map((g) => `${g.kind} ${g.target}`),
      ["environment p/prod"],
    );
    assert.equal(r.ok, false);
  });

  it("nothing before means nothing to remove; a 0% limit stops any removal", () => {
    assert.equal(checkRemovals(snap(0, 0), snap(3, 3), { maxRemovalPercent: 0 }, "x").ok, true);
    assert.equal(checkRemovals(snap(10, 0), snap(9, 0), { maxRemovalPercent: 0 }, "x").ok, false);
  });
});
