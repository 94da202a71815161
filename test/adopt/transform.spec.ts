/**
 * The adopt record under the real program (mocks): the root transformation sets `import` on the
 * registrations the record lists, only while their identifying inputs still match; imported teams
 * keep exactly their declared members; imported files are not "overwritten on create". And the
 * mass-removal guard throws before `pulumi up` registers anything.
 *
 * What this cannot prove: that the providers accept these IDs at import time (their Read code,
 * read for model/adopt/importIds.ts, is what the formats come from) or that a live Pulumi CLI
 * imports without a difference (the plan lists differences against the recorded live values).
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { GuardError } from "../../components/adoption";
import { programFromEntries } from "../../components/program";
import { runUnderMocks } from "../../plan/mockRun";
import { runPlan } from "../../plan";
import { entriesOf, exampleDoc, StackDoc } from "../support/examples";
import { T } from "../support/run";

const RECORD = {
  readAt: "2026-11-25T12:00:00.000Z",
  organization: "acme",
  imports: [
    {
      type: T.team,
      name: "platform-pulumi",
      id: "acme/platform",
      match: { organizationName: "acme", name: "platform" },
      live: {
        members: ["alice", "bob"],
        description: "Owns the bootstrap, pipelines and shared infrastructure",
        displayName: "platform",
      },
    },
    {
      type: T.stack,
      name: "payments/prod/stack",
      id: "acme/payments/prod",
      match: { organizationName: "acme", projectName: "payments", stackName: "prod" },
    },
    {
      // A stale entry: the config now names the stack "production".
      type: T.stack,
      name: "web/prod/stack",
      id: "acme/web/prod",
      match: { organizationName: "acme", projectName: "web", stackName: "prod" },
    },
    {
      type: T.ghFile,
      name: "payments-infra-codeowners",
      id: "payments-infra:.github/CODEOWNERS:main",
      match: { repository: "payments-infra", file: ".github/CODEOWNERS" },
    },
    {
      type: T.stackGrant,
      name: "payments/prod/stack-grant/platform",
      id: "acme/payments/prod/platform",
      match: { project: "payments", stack: "prod", team: "platform" },
      live: { permission: 102 },
    },
  ],
  unmanaged: [],
};

const secret = (k: string) => pulumi.secret(`secret-value-of-${k}`);

const withRecord = (edit?: (d: StackDoc) => void) => {
  const doc = exampleDoc("prod");
  doc.config["secure-org:adopt"] = RECORD;
  edit?.(doc);
  return entriesOf(doc);
};

describe("adopt: the root transformation imports what the record lists", function () {
  this.timeout(120_000);

  it("sets import with the recorded ID, only where the identifying inputs match", async () => {
    const warnings: string[] = [];
    const { resources } = await runUnderMocks(
      (rootOptions) =>
        programFromEntries(
          withRecord(),
          { rootOptions, deployer: "bootstrap-admin", secret },
          (m) => warnings.push(m),
        ),
      { stack: "prod", organization: "acme" },
    );
    const imported = resources
      .filter((r) => r.options.import)
      .map((r) => `${r.type} ${r.name} ${r.options.import}`)
      .sort();
    assert.deepEqual(imported, [
      `${T.ghFile} payments-infra-codeowners payments-infra:.github/CODEOWNERS:main`,
      `${T.stack} payments/prod/stack acme/payments/prod`,
      `${T.team} platform-pulumi acme/platform`,
      `${T.stackGrant} payments/prod/stack-grant/platform acme/payments/prod/platform`,
    ]);
    // Imported: exactly the declared members (no deploying identity); created teams keep it.
    const team = (n: string) => resources.find((r) => r.type === T.team && r.name === n);
    assert.deepEqual(team("platform-pulumi")?.inputs.members, ["alice", "bob"]);
    assert.deepEqual(team("payments-pulumi")?.inputs.members, ["bootstrap-admin", "carol", "dave"]);
    const file = resources.find((r) => r.name === "payments-infra-codeowners");
    assert.equal(file?.inputs.overwriteOnCreate, false);
    const other = resources.find((r) => r.name === "platform-codeowners");
    assert.equal(other?.inputs.overwriteOnCreate, true);
    // The stale entry is reported, not applied to the stack that is now called "production".
    assert.ok(
      warnings.some((w) =>
        w.startsWith(
          `adopt: ${T.stack} web/prod/stack is not imported: its stackName is "production"`,
        ),
      ),
      warnings.join("\n"),
    );
  });

  it("hostile: a record entry for another type or a changed identity never imports", async () => {
    const doc = exampleDoc("prod");
    doc.config["secure-org:adopt"] = {
      ...RECORD,
      imports: [
        // Right name, wrong type.
        { type: T.environment, name: "payments/prod/stack", id: "acme/payments/prod" },
        // Right type and name, but the record says another organization.
        {
          type: T.team,
          name: "payments-pulumi",
          id: "evil/payments",
          match: { organizationName: "evil", name: "payments" },
        },
      ],
    };
    const { resources } = await runUnderMocks(
      (rootOptions) =>
        programFromEntries(entriesOf(doc), { rootOptions, deployer: "bootstrap-admin", secret }),
      { stack: "prod", organization: "acme" },
    );
    assert.deepEqual(
      resources.filter((r) => r.options.import),
      [],
    );
  });

  it("the plan lists import <id> or create per resource, differences, and stale entries", async () => {
    const result = await runPlan(withRecord(), "prod");
    assert.ok(result.ok);
    const a = result.report.adoption;
    assert.ok(a);
    assert.equal(a.summary.imports, 4);
    const providers = result.resources.filter((r) => r.type.startsWith("pulumi:providers:")).length;
    assert.equal(a.summary.creates, result.report.summary.resources - providers - 4);
    const grant = a.resources.find((r) => r.name === "payments/prod/stack-grant/platform");
    // The config lowers platform's write (102) on payments/prod to read (101): a replacement.
    assert.deepEqual(grant?.differs, [
      { field: "permission", declared: 101, live: 102, replaces: true },
    ]);
    const team = a.resources.find((r) => r.name === "platform-pulumi");
    assert.deepEqual(team?.differs, []);
    assert.deepEqual(
      a.stale.map((s) => `${s.name}: ${s.reason.slice(0, 40)}`),
      ['web/prod/stack: its stackName is "production" in the con'],
    );
    // The break-glass open gates (issue 28; kinds/breakGlass.ts: not importable, created fresh).
    assert.deepEqual(
      a.notImportable.map((n) => `${n.type} ${n.count}`),
      ["pulumiservice:api:Gate 2", "pulumi-nodejs:dynamic:Resource 1"],
    );
    const json = JSON.parse(JSON.stringify(result.report)) as {
      resources: { name: string; options: { import?: string } }[];
    };
    assert.equal(
      json.resources.find((r) => r.name === "platform-pulumi")?.options.import,
      "acme/platform",
    );
  });
});

describe("adopt: the mass-removal guard under pulumi up", function () {
  this.timeout(120_000);

  // The record's live teams: platform with 4 members; the config keeps 2 of them (50% removed).
  const record = {
    ...RECORD,
    imports: [
      {
        ...RECORD.imports[0],
        live: { members: ["alice", "bob", "mallory", "oscar"] },
      },
    ],
  };

  it("throws before registering anything when the config removes too much", async () => {
    const doc = exampleDoc("prod");
    doc.config["secure-org:adopt"] = record;
    let registered = -1;
    await assert.rejects(
      runUnderMocks(
        (rootOptions) =>
          programFromEntries(entriesOf(doc), { rootOptions, deployer: "bootstrap-admin", secret }),
        { stack: "prod", organization: "acme" },
      ).then((r) => (registered = r.resources.length)),
      (e: unknown) => {
        assert.ok(e instanceof GuardError);
        assert.match(
          e.message,
          /^guard: this change removes 2 of 4 human team memberships \(50%\) and 0 of 0 team grants \(0%\), compared with the live organization as adopted/,
        );
        return true;
      },
    );
    assert.equal(registered, -1);
  });

  it("goes through with the exact acknowledgement, and not with another number", async () => {
    const run = async (ack: number) => {
      const doc = exampleDoc("prod");
      doc.config["secure-org:adopt"] = record;
      doc.config["secure-org:guard"] = { acknowledgeRemovals: ack };
      const messages: string[] = [];
      const r = await runUnderMocks(
        (rootOptions) =>
          programFromEntries(
            entriesOf(doc),
            { rootOptions, deployer: "bootstrap-admin", secret },
            (m) => messages.push(m),
          ),
        { stack: "prod", organization: "acme" },
      );
      return { count: r.resources.length, messages };
    };
    const ok = await run(2);
    assert.ok(ok.count > 100);
    assert.ok(ok.messages.some((m) => m.includes("acknowledged (guard.acknowledgeRemovals: 2)")));
    await assert.rejects(run(1), GuardError);
  });

  it("reads guard.baseline (a plan JSON) relative to the stack file, and fails clearly without it", async () => {
    const base = await runPlan(entriesOf(exampleDoc("prod")), "prod");
    assert.ok(base.ok);
    const doc = exampleDoc("prod");
    doc.config["secure-org:guard"] = { baseline: "baseline/plan.json" };
    doc.config["secure-org:teams"][0].members = [];
    doc.config["secure-org:teams"][0].githubMembers = [];
    doc.config["secure-org:teams"][1].members = [];
    doc.config["secure-org:teams"][1].githubMembers = [];
    const files = new Map([["/repo/baseline/plan.json", JSON.stringify(base.report)]]);
    const readFile = (f: string) => {
      const t = files.get(f);
      if (t === undefined) throw new Error(`ENOENT ${f}`);
      return t;
    };
    await assert.rejects(
      runUnderMocks(
        (rootOptions) =>
          programFromEntries(entriesOf(doc), {
            rootOptions,
            deployer: "x",
            baseline: { dir: "/repo", readFile },
          }),
        { stack: "prod", organization: "acme" },
      ),
      /^GuardError: guard: this change removes 8 of 16 human team memberships \(50%\)/,
    );
    assert.throws(
      () => programFromEntries(entriesOf(doc), { deployer: "x", baseline: { dir: "/nowhere" } }),
      /^Error: guard\.baseline baseline\/plan\.json names \/nowhere\/baseline\/plan\.json, which does not exist/,
    );
  });

  it("SECURE_ORG_GUARD_BASELINE (the deploy job's plan of what is deployed) comes first", async () => {
    const doc = exampleDoc("prod");
    for (const t of doc.config["secure-org:teams"].slice(0, 2)) {
      t.members = [];
      t.githubMembers = [];
    }
    // What is deployed already has those members removed: nothing more is removed now.
    const deployed = await runPlan(entriesOf(doc), "prod");
    assert.ok(deployed.ok);
    doc.config["secure-org:guard"] = { baseline: "baseline/plan.json" };
    const full = await runPlan(entriesOf(exampleDoc("prod")), "prod");
    assert.ok(full.ok);
    const files = new Map([
      ["/repo/baseline/plan.json", JSON.stringify(full.report)],
      ["/tmp/deployed.json", JSON.stringify(deployed.report)],
    ]);
    const readFile = (f: string) => files.get(f) ?? "";
    const warnings: string[] = [];
    const env = { SECURE_ORG_GUARD_BASELINE: "/tmp/deployed.json" };
    const { resources } = await runUnderMocks(
      (rootOptions) =>
        programFromEntries(
          entriesOf(doc),
          { rootOptions, deployer: "alice", secret, baseline: { dir: "/repo", readFile, env } },
          (m) => warnings.push(m),
        ),
      { stack: "prod", organization: "acme" },
    );
    assert.ok(resources.length > 100, `${resources.length} ${warnings.join("; ")}`);
    // Without it, guard.baseline (the full plan) stops the change.
    assert.throws(
      () =>
        programFromEntries(entriesOf(doc), {
          deployer: "alice",
          baseline: { dir: "/repo", readFile, env: {} },
        }),
      /^GuardError: guard: this change removes 8 of 16 human team memberships \(50%\) and \d+ of \d+ team grants \([\d.]+%\), compared with the baseline baseline\/plan\.json/,
    );
  });
});
