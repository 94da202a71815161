/**
 * Issue 14, class 10: names that are JavaScript object keys. Every reserved name, in every
 * name-keyed map of the config and as every kind of name, is refused with its path and a clear
 * message, never crashes (no stack trace) and is never silently dropped.
 */
import assert from "node:assert/strict";
import { RESERVED_NAMES } from "../../model/names";
import { validateOrgConfig } from "../../model/validate";
import { exampleDoc, StackDoc } from "../support/examples";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import { assertRefused, key, planEdited } from "./support";

/** The reserved names as written (Object.prototype's own names, `__proto__`, `prototype`). */
const NAMES = [...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype"];

/** Sets `map[name] = value` as an own property, even for `__proto__`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOwn(map: any, name: string, value: unknown): void {
  Object.defineProperty(map, name, { value, enumerable: true, configurable: true, writable: true });
}

/** Each name-keyed map: where it is, and an entry that is otherwise valid. */
const MAPS: {
  where: string;
  path: (n: string) => string;
  put: (d: StackDoc, n: string) => void;
}[] = [
  {
    where: "roles",
    path: (n) => `roles.${n}`,
    put: (d, n) => setOwn(d.config[key.roles], n, { repository: "pull" }),
  },
  {
    where: "teams[].access",
    path: (n) => `teams[0].access.${n}`,
    put: (d, n) => setOwn(d.config[key.teams][0].access, n, "maintainer"),
  },
  {
    where: "tiers[].roles",
    path: (n) => `tiers[0].roles.${n}`,
    put: (d, n) => setOwn(d.config[key.tiers][0].roles, n, { stack: "none", environment: "none" }),
  },
  {
    where: "projects[].tiers",
    path: (n) => `projects[0].tiers.${n}`,
    put: (d, n) => setOwn(d.config[key.projects][0].tiers, n, {}),
  },
];

describe("hardening: reserved names (class 10)", () => {
  it("knows every name Object.prototype answers to", () => {
    for (const n of NAMES) assert.ok(RESERVED_NAMES.has(n.toLowerCase()), n);
    assert.equal(NAMES.length, 14);
  });

  for (const map of MAPS)
    it(`refuses every reserved name as a key of ${map.where}`, () => {
      for (const name of NAMES) {
        const doc = exampleDoc("prod");
        map.put(doc, name);
        const r = loadOrgConfig(entriesFromStackFile(doc));
        assert.ok(!r.ok, `${map.where}: "${name}" was accepted`);
        const at = r.errors.filter((e) => e.path === map.path(name));
        assert.ok(
          at.some((e) => e.message.includes(`"${name}" is a reserved name`)),
          `${map.where}: "${name}": ${JSON.stringify(r.errors)}`,
        );
      }
    });

  it("refuses a reserved key through the command line: exit 1, path, message, no stack trace", async () => {
    for (const map of MAPS)
      for (const name of ["__proto__", "constructor", "toString"]) {
        const run = await planEdited((d) => map.put(d, name));
        assertRefused(run, map.path(name), "is a reserved name");
      }
  });

  it("refuses reserved names as team, tier, project, role, repository and webhook names", async () => {
    const cases: [string, (d: StackDoc) => void, string][] = [
      ["teams[4].name", (d) => (d.config[key.teams][4].name = "constructor"), "constructor"],
      ["tiers[0].name", (d) => (d.config[key.tiers][0].name = "prototype"), "prototype"],
      ["projects[0].name", (d) => (d.config[key.projects][0].name = "__proto__"), "__proto__"],
      [
        "projects[0].repository",
        (d) => (d.config[key.projects][0].repository = "valueOf"),
        "valueOf",
      ],
      [
        "teams[1].access.payments",
        (d) => (d.config[key.teams][1].access.payments = "hasownproperty"),
        "hasownproperty",
      ],
      [
        "audit.webhooks[0].name",
        (d) => (d.config[key.audit].webhooks[0].name = "tostring"),
        "tostring",
      ],
    ];
    for (const [path, edit, name] of cases) {
      const run = await planEdited(edit);
      assertRefused(run, path, `"${name}" is a reserved name`);
    }
  });

  it("a reserved role name no longer crashes the plan: validation names it", () => {
    // Once a crash with a stack trace: a team's role "constructor" was looked up on a tier's
    // roles object and found Object.
    const doc = exampleDoc("prod");
    doc.config[key.teams][3].access = { "*": "constructor" };
    const r = validateOrgConfig(
      Object.fromEntries(
        Object.entries(doc.config)
          .filter(([k]) => k.startsWith("secure-org:"))
          .map(([k, v]) => [k.slice("secure-org:".length), v]),
      ),
    );
    assert.ok(!r.ok);
    assert.ok(r.errors.some((e) => e.message.includes('"constructor" is a reserved name')));
  });

  it("reads every name-keyed map as a null-prototype object", () => {
    const r = loadOrgConfig(entriesFromStackFile(exampleDoc("prod")));
    assert.ok(r.ok);
    if (!r.ok) return;
    for (const m of [
      r.config.roles,
      r.config.teams[0].access,
      r.config.tiers[0].roles,
      r.config.projects[0].tiers,
    ])
      assert.equal(Object.getPrototypeOf(m), null);
  });
});
