/**
 * The invariants' edge cases that the other unit specs leave out (issue 33, the survivors of the
 * invariants group): a role the top-level `roles` or the tier does not list, a grant without a
 * role, a model without the bootstrap's stack, several pairs of CI identities on one issuer whose
 * team names concatenate alike, a preview team holding no grant, a repository nobody writes to,
 * and a team on another host than GitHub (not mirrored, still a writer). Exact results; the
 * examples are loaded on first use inside a test (test/support/invariantFixtures.ts).
 */
import assert from "node:assert/strict";
import type { ConfigIssue, Finding } from "../../model/config";
import { checkBootstrapStackReaders } from "../../model/invariants/bootstrap";
import { checkDistinctCiIdentities } from "../../model/invariants/ciIdentities";
import { checkWriterRoutes, writerRoutes } from "../../model/invariants/reachable";
import { writersByRepository } from "../../model/invariants";
import { fixture } from "../support/invariantFixtures";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function bootstrapCheck(edit: (c: Any, m: Any) => void) {
  const config = structuredClone(fixture("prod").config) as Any;
  const model = structuredClone(fixture("prod").model) as Any;
  edit(config, model);
  const errors: ConfigIssue[] = [];
  const warnings: Finding[] = [];
  checkBootstrapStackReaders(config, model, errors, warnings);
  return { errors, warnings };
}
const platformGrant = (m: Any) =>
  m.grants.find((g: Any) => g.project === "secure-org" && g.team === "platform");

describe("bounds: bootstrap invariants, roles the config does not list (unit)", () => {
  it("stack read by a role without a top-level roles entry: refused, not thrown", () => {
    const { errors, warnings } = bootstrapCheck((c) => {
      c.admins = ["alice"];
      delete c.roles.maintainer;
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      errors.map((e) => e.path),
      ["tiers[2].roles.maintainer.stack"],
    );
  });

  it("environment open by a role the grant's tier does not list: refused as no break-glass, not thrown", () => {
    const { errors, warnings } = bootstrapCheck((c, m) => {
      c.admins = ["alice"];
      platformGrant(m).environmentPermission = "open";
      platformGrant(m).stackPermission = "none";
      delete c.tiers[2].roles.maintainer;
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      errors.map((e) => e.path),
      ["tiers[2].roles.maintainer.environment"],
    );
  });

  it("environment open on a grant without a role: nothing to report (no role to name)", () =>
    assert.deepEqual(
      bootstrapCheck((c, m) => {
        c.admins = ["alice"];
        platformGrant(m).environmentPermission = "open";
        platformGrant(m).role = undefined;
      }),
      { errors: [], warnings: [] },
    ));

  it("a model without the bootstrap's stack: the defaults have no bootstrap stack to reach", () =>
    assert.deepEqual(
      bootstrapCheck((c, m) => {
        c.defaults.stackPermission = "read";
        m.stacks = m.stacks.filter((s: Any) => s.project !== "secure-org");
      }),
      { errors: [], warnings: [] },
    ));
});

describe("bounds: distinct CI identities, several pairs on one issuer (unit)", () => {
  it("four identities sharing one Jenkins job: each of the six pairs refused once, names that concatenate alike included", () => {
    const config = fixture("multi-ci").config;
    const model = structuredClone(fixture("multi-ci").model) as Any;
    const shared = {
      ...structuredClone(
        model.identities.find((i: Any) => i.team === "search-prod-deploy").binding,
      ),
      jobPath: "shared/job",
    };
    // "x" + "yz" and "xy" + "z" read alike once joined without a separator.
    const renamed: Record<string, string> = {
      "billing-staging-deploy": "x",
      "billing-prod-deploy": "yz",
      "ledger-staging-deploy": "xy",
      "ledger-prod-deploy": "z",
    };
    for (const i of model.identities)
      if (renamed[i.team]) {
        i.team = renamed[i.team];
        i.binding = structuredClone(shared);
      }
    const errors: ConfigIssue[] = [];
    checkDistinctCiIdentities(config, model, errors);
    const pairs = errors.map((e) => {
      const m = /could obtain team (\S+)'s token/.exec(e.message);
      const narrow = /tokens of (\S+) deploy also/.exec(e.message);
      return `${narrow?.[1]} ${m?.[1]}`;
    });
    // narrow identity, then the team whose token it could obtain; ordered by team (x, xy, yz, z).
    assert.deepEqual(pairs, [
      "ledger/staging x",
      "billing/prod x",
      "ledger/prod x",
      "billing/prod xy",
      "ledger/prod xy",
      "ledger/prod yz",
    ]);
  });
});

describe("bounds: writer routes, a team without grants and a repository without writers (unit)", () => {
  function setup(edit: (p: Any, m: Any, c: Any) => void) {
    const config = structuredClone(fixture("prod").config) as Any;
    const model = structuredClone(fixture("prod").model) as Any;
    const p = model.pipelines.find((x: Any) => x.key === "payments/staging");
    edit(p, model, config);
    return { config, model };
  }

  it("an unreviewed preview whose team holds no grant: the route, with no grants, and nothing exceeds", () => {
    const { config, model } = setup((p, m) => {
      p.reviewedPreviews = false;
      m.grants = m.grants.filter((g: Any) => g.team !== p.preview.team);
    });
    const routes = writerRoutes(config, model);
    assert.deepEqual(
      routes.map((r) => [r.path, r.grants]),
      [["tiers[1].deploy.previewPullRequests", []]],
    );
    assert.deepEqual(checkWriterRoutes(config, model), []);
  });

  it("a repository nobody writes to: a route's grant is compared with none", () => {
    const { config, model } = setup((p, _m, c) => {
      p.manualDispatch = true;
      for (const t of c.teams) delete t.githubMembers;
    });
    const issues = checkWriterRoutes(config, model);
    assert.deepEqual(
      issues.map((i) => i.path),
      ["tiers[1].deploy.manualDispatch"],
    );
    assert.match(
      issues[0].message,
      /stack write on payments\/staging, where the least-privileged role with push access \(nobody declared \(no team mirrored to GitHub has push access\)\) holds none/,
    );
  });
});

describe("bounds: writers on another host than GitHub (unit)", () => {
  it("a team on GitLab without githubMembers is a writer of its repository (the host manages it)", () => {
    const writers = writersByRepository(fixture("multi-ci").config);
    assert.deepEqual(
      (writers.get("billing-infra") ?? []).map((w) => w.team),
      ["platform", "security", "billing"],
    );
  });
});
