/**
 * The writer bound (model/invariants/writers.ts) over the prod example's config: who counts as a
 * writer of a repository, and the least any writer holds, per dimension, whichever order the
 * writers come in (the least-privileged wins, not the most; a tie keeps the first), for a team with
 * no role on the project, an unknown tier and no writer at all.
 */
import assert from "node:assert/strict";
import type { OrgConfig } from "../../model/config";
import { writerBound, writersByRepository } from "../../model/invariants";
import { exampleConfig } from "../support/examples";

const base = exampleConfig("prod").config;
const TEAM = { platform: 0, payments: 1, web: 2, security: 3, sre: 4 } as const;
const w = (...names: (keyof typeof TEAM)[]) => names.map((team) => ({ team, index: TEAM[team] }));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const edited = (edit: (c: any) => void): OrgConfig => {
  const c = structuredClone(base);
  edit(c);
  return c;
};
const names = (m: Map<string, { team: string }[]>) =>
  [...m.entries()].map(([repo, ws]) => [repo, ws.map((x) => x.team)]);

describe("bounds: writers of a repository", () => {
  it("the teams mirrored to GitHub whose role on a project of the repository implies push (on-call's pull does not)", () => {
    assert.deepEqual(
      base.teams.map((t) => t.name),
      Object.keys(TEAM),
    );
    assert.deepEqual(names(writersByRepository(base)), [
      ["payments-infra", ["platform", "payments", "security"]],
      ["web-app", ["platform", "web", "security"]],
      ["platform", ["platform", "security"]],
    ]);
  });

  it("a team not mirrored to GitHub (no githubMembers) is no writer on a GitHub repository", () =>
    assert.deepEqual(
      names(writersByRepository(edited((c) => delete c.teams[TEAM.security].githubMembers))),
      [
        ["payments-infra", ["platform", "payments"]],
        ["web-app", ["platform", "web"]],
        ["platform", ["platform"]],
      ],
    ));
});

describe("bounds: the writer bound is the least, per dimension", () => {
  const role = (r: string, t: string) => `role ${r} of team ${t}`;
  it("prod: stack from on-call (none), environment from the maintainer (read), in either order", () => {
    const expected = {
      stack: "none",
      environment: "read",
      who: { stack: role("oncall", "sre"), environment: role("maintainer", "platform") },
    };
    assert.deepEqual(writerBound(base, w("platform", "sre"), "payments", "prod"), expected);
    assert.deepEqual(writerBound(base, w("sre", "platform"), "payments", "prod"), expected);
  });

  it("one writer holding more than another on both: the other wins both, in either order", () => {
    const expected = {
      stack: "write",
      environment: "open",
      who: { stack: role("developer", "payments"), environment: role("developer", "payments") },
    };
    assert.deepEqual(writerBound(base, w("platform", "payments"), "payments", "dev"), expected);
    assert.deepEqual(writerBound(base, w("payments", "platform"), "payments", "dev"), expected);
  });

  it("a tie (staging: read/read for both) keeps the first writer named", () => {
    const who = (t: string, r: string) => ({ stack: role(r, t), environment: role(r, t) });
    assert.deepEqual(
      writerBound(base, w("platform", "payments"), "payments", "staging").who,
      who("platform", "maintainer"),
    );
    assert.deepEqual(
      writerBound(base, w("payments", "platform"), "payments", "staging").who,
      who("payments", "developer"),
    );
  });

  it("a writer with no role on the project holds none there, and says so", () => {
    const who = "team web, which has no role on project payments";
    assert.deepEqual(writerBound(base, w("web", "platform"), "payments", "dev"), {
      stack: "none",
      environment: "none",
      who: { stack: who, environment: who },
    });
  });

  it('a tier role that happens to be named "undefined" is not the policy of a team with no role', () => {
    const c = edited(
      (x) => (x.tiers[2].roles.undefined = { stack: "admin", environment: "admin" }),
    );
    assert.deepEqual(
      [
        writerBound(c, w("web"), "payments", "prod").stack,
        writerBound(c, w("web"), "payments", "prod").environment,
      ],
      ["none", "none"],
    );
  });

  it("an unknown tier: none on both, from the first writer", () =>
    assert.deepEqual(writerBound(base, w("platform"), "payments", "qa"), {
      stack: "none",
      environment: "none",
      who: { stack: role("maintainer", "platform"), environment: role("maintainer", "platform") },
    }));

  it("no writer: none, and nobody declared", () => {
    const nobody = "nobody declared (no team mirrored to GitHub has push access)";
    assert.deepEqual(writerBound(base, [], "payments", "dev"), {
      stack: "none",
      environment: "none",
      who: { stack: nobody, environment: nobody },
    });
  });
});
