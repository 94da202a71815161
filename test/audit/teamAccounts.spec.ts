/**
 * Insights account permissions (issue 25: "the org's default role and Insights account
 * permissions"). The bootstrap grants no team a permission on an Insights account; the audit reads
 * each team's `accounts` (`Team.accounts`, `TeamAccountPermission`, in the `GetTeam` answer it
 * already reads) and the organization's `defaultAccountPermission`. Each drift is made in the
 * API's own terms on the spec-driven fake and reported once with its severity and exit code.
 */
import assert from "node:assert/strict";
import { compareAccess } from "../../audit/compare";
import { accountPermissionName } from "../../audit/compare/helpers";
import { Wire } from "../support/specFake";
import {
  cleanOrg,
  clone,
  DEPLOYER,
  expectDrift,
  model,
  Org,
  PACK_VERSION,
  startFake,
  useCloud,
} from "./harness";

const team = (o: Org, name: string): Wire => {
  const t = o.teams.find((x) => x.name === name);
  if (!t) throw new Error(`no team ${name}`);
  return t;
};
const grant = (o: Org, name: string, accountName: string, permission: number) =>
  (team(o, name).accounts = [
    ...((team(o, name).accounts as Wire[] | undefined) ?? []),
    { accountName, permission },
  ]);

const CASES: { what: string; mutate: (o: Org) => void; expect: string[] }[] = [
  {
    what: "a human team given read on an Insights account",
    mutate: (o) => grant(o, "payments", "aws-prod", 1),
    expect: ["medium team-insights-account team:payments insights-account:aws-prod"],
  },
  {
    what: "a human team given write (credentials environment, agent pool)",
    mutate: (o) => grant(o, "web", "aws-prod", 2),
    expect: ["high team-insights-account team:web insights-account:aws-prod"],
  },
  {
    what: "a machine team given admin",
    mutate: (o) => grant(o, "payments-prod-deploy", "aws-prod", 3),
    expect: ["high team-insights-account team:payments-prod-deploy insights-account:aws-prod"],
  },
  {
    what: "two accounts on one team, named as data (`__proto__`, `constructor`)",
    mutate: (o) => {
      grant(o, "sre", "__proto__", 1);
      grant(o, "sre", "constructor", 2);
    },
    expect: [
      "medium team-insights-account team:sre insights-account:__proto__",
      "high team-insights-account team:sre insights-account:constructor",
    ],
  },
  {
    what: "an account listed with permission none",
    mutate: (o) => grant(o, "payments", "aws-prod", 0),
    expect: [],
  },
  {
    what: "the organization's default Insights account permission widened to write",
    mutate: (o) => (o.metadata.defaultAccountPermission = 2),
    expect: ["high org-default-differs org:accountPermission"],
  },
  {
    what: "the organization's default Insights account permission widened to read",
    mutate: (o) => (o.metadata.defaultAccountPermission = 1),
    expect: ["medium org-default-differs org:accountPermission"],
  },
];

describe("audit: Insights account permissions (spec-driven fake)", () => {
  useCloud();

  for (const c of CASES)
    it(`${c.what}: ${c.expect.join(", ") || "nothing above info"}`, async () => {
      const fake = startFake(c.mutate);
      await expectDrift(fake, c.expect);
      assert.ok(fake.operations.includes("GetTeam"));
    });
});

describe("audit comparison: Insights account permission values", () => {
  it("names the spec's enum; anything outside it counts as admin (fail closed)", () => {
    assert.deepEqual([0, 1, 2, 3].map(accountPermissionName), ["none", "read", "write", "admin"]);
    for (const odd of [4, -1, 1.5, Number.NaN, "1", null, undefined, 2 ** 53])
      assert.equal(accountPermissionName(odd), "admin", String(odd));
  });

  it("an out-of-enum permission on a team is high", () => {
    const w = clone(cleanOrg());
    w.teams.find((t: { name: string }) => t.name === "platform").accounts = [
      { account: "gcp", permission: 9 },
    ];
    const found = compareAccess(model, w, { deployer: DEPLOYER, packVersionTag: PACK_VERSION })
      .findings.filter((f) => f.code === "team-insights-account")
      .map((f) => `${f.severity} ${f.subject}`);
    assert.deepEqual(found, ["high team:platform insights-account:gcp"]);
  });
});
