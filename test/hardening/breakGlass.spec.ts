/**
 * Issue 28: per-use break-glass. Each way a config writer could get standing or self-approved
 * access to a protected environment is refused through the command line; the prod example's
 * per-use oncall is accepted and leaves no human team with standing open on payments/prod.
 */
import assert from "node:assert/strict";
import { StackDoc } from "../support/examples";
import { assertRefused, breakGlass, key, planEdited } from "./support";

const BG = "tiers[2].roles.oncall.breakGlass";
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const team = (d: StackDoc, name: string): any =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (d.config[key.teams] as any[]).find((t) => t.name === name);

describe("hardening: per-use break-glass (issue 28)", () => {
  it("control: the prod example's per-use oncall is accepted; no human team holds standing open on payments/prod", async () => {
    const run = await planEdited(() => undefined, "prod", ["--json"]);
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout.slice(run.stdout.indexOf("{"))) as {
      accessMatrix: {
        tier: string;
        rows: {
          team: string;
          kind: string;
          project: string;
          environment: string;
          environmentPermission: string;
          access: string;
          approvers?: string[];
        }[];
      }[];
    };
    const prod = plan.accessMatrix.find((t) => t.tier === "prod");
    assert.ok(prod);
    const standingHumanOpen = prod.rows.filter(
      (r) =>
        r.kind === "human" &&
        r.access === "standing" &&
        r.environment.startsWith("payments/prod") &&
        ["open", "write", "admin"].includes(r.environmentPermission),
    );
    assert.deepEqual(standingHumanOpen, []);
    const oncall = prod.rows.filter((r) => r.team === "sre" && r.project === "payments");
    assert.ok(oncall.length > 0, "sre (role oncall) appears in the matrix");
    for (const r of oncall) {
      assert.equal(r.access, "on-approval");
      assert.deepEqual(r.approvers, ["security"]);
    }
  });

  it("refuses self-approval: the requesting team as its own approver", async () => {
    const run = await planEdited((d) => void (breakGlass(d).approvers = ["sre"]));
    assertRefused(run, `${BG}.approvers[0]`, "cannot approve its own requests");
  });

  it("refuses self-approval in a case variant of the requesting team's name", async () => {
    const run = await planEdited((d) => void (breakGlass(d).approvers = ["SRE"]));
    assertRefused(run, `${BG}.approvers[0]`);
  });

  it("refuses an approver team that shares a member with the requesting team", async () => {
    const run = await planEdited((d) => void team(d, "security").members.push("heidi"));
    assertRefused(run, `${BG}.approvers[0]`, "shares member(s) heidi", '"sre"');
  });

  it("refuses a duration over the cap", async () => {
    const run = await planEdited((d) => void (breakGlass(d).maxDuration = "48h"));
    assertRefused(run, `${BG}.maxDuration`, "longer than defaults.maxBreakGlassDuration");
  });

  it("refuses a per-use role with stack write (ESC gates opens, not stack updates)", async () => {
    const run = await planEdited((d) => void (d.config[key.tiers][2].roles.oncall.stack = "write"));
    assertRefused(run, "tiers[2].roles.oncall.stack", "cannot be approved per use");
  });

  it("refuses the old standing shape with a message saying how to migrate", async () => {
    const run = await planEdited((d) => {
      const bg = breakGlass(d);
      delete bg.approvers;
      delete bg.requiredApprovals;
      delete bg.maxDuration;
      bg.maxOpenDuration = "1h";
    });
    assertRefused(run, `${BG}.approvers`, "approvers", "standing: true with standingJustification");
  });

  it("refuses break-glass on the bootstrap project", async () => {
    const run = await planEdited((d) => void (team(d, "sre").access["secure-org"] = "oncall"));
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /break-glass reaches the bootstrap's environment \(secure-org/);
  });

  it("refuses an environment named like a break-glass environment (<env>-breakglass)", async () => {
    const run = await planEdited((d) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const payments = (d.config[key.projects] as any[]).find((p) => p.name === "payments");
      payments.tiers.staging = {
        ...(payments.tiers.staging ?? {}),
        environment: "prod-breakglass",
      };
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /payments\/prod-breakglass is the break-glass environment of/);
  });
});
