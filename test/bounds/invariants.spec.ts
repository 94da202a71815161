/**
 * Direction of the rank comparisons in the invariants (model/invariants/): the bound on what a
 * writer of a repository can start is the LEAST privileged writer's grant, and a route is refused
 * only when it holds strictly more. Each test makes the two sides differ and asserts which wins.
 */
import assert from "node:assert/strict";
import { loadOrgConfig } from "../../model/load";
import {
  envRank,
  stackRank,
  writerBound,
  writersByRepository,
} from "../../model/invariants/writers";
import { entriesOf, exampleConfig, exampleDoc, key, StackDoc } from "../support/examples";

const staging = (d: StackDoc) => d.config[key.tiers][1].roles;

function boundOn(edit: (d: StackDoc) => void, project = "payments", tier = "staging") {
  const { config } = exampleConfig("prod", edit);
  const writers = writersByRepository(config).get("payments-infra") ?? [];
  return {
    writers: writers.map((w) => w.team),
    bound: writerBound(config, writers, project, tier),
  };
}

describe("bounds: the least-privileged writer bounds what a writer can start", () => {
  it("the writers of payments-infra are the teams whose role there has push or more", () =>
    assert.deepEqual(boundOn(() => undefined).writers, ["platform", "payments", "security"]));

  it("takes the least privileged writer, not the most (developer write, the others read)", () => {
    const { bound } = boundOn(
      (d) => (staging(d).developer = { stack: "write", environment: "open" }),
    );
    assert.equal(bound.stack, "read");
    assert.equal(bound.environment, "read");
    assert.equal(bound.who.stack, "role maintainer of team platform");
  });

  it("a lower writer later in the list wins over an earlier one (auditor none)", () => {
    const { bound } = boundOn((d) => (staging(d).auditor = { stack: "none", environment: "none" }));
    assert.deepEqual(
      [bound.stack, bound.environment, bound.who.stack, bound.who.environment],
      ["none", "none", "role auditor of team security", "role auditor of team security"],
    );
  });

  it("stack and environment are bounded separately (each by its own least writer)", () => {
    const { bound } = boundOn((d) => {
      staging(d).maintainer = { stack: "none", environment: "read" };
      staging(d).auditor = { stack: "read", environment: "none" };
    });
    assert.deepEqual(
      [bound.stack, bound.who.stack, bound.environment, bound.who.environment],
      ["none", "role maintainer of team platform", "none", "role auditor of team security"],
    );
  });

  it("among equals the first writer is named", () => {
    const { bound } = boundOn(() => undefined);
    assert.equal(bound.who.environment, "role maintainer of team platform");
  });

  it("with no writer the bound is none, and says nobody", () => {
    const { config } = exampleConfig("prod");
    const b = writerBound(config, [], "payments", "staging");
    assert.deepEqual([b.stack, b.environment], ["none", "none"]);
    assert.match(b.who.stack, /^nobody declared/);
  });

  it("ranks run none < read < write < admin and none < read < open < write < admin", () => {
    assert.deepEqual((["none", "read", "write", "admin"] as const).map(stackRank), [0, 1, 2, 3]);
    assert.deepEqual(
      (["none", "read", "open", "write", "admin"] as const).map(envRank),
      [0, 1, 2, 3, 4],
    );
  });
});

describe("bounds: a route is refused only when it holds strictly more than the bound", () => {
  const route = (edit: (d: StackDoc) => void) => {
    const doc = exampleDoc("prod");
    doc.config[key.tiers][1].deploy.branch = "release";
    edit(doc);
    const r = loadOrgConfig(entriesOf(doc));
    return r.ok ? [] : r.errors.filter((e) => e.path === "projects[0].tiers.staging");
  };

  it("the deploy team (stack write, environment open) over writers holding read: refused, both named", () => {
    const [e] = route(() => undefined);
    assert.match(
      e?.message ?? "",
      /holds stack write on payments\/staging, where the least-privileged role with push access \(role maintainer of team platform\) holds read/,
    );
    assert.match(e?.message ?? "", /and environment open on payments\/staging/);
  });

  it("exactly at the bound (every writer holds stack write, environment open): accepted", () => {
    const all = { stack: "write", environment: "open" };
    assert.deepEqual(
      route((d) => {
        for (const r of ["developer", "maintainer", "auditor"]) staging(d)[r] = { ...all };
      }),
      [],
    );
  });

  it("one step under on the environment only: only the environment is named", () => {
    const [e] = route((d) => {
      for (const r of ["developer", "maintainer", "auditor"])
        staging(d)[r] = { stack: "write", environment: "read" };
    });
    assert.doesNotMatch(e?.message ?? "", /holds stack write/);
    assert.match(e?.message ?? "", /holds environment open on payments\/staging/);
  });

  it("one step under on the stack only: only the stack is named", () => {
    const [e] = route((d) => {
      for (const r of ["developer", "maintainer", "auditor"])
        staging(d)[r] = { stack: "read", environment: "open" };
    });
    assert.match(e?.message ?? "", /holds stack write on payments\/staging/);
    assert.doesNotMatch(e?.message ?? "", /environment open on/);
  });
});
