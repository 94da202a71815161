/**
 * The pure parts of adoption, table-driven: tier inference, role clustering (the fewest roles,
 * checked against a brute-force search), durations, `--tighten`, import lookups for stack tags and
 * organization members, and hostile live names that must stay unmanaged instead of producing a
 * config that does not validate or an ID that parses wrong.
 */
import assert from "node:assert/strict";
import { durationOf } from "../../adopt/access";
import { Cell, clusterRoles, Vector } from "../../adopt/cluster";
import { importsFor } from "../../adopt/imports";
import { inferTier } from "../../adopt/infer";
import type { LiveOrg } from "../../adopt/live";
import { propose } from "../../adopt/propose";
import { entriesOfConfig } from "../../adopt/record";
import { formatIssue } from "../../model/config";
import { loadOrgConfig } from "../../model/load";
import { tighten } from "../../adopt/tighten";
import type { AdoptFinding } from "../../adopt/types";
import type { RecordedResource } from "../../plan/mockRun";
import { messyOrg } from "../support/messyOrg";

describe("adopt: tier inference", () => {
  const cases: [string, Record<string, string>, string | undefined, boolean?][] = [
    ["production", {}, "prod", true],
    ["prod-eu", {}, "prod", true],
    ["eu-west-live", {}, "prod", true],
    ["stg", {}, "staging"],
    ["uat", {}, "staging"],
    ["sandbox", {}, "dev"],
    ["qa", {}, "test"],
    ["blue", { environment: "production" }, "prod", true],
    ["blue", { "secure-org:tier": "perf" }, "perf"],
    ["Feature_X", {}, "feature_x"],
    ["blue", { "secure-org:protected": "true" }, "blue", true],
    ["---", {}, undefined],
  ];
  for (const [stack, tags, tier, prot] of cases)
    it(`${stack} ${JSON.stringify(tags)} -> ${tier ?? "none"}`, () => {
      const g = inferTier(stack, tags);
      assert.equal(g?.tier, tier);
      if (tier) assert.equal(g?.protected, prot ?? false);
    });
});

describe("adopt: clustering grants into the fewest roles that reproduce them", () => {
  const L = ["none", "read", "write"] as const;
  const cell = (n: number): Cell => ({ stack: L[n % 3], environment: n > 2 ? "read" : "none" });
  /** Random vectors over tiers a, b, c; each project has two or three of them. */
  function instance(seed: number): Vector[] {
    let x = seed;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x / 2 ** 31);
    const shapes = [
      ["a", "b"],
      ["a", "c"],
      ["b", "c"],
      ["a", "b", "c"],
    ];
    return Array.from({ length: 6 }, (_, i) => {
      const tiers = shapes[Math.floor(rnd() * shapes.length)];
      return {
        team: `t${i}`,
        project: `p${i}`,
        tiers: new Map(tiers.map((t) => [t, cell(Math.floor(rnd() * 3))])),
      };
    });
  }
  /** The fewest groups of pairwise-compatible vectors, by trying every partition. */
  function bruteForce(vs: Vector[]): number {
    const ok = (a: Vector, b: Vector) =>
      [...a.tiers].every(
        ([t, c]) => !b.tiers.has(t) || JSON.stringify(b.tiers.get(t)) === JSON.stringify(c),
      );
    let best = vs.length;
    const go = (i: number, groups: Vector[][]) => {
      if (groups.length >= best) return;
      if (i === vs.length) return void (best = groups.length);
      for (const g of groups)
        if (g.every((v) => ok(v, vs[i]))) {
          g.push(vs[i]);
          go(i + 1, groups);
          g.pop();
        }
      go(i + 1, [...groups, [vs[i]]]);
    };
    go(0, []);
    return best;
  }

  it("finds the minimum (brute force agrees on 40 random instances) and reproduces every vector", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const vs = instance(seed).filter((v) =>
        [...v.tiers.values()].some((c) => c.stack !== "none" || c.environment !== "none"),
      );
      const c = clusterRoles(vs, ["a", "b", "c"]);
      assert.ok(c.exact);
      assert.equal(c.roles.length, bruteForce(vs), `seed ${seed}`);
      for (const v of vs) {
        const role = c.roles.find((r) => r.name === c.roleOf.get(`${v.team}\u0000${v.project}`));
        assert.ok(role, `seed ${seed}: ${v.team} has no role`);
        for (const [t, cl] of v.tiers)
          assert.deepEqual(role.tiers.get(t), cl, `seed ${seed}: ${v.team} ${t}`);
      }
    }
  });

  it("never merges different repository permissions, and names roles readably", () => {
    const tiers = new Map([["dev", { stack: "write", environment: "open" } as Cell]]);
    const c = clusterRoles(
      [
        { team: "a", project: "p", tiers, repository: "push" },
        { team: "b", project: "p", tiers, repository: "pull" },
        { team: "c", project: "p", tiers },
      ],
      ["dev"],
    );
    assert.deepEqual(
      c.roles.map((r) => `${r.name}: ${r.members.join(",")}`),
      ["stack-write-env-open-repo-push: a/p,c/p", "stack-write-env-open-repo-pull: b/p"],
    );
  });
});

describe("adopt: small helpers", () => {
  it("reads Go durations as ours", () => {
    assert.deepEqual(
      ["1h0m0s", "1h30m0s", "30m0s", "45s", "", "x"].map((d) => durationOf(d) ?? null),
      ["1h", "1h30m", "30m", "1m", null, null],
    );
  });

  it("--tighten applies every fix and drops break-glass that no longer applies", () => {
    const p = propose(messyOrg(), { githubOwner: "acme", platformRepository: "platform" });
    const t = tighten(p);
    const prod = t.config.tiers.find((x) => x.name === "prod");
    assert.ok(prod);
    for (const role of Object.values(prod.roles)) {
      assert.ok(!["write", "admin"].includes(role.stack));
      assert.ok(!["open", "write", "admin"].includes(role.environment));
      assert.equal(role.breakGlass, undefined);
    }
    assert.equal(t.config.oidc.adoptedPolicies.length, p.config.oidc.adoptedPolicies.length - 1);
    assert.equal(t.config.defaults.stackPermission, "none");
    // The faithful proposal is untouched.
    assert.ok(
      Object.values(p.config.tiers.find((x) => x.name === "prod")?.roles ?? {}).some(
        (r) => r.breakGlass,
      ),
    );
  });
});

describe("adopt: import lookups", () => {
  const resource = (
    type: string,
    name: string,
    inputs: Record<string, unknown>,
  ): RecordedResource => ({
    urn: `urn:pulumi:s::p::${type}::${name}`,
    type,
    name,
    custom: true,
    inputs,
    secretInputs: [],
    options: {
      protect: false,
      retainOnDelete: false,
      ignoreChanges: [],
      deleteBeforeReplace: false,
      aliases: [],
      dependsOn: [],
      dependencies: [],
    },
  });
  const live = (tags: Record<string, string>): LiveOrg => ({
    ...messyOrg(),
    stacks: [{ project: "web", stack: "production", tags }],
    members: [{ login: "alice", role: "admin" }],
  });
  const declared = { "secure-org:tier": "prod", "secure-org:owner": "web" };

  it("imports stack tags only when every tag the stack carries is a declared one", () => {
    const tags = resource("pulumiservice:index:StackTags", "web/prod/tags", {
      organization: "acme",
      project: "web",
      stack: "production",
      tags: declared,
    });
    const findings: AdoptFinding[] = [];
    assert.deepEqual(
      importsFor([tags], { live: live({ ...declared }), org: "acme", findings }).map((e) => e.id),
      ["acme/web/production/tags"],
    );
    // The declared names only, some with other values or missing (the program's own tags from an
    // earlier deploy): imported, and the update sets the values.
    const first = Object.keys(declared)[0];
    assert.deepEqual(
      importsFor([tags], { live: live({ [first]: "other" }), org: "acme", findings }).map(
        (e) => e.id,
      ),
      ["acme/web/production/tags"],
    );
    // A hostile live key that is no declared one ("__proto__", a case variant) is not one of ours.
    for (const k of ["__proto__", first.toUpperCase(), "constructor"]) {
      const other: AdoptFinding[] = [];
      const l = live({});
      const stack = l.stacks.find((x) => x.project === "web" && x.stack === "production");
      if (stack) Object.defineProperty(stack.tags, k, { value: "x", enumerable: true });
      assert.deepEqual(importsFor([tags], { live: l, org: "acme", findings: other }), [], k);
    }
    // Other tags only: created (the program adds its tags, the others stay).
    assert.deepEqual(
      importsFor([tags], { live: live({ team: "web" }), org: "acme", findings }),
      [],
    );
    assert.deepEqual(findings, []);
    // Some declared names among others: neither works, and it says so.
    const clash: AdoptFinding[] = [];
    assert.deepEqual(
      importsFor([tags], {
        live: live({ team: "web", "secure-org:tier": "prod" }),
        org: "acme",
        findings: clash,
      }),
      [],
    );
    assert.deepEqual(
      clash.map((f) => f.code),
      ["stack-tags-clash"],
    );
  });

  it("imports an organization member as organization/login", () => {
    const m = resource("pulumiservice:index:OrganizationMember", "member/alice", {
      organizationName: "acme",
      username: "alice",
      role: "admin",
    });
    const [e] = importsFor([m], { live: live({}), org: "acme", findings: [] });
    assert.deepEqual(
      { id: e.id, match: { ...e.match }, live: e.live },
      { id: "acme/alice", match: { username: "alice" }, live: { role: "admin" } },
    );
  });

  it("hostile: two webhooks sharing a display name import one each, never the same one twice", () => {
    const org = messyOrg();
    const first = org.webhooks.find((w) => w.scope.kind === "organization");
    assert.ok(first);
    const twin = { ...first, name: `${first.name}b`, payloadUrl: "https://hooks.example.com/b" };
    const hook = (name: string, url: string) =>
      resource("pulumiservice:index:Webhook", name, {
        organizationName: "acme",
        displayName: first.displayName,
        payloadUrl: url,
      });
    const ids = importsFor(
      // Declared in the other order: the URL decides which is which.
      [hook("webhook/b", twin.payloadUrl), hook("webhook/a", first.payloadUrl)],
      { live: { ...org, webhooks: [first, twin] }, org: "acme", findings: [] },
    ).map((e) => `${e.name} ${e.id}`);
    assert.deepEqual(ids, [`webhook/b acme/${first.name}b`, `webhook/a acme/${first.name}`]);
  });

  it("hostile: a webhook the service gives no name (optional in the spec) stays unmanaged", () => {
    const org = messyOrg();
    const first = org.webhooks.find((w) => w.scope.kind === "organization");
    assert.ok(first);
    const nameless = { ...first, name: "", displayName: "Nameless" };
    const p = propose(
      { ...org, webhooks: [...org.webhooks, nameless] },
      { githubOwner: "acme", platformRepository: "platform" },
    );
    assert.ok(p.unmanaged.some((u) => u.kind === "webhook" && u.name === "Nameless (org)"));
    assert.ok(!p.config.audit.webhooks.some((w) => w.displayName === "Nameless"));
  });
});

describe("adopt: hostile live names stay unmanaged", () => {
  it("a team with a login our rules refuse, a stack name with '/' or '+', a webhook URL with credentials", () => {
    const org = messyOrg();
    const hostile: LiveOrg = {
      ...org,
      teams: [...org.teams, { ...org.teams[1], name: "eve", members: ["eve smith"] }],
      stacks: [
        ...org.stacks,
        { project: "payments", stack: "prod+x", tags: {} },
        { project: "pay/ments", stack: "dev", tags: {} },
      ],
      webhooks: [
        ...org.webhooks,
        {
          ...org.webhooks[1],
          name: "x1",
          displayName: "Leaky",
          payloadUrl: "https://user:pass@hooks.example.com/x",
        },
      ],
    };
    const p = propose(hostile, { githubOwner: "acme", platformRepository: "platform" });
    const u = p.unmanaged.map((x) => `${x.kind} ${x.name}`);
    for (const want of [
      "team eve",
      "stack payments/prod+x",
      "stack pay/ments/dev",
      "webhook Leaky (org)",
    ])
      assert.ok(u.includes(want), `${want} not in ${u.join("; ")}`);
    assert.ok(!p.config.teams.some((t) => t.name === "eve"));
    assert.ok(!p.config.audit.webhooks.some((w) => w.displayName === "Leaky"));
  });

  it("hostile: a project whose name differs from another only in case stays unmanaged, and the proposal validates", () => {
    const org = messyOrg();
    const hostile: LiveOrg = {
      ...org,
      stacks: [...org.stacks, { project: "Payments", stack: "prod", tags: {} }],
    };
    const p = propose(hostile, { githubOwner: "acme", platformRepository: "platform" });
    const u = p.unmanaged.map((x) => `${x.kind} ${x.name}`);
    assert.ok(u.includes("stack Payments/prod"), u.join("; "));
    assert.deepEqual(
      p.config.projects.filter((x) => x.name.toLowerCase() === "payments").map((x) => x.name),
      ["payments"],
    );
    const r = loadOrgConfig(entriesOfConfig(p.config));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors.map(formatIssue)));
  });

  it("hostile: a team whose display name or description the config refuses (bidi controls, too long) stays unmanaged, and the proposal validates", () => {
    for (const edit of [
      { description: "Owns shared \u202einfrastructure" },
      { displayName: "Platform \u2066Engineering" },
      { description: "x".repeat(401) },
    ]) {
      const org = messyOrg();
      const hostile: LiveOrg = {
        ...org,
        teams: [{ ...org.teams[0], ...edit }, ...org.teams.slice(1)],
      };
      const p = propose(hostile, { githubOwner: "acme", platformRepository: "platform" });
      assert.ok(
        p.unmanaged.some((u) => u.kind === "team" && u.name === org.teams[0].name),
        JSON.stringify(edit),
      );
      const r = loadOrgConfig(entriesOfConfig(p.config));
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors.map(formatIssue)));
    }
  });

  it("hostile: a live OIDC policy without rules (it matches every token) is reported high, never declared, and the fix paths of the others still point at them", () => {
    const org = messyOrg();
    const [issuer, ...others] = org.oidcIssuers;
    const open = { decision: "allow" as const, tokenType: "team", teamName: "platform", rules: {} };
    const hostile: LiveOrg = {
      ...org,
      oidcIssuers: [{ ...issuer, policies: [open, ...issuer.policies] }, ...others],
    };
    const p = propose(hostile, { githubOwner: "acme", platformRepository: "platform" });
    assert.ok(
      p.findings.some(
        (f) =>
          f.severity === "high" &&
          f.code === "oidc-policy-without-rules" &&
          f.subject.endsWith("#0"),
      ),
    );
    assert.equal(p.config.oidc.adoptedPolicies.length, issuer.policies.length);
    for (const config of [p.config, tighten(p).config]) {
      assert.ok(config.oidc.adoptedPolicies.every((x) => Object.keys(x.rules).length > 0));
      const r = loadOrgConfig(entriesOfConfig(config));
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors.map(formatIssue)));
    }
    // --tighten drops exactly the wide ones it reported, not a neighbour.
    const wide = p.findings.filter((f) => f.code === "oidc-wide-policy").length;
    assert.equal(tighten(p).config.oidc.adoptedPolicies.length, issuer.policies.length - wide);
  });

  it("hostile: a live drift schedule the config cannot declare (not 5 cron fields) is not proposed, and the proposal validates", () => {
    for (const cron of ["@every 1m", "0 0 */6 * * *"]) {
      const org = messyOrg();
      assert.ok(org.driftSchedules.length > 0);
      const hostile: LiveOrg = {
        ...org,
        driftSchedules: org.driftSchedules.map((d) => ({ ...d, cron })),
      };
      const p = propose(hostile, { githubOwner: "acme", platformRepository: "platform" });
      assert.ok(
        p.config.tiers.every((t) => !("driftDetection" in t)),
        cron,
      );
      const r = loadOrgConfig(entriesOfConfig(p.config));
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors.map(formatIssue)));
    }
  });
});

describe("adopt: elevated grants on protected-looking targets the proposal leaves unmanaged", () => {
  /** The messy org plus a team `qa` holding the given grants on stacks and environments. */
  function withQaGrants(
    stacks: { project: string; stack: string; tags?: Record<string, string> }[],
    grants: Partial<Pick<LiveOrg["teams"][number], "stacks" | "environments">>,
  ) {
    const org = messyOrg();
    const hostile: LiveOrg = {
      ...org,
      stacks: [...org.stacks, ...stacks.map((s) => ({ ...s, tags: s.tags ?? {} }))],
      teams: org.teams.map((t) =>
        t.name === "qa"
          ? {
              ...t,
              stacks: [...t.stacks, ...(grants.stacks ?? [])],
              environments: [...t.environments, ...(grants.environments ?? [])],
            }
          : t,
      ),
    };
    const p = propose(hostile, { githubOwner: "acme", platformRepository: "platform" });
    // The messy org's own (platform's write on analytics/prod-eu) is asserted end to end.
    return p.findings.filter(
      (f) => f.code === "unmanaged-protected-grant" && f.subject === "team:qa",
    );
  }

  it("reports a human team's write on a second production stack (by name) as high", () => {
    const f = withQaGrants([{ project: "payments", stack: "prd-eu" }], {
      stacks: [{ project: "payments", stack: "prd-eu", permission: 102 }],
    });
    assert.deepEqual(
      f.map((x) => `${x.severity} ${x.subject}`),
      ["high team:qa"],
    );
    assert.match(f[0].message, /holds stack write on payments\/prd-eu, which looks protected/);
  });

  it("reports admin on a second stack of a tier whose tags say it is protected, whatever its name", () => {
    const tags = { tier: "staging", "secure-org:protected": "true" };
    const f = withQaGrants([{ project: "payments", stack: "blue", tags }], {
      stacks: [{ project: "payments", stack: "blue", permission: 103 }],
    });
    assert.match(f[0]?.message ?? "", /stack admin on payments\/blue/);
  });

  it("reports open on an undeclared production environment", () => {
    const f = withQaGrants([], {
      environments: [{ project: "payments", name: "production-secrets", permission: "open" }],
    });
    assert.match(f[0]?.message ?? "", /environment open on payments\/production-secrets/);
  });

  it("does not report read, nor write on an unmanaged stack of an unprotected tier", () => {
    const f = withQaGrants(
      [
        { project: "payments", stack: "prod-replica" },
        { project: "payments", stack: "dev-2" },
      ],
      {
        stacks: [
          { project: "payments", stack: "prod-replica", permission: 101 },
          { project: "payments", stack: "dev-2", permission: 103 },
        ],
        environments: [{ project: "payments", name: "prod-readonly", permission: "read" }],
      },
    );
    assert.deepEqual(f, []);
  });
});
