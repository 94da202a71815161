/**
 * Hostile names through `npm run adopt` (issue 30, item 3): teams adopt refuses to manage keep
 * their own reason in the record (never the generic "neither declares nor imports it"), their
 * production access is still a finding, and a member named like a team never makes that team
 * count as imported (every comparison of import IDs includes the resource type).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { LiveTeamFull } from "../../adopt/live";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import { ORG } from "../support/messyOrg";
import { Harness } from "./harness";

const GENERIC = /neither declares nor imports it/;

function hostileTeam(name: string, extra: Partial<LiveTeamFull> = {}): LiveTeamFull {
  return {
    name,
    kind: "pulumi",
    displayName: name.slice(0, 50),
    description: "a team",
    members: ["mallet"],
    stacks: [{ project: "web", stack: "production", permission: 103 }],
    environments: [],
    ...extra,
  };
}

describe("adopt: hostile names keep their reason; import IDs compare with their type", function () {
  this.timeout(300_000);
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  const LONG = "t".repeat(10_000);
  const cases: [string, LiveTeamFull, RegExp][] = [
    ["__proto__", hostileTeam("__proto__"), /"__proto__" is not allowed/],
    ["a 10,000-character name", hostileTeam(LONG), /longer than \d+ characters/],
    [
      "a 10,000-character description",
      hostileTeam("longdesc", { description: "d".repeat(10_000) }),
      /description is longer than 400 characters/,
    ],
    [
      "a bidi override in the display name",
      hostileTeam("bidi", { displayName: "ops \u202eadmin" }),
      /bidirectional controls/,
    ],
    [
      "a <script> display name with a bidi isolate",
      hostileTeam("scripted", { displayName: "<script>alert(1)</script>\u2066" }),
      /bidirectional controls/,
    ],
    ["constructor (a member has the same name)", hostileTeam("constructor"), /reserved name/],
  ];

  it("every refused team keeps its specific reason and its production finding; the proposal validates", async () => {
    const before = h.world;
    try {
      h.world = {
        ...before,
        // A member whose login is a team's name: its OrganizationMember ID is `acme/constructor`.
        members: [
          ...before.members,
          { login: "constructor", role: "member" },
          { login: "mallet", role: "member" },
        ],
        teams: [...before.teams, ...cases.map(([, t]) => t)],
      };
      const out = h.file("Pulumi.hostile-names.yaml");
      const r = await h.adopt(["--org", ORG, "--out", out]);
      assert.notEqual(r.code, 3, r.stderr);
      const c = h.configOf(out);
      const unmanaged = c["secure-org:adopt"].unmanaged as {
        kind: string;
        name: string;
        reason: string;
      }[];
      const imports = c["secure-org:adopt"].imports as { type: string; id: string }[];
      // The member named constructor is imported as a member, and only as a member.
      assert.ok(
        imports.some(
          (i) =>
            i.type === "pulumiservice:index:OrganizationMember" && i.id === `${ORG}/constructor`,
        ),
        "the member constructor is imported",
      );
      assert.ok(
        !imports.some(
          (i) => i.type === "pulumiservice:index:Team" && i.id === `${ORG}/constructor`,
        ),
        "team constructor is not imported",
      );
      for (const [what, t, reason] of cases) {
        const entries = unmanaged.filter((u) => u.kind === "team" && u.name === t.name);
        assert.equal(entries.length, 1, `${what}: one unmanaged entry`);
        assert.match(entries[0].reason, reason, `${what}: ${entries[0].reason.slice(0, 200)}`);
        assert.doesNotMatch(entries[0].reason, GENERIC, what);
        assert.ok(
          entries[0].reason.length < 1000,
          `${what}: the reason does not repeat a huge name`,
        );
        assert.ok(
          !(c["secure-org:teams"] as { name: string }[]).some((x) => x.name === t.name),
          what,
        );
      }
      // Each one's admin on web/production is still reported, high, in the proposal's header.
      const text = readFileSync(out, "utf8");
      for (const name of ["bidi", "scripted", "longdesc", "constructor", "__proto__"])
        assert.match(text, new RegExp(`\\[high\\] unmanaged-protected-access team:${name}:`), name);
      const loaded = loadOrgConfig(entriesFromStackFile(parse(text) as Record<string, unknown>));
      assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
    } finally {
      h.world = before;
    }
  });

  it("a <script> display name the config accepts is declared verbatim, as data", async () => {
    const before = h.world;
    try {
      const display = "<script>alert(1)</script>";
      h.world = {
        ...before,
        members: [...before.members, { login: "mallet", role: "member" }],
        teams: [...before.teams, hostileTeam("scriptname", { displayName: display, stacks: [] })],
      };
      const out = h.file("Pulumi.script-name.yaml");
      const r = await h.adopt(["--org", ORG, "--out", out]);
      assert.notEqual(r.code, 3, r.stderr);
      const teams = h.configOf(out)["secure-org:teams"] as { name: string; displayName?: string }[];
      assert.equal(teams.find((t) => t.name === "scriptname")?.displayName, display);
    } finally {
      h.world = before;
    }
  });
});
