/**
 * The grants cloud reach reads (model/invariants/cloud.ts), from the prod example's model: every
 * tier environment grant, every login environment grant and the environments a custom role opens,
 * each exactly once and in the reach's shape (break-glass kept only where declared); and the check
 * reports the reach's refusals (a human who may edit a login environment).
 */
import assert from "node:assert/strict";
import { buildAccessModel } from "../../model/access";
import type { ConfigIssue } from "../../model/config";
import { checkCloudReach, reachGrants } from "../../model/invariants/cloud";
import { exampleConfig } from "../support/examples";

const base = exampleConfig("prod");
const model0 = buildAccessModel(base.config, base.warnings);
const SEC7 = "On-call must read production credentials during a declared incident (runbook SEC-7)";

describe("bounds: the grants cloud reach reads, unit", () => {
  const all = reachGrants(model0);
  it("one per tier grant, per login grant and per environment a role opens (35 + 30 + 4)", () => {
    assert.equal(model0.grants.length, 35);
    assert.equal(
      model0.cloud.reduce((n, c) => n + c.grants.length, 0),
      30,
    );
    assert.equal(all.length, 69);
  });

  it("a tier grant, a login grant and a role's environment, in the reach's shape", () => {
    const of = (team: string, environment: string) =>
      all.filter((g) => g.team === team && g.environment === environment);
    assert.deepEqual(of("payments", "payments/dev"), [
      { team: "payments", kind: "human", environment: "payments/dev", permission: "open" },
    ]);
    assert.deepEqual(of("payments", "payments/dev-cloud"), [
      { team: "payments", kind: "human", environment: "payments/dev-cloud", permission: "open" },
    ]);
    assert.deepEqual(
      all.filter((g) => g.team.startsWith("role ")),
      ["web/staging", "web/staging-cloud", "web/prod", "web/prod-cloud"].map((environment) => ({
        team: 'role "secure-org deployments"',
        kind: "machine",
        environment,
        permission: "open",
      })),
    );
  });

  it("break-glass is kept where declared, on tier and login grants, and only there", () => {
    assert.deepEqual(
      all.filter((g) => "breakGlass" in g),
      [
        {
          team: "sre",
          kind: "human",
          environment: "payments/prod-breakglass",
          permission: "open",
          breakGlass: SEC7,
        },
        {
          team: "sre",
          kind: "human",
          environment: "web/prod-breakglass",
          permission: "open",
          breakGlass: SEC7,
        },
      ],
    );
    const m = structuredClone(model0);
    const c = m.cloud.find((x) => x.key === "payments/prod");
    assert.ok(c);
    (c.grants as unknown[]).push({
      team: "sre",
      identity: "human",
      permission: "open",
      reason: "x",
      breakGlass: "why",
    });
    assert.deepEqual(
      reachGrants(m).filter((g) => g.breakGlass === "why"),
      [
        {
          team: "sre",
          kind: "human",
          environment: "payments/prod-cloud",
          permission: "open",
          breakGlass: "why",
        },
      ],
    );
  });

  it("a custom role that only reads environments opens none", () => {
    const m = structuredClone(model0);
    (m.roles[0] as unknown as { environmentScopes: string[] }).environmentScopes = [
      "environment:read",
    ];
    assert.equal(reachGrants(m).filter((g) => g.team.startsWith("role ")).length, 0);
    assert.equal(reachGrants(m).length, 65);
  });

  it("the check reports each refusal: a human who may edit a login environment", () => {
    const errors: ConfigIssue[] = [];
    checkCloudReach(model0, errors);
    assert.deepEqual(errors, []);
    const m = structuredClone(model0);
    const c = m.cloud.find((x) => x.key === "payments/prod");
    assert.ok(c);
    (c.grants as unknown[]).push({
      team: "payments",
      identity: "human",
      permission: "write",
      reason: "x",
    });
    checkCloudReach(m, errors);
    assert.deepEqual(errors, [
      {
        path: "projects[0].tiers.prod.cloud.aws",
        message:
          "team payments may edit login environment payments/prod-cloud: only secure-org may edit a login",
      },
    ]);
  });
});
