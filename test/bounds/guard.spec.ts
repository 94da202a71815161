/**
 * Bounds of the mass-removal guard (model/adopt/guard.ts), as pure functions: a removal exactly at
 * guard.maxRemovalPercent passes and one over stops; each of the three shares (memberships, grants,
 * organization members) stops on its own; the acknowledgement lets through exactly the number of
 * removals, not one more or one less; and each snapshot reader counts what it must and nothing else.
 */
import assert from "node:assert/strict";
import {
  AccessSnapshot,
  checkRemovals,
  GrantRow,
  GuardRole,
  MemberRow,
  snapshotOfModel,
  snapshotOfPlanJson,
  snapshotOfRecord,
} from "../../model/adopt/guard";
import type { AccessModel } from "../../model/access";
import type { AdoptRecord } from "../../model/adopt/record";

const m = (team: string, login: string, service: "pulumi" | "github" = "pulumi"): MemberRow => ({
  team,
  login,
  service,
});
const g = (team: string, target: string, kind: "stack" | "environment" = "stack"): GrantRow => ({
  team,
  kind,
  target,
  level: "read",
});
const members = (n: number) => Array.from({ length: n }, (_, i) => m("dev", `u${i}`));
const grants = (n: number) => Array.from({ length: n }, (_, i) => g("dev", `p/s${i}`));
const snap = (s: Partial<AccessSnapshot>): AccessSnapshot => ({ members: [], grants: [], ...s });
const check = (prev: AccessSnapshot, now: AccessSnapshot, limit = 25, ack?: number) =>
  checkRemovals(prev, now, { maxRemovalPercent: limit, acknowledgeRemovals: ack }, "the record");

describe("bounds: the mass-removal guard", () => {
  it("memberships: exactly at the limit (1 of 4 = 25%) passes; 2 of 4 (50%) stops", () => {
    const prev = snap({ members: members(4) });
    const at = check(prev, snap({ members: members(4).slice(1) }));
    assert.equal(at.ok, true);
    assert.equal(at.acknowledged, false);
    assert.equal(
      at.message,
      "guard: this change removes 1 of 4 human team memberships (25%) and 0 of 0 team grants (0%), compared with the record: within guard.maxRemovalPercent (25%)",
    );
    const over = check(prev, snap({ members: members(4).slice(2) }));
    assert.equal(over.ok, false);
    assert.equal(over.removals, 2);
    assert.deepEqual(over.members, { removed: members(2), total: 4 });
    assert.equal(
      over.message,
      "guard: this change removes 2 of 4 human team memberships (50%) and 0 of 0 team grants (0%), compared with the record: " +
        "more than guard.maxRemovalPercent (25%) of memberships. Nothing was changed. If the removal is intended, " +
        "acknowledge exactly this many removals: set secure-org:guard.acknowledgeRemovals to 2 (or pass --acknowledge-removals 2 to the plan)",
    );
  });

  it("one removal over a limit just under its share stops (1 of 4 against 24%)", () => {
    const r = check(snap({ members: members(4) }), snap({ members: members(4).slice(1) }), 24);
    assert.equal(r.ok, false);
    assert.match(r.message, /more than guard\.maxRemovalPercent \(24%\) of memberships\./);
  });

  it("grants alone stop, and the message names grants only", () => {
    const prev = snap({ members: members(4), grants: grants(3) });
    const r = check(prev, snap({ members: members(4), grants: grants(3).slice(1) }), 33);
    assert.equal(r.ok, false);
    assert.deepEqual(r.grants, { removed: [grants(1)[0]], total: 3 });
    assert.match(
      r.message,
      /removes 0 of 4 human team memberships \(0%\) and 1 of 3 team grants \(33\.3%\).*more than guard\.maxRemovalPercent \(33%\) of grants\. Nothing/,
    );
    const at = check(prev, snap({ members: members(4), grants: grants(3).slice(1) }), 34);
    assert.equal(at.ok, true);
  });

  it("both shares over: the message names memberships and grants", () => {
    const r = check(snap({ members: members(2), grants: grants(2) }), snap({}), 10);
    assert.equal(r.ok, false);
    assert.equal(r.removals, 4);
    assert.match(r.message, /of memberships and grants\. Nothing was changed/);
  });

  it("the acknowledgement passes only the exact count, and says what it acknowledges", () => {
    const prev = snap({ members: members(4), grants: grants(2) });
    const now = snap({ members: members(4).slice(2), grants: grants(2).slice(1) });
    const exact = check(prev, now, 25, 3);
    assert.deepEqual([exact.ok, exact.acknowledged, exact.removals], [true, true, 3]);
    assert.match(
      exact.message,
      /: over guard\.maxRemovalPercent \(25%\), acknowledged \(guard\.acknowledgeRemovals: 3\)$/,
    );
    for (const ack of [2, 4]) {
      const r = check(prev, now, 25, ack);
      assert.deepEqual([r.ok, r.acknowledged], [false, false], `ack ${ack}`);
      assert.match(r.message, new RegExp(`; the config acknowledges ${ack}, not 3$`));
    }
  });

  it("an acknowledgement under the limit is not needed and marks nothing acknowledged", () => {
    const r = check(snap({ members: members(4) }), snap({ members: members(4) }), 25, 0);
    assert.deepEqual([r.ok, r.acknowledged, r.removals], [true, false, 0]);
  });

  it("nothing before: 0 of 0 is 0%, within any limit, even 0%", () => {
    const r = check(snap({}), snap({ members: members(2) }), 0);
    assert.equal(r.ok, true);
    assert.match(
      r.message,
      /removes 0 of 0 human team memberships \(0%\) and 0 of 0 team grants \(0%\)/,
    );
  });

  it("a membership counts by service, team and login: another team or service is a removal", () => {
    const prev = snap({ members: [m("dev", "ann"), m("dev", "bob", "github")] });
    const moved = check(prev, snap({ members: [m("ops", "ann"), m("dev", "bob", "pulumi")] }), 100);
    assert.deepEqual(moved.members.removed, prev.members);
    const kept = check(prev, snap({ members: [m("dev", "bob", "github"), m("dev", "ann")] }), 0);
    assert.deepEqual([kept.ok, kept.members.removed.length], [true, 0]);
  });

  it("a grant counts by team, kind and target; the level does not make it another grant", () => {
    const prev = snap({ grants: [g("dev", "p/a"), g("dev", "p/a", "environment")] });
    const same = check(
      prev,
      snap({ grants: [{ ...g("dev", "p/a"), level: "write" }, g("dev", "p/a", "environment")] }),
      0,
    );
    assert.equal(same.grants.removed.length, 0);
    const other = check(prev, snap({ grants: [g("ops", "p/a"), g("dev", "p/a")] }), 100);
    assert.deepEqual(other.grants.removed, [g("dev", "p/a", "environment")]);
  });

  it("duplicates in the previous snapshot count once (1 of 2, not 2 of 3)", () => {
    const r = check(
      snap({ members: [m("dev", "a"), m("dev", "a"), m("dev", "b")] }),
      snap({ members: [m("dev", "b")] }),
      50,
    );
    assert.deepEqual([r.members.total, r.members.removed.length, r.ok], [2, 1, true]);
    const gr = check(
      snap({ grants: [g("d", "x"), g("d", "x"), g("d", "y")] }),
      snap({ grants: [g("d", "y")] }),
      50,
    );
    assert.deepEqual([gr.grants.total, gr.grants.removed.length, gr.ok], [2, 1, true]);
  });

  it("organization members: a plain member dropped is counted; admins and team losers are not", () => {
    const prev = snap({
      members: [m("dev", "carl")],
      organization: [
        { login: "ann", role: "member" },
        { login: "bob", role: "member" },
        { login: "carl", role: "member" },
        { login: "root", role: "admin" },
        { login: "ann", role: "member" },
      ],
    });
    const now = snap({ organization: [{ login: "bob", role: "member" }] });
    const r = check(prev, now, 100);
    assert.deepEqual(r.organization, { removed: ["ann"], total: 3 });
    assert.equal(r.removals, 2);
    assert.match(
      r.message,
      / and 1 of 3 organization members \(33\.3%\), compared with the record/,
    );
    const stop = check(prev, now, 33);
    assert.equal(stop.ok, false);
    assert.match(stop.message, /of memberships and organization members\. Nothing/);
  });

  it("organization members alone: one of four plain members at 25% passes, at 24% stops", () => {
    const org = ["a", "b", "c", "d"].map((login) => ({ login, role: "member" }));
    const prev = snap({ organization: org });
    const now = snap({ organization: org.slice(1) });
    assert.equal(check(prev, now, 25).ok, true);
    const r = check(prev, now, 24);
    assert.equal(r.ok, false);
    assert.match(r.message, /more than guard\.maxRemovalPercent \(24%\) of organization members\./);
    assert.deepEqual(check(prev, snap({}), 100).organization.removed, ["a", "b", "c", "d"]);
  });

  it("a share exactly at the limit is not named beside one over it", () => {
    const org = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ login: `o${i}`, role: "member" }));
    // memberships at 25%, grants over: only grants are named.
    const a = check(
      snap({ members: members(4), grants: grants(2) }),
      snap({ members: members(4).slice(1), grants: grants(2).slice(1) }),
      25,
    );
    assert.match(a.message, /more than guard\.maxRemovalPercent \(25%\) of grants\. Nothing/);
    // grants at 25%, organization members over: only organization members are named.
    const b = check(
      snap({ grants: grants(4), organization: org(2) }),
      snap({ grants: grants(4).slice(1), organization: org(2).slice(1) }),
      25,
    );
    assert.match(b.message, /\(25%\) of organization members\. Nothing/);
    // organization members at 25%, memberships over: only memberships are named.
    const c = check(
      snap({ members: members(2), organization: org(4) }),
      snap({ members: members(2).slice(1), organization: org(4).slice(1) }),
      25,
    );
    assert.match(c.message, /\(25%\) of memberships\. Nothing/);
  });

  it("removed organization members are listed sorted, whatever the order they were declared in", () => {
    const prev = snap({
      organization: ["zed", "amy", "kim"].map((login) => ({ login, role: "member" })),
    });
    assert.deepEqual(check(prev, snap({}), 100).organization.removed, ["amy", "kim", "zed"]);
  });

  it("of duplicate rows the first is the one reported", () => {
    const r = check(
      snap({
        grants: [
          { ...g("d", "x"), level: "read" },
          { ...g("d", "x"), level: "admin" },
        ],
      }),
      snap({}),
      100,
    );
    assert.deepEqual(r.grants.removed, [{ ...g("d", "x"), level: "read" }]);
  });

  it("no organization rows on either side count nothing", () => {
    const r = check(snap({ members: members(1) }), snap({ members: members(1) }), 0);
    assert.deepEqual(r.organization, { removed: [], total: 0 });
    assert.doesNotMatch(r.message, /organization members/);
  });
});

describe("bounds: what the guard reads from an adopt record", () => {
  const roles: Record<string, GuardRole> = {
    "t:Team": "pulumi-team",
    "t:Member": "organization-member",
    "t:GhTeam": "github-team-members",
    "t:StackGrant": "stack-grant",
    "t:EnvGrant": "environment-grant",
  };
  const record = (imports: unknown[]) => ({ imports }) as unknown as AdoptRecord;

  it("each role is read from its own fields; other types are not counted", () => {
    const s = snapshotOfRecord(
      record([
        { type: "t:Team", match: { name: "dev" }, live: { members: ["ann", "", 7, "bob"] } },
        { type: "t:Member", match: { username: "ann" }, live: { role: "member" } },
        {
          type: "t:GhTeam",
          match: {},
          live: { team: "dev-gh", members: [{ username: "cat" }, null, { username: 3 }, "dan"] },
        },
        {
          type: "t:StackGrant",
          match: { team: "dev", project: "p", stack: "s" },
          live: { permission: "write" },
        },
        {
          type: "t:EnvGrant",
          match: { team: "dev", project: "p", environment: "e" },
          live: { permission: "open" },
        },
        { type: "t:Other", match: { name: "x" }, live: { members: ["eve"] } },
        { type: "t:Team", match: { name: "empty" } },
      ]),
      (t) => roles[t],
    );
    assert.deepEqual(s.members, [
      m("dev", "ann"),
      m("dev", "bob"),
      m("dev-gh", "cat", "github"),
      m("dev-gh", "dan", "github"),
    ]);
    assert.deepEqual(s.organization, [{ login: "ann", role: "member" }]);
    assert.deepEqual(s.grants, [
      { team: "dev", kind: "stack", target: "p/s", level: "write" },
      { team: "dev", kind: "environment", target: "p/e", level: "open" },
    ]);
  });
});

describe("bounds: what the guard reads from a baseline plan JSON", () => {
  it("refuses anything but format version 1", () => {
    for (const bad of [null, [], { formatVersion: 2 }, { formatVersion: "1" }])
      assert.throws(() => snapshotOfPlanJson(bad), /not a plan JSON of format version 1/);
  });

  it("teamMembers: humans of pulumi and github only", () => {
    const s = snapshotOfPlanJson({
      formatVersion: 1,
      teamMembers: [
        { team: "dev", login: "ann", service: "pulumi" },
        { team: "dev", login: "bob", service: "github", human: true },
        { team: "ci", login: "bot", service: "pulumi", human: false },
        { team: "dev", login: "eve", service: "gitlab" },
      ],
    });
    assert.deepEqual(s.members, [m("dev", "ann"), m("dev", "bob", "github")]);
    assert.deepEqual(s.organization, []);
  });

  it("without teamMembers: the Team resources' members, less the deploying user stand-in", () => {
    const s = snapshotOfPlanJson({
      formatVersion: 1,
      resources: [
        {
          type: "pulumiservice:index:Team",
          inputs: { name: "dev", members: ["ann", "bootstrap-admin", 3] },
        },
        { type: "github:index:Team", inputs: { name: "gh", members: ["x"] } },
      ],
    });
    assert.deepEqual(s.members, [m("dev", "ann")]);
  });

  it("grants from the access matrix above none; membership only when managed", () => {
    const s = snapshotOfPlanJson({
      formatVersion: 1,
      teamMembers: [],
      accessMatrix: [
        {
          rows: [
            {
              team: "dev",
              stack: "p/s",
              stackPermission: "write",
              environment: "p/e",
              environmentPermission: "none",
            },
            {
              team: "ops",
              stack: "p/t",
              stackPermission: "none",
              environment: "p/f",
              environmentPermission: "open",
            },
            { team: "x", stack: "p/u", environment: "p/g" },
          ],
        },
      ],
      membership: {
        managed: true,
        admins: ["root", ""],
        members: [{ login: "ann" }, { login: "" }],
      },
    });
    assert.deepEqual(s.grants, [
      { team: "dev", kind: "stack", target: "p/s", level: "write" },
      { team: "ops", kind: "environment", target: "p/f", level: "open" },
    ]);
    assert.deepEqual(s.organization, [
      { login: "root", role: "admin" },
      { login: "ann", role: "member" },
    ]);
    // Managed, but no lists: nobody (not a stand-in row).
    assert.deepEqual(
      snapshotOfPlanJson({ formatVersion: 1, membership: { managed: true } }).organization,
      [],
    );
    assert.deepEqual(snapshotOfPlanJson({ formatVersion: 1, accessMatrix: "x", resources: 3 }), {
      members: [],
      grants: [],
      organization: [],
    });
    const unmanaged = snapshotOfPlanJson({
      formatVersion: 1,
      membership: { managed: "yes", admins: ["root"], members: [{ login: "ann" }] },
    });
    assert.deepEqual(unmanaged.organization, []);
  });
});

describe("bounds: what the guard reads from the declared model", () => {
  const model = (admins: boolean) =>
    ({
      teams: [
        { kind: "human", name: "dev", members: ["ann"], github: { members: ["bob"] } },
        { kind: "human", name: "ops", members: ["cat"] },
        { kind: "machine", name: "ci", members: ["bot"], github: { members: ["bot"] } },
      ],
      members: [
        { login: "root", role: admins ? "admin" : "member" },
        { login: "ann", role: "member" },
      ],
      grants: [
        {
          team: "dev",
          project: "p",
          stack: "s",
          stackPermission: "write",
          environment: { project: "p", name: "e" },
          environmentPermission: "none",
        },
        {
          team: "ops",
          project: "p",
          stack: "t",
          stackPermission: "none",
          environment: { project: "p", name: "f" },
          environmentPermission: "open",
        },
      ],
    }) as unknown as AccessModel;

  it("human teams' members (Pulumi and GitHub), grants above none, org members only with admins", () => {
    const s = snapshotOfModel(model(true));
    assert.deepEqual(s.members, [m("dev", "ann"), m("dev", "bob", "github"), m("ops", "cat")]);
    assert.deepEqual(s.grants, [
      { team: "dev", kind: "stack", target: "p/s", level: "write" },
      { team: "ops", kind: "environment", target: "p/f", level: "open" },
    ]);
    assert.deepEqual(s.organization, [
      { login: "root", role: "admin" },
      { login: "ann", role: "member" },
    ]);
    assert.deepEqual(snapshotOfModel(model(false)).organization, []);
  });
});

describe("bounds: a limit raised in the change that removes", () => {
  const prev = (max?: number) => ({ ...snap({ members: members(4) }), maxRemovalPercent: max });
  const cut = snap({ members: members(4).slice(2) }); // 2 of 4 = 50%

  it("raised from 25% to 50% while removing 50%: checked against 25%, and said so", () => {
    const r = check(prev(25), cut, 50);
    assert.deepEqual([r.ok, r.raisedFrom, r.limitPercent], [false, 25, 25]);
    assert.match(
      r.message,
      /\. Note: this same change raises guard\.maxRemovalPercent from 25% \(the record\) to 50%, so the removals are checked against 25%: raise the limit in a change of its own, or acknowledge the exact number of removals$/,
    );
  });

  it("the same limit, a lower one, or a raise that removes nothing: the change's own limit", () => {
    const same = check(prev(50), cut, 50);
    assert.deepEqual([same.ok, same.raisedFrom, same.limitPercent], [true, undefined, 50]);
    assert.doesNotMatch(same.message, /Note:/);
    const lower = check(prev(60), cut, 50);
    assert.deepEqual([lower.ok, lower.raisedFrom], [true, undefined]);
    const none = check(prev(10), snap({ members: members(4) }), 50);
    assert.deepEqual([none.ok, none.raisedFrom, none.limitPercent], [true, undefined, 50]);
    assert.equal("raisedFrom" in none, false);
  });

  it("a baseline plan JSON's guardLimit is read only as a whole percent from 0 to 100", () => {
    const lim = (v: unknown) =>
      snapshotOfPlanJson({ formatVersion: 1, guardLimit: { maxRemovalPercent: v } })
        .maxRemovalPercent;
    assert.deepEqual([lim(0), lim(100), lim(25)], [0, 100, 25]);
    for (const bad of [-1, 101, 2.5, "25", null]) assert.equal(lim(bad), undefined, String(bad));
  });
});
