/**
 * `npm run audit` as a child process through scripts/run.js: its exit codes and output.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { AuditReport } from "../../audit/audit";
import { impliedSnapshot } from "../../audit/compare";
import { gateWires } from "../support/breakGlassGates";
import {
  AUDIT_ARGS,
  clone,
  cloud,
  DEPLOYER,
  IDS,
  model,
  Mutable,
  notInfo,
  ROOT,
  Run,
  serve,
  teamOf,
  TOKEN,
  useCloud,
} from "./harness";

function runChild(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, "scripts", "run.js"), "scripts/audit.ts", ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("audit: npm run audit (a child process through scripts/run.js)", () => {
  useCloud();
  const env = () => ({ PULUMI_ACCESS_TOKEN: TOKEN, PULUMI_BACKEND_URL: cloud.url });
  // The child reads the real clock: events relative to now.
  const liveClean = () => {
    const s = impliedSnapshot(model, IDS, { deployer: DEPLOYER });
    // With the break-glass gates the plan declares (without them the audit reports them missing).
    return {
      ...s,
      ...({ gateWire: gateWires(model) } as object),
      auditLog: { ...(s.auditLog as Mutable), events: [] },
    };
  };

  it("exits 0 on the clean org, 1 with a high finding, 2 on a usage error, 3 on 401", async () => {
    serve(liveClean());
    const clean = await runChild([...AUDIT_ARGS], env());
    assert.equal(clean.code, 0, clean.stderr);
    assert.deepEqual(notInfo(JSON.parse(clean.stdout) as AuditReport), []);

    const drift = clone(liveClean());
    teamOf(drift, "payments-prod-deploy").members.push("carol");
    serve(drift);
    const high = await runChild(["--stack", "prod", "--deployer", DEPLOYER], env());
    assert.equal(high.code, 1, high.stderr);
    assert.match(
      high.stdout,
      /\[high\] machine-team-member member:carol team:payments-prod-deploy/,
    );

    const usage = await runChild(["--stack"], env());
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--stack needs a value/);

    serve(liveClean());
    const denied = await runChild(AUDIT_ARGS, {
      ...env(),
      PULUMI_ACCESS_TOKEN: "pul-not-the-right-one-0000",
    });
    assert.equal(denied.code, 3);
    assert.match(
      denied.stderr,
      /^secure-org audit: unauthorized: Pulumi Cloud rejected PULUMI_ACCESS_TOKEN/,
    );
    assert.doesNotMatch(denied.stderr, /pul-not-the-right-one|\n\s+at /);
  });
});

// ---------------------------------------------------------------------------------------------
