/**
 * The audit's former blind spots (blindspots.ts), each run against two fakes of Pulumi Cloud: the
 * project's own test server (auditServer.ts, serving a snapshot) and the independent, spec-driven
 * fake (specFake.ts, serving the organization in the API's wire shapes and validating every
 * request and answer against the OpenAPI spec). Each drift must add exactly the expected findings
 * to the clean organization's, with their severity, on both; the spec fake must see no request
 * or answer that breaks the spec.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { AuditReport } from "../../audit/audit";
import { SpecFake } from "../support/specFake";
import { fakeOrgFromSnapshot } from "../support/specFakeSeed";
import { BLIND_SPOTS, BlindSpot } from "./blindspots";
import {
  cleanOrg,
  clone,
  cloud,
  DEPLOYER,
  Doc,
  key,
  modelOf,
  prodDoc,
  runAudit,
  serve,
  TOKEN,
  useCloud,
} from "./harness";

type Fake = "project test server" | "spec-driven fake";
const FAKES: readonly Fake[] = ["project test server", "spec-driven fake"];

interface Outcome {
  code: number;
  report: AuditReport;
  keys: string[];
  violations: string[];
}

/** Runs the audit of `doc` against one fake, with the spot's drift (or none). */
async function audit(
  fake: Fake,
  doc: Doc,
  spot: BlindSpot | undefined,
  dir: string,
): Promise<Outcome> {
  const world = cleanOrg(modelOf(doc));
  let violations: string[] = [];
  if (fake === "project test server") {
    const w = clone(world);
    spot?.snapshot(w);
    serve(w);
  } else {
    const org = fakeOrgFromSnapshot(world);
    spot?.wire(org);
    const f = new SpecFake(org, { token: TOKEN });
    violations = f.violations;
    cloud.reset().respond(f.responder);
  }
  // Always the config as given (the prod example, or changed by the spot).
  // The prod organization's config: its bootstrap deploys stack prod (issue 24).
  const file = path.join(dir, "Pulumi.prod.yaml");
  writeFileSync(file, stringify(doc));
  const run = await runAudit(["--config", file, "--json", "--deployer", DEPLOYER]);
  assert.ok(run.report, `no report: ${run.stderr}`);
  return { code: run.code, report: run.report, keys: run.report.findings.map(key), violations };
}

const docFor = (spot: BlindSpot | undefined): Doc => {
  const doc = prodDoc();
  spot?.config?.(doc);
  return doc;
};

describe("audit: the former blind spots, against the project's test server and an independent spec-driven fake", () => {
  useCloud();
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), "blindspots-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const fake of FAKES)
    describe(fake, () => {
      const baselines = new Map<string, Outcome>();
      const baseline = async (spot: BlindSpot) => {
        const k = spot.config ? spot.what : "prod";
        if (!baselines.has(k)) baselines.set(k, await audit(fake, docFor(spot), undefined, dir));
        return baselines.get(k) as Outcome;
      };

      it("the clean organization: no finding above info, no spec violation", async () => {
        const clean = await audit(fake, prodDoc(), undefined, dir);
        assert.deepEqual(clean.violations, []);
        assert.equal(clean.code, 0);
        assert.deepEqual(clean.report.findings.filter((f) => f.severity !== "info").map(key), []);
      });

      for (const spot of BLIND_SPOTS)
        it(`${spot.what}: ${spot.expect.join(", ") || "nothing new"}`, async () => {
          const before = await baseline(spot);
          const after = await audit(fake, docFor(spot), spot, dir);
          assert.deepEqual(
            after.violations,
            [],
            "the spec fake saw a request or answer off the spec",
          );
          const added = after.keys.filter((k) => !before.keys.includes(k)).sort();
          const removed = before.keys.filter((k) => !after.keys.includes(k)).sort();
          assert.deepEqual(
            added,
            [...spot.expect].sort(),
            JSON.stringify(after.report.findings, null, 1),
          );
          assert.deepEqual(removed, []);
          assert.equal(after.code, spot.expect.some((e) => e.startsWith("high ")) ? 1 : 0);
          spot.check?.(after.report);
        });
    });
});
