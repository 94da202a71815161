/**
 * The top of the organization (issue 15): declared admins and members as `OrganizationMember`s,
 * the deploying identity never demoted or removed by a config edit, and the custom roles behind
 * `defaults.customRoles`, whose permission descriptors follow Pulumi Cloud's wire grammar (checked
 * against the OpenAPI spec's discriminated schemas, vendored in test/fixtures/openapi/roles.json).
 * What this cannot prove: how Pulumi Cloud evaluates the descriptors (the README says what is
 * unverified).
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { buildOrg } from "../../components/org";
import { runUnderMocks } from "../../plan/mockRun";
import { exampleConfig, key } from "../support/examples";
import { loadOpenApiFixture } from "../support/openapi";
import { Run, runExample } from "../support/run";

const MEMBER = "pulumiservice:index:OrganizationMember";
const fakeSecret = (k: string) => pulumi.secret(`secret-value-of-${k}`);
const ROLE = "pulumiservice:index:OrganizationRole";
const ASSIGNMENT = "pulumiservice:index:TeamRoleAssignment";

type Node = Record<string, unknown>;
type Schema = Record<string, unknown>;
const spec = loadOpenApiFixture("roles.json");
const schemas = spec.components.schemas as Record<string, Schema>;
const refName = (s: unknown) =>
  String((s as { $ref?: string }).$ref ?? "")
    .split("/")
    .pop() ?? "";

/** Property schemas of a component schema, through its allOf chain. */
function propertiesOf(name: string): Record<string, Schema> {
  const s = schemas[name];
  if (!s) throw new Error(`no schema ${name}`);
  const own = (s.properties ?? {}) as Record<string, Schema>;
  const inherited = ((s.allOf ?? []) as Schema[]).map((part) =>
    part.$ref ? propertiesOf(refName(part)) : ((part.properties ?? {}) as Record<string, Schema>),
  );
  return Object.assign({}, ...inherited, own);
}

/** The discriminator mapping a base schema (or one of its ancestors) declares. */
function mappingOf(name: string): Record<string, string> | undefined {
  const s = schemas[name];
  const d = s?.discriminator as { mapping?: Record<string, string> } | undefined;
  if (d?.mapping) return d.mapping;
  for (const part of (s?.allOf ?? []) as Schema[])
    if (part.$ref) {
      const m = mappingOf(refName(part));
      if (m) return m;
    }
  return undefined;
}

/** Checks a `__type`-discriminated tree against `base`; returns the problems. */
function validate(node: unknown, base: string, at = "$"): string[] {
  const mapping = mappingOf(base);
  if (!mapping) return [];
  const n = node as Node;
  const type = String(n?.__type);
  const target = mapping[type];
  if (!target) return [`${at}: __type ${type} is not one of ${base}'s`];
  const props = propertiesOf(refName({ $ref: target }));
  const problems: string[] = [];
  for (const [k, v] of Object.entries(n)) {
    if (k === "__type") continue;
    const p = props[k];
    if (!p) problems.push(`${at}.${k}: not a property of ${type}`);
    else if (p.$ref) problems.push(...validate(v, refName(p), `${at}.${k}`));
    else if (p.type === "array" && (p.items as Schema)?.$ref)
      (v as unknown[]).forEach((x, i) =>
        problems.push(...validate(x, refName(p.items), `${at}.${k}[${i}]`)),
      );
    else if (p.type === "array" && (p.items as Schema)?.enum)
      for (const x of v as unknown[])
        if (!((p.items as Schema).enum as unknown[]).includes(x))
          problems.push(`${at}.${k}: ${String(x)} is not an allowed value`);
  }
  return problems;
}

describe("the top of the org: membership (issue 15)", () => {
  let run: Run;
  before(async () => {
    run = await runExample("prod");
  });

  it("declares every admin and member, admins first, and retains admins on delete", () => {
    const members = run.byType(MEMBER).map((r) => [r.inputs.username, r.inputs.role]);
    assert.deepEqual(members, [
      ["alice", "admin"],
      ["bob", "admin"],
      ["ivan", "member"],
      ["carol", "member"],
      ["dave", "member"],
      ["frank", "member"],
      ["grace", "member"],
      ["erin", "member"],
      ["heidi", "member"],
    ]);
    for (const r of run.byType(MEMBER))
      assert.equal(r.options.retainOnDelete, r.inputs.role === "admin", String(r.inputs.username));
  });

  it("manages no membership when no admin is declared", async () => {
    const r = await runExample("prod", (d) => {
      d.config["secure-org:admins"] = [];
      d.config[key.defaults].maxAdmins = 3;
    });
    assert.equal(r.byType(MEMBER).length, 0);
    assert.ok(r.org.model.findings.some((f) => f.code === "no-admins-declared"));
  });

  it("fails the deployment, before demoting it, when the deploying identity is a plain member", async () => {
    const { config, warnings } = exampleConfig("prod");
    await assert.rejects(
      runUnderMocks(
        (rootOptions) =>
          buildOrg(config, { rootOptions, warnings, deployer: "carol", secret: fakeSecret }),
        { stack: "prod", organization: "acme" },
      ),
      /"carol" runs this deployment but is declared as a plain member/,
    );
  });

  it("accepts an admin as the deploying identity", async () => {
    const { config, warnings } = exampleConfig("prod");
    const r = await runUnderMocks(
      (rootOptions) =>
        buildOrg(config, { rootOptions, warnings, deployer: "alice", secret: fakeSecret }),
      { stack: "prod", organization: "acme" },
    );
    assert.ok(r.resources.some((x) => x.type === MEMBER && x.inputs.username === "alice"));
  });
});

describe("the top of the org: custom roles (issue 15)", () => {
  let run: Run;
  before(async () => {
    run = await runExample("prod");
  });

  it("makes the deployment role open only the environments of Pulumi Deployments stacks", () => {
    const role = run.one(ROLE, "roles-deployments");
    assert.equal(role.inputs.resourceType, "global");
    const entries = (role.inputs.permissions as Node).entries as Node[];
    assert.deepEqual(
      entries.map((e) => [
        ((e.condition as Node).right as Node).identity,
        (e.subNode as Node).permissions,
      ]),
      [
        // Each stack's environment and the login environment it imports (docs/cloud-credentials.md).
        ["env-id-web-staging", ["environment:read", "environment:open"]],
        ["env-id-web-staging-cloud", ["environment:read", "environment:open"]],
        ["env-id-web-prod", ["environment:read", "environment:open"]],
        ["env-id-web-prod-cloud", ["environment:read", "environment:open"]],
      ],
    );
    const defaults = run.one("pulumi-nodejs:dynamic:Resource", "org-defaults");
    assert.equal(defaults.inputs.defaultDeploymentRoleId, "roles-deployments-id");
  });

  it("gives the auditor team read-only organization scopes, through one assignment", () => {
    const role = run.one(ROLE, "roles-auditor");
    const [allow] = (role.inputs.permissions as Node).entries as Node[];
    assert.deepEqual(allow.permissions, [
      "audit_logs:read",
      "oidc_issuers:read",
      "auth_policies:read",
      "role:read",
      "org_member:read",
      "team:list",
      "team:read",
      "policy_groups:read",
    ]);
    for (const scope of allow.permissions as string[])
      assert.match(scope, /:(read|list)$/, `${scope} is not read-only`);
    const a = run.one(ASSIGNMENT, "roles-auditor-assignment");
    assert.deepEqual(a.inputs, {
      organizationName: "acme",
      teamName: "secure-org-auditor",
      roleId: "roles-auditor-id",
    });
  });

  it("follows the wire grammar of the OpenAPI spec, and the check catches a wrong tree", () => {
    for (const name of ["roles-deployments", "roles-auditor"])
      assert.deepEqual(
        validate(run.one(ROLE, name).inputs.permissions, "PermissionDescriptor"),
        [],
      );
    const broken = {
      __type: "PermissionDescriptorGroup",
      entries: [
        { __type: "PermissionDescriptorAllow", permissions: ["environment:teleport"] },
        {
          __type: "PermissionDescriptorCondition",
          condition: { __type: "PermissionExpressionNope" },
        },
      ],
    };
    assert.equal(validate(broken, "PermissionDescriptor").length, 2);
  });

  it("creates no role without defaults.customRoles", async () => {
    const r = await runExample("prod", (d) => (d.config[key.defaults].customRoles = false));
    assert.equal(r.byType(ROLE).length, 0);
    assert.equal(r.byType(ASSIGNMENT).length, 0);
    assert.equal(
      r.one("pulumi-nodejs:dynamic:Resource", "org-defaults").inputs.defaultDeploymentRoleId,
      undefined,
    );
  });
});
