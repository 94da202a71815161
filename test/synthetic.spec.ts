import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { buildOrg } from "../components/org";
import { dependencyEdges, graphDepth, RecordedResource, runUnderMocks } from "../plan/mockRun";
import {
  SYNTHETIC_BOOTSTRAP_PROJECT,
  SYNTHETIC_SECRET_KEYS,
  SYNTHETIC_TIERS,
  syntheticConfig,
  syntheticEntries,
  syntheticProjectName,
} from "../bench/synthetic";
import { buildAccessModel } from "../model/access";
import { DEPLOY_MODES, formatIssue, OrgConfig, validateConfig } from "../model/config";
import { loadOrgConfig } from "../model/load";

function valid(raw: unknown): OrgConfig {
  const r = validateConfig(raw);
  if (!r.ok) assert.fail(`invalid:\n${r.errors.map(formatIssue).join("\n")}`);
  return r.config;
}

/** The deploy mode each project's stack on each tier really uses (tier mode or override). */
function modesOf(config: OrgConfig): Map<string, Set<string>> {
  const byTier = new Map<string, Set<string>>();
  for (const p of config.projects)
    for (const [tierName, pt] of Object.entries(p.tiers)) {
      const tier = config.tiers.find((t) => t.name === tierName);
      assert.ok(tier, `project ${p.name} names unknown tier ${tierName}`);
      const mode = tier.deploy.mode === "direct" ? "direct" : (pt.mode ?? tier.deploy.mode);
      const set = byTier.get(tierName) ?? new Set<string>();
      set.add(mode);
      byTier.set(tierName, set);
    }
  return byTier;
}

describe("synthetic org configs (bench/synthetic.ts)", () => {
  for (const size of [10, 100, 1000]) {
    describe(`${size} projects`, () => {
      const raw = syntheticConfig(size);
      let config: OrgConfig;
      before(() => {
        config = valid(raw);
      });

      it("validates with no errors", () => {
        assert.ok(config);
      });

      it("has the promised projects, each on the three tiers, plus the bootstrap", () => {
        assert.equal(config.projects.length, size + 1);
        const apps = config.projects.filter((p) => !p.bootstrap);
        assert.equal(apps.length, size);
        assert.deepEqual(
          apps.map((p) => p.name),
          Array.from({ length: size }, (_, i) => syntheticProjectName(i, size)),
        );
        for (const p of apps) assert.deepEqual(Object.keys(p.tiers), [...SYNTHETIC_TIERS]);
        const boot = config.projects.filter((p) => p.bootstrap);
        assert.deepEqual(
          boot.map((p) => [p.name, p.repository, Object.keys(p.tiers)]),
          [[SYNTHETIC_BOOTSTRAP_PROJECT, config.github.platformRepository, ["prod"]]],
        );
      });

      it("has dev direct, staging and prod pipelines, prod protected with approvers", () => {
        assert.deepEqual(
          config.tiers.map((t) => t.name),
          [...SYNTHETIC_TIERS],
        );
        const [dev, staging, prod] = config.tiers;
        assert.equal(dev.deploy.mode, "direct");
        assert.equal(dev.protected, false);
        assert.notEqual(staging.deploy.mode, "direct");
        assert.equal(staging.protected, false);
        assert.notEqual(prod.deploy.mode, "direct");
        assert.equal(prod.protected, true);
        assert.ok(prod.deploy.approvers.length >= 2);
        assert.ok((prod.deploy.requiredApprovals ?? 0) >= 2);
        assert.ok(prod.driftDetection, "prod has a drift schedule");
      });

      it("uses every deploy mode, and both pipeline modes on each pipeline tier", () => {
        const modes = modesOf(config);
        assert.deepEqual([...(modes.get("dev") ?? [])], ["direct"]);
        for (const tier of ["staging", "prod"])
          assert.deepEqual(
            [...(modes.get(tier) ?? [])].sort(),
            ["github-actions", "pulumi-deployments"],
            tier,
          );
        const all = new Set([...modes.values()].flatMap((s) => [...s]));
        assert.deepEqual([...all].sort(), [...DEPLOY_MODES].sort());
      });

      it("has one team per five projects plus platform and security, all mirrored to GitHub", () => {
        assert.equal(config.teams.length, Math.ceil(size / 5) + 2);
        assert.deepEqual(
          config.teams.slice(0, 2).map((t) => t.name),
          ["platform", "security"],
        );
        for (const t of config.teams) assert.ok(t.githubMembers?.length, t.name);
        // Every application project is owned by exactly one application team.
        const owners = new Map<string, number>();
        for (const t of config.teams.slice(2))
          for (const [project, role] of Object.entries(t.access)) {
            assert.equal(role, "developer");
            owners.set(project, (owners.get(project) ?? 0) + 1);
          }
        assert.equal(owners.size, size);
        assert.ok([...owners.values()].every((n) => n === 1));
      });

      it("shares some repositories between projects, in separate work directories", () => {
        const byRepo = new Map<string, string[]>();
        for (const p of config.projects.filter((x) => !x.bootstrap))
          byRepo.set(p.repository, [...(byRepo.get(p.repository) ?? []), p.workDir]);
        const shared = [...byRepo.values()].filter((dirs) => dirs.length > 1);
        assert.equal(shared.length, Math.floor(size / 5));
        for (const dirs of shared) assert.equal(new Set(dirs).size, dirs.length);
      });

      it("has a few webhooks, org-wide and scoped to prod", () => {
        const hooks = config.audit.webhooks;
        assert.equal(hooks.length, 3);
        assert.ok(hooks.some((w) => !w.scope));
        assert.deepEqual(
          hooks.filter((w) => w.scope).map((w) => [w.scope?.tier, w.scope?.kind]),
          [
            ["prod", "stacks"],
            ["prod", "environments"],
          ],
        );
      });
    });
  }

  it("is deterministic and returns a fresh object every call", () => {
    const a = syntheticConfig(25);
    const b = syntheticConfig(25);
    assert.deepEqual(a, b);
    (a.projects as { name: string }[])[0].name = "changed";
    assert.notEqual((b.projects as { name: string }[])[0].name, "changed");
    assert.deepEqual(b, syntheticConfig(25));
  });

  it("scales names with the size, and validates at the smallest sizes", () => {
    for (const size of [1, 2, 3, 7]) valid(syntheticConfig(size));
    assert.equal(syntheticProjectName(7, 10), "svc-007");
    assert.equal(syntheticProjectName(42, 10_000), "svc-0042");
  });

  it("honours its options", () => {
    const c = valid(
      syntheticConfig(20, {
        organization: "acme",
        projectsPerTeam: 4,
        shareEvery: 2,
        bootstrap: false,
        webhooks: false,
      }),
    );
    assert.equal(c.organization, "acme");
    assert.equal(c.github.owner, "acme");
    assert.equal(c.projects.length, 20);
    assert.ok(c.projects.every((p) => !p.bootstrap));
    assert.equal(c.teams.length, 5 + 2);
    assert.equal(new Set(c.projects.map((p) => p.repository)).size, 10);
    assert.deepEqual(c.audit.webhooks, []);
    assert.throws(() => syntheticConfig(0), /positive integer/);
    assert.throws(() => syntheticConfig(5, { shareEvery: 1 }), /at least 2/);
  });

  it("loads as stack config entries, with the webhook secrets set as secrets", () => {
    const entries = syntheticEntries(syntheticConfig(10));
    for (const key of SYNTHETIC_SECRET_KEYS)
      assert.equal(entries[`secure-org:${key}`]?.secret, true, key);
    const r = loadOrgConfig(entries);
    assert.ok(r.ok, r.ok ? "" : r.errors.map(formatIssue).join("\n"));
    assert.deepEqual([...r.secretKeys].sort(), [...SYNTHETIC_SECRET_KEYS].sort());
  });

  it("models pipelines of both modes, approvals and drift schedules on prod", () => {
    const model = buildAccessModel(valid(syntheticConfig(10)));
    const modes = new Set(model.pipelines.map((p) => p.mode));
    assert.deepEqual([...modes].sort(), ["github-actions", "pulumi-deployments"]);
    // Every application project's prod stack needs ESC approvals (the bootstrap's does not).
    assert.equal(model.approvals.length, 10);
    assert.equal(model.driftSchedules.length, 5);
    assert.ok(model.repositories.some((r) => r.projects.length > 1));
  });

  it("builds under mocks with a dependency depth that does not grow with size", async function () {
    this.timeout(120_000);
    const depthOf = async (size: number) => {
      const config = valid(syntheticConfig(size));
      const run = await runUnderMocks(
        (rootOptions) =>
          buildOrg(config, { rootOptions, secret: (k) => pulumi.secret(`secret-${k}`) }),
        { stack: "test", organization: config.organization },
      );
      return { depth: graphDepth(run.resources), resources: run.resources.length };
    };
    // Small sizes keep this quick; the benchmark (npm run bench) checks 10 to 1000 projects.
    const small = await depthOf(3);
    const large = await depthOf(8);
    assert.ok(large.resources > 2 * small.resources);
    assert.equal(large.depth, small.depth);
  });
});

describe("dependencyEdges (plan/mockRun.ts)", () => {
  const opts = (dependencies: string[]): RecordedResource["options"] => ({
    protect: false,
    retainOnDelete: false,
    ignoreChanges: [],
    deleteBeforeReplace: false,
    aliases: [],
    dependsOn: dependencies,
    dependencies,
  });
  const res = (
    urn: string,
    custom: boolean,
    parent?: string,
    dependencies: string[] = [],
  ): RecordedResource => ({
    urn,
    type: custom ? "test:index:Custom" : "test:index:Component",
    name: urn,
    custom,
    parent,
    inputs: {},
    secretInputs: [],
    options: opts(dependencies),
  });

  it("counts a dependency on a component as every custom resource inside it", () => {
    const resources = [
      res("root", false),
      res("team", false, "root"),
      res("team-pulumi", true, "team"),
      res("team-repos", false, "team"),
      res("repo-1", true, "team-repos"),
      res("repo-2", true, "team-repos"),
      res("stack", true, "root"),
      // Two edges recorded, four sent: the team component stands for its three custom resources.
      res("grant", true, "root", ["team", "stack"]),
      // A dependency on a custom resource is one edge, whatever it has inside.
      res("child", true, "stack"),
      res("other", true, "root", ["stack"]),
    ];
    assert.equal(dependencyEdges(resources), 4 + 1);
    assert.equal(graphDepth(resources), 2);
  });
});
