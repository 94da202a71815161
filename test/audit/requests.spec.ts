/**
 * Requests per audit run (issue 25): the audit of a synthetic organization (bench/synthetic.ts)
 * of 10, 100 and 300 application projects, each as declared, against the spec-driven fake
 * (every request checked against the OpenAPI spec), counting the REST and ESC requests (the
 * report's `requests`, which the command prints, is the server's count). The count
 * grows linearly with the number of projects, and docs/audit.md prints the figures of this run.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { auditOrganization } from "../../audit/audit";
import { impliedSnapshot } from "../../audit/compare";
import { syntheticConfig, syntheticEntries } from "../../bench/synthetic";
import { AccessModel, buildAccessModel } from "../../model/access";
import { loadOrgConfig } from "../../model/load";
import { cloudReaders } from "../../scripts/cli";
import { SpecFake } from "../support/specFake";
import { fakeOrgFromSnapshot } from "../support/specFakeSeed";
import { cloud, DEPLOYER, NOW, PACK_VERSION, ROOT, TOKEN, useCloud } from "./harness";

/** Items per page the fake answers with: the size the service documents for stacks is not pinned. */
const PAGE = 100;
const SIZES = [10, 100, 300] as const;

function syntheticModel(projects: number): AccessModel {
  const r = loadOrgConfig(syntheticEntries(syntheticConfig(projects)));
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
  return buildAccessModel(r.config, r.warnings);
}

interface Measure {
  readonly projects: number;
  readonly stacks: number;
  readonly environments: number;
  readonly teams: number;
  readonly requests: number;
  readonly high: readonly string[];
}

async function measure(projects: number): Promise<Measure> {
  const model = syntheticModel(projects);
  const repositoryIds: Record<string, number> = Object.create(null) as Record<string, number>;
  // The synthetic config pins its repository ids; the live policies carry those.
  model.repositories.forEach((r, i) => (repositoryIds[r.name] = r.id ?? 3000 + i));
  const world = impliedSnapshot(
    model,
    { ownerId: model.github.ownerId ?? 1001, repositoryIds },
    { deployer: DEPLOYER, now: NOW, packVersionTag: PACK_VERSION },
  );
  const fake = new SpecFake(fakeOrgFromSnapshot(world), { token: TOKEN, pageSize: PAGE });
  cloud.reset().respond(fake.responder);
  const { cloud: client, esc } = cloudReaders(
    {
      env: { PULUMI_ACCESS_TOKEN: TOKEN, PULUMI_BACKEND_URL: cloud.url },
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      timeoutMs: 20000,
    },
    "secure-org-audit",
  );
  // The server closes every kept-alive socket left idle by the previous size's run, as its
  // keep-alive timeout does when building the model stalls the process (seen under load: the first
  // request of the 300-project run reset). The client writes its first requests on them before it
  // notices, retries them, and the count stays the server's.
  cloud.closeIdle();
  const report = await auditOrganization(model, client, esc, {
    stack: "synthetic",
    days: 7,
    now: NOW,
    deployer: DEPLOYER,
    packVersionTag: PACK_VERSION,
  });
  assert.deepEqual(fake.violations, [], `${projects} projects: requests off the spec`);
  // The number the audit prints is the number the server saw.
  assert.equal(report.requests, cloud.requests.length);
  // Whether a closed socket was written on here depends on timing (the client's agent may have
  // dropped its idle sockets first), so it is not asserted: test/pulumiCloud.spec.ts forces that
  // case deterministically and shows the counts agree. The equality above holds either way.
  return {
    projects,
    stacks: new Set(model.stacks.map((s) => `${s.project}/${s.stack}`)).size,
    environments: new Set(model.stacks.map((s) => `${s.environment.project}/${s.environment.name}`))
      .size,
    teams: model.teams.length,
    requests: cloud.requests.length,
    high: report.findings
      .filter((f) => f.severity === "high")
      .map(
        (f) =>
          `${f.code} ${f.subject} ${process.env.A25_ONLY ? JSON.stringify([f.declared, f.live, f.message]) : ""}`,
      ),
  };
}

/** The table docs/audit.md prints. */
function renderRequests(rows: readonly Measure[]): string {
  return [
    "| Application projects | Declared stacks | Environments | Teams | Requests per run |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) => `| ${r.projects} | ${r.stacks} | ${r.environments} | ${r.teams} | ${r.requests} |`,
    ),
  ].join("\n");
}

describe("audit: requests per run (10, 100, 300 projects)", function () {
  this.timeout(600000);
  useCloud();
  const rows: Measure[] = [];

  before(async () => {
    for (const n of SIZES) rows.push(await measure(n));
  });

  it("each synthetic organization as declared audits clean, every request on the spec", () => {
    for (const r of rows) assert.deepEqual(r.high, [], `${r.projects} projects: high findings`);
  });

  it("the count grows linearly with the projects (the same cost per project at every size)", () => {
    const [a, b, c] = rows;
    const perProject = (x: Measure, y: Measure) =>
      (y.requests - x.requests) / (y.projects - x.projects);
    const low = perProject(a, b);
    const high = perProject(b, c);
    assert.ok(low > 0);
    // Paging and team reads come in steps (a team per 5 projects, 100 items per page).
    assert.ok(Math.abs(high - low) / low < 0.05, `per project: ${low} then ${high}`);
    // Nothing is read per pair of stacks: at most a few requests per declared stack and environment.
    for (const r of rows)
      assert.ok(r.requests < 8 * (r.stacks + r.environments) + 50, renderRequests(rows));
  });

  for (const file of ["docs/audit.md", "README.md"])
    it(`${file} prints this run's figures`, () => {
      const doc = readFileSync(path.join(ROOT, ...file.split("/")), "utf8");
      const m = /<!-- requests:start -->\n([\s\S]*?)\n<!-- requests:end -->/.exec(doc);
      assert.ok(
        m,
        `${file} has no <!-- requests:start --> block; this run:\n${renderRequests(rows)}`,
      );
      assert.equal(
        m[1],
        renderRequests(rows),
        `${file}'s figures are stale:\n${renderRequests(rows)}`,
      );
    });
});
