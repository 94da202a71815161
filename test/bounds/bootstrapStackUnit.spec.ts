/**
 * The bootstrap deploys the stack its config belongs to (model/config/policy/bootstrapStack.ts),
 * called directly over small lenient views with the config's owner (stack, Pulumi project): the
 * bootstrap's name against the Pulumi project, one tier, a declared stack against the config's,
 * and resolveBootstrapStack filling in the stack. Exact errors. Fast enough to run under every
 * mutant of the policy-bootstrap group.
 */
import assert from "node:assert/strict";
import type { ConfigIssue, OrgConfig } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { ConfigOwner, policyContext } from "../../model/config/policy/shared";
import {
  checkBootstrapStack,
  resolveBootstrapStack,
} from "../../model/config/policy/bootstrapStack";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function base(): Any {
  return {
    projects: [
      { name: "payments", tiers: { prod: {} } },
      { name: "secure-org", bootstrap: true, tiers: { prod: {} } },
    ],
  };
}
function run(owner: ConfigOwner, edit: (c: Any) => void = () => undefined): ConfigIssue[] {
  const c = base();
  edit(c);
  const errors: ConfigIssue[] = [];
  checkBootstrapStack(policyContext(lenientView(c), errors, [], owner));
  return errors;
}
const OWNER = { stack: "acme", project: "secure-org" };
const boot = (c: Any) => c.projects[1];

describe("bounds: the bootstrap's stack, unit", () => {
  it("the baseline passes, with or without an owner", () => {
    assert.deepEqual(run(OWNER), []);
    assert.deepEqual(run({}), []);
  });

  it("no bootstrap: nothing to check", () =>
    assert.deepEqual(
      run(OWNER, (c) => {
        boot(c).bootstrap = false;
        boot(c).name = "other";
        boot(c).tiers = { a: {}, b: {} };
      }),
      [],
    ));

  it("a bootstrap named other than the Pulumi project is refused", () =>
    assert.deepEqual(
      run(OWNER, (c) => (boot(c).name = "platform")),
      [
        {
          path: "projects[1].name",
          message:
            'the bootstrap project is this Pulumi program, whose project is "secure-org" (Pulumi.yaml name), but it is ' +
            'named "platform": its workflow would deploy stack <org>/platform/<stack>, which this program never is. ' +
            'Name it "secure-org" (or rename the project in Pulumi.yaml)',
        },
      ],
    ));

  it("a bootstrap that is the first project is checked too", () =>
    assert.deepEqual(
      run(OWNER, (c) => {
        c.projects.reverse();
        c.projects[0].name = "platform";
      }).map((e) => e.path),
      ["projects[0].name"],
    ));

  it("the name is not checked without a known project, or without a name", () => {
    assert.deepEqual(
      run({ stack: "acme" }, (c) => (boot(c).name = "platform")),
      [],
    );
    assert.deepEqual(
      run(OWNER, (c) => delete boot(c).name),
      [],
    );
  });

  it("two tiers are refused (with a stack known); one is the rule", () => {
    assert.deepEqual(
      run(OWNER, (c) => (boot(c).tiers = { staging: {}, prod: {} })),
      [
        {
          path: "projects[1].tiers",
          message:
            'the bootstrap deploys one stack, the one this config belongs to ("acme", Pulumi.acme.yaml), but lists ' +
            'tiers "staging", "prod": every other stack of this program has its own config file. Keep the one tier ' +
            "the bootstrap deploys from",
        },
      ],
    );
    assert.deepEqual(
      run({ project: "secure-org" }, (c) => (boot(c).tiers = { staging: {}, prod: {} })),
      [],
    );
    assert.deepEqual(
      run(OWNER, (c) => (boot(c).tiers = {})),
      [],
    );
  });

  it("a declared stack other than the config's is refused; the same one passes", () => {
    assert.deepEqual(
      run(OWNER, (c) => (boot(c).tiers = { prod: { stack: "prod" } })),
      [
        {
          path: "projects[1].tiers.prod.stack",
          message:
            'the bootstrap would deploy stack "prod", but this config is stack "acme"\'s (Pulumi.acme.yaml): its ' +
            "workflow would plan and deploy another stack's config. Remove this stack (the bootstrap deploys the " +
            'stack its config belongs to), or plan and deploy this file as stack "prod" (Pulumi.prod.yaml)',
        },
      ],
    );
    assert.deepEqual(
      run(OWNER, (c) => (boot(c).tiers = { prod: { stack: "acme" } })),
      [],
    );
    assert.deepEqual(run(OWNER, (c) => (boot(c).tiers = { prod: { stack: "Acme" } })).length, 1);
  });

  it("the first bootstrap is the one checked", () =>
    assert.deepEqual(
      run(OWNER, (c) => c.projects.push({ name: "x", bootstrap: true, tiers: { a: {}, b: {} } })),
      [],
    ));
});

describe("bounds: resolveBootstrapStack, unit", () => {
  const config = (tiers: Any, bootstrap = true): OrgConfig =>
    ({
      projects: [
        { name: "payments", tiers: { prod: {} } },
        { name: "secure-org", bootstrap, tiers },
      ],
    }) as unknown as OrgConfig;
  const tiersOf = (c: OrgConfig) => (c.projects[1] as Any).tiers;

  it("fills in the config's stack on the one tier", () => {
    const c = config({ prod: { environment: "boot" } });
    resolveBootstrapStack(c, "acme");
    assert.deepEqual(tiersOf(c), { prod: { environment: "boot", stack: "acme" } });
    assert.deepEqual((c.projects[0] as Any).tiers, { prod: {} });
  });
  it("keeps a declared stack", () => {
    const c = config({ prod: { stack: "acme" } });
    resolveBootstrapStack(c, "other");
    assert.deepEqual(tiersOf(c), { prod: { stack: "acme" } });
  });
  it("does nothing without a stack, a bootstrap, or with other than one tier", () => {
    for (const [c, stack] of [
      [config({ prod: {} }), undefined],
      [config({ prod: {} }, false), "acme"],
      [config({ a: {}, b: {} }), "acme"],
      [config({}), "acme"],
    ] as const) {
      const before = structuredClone(c);
      resolveBootstrapStack(c, stack);
      assert.deepStrictEqual(c, before);
      assert.ok(!Object.values(tiersOf(c)).some((e) => "stack" in (e as object)));
    }
  });
});
