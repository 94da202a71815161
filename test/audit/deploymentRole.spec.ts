/**
 * The default deployment role's conditions (issue 25), on the spec-driven fake: the environments
 * its conditions name (by `OrgEnvironment.id`) against those the config declares for Pulumi
 * Deployments. The clean organization gives nothing above info (clean.spec.ts, specFake.spec.ts).
 */
import assert from "node:assert/strict";
import { conditionEnvironmentIds } from "../../audit/compare/deploymentRole";
import { DEPLOYMENT_ROLE_NAME } from "../../model/access";
import { SpecFake, Wire } from "../support/specFake";
import { expectDrift, Org, startFake, useCloud } from "./harness";

const start = (mutate?: (o: Org) => void): SpecFake => startFake(mutate);

/** The deployment role's condition literals, to rewrite. */
function literals(o: Org): Wire[] {
  const role = o.roles.find((r) => r.name === DEPLOYMENT_ROLE_NAME);
  if (!role) throw new Error("no deployment role");
  const out: Wire[] = [];
  const visit = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== "object") return;
    const w = n as Wire;
    if (w.__type === "PermissionLiteralExpressionEnvironment") out.push(w);
    Object.values(w).forEach(visit);
  };
  visit(role.details);
  return out;
}
const idOf = (o: Org, ref: string) => {
  const [project, name] = ref.split("/");
  return String(
    o.environments.find((e) => e.env.project === project && e.env.name === name)?.env.id,
  );
};
const SUBJECT = `org:defaultDeploymentRoleId role:${DEPLOYMENT_ROLE_NAME}`;

const CASES: { what: string; mutate: (o: Org) => void; expect: string[] }[] = [
  {
    what: "the deployment role's web/staging condition rewritten to payments/prod",
    mutate: (o) => (literals(o)[0].identity = idOf(o, "payments/prod")),
    expect: [`high role-condition-environment ${SUBJECT} environment:payments/prod`],
  },
  {
    what: "the deployment role's web/staging condition rewritten to a dev environment",
    mutate: (o) => (literals(o)[0].identity = idOf(o, "payments/dev")),
    expect: [`medium role-condition-environment ${SUBJECT} environment:payments/dev`],
  },
  {
    what: "the deployment role naming an environment id that does not exist",
    mutate: (o) => (literals(o)[1].identity = "env-gone"),
    expect: [`medium role-condition-environment ${SUBJECT} environment-id:env-gone`],
  },
];

describe("audit: the default deployment role's conditions (spec-driven fake)", () => {
  useCloud();

  it("reads condition ids anywhere in a descriptor", () => {
    assert.deepEqual(
      conditionEnvironmentIds({
        __type: "PermissionDescriptorGroup",
        entries: [
          { __type: "PermissionDescriptorAllow", permissions: ["stack:read"] },
          {
            __type: "PermissionDescriptorIfThenElse",
            condition: {
              right: { __type: "PermissionLiteralExpressionEnvironment", identity: "a" },
            },
            subNode: [
              { right: { __type: "PermissionLiteralExpressionEnvironment", identity: "b" } },
            ],
          },
        ],
      }),
      ["a", "b"],
    );
  });

  for (const c of CASES)
    it(c.what, async () => {
      const fake = start(c.mutate);
      const r = await expectDrift(fake, c.expect);
      const f = r.findings.find((x) => x.code === "role-condition-environment");
      assert.match(f?.message ?? "", /no longer names web\/staging/);
    });
});
