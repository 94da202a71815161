/**
 * Per-use break-glass in the round trip (adopt/breakGlass.ts): the prod example's org, as its plan
 * built it, holds sre's open on `<project>/prod-breakglass` behind an ESC open gate security
 * approves. Adopt re-declares that role per use (approvers, approvals, bound from the live gate
 * and grant) when the config would take it; the program's deploying identity (a member of every
 * team it creates, so of both sre and security) is a shared member the config refuses as a
 * self-approval route, which adopt says. Look-alikes (self-approval allowed, another action, a
 * disabled gate, two gates, the requester as approver, a standing open beside it) re-declare
 * nothing: the rows stay missing, never added.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import type { LiveApprovalRule, LiveTeamFull } from "../../adopt/live";
import type { World } from "../support/adoptServer";
import { Harness } from "./harness";
import { type Mutable, roundTrip } from "./roundTrip";

const SRE_ROWS = ["sre payments prod stack:none env:open", "sre web prod stack:none env:open"];

type Team = Mutable<LiveTeamFull> & {
  members: string[];
  environments: LiveTeamFull["environments"][number][];
};
const team = (w: Mutable<World>, name: string) => w.teams.find((t) => t.name === name) as Team;
/** Without the deploying identity in sre (what a team the program did not create looks like). */
const sreAlone = (w: Mutable<World>) => {
  team(w, "sre").members = team(w, "sre").members.filter((m) => m !== "bootstrap-admin");
};
const gates = (w: Mutable<World>) =>
  (w.approvalRules as Mutable<LiveApprovalRule>[]).filter(
    (r) => r.environment === "prod-breakglass",
  );

function sreRole(text: string | undefined): unknown {
  const config = (parse(text ?? "") as { config: Record<string, unknown> }).config;
  const tiers = config["secure-org:tiers"] as { name: string; roles: Record<string, unknown> }[];
  const teams = config["secure-org:teams"] as { name: string; access: Record<string, string> }[];
  const role = teams.find((t) => t.name === "sre")?.access.payments;
  return role ? tiers.find((t) => t.name === "prod")?.roles[role] : undefined;
}

describe("adopt: per-use break-glass re-derived from the live org (issue 30 round trip)", function () {
  this.timeout(900_000);
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  it("the live gate and grants as the program built them: re-declared per use, the round trip is clean", async () => {
    const o = await roundTrip(h, "prod", h.env(), sreAlone);
    assert.deepEqual(o.errors, []);
    assert.deepEqual(
      { onlyOriginal: o.onlyOriginal, onlyAdopted: o.onlyAdopted, high: o.high },
      {
        onlyOriginal: [],
        onlyAdopted: [],
        high: [],
      },
    );
    const role = sreRole(o.text) as { breakGlass: Record<string, unknown> };
    assert.deepEqual(
      { ...role, breakGlass: { ...role.breakGlass, justification: undefined } },
      {
        stack: "none",
        environment: "open",
        breakGlass: {
          justification: undefined,
          approvers: ["security"],
          requiredApprovals: 1,
          maxDuration: "1h",
        },
      },
    );
    assert.match(String(role.breakGlass.justification), /does not hold the original justification/);
    // The environment and the grant import; the gate (api:Gate, not importable) is listed.
    assert.match(o.text ?? "", /id: acme\/payments\/prod-breakglass\n/);
    assert.match(o.text ?? "", /id: acme\/sre\/payments\+prod-breakglass\n/);
    assert.match(
      o.text ?? "",
      /kind: change-gate\n\s+name: payments\/prod-breakglass secure-org break-glass payments\/prod-breakglass \(actions open\)\n/,
    );
  });

  it("as built, the deploying identity is in sre and security: not re-declared, said why", async () => {
    const o = await roundTrip(h, "prod");
    assert.deepEqual(o.onlyOriginal, SRE_ROWS);
    assert.deepEqual(o.onlyAdopted, []);
    assert.match(
      o.text ?? "",
      /\[info\] per-use-break-glass-not-adopted tier:prod: .*approver and requesting teams share bootstrap-admin/,
    );
    assert.deepEqual(o.high, ["unmanaged-protected-grant"]);
  });

  const lookAlikes: [string, (w: Mutable<World>) => void][] = [
    ["the gate allows self-approval", (w) => gates(w).forEach((g) => (g.allowSelfApproval = true))],
    [
      "the gate also gates update",
      (w) => gates(w).forEach((g) => (g.actionTypes = ["open", "update"])),
    ],
    ["the gate is disabled", (w) => gates(w).forEach((g) => (g.enabled = false))],
    ["the requester approves", (w) => gates(w).forEach((g) => (g.approvers = ["team:sre"]))],
    ["a user approves", (w) => gates(w).forEach((g) => (g.approvers = ["user:erin"]))],
    [
      "two gates on one break-glass environment",
      (w) => w.approvalRules.push({ ...gates(w)[0], id: "gate-extra", name: "another" }),
    ],
    [
      "sre also holds a standing open on payments/prod",
      (w) =>
        team(w, "sre").environments.push({ project: "payments", name: "prod", permission: "open" }),
    ],
    [
      "the gate sits on a look-alike environment (prod-breakglas)",
      (w) =>
        gates(w).forEach((g) => {
          g.environment = "prod-breakglas";
        }),
    ],
  ];
  for (const [name, mutate] of lookAlikes)
    it(`${name}: nothing declared per use, never more access than live`, async () => {
      const o = await roundTrip(h, "prod", h.env(), (w) => {
        sreAlone(w);
        mutate(w);
      });
      assert.deepEqual(o.errors, []);
      assert.deepEqual(o.onlyAdopted, []);
      const role = sreRole(o.text) as { breakGlass?: { approvers?: unknown } } | undefined;
      assert.equal(role?.breakGlass?.approvers, undefined);
      assert.ok(
        o.high.some((c) => c === "unmanaged-protected-grant" || c === "human-protected-access"),
        o.high.join(", "),
      );
    });
});
