/**
 * scripts/run.js under concurrency (issue 13): two offline plans and an audit started at the same
 * time, from an empty bundle cache, all succeed. Each run bundles its entry point and writes the
 * bundle under a name keyed by its content through a temporary file of its own that is renamed
 * into place, so no run ever reads a bundle another run is still writing. The audit reads a local
 * Pulumi Cloud test server on 127.0.0.1 that serves the dev example exactly as declared
 * (`impliedSnapshot`).
 *
 * The runs use their own cache directory (SECURE_ORG_CACHE_DIR), not the shared
 * node_modules/.cache/secure-org: emptying that one would pull bundles from under other runs.
 * What this cannot prove: that a given interleaving of the three runs' writes happens (the test
 * checks the runs overlap in time, not which write comes first).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { AuditReport } from "../audit/audit";
import { impliedSnapshot } from "../audit/compare";
import { buildAccessModel } from "../model/access";
import { entriesFromStackFile, loadOrgConfig } from "../model/load";
import { GithubIds } from "../model/oidc";
import { PlanReport } from "../plan";
import { packDirectory, packVersionTag } from "../policy/source";
import { snapshotResponder } from "./support/auditServer";
import { MockCloud } from "./support/mockCloud";

const ROOT = path.resolve(__dirname, "..");
const TOKEN = "pul-runner0123456789abcdef0123456789abcde";
const DEPLOYER = "bootstrap-admin";
const IDS: GithubIds = {
  ownerId: 3001,
  repositoryIds: { "checkout-infra": 4001, "search-infra": 4002, "platform-sandbox": 4003 },
};
/** Inside the project, so that the bundles resolve the packages in node_modules. */
const CACHE_DIR = path.join(
  ROOT,
  "node_modules",
  ".cache",
  `secure-org-runner-test-${process.pid}`,
);

interface ChildRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** performance.now() at spawn and at exit. */
  readonly started: number;
  readonly ended: number;
}

/** Starts `node scripts/run.js <args>` now (asynchronously) and resolves when it exits. */
function runScript(args: string[], env: Record<string, string>): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "run.js"), ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        SECURE_ORG_CACHE_DIR: CACHE_DIR,
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code: code ?? -1, stdout, stderr, started, ended: performance.now() }),
    );
  });
}

/** The dev example's organization exactly as declared, as the audit reads it. */
function devWorld() {
  const doc = parse(readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  // The config of stack dev: its bootstrap deploys stack dev (issue 24).
  const loaded = loadOrgConfig(entriesFromStackFile(doc), { stack: "dev" });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors, null, 1));
  const model = buildAccessModel(loaded.config, loaded.warnings);
  // The audit compares the groups' pack with this checkout's version.
  const packVersion = packVersionTag(packDirectory(path.resolve(__dirname, "..")));
  return impliedSnapshot(model, IDS, { deployer: DEPLOYER, packVersionTag: packVersion });
}

describe("scripts/run.js: concurrent runs from an empty bundle cache (issue 13)", () => {
  const cloud = new MockCloud();
  let devPlan: ChildRun;
  let prodPlan: ChildRun;
  let audit: ChildRun;

  before(async () => {
    await cloud.start();
    cloud.respond(snapshotResponder(devWorld(), { token: TOKEN }));
    rmSync(CACHE_DIR, { recursive: true, force: true });
    mkdirSync(CACHE_DIR, { recursive: true });
    assert.deepEqual(readdirSync(CACHE_DIR), []);
    // All three are started before any of them is awaited.
    [devPlan, prodPlan, audit] = await Promise.all([
      runScript(["scripts/plan.ts", "--stack", "dev", "--json"], {}),
      runScript(["scripts/plan.ts", "--stack", "prod", "--json"], {}),
      // The bootstrap identity named: an unvouched login on every team is not inferred.
      runScript(
        ["scripts/audit.ts", "--config", "Pulumi.dev.yaml", "--json", "--deployer", DEPLOYER],
        {
          PULUMI_BACKEND_URL: cloud.url,
          PULUMI_ACCESS_TOKEN: TOKEN,
        },
      ),
    ]);
  });
  after(async () => {
    await cloud.stop();
    rmSync(CACHE_DIR, { recursive: true, force: true });
  });

  it("really runs the three at the same time", () => {
    const runs = [devPlan, prodPlan, audit];
    const lastStart = Math.max(...runs.map((r) => r.started));
    const firstEnd = Math.min(...runs.map((r) => r.ended));
    assert.ok(lastStart < firstEnd, `started by ${lastStart} ms, one ended at ${firstEnd} ms`);
  });

  it("exits 0 from all three", () => {
    assert.equal(devPlan.code, 0, devPlan.stderr);
    assert.equal(prodPlan.code, 0, prodPlan.stderr);
    assert.equal(audit.code, 0, audit.stderr);
  });

  it("prints each plan's JSON report for its own stack", () => {
    const dev = JSON.parse(devPlan.stdout) as PlanReport;
    const prod = JSON.parse(prodPlan.stdout) as PlanReport;
    assert.equal(dev.stack, "dev");
    assert.equal(dev.organization, "acme-sandbox");
    assert.equal(prod.stack, "prod");
    assert.equal(prod.organization, "acme");
  });

  it("prints the audit's JSON report of the dev organization", () => {
    const report = JSON.parse(audit.stdout) as AuditReport;
    assert.equal(report.organization, "acme-sandbox");
    assert.equal(report.summary.exitCode, 0);
    assert.ok(cloud.requests.length > 0, "the audit read the local server");
  });

  it("names each bundle by a hash of its content and leaves no temporary file", () => {
    const names = readdirSync(CACHE_DIR).sort();
    assert.deepEqual(
      names.filter((n) => n.endsWith(".tmp")),
      [],
    );
    // The two plans bundle the same code: one file, written twice with the same bytes. Beside
    // the bundles, the OrgDefaults provider's text the plans recorded (issue 31), one entry.
    assert.deepEqual(
      names.map((n) =>
        n
          .replace(/-[0-9a-f]{32}\.js$/, "-<hash>.js")
          .replace(
            /^org-defaults-provider-[0-9a-f]{12}\.json$/,
            "org-defaults-provider-<root>.json",
          ),
      ),
      ["audit-<hash>.js", "org-defaults-provider-<root>.json", "plan-<hash>.js"],
    );
    const provider = JSON.parse(
      readFileSync(path.join(CACHE_DIR, names.find((n) => n.endsWith(".json")) as string), "utf8"),
    ) as { text: string; textSha256: string };
    assert.equal(createHash("sha256").update(provider.text).digest("hex"), provider.textSha256);
    for (const name of names.filter((n) => n.endsWith(".js"))) {
      const digest = createHash("sha256")
        .update(readFileSync(path.join(CACHE_DIR, name)))
        .digest("hex");
      assert.equal(name.slice(-35, -3), digest.slice(0, 32), name);
    }
  });
});
