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

  it("refuses more required approvals than the approver teams have people (no request could ever be approved)", async () => {
    const run = await planEdited((d) => void (breakGlass(d).requiredApprovals = 2));
    assertRefused(run, `${BG}.requiredApprovals`, "have 1 member(s): no request could be approved");
  });

  it("control: two required approvals with two distinct people in the approver team", async () => {
    const ok = await planEdited((d) => {
      breakGlass(d).requiredApprovals = 2;
      team(d, "security").members = ["erin", "grace"];
    });
    assert.equal(ok.code, 0, ok.stderr);
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

  it("refuses write on the break-glass environment: a writer could import the tier's environment into it", async () => {
    for (const perm of ["write", "admin"]) {
      const run = await planEdited(
        (d) => void (d.config[key.tiers][2].roles.oncall.environment = perm),
      );
      assertRefused(
        run,
        "tiers[2].roles.oncall.environment",
        "change what the approvers approve",
        "an import of another environment",
      );
    }
  });

  it("refuses a standing break-glass without its own standingJustification, or with approvers", async () => {
    const bare = await planEdited((d) => {
      const bg = breakGlass(d);
      delete bg.approvers;
      delete bg.requiredApprovals;
      bg.standing = true;
    });
    assertRefused(bare, `${BG}.standingJustification`, "is required with standing: true");
    const mixed = await planEdited((d) => {
      const bg = breakGlass(d);
      bg.standing = true;
      bg.standingJustification = "No approver is on call at night in this region yet";
    });
    assertRefused(mixed, `${BG}.approvers`, "per-use break-glass only");
  });

  it("accepts a declared standing break-glass, plans it standing on payments/prod itself, and reports it high", async () => {
    const run = await planEdited(
      (d) => {
        const bg = breakGlass(d);
        delete bg.approvers;
        delete bg.requiredApprovals;
        bg.standing = true;
        bg.standingJustification = "No approver is on call at night in this region yet";
      },
      "prod",
      ["--json"],
    );
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout.slice(run.stdout.indexOf("{"))) as {
      accessMatrix: { tier: string; rows: Record<string, unknown>[] }[];
      findings: { severity: string; code: string; path: string }[];
    };
    const rows = plan.accessMatrix.find((t) => t.tier === "prod")?.rows ?? [];
    const sre = rows.filter((r) => r.team === "sre" && r.project === "payments");
    assert.deepEqual(
      sre.map((r) => [r.access, r.environment, r.environmentPermission]),
      [["standing", "payments/prod", "open"]],
    );
    assert.ok(
      plan.findings.some(
        (f) =>
          f.severity === "high" && f.code === "break-glass" && f.path === "tiers[2].roles.oncall",
      ),
    );
  });

  it("refuses approver teams that are not declared, including constructor and __proto__", async () => {
    for (const name of ["auditors", "constructor", "__proto__"]) {
      const run = await planEdited((d) => void (breakGlass(d).approvers = [name]));
      assert.equal(run.code, 1, `${name}: ${run.stderr}`);
      assert.match(run.stderr, new RegExp(`${BG.replace(/[.[\]]/g, "\\$&")}\\.approvers\\[0\\]`));
    }
  });

  it("refuses an approver name with an invisible or bidi character (a lookalike of security)", async () => {
    for (const name of ["security\u200b", "\u202esecurity"]) {
      const run = await planEdited((d) => void (breakGlass(d).approvers = [name]));
      assert.equal(run.code, 1, JSON.stringify(name));
      assert.ok(run.stderr.includes(`${BG}.approvers[0]`), run.stderr);
    }
  });

  it("refuses an approver team sharing a member in a case variant of the login (HEIDI)", async () => {
    const run = await planEdited((d) => void team(d, "security").members.push("HEIDI"));
    assertRefused(run, `${BG}.approvers[0]`, "shares member(s) HEIDI", '"sre"');
  });

  it("refuses an approver team with no members: nobody could approve", async () => {
    const run = await planEdited((d) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (d.config[key.teams] as any[]).push({
        name: "approvers",
        description: "Nobody yet",
        members: [],
        access: {},
      });
      breakGlass(d).approvers = ["approvers"];
    });
    assertRefused(run, `${BG}.approvers[0]`, "has no members");
  });

  it("refuses a second requesting team whose member approves (self-approval through another team)", async () => {
    const run = await planEdited((d) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (d.config[key.teams] as any[]).push({
        name: "sre-night",
        description: "Night on-call",
        members: ["erin"],
        access: { payments: "oncall" },
      });
    });
    assertRefused(run, `${BG}.approvers[0]`, "shares member(s) erin", '"sre-night"');
  });

  it("refuses a requester who also holds standing open on the tier through another role (the gate sidestepped)", async () => {
    const run = await planEdited((d) => {
      d.config[key.tiers][2].roles.responder = {
        stack: "none",
        environment: "open",
        breakGlass: {
          justification: "Responders read production credentials in a declared incident",
          standing: true,
          standingJustification: "The responder rota has no second person to approve yet",
          maxDuration: "1h",
        },
      };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (d.config[key.teams] as any[]).push({
        name: "responders",
        description: "Incident responders",
        members: ["heidi"],
        access: { payments: "responder" },
      });
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /member\(s\) heidi of this team also request break-glass "oncall"/);
    assert.match(run.stderr, /the approval would be sidestepped/);
  });

  it("refuses duration tricks: zero, leading zeros, seconds, a huge number, both names at once", async () => {
    for (const d of ["0h", "01h", "3600s", "99999h", "-1h", "1h ", "1H"]) {
      const run = await planEdited((doc) => void (breakGlass(doc).maxDuration = d));
      assert.equal(run.code, 1, `${JSON.stringify(d)}: ${run.stderr}`);
      assert.ok(run.stderr.includes(`${BG}.maxDuration`), `${JSON.stringify(d)}: ${run.stderr}`);
    }
    const both = await planEdited((doc) => void (breakGlass(doc).maxOpenDuration = "1h"));
    assertRefused(both, `${BG}.maxOpenDuration`, "keep only maxDuration");
  });

  it("refuses a pipeline environment named like the break-glass one in a case variant (Prod-Breakglass)", async () => {
    const run = await planEdited((d) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const payments = (d.config[key.projects] as any[]).find((p) => p.name === "payments");
      payments.tiers.staging = {
        ...(payments.tiers.staging ?? {}),
        environment: "Prod-Breakglass",
      };
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /payments\/Prod-Breakglass is the break-glass environment of tiers\[2\]/,
    );
  });
});
