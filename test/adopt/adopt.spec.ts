/**
 * Adopting the messy organization (issue 17), end to end: `npm run adopt` against a local
 * Pulumi Cloud and GitHub on 127.0.0.1 that answer in the OpenAPI spec's shapes, then the offline
 * plan of the proposal, `--tighten`, the access diff between the two, the mass-removal guard, and
 * the audit of the adopted organization.
 *
 * What this cannot prove: that api.pulumi.com and api.github.com answer exactly like the stand-in
 * (shapes from the OpenAPI spec and GitHub's REST documentation), that the providers import with
 * these IDs (the formats come from their Read and Importer code, model/adopt/importIds.ts), or what
 * a live `pulumi up` does with an import whose inputs differ (test/support/applyPlan.ts stands in
 * for it: import, then update).
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { OPENAPI_FIXTURES } from "../../scripts/openapiTrim";
import { buildAccessModel } from "../../model/access";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import { accessDiff } from "../../plan/accessDiff";
import type { AdoptionRow } from "../../plan/adoption";
import type { PlanReport } from "../../plan";
import { applyPlan } from "../support/applyPlan";
import { ORG, PROJECTS, TIER_OF } from "../support/messyOrg";
import { Harness } from "./harness";
import { existsLive, EXPECTED_IMPORTS, KNOWN_DIFFERENCES, NOT_LOOKED_UP } from "./oracle";

describe("adopt: the messy organization, end to end", function () {
  this.timeout(300_000);
  const h = new Harness();
  let faithful: Awaited<ReturnType<Harness["adopt"]>>;
  let tight: Awaited<ReturnType<Harness["adopt"]>>;
  let plan1: PlanReport;
  let plan2: PlanReport;
  const FILE = () => h.file("Pulumi.prod.yaml");
  const TIGHT = () => h.file("Pulumi.tight.yaml");

  before(async () => {
    await h.start();
    faithful = await h.adopt(["--org", ORG, "--out", FILE()]);
    tight = await h.adopt(["--org", ORG, "--tighten", "--out", TIGHT()]);
    const p1 = await h.plan(["--config", FILE(), "--json"]);
    assert.equal(p1.code, 0, p1.stderr);
    plan1 = p1.report as PlanReport;
    const p2 = await h.plan(["--config", TIGHT(), "--json"]);
    assert.equal(p2.code, 0, p2.stderr);
    plan2 = p2.report as PlanReport;
  });
  after(() => h.stop());

  it("reads both services with GETs only, answered per the OpenAPI spec, with progress on stderr", () => {
    assert.deepEqual(h.problems, []);
    assert.deepEqual(
      h.cloud.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`),
      [],
    );
    // Every operation adopt reads was answered (the audit log is the audit's).
    const read = h.api.seenTemplates();
    assert.deepEqual(
      OPENAPI_FIXTURES["adopt.json"].filter(
        (op) => !/\/auditlogs\/v2$|\/policygroups\/\{policyGroup\}$/.test(op) && !read.has(op),
      ),
      [],
    );
    assert.match(faithful.stderr, /adopt: stacks: page 1 read \(5 so far\)\n/);
    assert.match(faithful.stderr, /adopt: GitHub teams: page 2 \(\d+ so far\)\n/);
    assert.match(
      faithful.stderr,
      /adopt: 9 teams, 8 projects, \d+ resources to import, \d+ left unmanaged/,
    );
  });

  it("writes a config that validates, exiting 1 while high findings remain (even tightened: what it cannot manage)", () => {
    assert.equal(faithful.code, 1, faithful.stderr);
    assert.equal(faithful.stdout, "");
    for (const file of [FILE(), TIGHT()]) {
      const r = loadOrgConfig(entriesFromStackFile(parse(readFileSync(file, "utf8"))));
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    }
    // The two high findings --tighten cannot fix: a GitHub-synced team with production access,
    // and a declared team's write on a second production stack (analytics/prod-eu) that stays
    // unmanaged because its project already has a prod stack.
    assert.equal(tight.code, 1);
    assert.match(tight.stderr, /\(2 high left\)/);
    const text = readFileSync(TIGHT(), "utf8");
    assert.match(text, /\[high\] unmanaged-protected-access team:legacy-ops:/);
    assert.match(
      text,
      /\[high\] unmanaged-protected-grant team:platform: team platform \(members: [^)]*\) holds stack write on analytics\/prod-eu, which looks protected/,
    );
  });

  it("infers tiers from stack names and tags, one stack per project tier, environments by tier", () => {
    const c = h.configOf(FILE());
    const tiers = c["secure-org:tiers"] as { name: string; protected: boolean }[];
    assert.deepEqual(
      tiers.map((t) => `${t.name}${t.protected ? " (protected)" : ""}`),
      ["dev", "test", "staging", "prod (protected)"],
    );
    const projects = c["secure-org:projects"] as {
      name: string;
      repository: string;
      tiers: Record<string, { stack?: string }>;
    }[];
    for (const [name, [repo, , , stacks]] of Object.entries(PROJECTS)) {
      const p = projects.find((x) => x.name === name);
      assert.ok(p, name);
      assert.equal(p.repository, repo);
      for (const s of stacks.filter((x) => x !== "prod-eu"))
        assert.equal(p.tiers[TIER_OF[s]]?.stack ?? TIER_OF[s], s, `${name}/${s}`);
    }
    const unmanaged = (c["secure-org:adopt"].unmanaged as { kind: string; name: string }[]).map(
      (u) => `${u.kind} ${u.name}`,
    );
    for (const u of [
      "stack analytics/prod-eu",
      "environment default/shared-secrets",
      "team legacy-ops",
      "team DataScience",
      "grant team:platform stack:analytics/prod-eu",
      "webhook Payments prod failures (stack payments/prod)",
      "webhook Prod secret changes (environment payments/prod)",
      "github-ruleset web-app legacy protection",
    ])
      assert.ok(unmanaged.includes(u), `${u} not in ${unmanaged.join("; ")}`);
  });

  it("declares the org's admins (over the cap, reported), other members and other OIDC issuers", () => {
    const c = h.configOf(FILE());
    assert.deepEqual(c["secure-org:admins"], ["alice", "bob", "carol", "erin"]);
    assert.equal(c["secure-org:defaults"].maxAdmins, 4);
    // In no declared team: the GitHub-synced and the misnamed teams' members.
    assert.deepEqual(c["secure-org:members"], ["victor", "yvonne"]);
    assert.deepEqual(c["secure-org:oidc"].additionalIssuers, [
      {
        url: "https://gitlab.example.com",
        reason:
          "Adopted as it was on 2026-11-25: issuer gitlab existed before secure-org and is managed outside it",
      },
    ]);
    const t = h.configOf(TIGHT());
    assert.deepEqual(t["secure-org:admins"], ["alice", "bob", "carol"]);
    assert.equal(t["secure-org:defaults"].maxAdmins, undefined);
  });

  it("reproduces every live grant of the declared teams exactly through roles", () => {
    const r = loadOrgConfig(entriesFromStackFile(parse(readFileSync(FILE(), "utf8"))));
    assert.ok(r.ok);
    const model = buildAccessModel(r.config);
    const declared = new Set(r.config.teams.map((t) => t.name));
    const stackCode: Record<string, number> = { read: 101, write: 102, admin: 103 };
    const want = new Set<string>();
    for (const t of h.world.teams.filter((x) => declared.has(x.name))) {
      for (const s of t.stacks)
        if (s.stack !== "prod-eu")
          want.add(`${t.name} stack ${s.project}/${s.stack} ${s.permission}`);
      for (const e of t.environments)
        want.add(`${t.name} env ${e.project}/${e.name} ${e.permission}`);
    }
    const got = new Set<string>();
    for (const g of model.grants.filter((x) => x.identity === "human")) {
      if (g.stackPermission !== "none")
        got.add(`${g.team} stack ${g.project}/${g.stack} ${stackCode[g.stackPermission]}`);
      if (g.environmentPermission !== "none")
        got.add(
          `${g.team} env ${g.environment.project}/${g.environment.name} ${g.environmentPermission}`,
        );
    }
    assert.deepEqual([...got].sort(), [...want].sort());
    // sre's one-hour sessions survive as the break-glass bound.
    assert.deepEqual(
      model.grants
        .filter((g) => g.team === "sre" && g.environmentPermission === "open")
        .map((g) => g.maxOpenDuration),
      ["1h", "1h"],
    );
  });

  it("imports every existing entity with the provider's ID, for every resource type the program registers", () => {
    const rows = plan1.adoption?.resources ?? [];
    const byName = new Map(rows.map((r) => [`${r.type} ${r.name}`, r]));
    for (const [type, name, id] of EXPECTED_IMPORTS) {
      const row = byName.get(`${type} ${name}`);
      assert.ok(row, `${type} ${name} is not registered`);
      assert.equal(row.action, "import", `${type} ${name}`);
      assert.equal(row.id, id, `${type} ${name}`);
    }
    const types = new Set(
      plan1.resources.filter((r) => /^(pulumiservice|github):/.test(r.type)).map((r) => r.type),
    );
    for (const type of types)
      if (type !== "pulumiservice:index:StackTags" && !NOT_LOOKED_UP.includes(type))
        assert.ok(
          EXPECTED_IMPORTS.some(([t]) => t === type),
          `no expected import of ${type}`,
        );
  });

  it("every import points at what exists, and nothing that exists is created", () => {
    const rows = plan1.adoption?.resources ?? [];
    const resources = new Map(plan1.resources.map((r) => [r.urn, r]));
    for (const row of rows) {
      const r = resources.get(row.urn);
      assert.ok(r);
      const exists = existsLive(h.world, row.type, r.inputs, resources, r);
      if (row.action === "create")
        assert.equal(
          exists,
          undefined,
          `${row.type} ${row.name} exists (${exists}) but is created`,
        );
      else assert.equal(row.id, exists, `${row.type} ${row.name}`);
    }
    assert.ok(rows.filter((r) => r.action === "create").length > 0);
  });

  it("imports compare equal to live where the config can say it; the rest is listed", () => {
    const differing = (plan1.adoption?.resources ?? [])
      .filter((r: AdoptionRow) => r.differs.length)
      .map((r) => `${r.name}: ${r.differs.map((d) => d.field).join(",")}`)
      .sort();
    assert.deepEqual(differing, KNOWN_DIFFERENCES);
  });

  it("--tighten removes each least-privilege violation, and the access diff lists exactly those", () => {
    const d = accessDiff(plan1, plan2, "faithful");
    const lvl = (l?: { stackPermission: string; environmentPermission: string }) =>
      l ? `${l.stackPermission}/${l.environmentPermission}` : "-";
    const prodProjects = Object.entries(PROJECTS)
      .filter(([, [, , , stacks]]) => stacks.some((s) => TIER_OF[s] === "prod"))
      .map(([p]) => `lowered prod platform ${p} write/read->none/read`);
    assert.deepEqual(
      d.grants
        .map(
          (g) => `${g.change} ${g.tier} ${g.team} ${g.project} ${lvl(g.before)}->${lvl(g.after)}`,
        )
        .sort(),
      [
        ...prodProjects,
        "lowered prod sre payments read/open->read/none",
        "lowered prod sre web read/open->read/none",
      ].sort(),
    );
    // Nothing added, raised, removed outright or otherwise changed: only the violations went.
    assert.ok(d.grants.every((g) => g.change === "lowered"));
    assert.deepEqual([d.members, d.githubMembers], [[], []]);
    // Four admins, one over the cap: the fix keeps those in teams with grants, by name, so erin
    // is demoted and stays a member through her team.
    assert.deepEqual(d.organization, {
      adminsAdded: [],
      adminsRemoved: ["erin"],
      membersAdded: ["erin"],
      membersRemoved: [],
    });
    assert.deepEqual(d.defaults, [
      { setting: "membersCanCreateStacks", before: true, after: false },
      { setting: "stackPermission", before: "read", after: "none" },
    ]);
    assert.deepEqual(
      (d.identities ?? []).map((i) => `${i.token} ${i.before.length}->${i.after.length}`),
      ["team:platform 1->0"],
    );
    // Each of those is a fix of a finding of the faithful proposal.
    const fixes = readFileSync(FILE(), "utf8").match(/^# {7}fix: .*$/gm) ?? [];
    assert.ok(fixes.some((f) => f.includes('defaults.stackPermission: "read" -> "none"')));
    assert.ok(
      fixes.some((f) => f.includes("oidc.adoptedPolicies[0]:") && f.endsWith("-> (removed)")),
    );
    // No break-glass is left in the tightened proposal.
    assert.doesNotMatch(readFileSync(TIGHT(), "utf8"), /breakGlass/);
  });

  it("--json prints the report: summary, findings with their fixes, unmanaged, config", async () => {
    const r = await h.adopt(["--org", ORG, "--json"]);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & {
      findings: { code: string; fixes?: unknown[]; fixed: boolean }[];
    };
    assert.deepEqual(Object.keys(j), [
      "formatVersion",
      "organization",
      "stack",
      "readAt",
      "tightened",
      "summary",
      "findings",
      "unmanaged",
      "config",
    ]);
    assert.equal(j.formatVersion, 1);
    assert.ok(
      j.findings.some((f) => f.code === "oidc-wide-policy" && f.fixes?.length === 1 && !f.fixed),
    );
    assert.ok(Object.keys(j.config as object).includes("secure-org:adopt"));
  });

  it("the guard stops a config that removes 30% of the members, naming the counts; the acknowledgement lets it through", async () => {
    const doc = parse(readFileSync(FILE(), "utf8")) as {
      config: Record<string, { members: string[]; githubMembers?: string[] }[]>;
    };
    const teams = doc.config["secure-org:teams"];
    const total = teams.reduce((n, t) => n + t.members.length + (t.githubMembers?.length ?? 0), 0);
    let removed = 0;
    for (const t of teams) {
      while (removed < Math.ceil(total * 0.3) && t.members.length) {
        t.members.pop();
        removed++;
      }
    }
    const cut = h.file("Pulumi.cut.yaml");
    writeFileSync(cut, stringify(doc));
    const stopped = await h.plan(["--config", cut]);
    assert.equal(stopped.code, 1);
    const pct = Math.round((removed * 1000) / total) / 10;
    assert.equal(
      stopped.stderr,
      `guard: this change removes ${removed} of ${total} human team memberships (${pct}%) and 0 of ` +
        `${plan1.guard?.grants.total} team grants (0%), compared with the live organization as adopted ` +
        `(2026-11-25T12:00:00.000Z): more than guard.maxRemovalPercent (25%) of memberships. Nothing was ` +
        `changed. If the removal is intended, acknowledge exactly this many removals: set ` +
        `secure-org:guard.acknowledgeRemovals to ${removed} (or pass --acknowledge-removals ${removed} to the plan)\n`,
    );
    assert.match(stopped.stdout, /== Mass-removal guard: STOPPED/);
    assert.equal(
      (await h.plan(["--config", cut, "--acknowledge-removals", String(removed)])).code,
      0,
    );
    assert.equal(
      (await h.plan(["--config", cut, "--acknowledge-removals", String(removed - 1)])).code,
      1,
    );
    doc.config["secure-org:guard"] = { acknowledgeRemovals: removed } as never;
    writeFileSync(cut, stringify(doc));
    assert.equal((await h.plan(["--config", cut])).code, 0);
    // Against a baseline plan JSON too.
    const base = h.file("baseline.json");
    writeFileSync(base, JSON.stringify(plan1));
    delete doc.config["secure-org:guard"];
    writeFileSync(cut, stringify(doc));
    const vsBase = await h.plan(["--config", cut, "--baseline", base]);
    assert.equal(vsBase.code, 1);
    assert.match(
      vsBase.stderr,
      new RegExp(`compared with the baseline ${base.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`),
    );
    assert.match(vsBase.stdout, new RegExp(`Members removed:\\n`));
  });

  it("the audit of the adopted organization with the generated config reports no drift", async () => {
    const before = h.world;
    try {
      h.world = applyPlan(before, plan1);
      const r = await h.audit(["--config", FILE(), "--json", "--deployer", "bootstrap-admin"]);
      assert.ok(r.report, r.stderr);
      const DRIFT = [
        "team-undeclared",
        "team-missing",
        "member-undeclared",
        "member-missing",
        "grant-undeclared",
        "grant-missing",
        "grant-above-declared",
        "grant-below-declared",
        "grant-open-duration",
        "stack-undeclared",
        "environment-undeclared",
        "org-default-differs",
        "oidc-policy-undeclared",
        "oidc-policy-missing",
        "oidc-policy-changed",
        "oidc-ids-unknown",
        "oidc-issuer-missing",
        "oidc-issuer-undeclared",
        "oidc-issuer-expiration",
        "guardrail-group-missing",
        "guardrail-stack-outside",
        "guardrail-stack-undeclared",
        "guardrail-mode-changed",
        "guardrail-pack-missing",
        "guardrail-level-weakened",
        "guardrail-settings-changed",
        "role-missing",
        "role-changed",
        "role-grant-undeclared",
        "role-grant-missing",
        "admin-undeclared",
        "admin-missing",
        "org-member-undeclared",
        "org-member-missing",
        "not-covered",
      ];
      assert.deepEqual(
        r.report.findings
          .filter((f) => DRIFT.includes(f.code))
          .map((f) => `${f.code} ${f.subject}`),
        // The one part no audit covers: the API does not return membersCanInviteCollaborators.
        ["not-covered section:collaboratorInvites"],
      );
      // What remains are the risks the adoption reported: the declared wildcard policy and the
      // GitHub-synced team it could not manage.
      assert.deepEqual(
        r.report.findings
          .filter((f) => f.severity !== "info")
          .map((f) => `${f.severity} ${f.code} ${f.subject}`),
        [
          "high human-protected-access team:legacy-ops environment:payments/prod",
          "high human-protected-access team:legacy-ops stack:payments/prod",
          "high oidc-policy-wildcard oidc:github-actions#0",
          // The live webhooks adopt lists as not carried over (adopt/leftover.ts): the audit
          // reports each as undeclared on its managed scope.
          "low webhook-undeclared webhook:environment:payments/prod Prod secret changes",
          "low webhook-undeclared webhook:stack:payments/prod Payments prod failures",
        ],
      );
      assert.ok(
        r.report.findings.some(
          (f) => f.code === "adopt-unmanaged" && f.subject === "team:legacy-ops",
        ),
      );
    } finally {
      h.world = before;
    }
  });
});
