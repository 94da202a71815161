/**
 * The plans of a sharded organization (issue 20): the core's and each shard's plan under mocks
 * together create what the unsharded plan creates, each resource in one stack, plus the shards'
 * own stacks, identities and StackReference; `npm run plan -- --all` runs them in worker
 * processes and merges the reports.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { PlanResult, runPlan } from "../../plan";
import { placeholderNumber, RecordedResource } from "../../plan/mockRun";
import { runShardPlan } from "../../plan/shardPlan";
import { main } from "../../scripts/plan";
import { entriesOf, exampleDoc, ROOT, StackDoc } from "../support/examples";

function shardedDoc(): StackDoc {
  const doc = exampleDoc("prod");
  doc.config["secure-org:defaults"].customRoles = false;
  doc.config["secure-org:shards"] = [
    { name: "payments", projects: ["payments"] },
    { name: "web", teams: ["web"] },
  ];
  return doc;
}

const ok = (r: PlanResult) => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 1));
  return r;
};
/** Custom resources as `type name`, providers aside. */
const customs = (rs: readonly RecordedResource[]) =>
  rs
    .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))
    .map((r) => `${r.type} ${r.name}`);

describe("sharding: the core's and the shards' plans", function () {
  this.timeout(300_000);
  const plainDoc = exampleDoc("prod");
  plainDoc.config["secure-org:defaults"].customRoles = false;
  let plain: Extract<PlanResult, { ok: true }>;
  let core: Extract<PlanResult, { ok: true }>;
  let payments: Extract<PlanResult, { ok: true }>;
  let web: Extract<PlanResult, { ok: true }>;
  before(async () => {
    plain = ok(await runPlan(entriesOf(plainDoc), "prod"));
    core = ok(await runPlan(entriesOf(shardedDoc()), "prod"));
    payments = ok(await runShardPlan(entriesOf(shardedDoc()), "payments"));
    web = ok(await runShardPlan(entriesOf(shardedDoc()), "web"));
  });

  it("each resource of the unsharded plan is created by exactly one stack; the rest are the shards' own", () => {
    // No stack reads another: no StackReference anywhere (stack read decrypts the core's secrets).
    const refs = (r: PlanResult & { ok: true }) =>
      r.resources.filter((x) => x.type === "pulumi:pulumi:StackReference").length;
    assert.deepEqual([core, payments, web].map(refs), [0, 0, 0]);
    const parts = [core, payments, web].map((r) => customs(r.resources));
    const all = parts.flat();
    assert.equal(new Set(all).size, all.length, "a resource is created by two stacks");
    const unsharded = new Set(customs(plain.resources));
    const missing = [...unsharded].filter((x) => !all.includes(x));
    assert.deepEqual(missing, []);
    const extra = all.filter((x) => !unsharded.has(x));
    // What sharding adds: each shard's stack, environment, team, grants, role, pipeline and
    // workflow in the core. Everything names a shard stack.
    assert.ok(extra.length > 0);
    for (const x of extra) assert.match(x, /prod-payments|prod-web|shard/, `unexpected extra ${x}`);
  });

  it("a shard creates no team and no organization-wide resource; the core creates the shards' identities", () => {
    for (const shard of [payments, web]) {
      const types = new Set(shard.resources.map((r) => r.type));
      for (const t of [
        "pulumiservice:index:Team",
        "github:index/team:Team",
        "github:index/teamMembers:TeamMembers",
        "pulumiservice:index:OidcIssuer",
        "pulumiservice:index:OrganizationMember",
        "pulumiservice:index:OrganizationRole",
        "pulumiservice:index:PolicyPack",
      ])
        assert.ok(!types.has(t), `a shard creates ${t}`);
    }
    const coreTeams = core.resources
      .filter((r) => r.type === "pulumiservice:index:Team")
      .map((r) => r.inputs.name);
    assert.ok(coreTeams.includes("secure-org-prod-payments-deploy"), String(coreTeams));
    assert.ok(coreTeams.includes("secure-org-prod-web-deploy"), String(coreTeams));
  });

  it("a shard looks the core's GitHub teams up by slug (one request each) and gives its repository their ids", () => {
    assert.deepEqual(
      payments.report.placeholders.filter((p) => p.includes("(looked up by slug)")),
      ["payments", "platform", "security", "sre", "web"].map(
        (t) => `GitHub id of team ${t} (looked up by slug)`,
      ),
    );
    const perms = payments.resources.filter(
      (r) => r.type === "github:index/teamRepository:TeamRepository",
    );
    assert.deepEqual(perms.map((r) => [r.name, r.inputs.repository]).sort(), [
      ["payments-github-repo-payments-infra", "payments-infra"],
      ["platform-github-repo-payments-infra", "payments-infra"],
      ["security-github-repo-payments-infra", "payments-infra"],
      ["sre-github-repo-payments-infra", "payments-infra"],
    ]);
    // The ids the core's plan gives those GitHub teams (the mock id of each core Team resource).
    const coreIds = new Map(
      core.resources
        .filter((r) => r.type === "github:index/team:Team")
        .map((r) => [String(r.inputs.name), String(placeholderNumber(`team:${r.name}`))]),
    );
    for (const r of perms) {
      const team = r.name.slice(0, r.name.indexOf("-github-repo-"));
      assert.equal(String(r.inputs.teamId), coreIds.get(team), r.name);
    }
    assert.deepEqual(
      payments.report.findings.filter((f) => f.severity === "high"),
      [],
    );
    assert.equal(payments.report.stack, "prod-payments");
    assert.ok(payments.report.apiBudget.runs.length > 0);
  });

  it("plan --shard of an unknown shard is refused with the shards' names", async () => {
    const r = await runShardPlan(entriesOf(shardedDoc()), "nope");
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.errors[0].message : "", /no shard named "nope"; shards: payments, web/);
  });

  it("npm run plan -- --all plans the core and each shard in workers and merges them", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "secure-org-shards-"));
    const file = path.join(dir, "Pulumi.prod.yaml");
    writeFileSync(file, stringify(shardedDoc()));
    let out = "";
    let err = "";
    try {
      const code = await main(["--config", file, "--all", "--json"], {
        stdout: (t) => void (out += t),
        stderr: (t) => void (err += t),
        worker: [path.join(ROOT, "scripts", "run.js"), "scripts/plan.ts"],
      });
      assert.equal(code, 0, err);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const merged = JSON.parse(out) as {
      kind: string;
      stacks: { scope: string; stack: string; resources: number }[];
      resources: number;
      plans: { scope: string; report: { summary: { resources: number } } }[];
    };
    assert.equal(merged.kind, "sharded");
    assert.deepEqual(
      merged.stacks.map((s) => [s.scope, s.stack]),
      [
        ["core", "prod"],
        ["payments", "prod-payments"],
        ["web", "prod-web"],
      ],
    );
    const expected = [core, payments, web].map((r) => r.report.summary.resources);
    assert.deepEqual(
      merged.stacks.map((s) => s.resources),
      expected,
    );
    assert.equal(
      merged.resources,
      expected.reduce((a, b) => a + b, 0),
    );
  });

  it("--all refuses an unsharded config, and --all with --shard", async () => {
    let err = "";
    const io = { stdout: () => undefined, stderr: (t: string) => void (err += t) };
    assert.equal(await main(["--stack", "prod", "--all"], io), 2);
    assert.match(err, /declares no secure-org:shards/);
    assert.equal(await main(["--stack", "prod", "--all", "--shard", "x"], io), 2);
    assert.match(err, /--all plans every stack/);
  });
});
