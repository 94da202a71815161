/**
 * Organization membership (model/config/policy/members.ts), called directly over small lenient
 * views: the admin cap exactly at, one over and one under (default 3 and a declared one), no admins,
 * duplicates and one spelling per login across lists (case variants, `constructor`/`__proto__`).
 * Exact errors and warnings. Fast enough to run under every mutant of the policy-members group.
 */
import assert from "node:assert/strict";
import type { ConfigIssue, Finding } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkMembers } from "../../model/config/policy/members";

function run(raw: Record<string, unknown>) {
  const errors: ConfigIssue[] = [];
  const warnings: Finding[] = [];
  checkMembers(policyContext(lenientView(raw), errors, warnings));
  return { errors, warnings };
}
const people = (n: number) => Array.from({ length: n }, (_, i) => `admin${i}`);
const cap = (n: number, max: number) => ({
  path: "admins",
  message:
    `declares ${n} organization admins; at most ${max} (defaults.maxAdmins): an admin bypasses every grant, ` +
    "so keep them few and give everyone else a team",
});
const NO_ADMINS: Finding = {
  severity: "medium",
  code: "no-admins-declared",
  path: "admins",
  message:
    "no organization admins are declared: membership is not managed, and the audit only lists the live admins " +
    "(info) without comparing members. List them (the deploying identity among them)",
};

describe("bounds: members, unit: the admin cap", () => {
  it("default 3: 3 and 2 pass, 4 is refused", () => {
    assert.deepEqual(run({ admins: people(3) }), { errors: [], warnings: [] });
    assert.deepEqual(run({ admins: people(2) }), { errors: [], warnings: [] });
    assert.deepEqual(run({ admins: people(4) }).errors, [cap(4, 3)]);
  });
  it("a declared cap: at it passes, one over is refused, in both directions", () => {
    assert.deepEqual(run({ admins: people(5), defaults: { maxAdmins: 5 } }).errors, []);
    assert.deepEqual(run({ admins: people(6), defaults: { maxAdmins: 5 } }).errors, [cap(6, 5)]);
    assert.deepEqual(run({ admins: people(2), defaults: { maxAdmins: 1 } }).errors, [cap(2, 1)]);
    assert.deepEqual(run({ admins: people(1), defaults: { maxAdmins: 1 } }).errors, []);
  });
  it("a non-number cap is the default", () =>
    assert.deepEqual(run({ admins: people(4), defaults: { maxAdmins: "10" } }).errors, [
      cap(4, 3),
    ]));
  it("no admins: a medium warning, no error; one admin: none", () => {
    assert.deepEqual(run({ admins: [] }), { errors: [], warnings: [NO_ADMINS] });
    assert.deepEqual(run({}), { errors: [], warnings: [NO_ADMINS] });
    assert.deepEqual(run({ admins: ["a"] }).warnings, []);
  });
});

describe("bounds: members, unit: duplicates and spelling", () => {
  it("a duplicate admin or member, whatever its case", () => {
    assert.deepEqual(run({ admins: ["ann", "Ann"], members: ["bob", "BOB"] }).errors, [
      { path: "admins[1]", message: 'duplicate admin "Ann"' },
      { path: "members[1]", message: 'duplicate member "BOB"' },
    ]);
  });
  it("one login spelled two ways across lists: reported at the later, naming the first", () => {
    const spelled = (login: string, seen: string, where: string) =>
      `"${login}" is "${seen}" (${where}) spelled another way: Pulumi Cloud logins are compared ` +
      "case-insensitively here (whether Pulumi folds their case is not documented), so both name one user " +
      `with one role. Spell it "${seen}"`;
    assert.deepEqual(
      run({
        admins: ["ann"],
        members: ["Ann", "carl"],
        teams: [{ name: "t", members: ["ANN", "Carl", "carl"] }],
      }).errors,
      [
        { path: "members[0]", message: spelled("Ann", "ann", "admins[0]") },
        { path: "teams[0].members[0]", message: spelled("ANN", "ann", "admins[0]") },
        { path: "teams[0].members[1]", message: spelled("Carl", "carl", "members[1]") },
      ],
    );
  });
  it("the same spelling across lists, and a case variant within one team's list, are not spelling errors", () => {
    assert.deepEqual(
      run({ admins: ["ann"], members: ["ann"], teams: [{ name: "t", members: ["ann"] }] }).errors,
      [],
    );
    assert.deepEqual(
      run({ admins: ["ann"], teams: [{ name: "t", members: ["bo", "Bo"] }] }).errors,
      [],
    );
  });
  it("within one list from index 10 on (two-digit indices): a duplicate, not a spelling error", () =>
    assert.deepEqual(
      run({ admins: [...people(10), "ann", "Ann"], defaults: { maxAdmins: 12 } }).errors,
      [{ path: "admins[11]", message: 'duplicate admin "Ann"' }],
    ));
  it("within teams, another team's member list is another list", () =>
    assert.deepEqual(
      run({
        admins: ["a"],
        teams: [
          { name: "t", members: ["bo"] },
          { name: "u", members: ["Bo"] },
        ],
      }).errors.map((e) => e.path),
      ["teams[1].members[0]"],
    ));
  it("`constructor` and `__proto__` are logins like any other; non-strings are skipped", () => {
    assert.deepEqual(
      run({
        admins: ["constructor", "__proto__"],
        members: ["Constructor", "__PROTO__", 7, null],
      }).errors.map((e) => e.path),
      ["members[0]", "members[1]"],
    );
    assert.deepEqual(run({ admins: ["toString"], members: [7, 7] }).errors, []);
  });
});
