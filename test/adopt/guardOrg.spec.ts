/**
 * Hostile: the mass-removal guard counts organization members. A plain member the program stops
 * declaring loses their `OrganizationMember`, and the provider's Delete removes an imported member
 * from the organization (pulumi-pulumiservice v1.3.0 organization_member.go: only a membership
 * that Create found already there is kept). Dropping `members`, or `admins` (which stops managing
 * membership at all), removes people without touching a team membership or a grant.
 */
import assert from "node:assert/strict";
import { checkRemovals, snapshotOfPlanJson } from "../../model/adopt";
import { snapshotOfRecord } from "../../kinds";
import { runPlan } from "../../plan";
import { entriesOf, exampleDoc, StackDoc } from "../support/examples";

async function planOf(edit: (doc: StackDoc) => void, args: { baseline?: unknown } = {}) {
  const doc = exampleDoc("prod");
  edit(doc);
  const r = await runPlan(
    entriesOf(doc),
    "prod",
    args.baseline
      ? { baseline: { plan: args.baseline as never, file: "deployed.json" } }
      : undefined,
  );
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.report;
}

describe("adopt: the guard counts organization members (hostile)", function () {
  this.timeout(120_000);

  it("stops a change that removes the members who are in no team, naming them as organization members", async () => {
    const base = await planOf(() => undefined);
    const baseMembers = base.membership.members.length;
    assert.ok(baseMembers >= 1);
    const cut = await planOf(
      (d) => {
        // ivan is in no team: only `members` keeps him in the organization.
        d.config["secure-org:members"] = [];
      },
      { baseline: base },
    );
    assert.equal(cut.guard?.members.removed, 0);
    assert.equal(cut.guard?.grants.removed, 0);
    assert.deepEqual(cut.guard?.organization, { removed: 1, total: baseMembers });
    assert.equal(cut.guard?.removals, 1);
    const over = 100 / baseMembers > 25;
    assert.equal(cut.guard?.ok, !over);
    assert.match(cut.guard?.message ?? "", /and 1 of \d+ organization members \(/);
  });

  it("stops a change that drops the admins (membership no longer managed: every plain member is removed)", async () => {
    const base = await planOf(() => undefined);
    const cut = await planOf(
      (d) => {
        delete d.config["secure-org:admins"];
        delete d.config["secure-org:members"];
      },
      { baseline: base },
    );
    assert.equal(cut.membership.managed, false);
    assert.equal(cut.guard?.members.removed, 0);
    assert.equal(cut.guard?.ok, false, cut.guard?.message);
    assert.equal(cut.guard?.organization?.removed, base.membership.members.length);
    assert.match(cut.guard?.message ?? "", /of organization members\. Nothing was changed/);
    // The exact acknowledgement lets it through, another number does not.
    const n = cut.guard?.removals ?? -1;
    const snap = snapshotOfPlanJson(base);
    const now = snapshotOfPlanJson(cut);
    assert.equal(
      checkRemovals(snap, now, { maxRemovalPercent: 25, acknowledgeRemovals: n }, "b").ok,
      true,
    );
    assert.equal(
      checkRemovals(snap, now, { maxRemovalPercent: 25, acknowledgeRemovals: n - 1 }, "b").ok,
      false,
    );
  });

  it("a member who leaves a team and the organization is counted once; admins are never counted (retained on delete)", () => {
    const prev = {
      members: [{ team: "t", login: "x", service: "pulumi" as const }],
      grants: [],
      organization: [
        { login: "x", role: "member" },
        { login: "boss", role: "admin" },
        { login: "y", role: "member" },
      ],
    };
    const r = checkRemovals(
      prev,
      { members: [], grants: [], organization: [{ login: "y", role: "member" }] },
      { maxRemovalPercent: 25 },
      "b",
    );
    assert.equal(r.removals, 1);
    assert.deepEqual(r.organization, { removed: [], total: 2 });
  });

  it("reads organization members from the adopt record's OrganizationMember imports", () => {
    const snap = snapshotOfRecord({
      readAt: "2026-11-25T12:00:00.000Z",
      organization: "acme",
      imports: [
        {
          type: "pulumiservice:index:OrganizationMember",
          name: "org-members-ivan",
          id: "acme/ivan",
          match: { username: "ivan" },
          live: { role: "member" },
        },
      ],
    } as never);
    assert.deepEqual(snap.organization, [{ login: "ivan", role: "member" }]);
  });
});
