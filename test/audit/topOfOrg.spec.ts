/**
 * The comparison of the top of the organization, without a server (hostile cases the scenario
 * table does not cover): issuers that try to pass as the managed one, role descriptors that hide
 * what they grant, the deployer and the member roles, and how a member's role is read.
 */
import assert from "node:assert/strict";
import {
  classifyIssuers,
  compareAccess,
  flattenDescriptor,
  LiveSnapshot,
  roleDifferences,
} from "../../audit/compare";
import { liveMemberOf } from "../../audit/readAccess";
import { AUDITOR_ROLE_NAME, DEPLOYMENT_ROLE_NAME } from "../../model/access";
import { GITHUB_ISSUER_URL } from "../../model/oidc";
import { cleanOrg, clone, DEPLOYER, key, model, Mutable } from "./harness";

const findings = (w: LiveSnapshot, deployer: string | null = DEPLOYER) =>
  compareAccess(model, w, { deployer }).findings.map(key);
const added = (w: LiveSnapshot, deployer: string | null = DEPLOYER) => {
  const before = findings(cleanOrg(), deployer);
  return findings(w, deployer).filter((k) => !before.includes(k));
};
const spec = (name: string) => {
  const r = model.roles.find((x) => x.name === name);
  if (!r) throw new Error(`no role ${name}`);
  return r;
};
const liveRole = (w: Mutable, name: string) => w.roles.find((r: Mutable) => r.name === name);

describe("audit: the top of the organization (pure)", () => {
  it("an issuer named like the managed one but registered second is the managed one; the first is undeclared", () => {
    const w = clone(cleanOrg());
    const real = w.oidcIssuers[0];
    w.oidcIssuers.unshift({ ...clone(real), id: "x1", name: "github" });
    const classes = classifyIssuers(model, w.oidcIssuers);
    assert.equal(classes.managed[0].live?.id, real.id);
    assert.deepEqual(
      classes.undeclared.map((i) => i.name),
      ["github"],
    );
    assert.deepEqual(added(w), ["high oidc-issuer-undeclared oidc:github"]);
  });

  it("the URL decides, not the name: an issuer named github-actions at another URL is undeclared", () => {
    const w = clone(cleanOrg());
    w.oidcIssuers.push({
      ...clone(w.oidcIssuers[0]),
      id: "x2",
      url: "https://token.actions.githubusercontent.com.evil.example",
    });
    assert.deepEqual(added(w), ["high oidc-issuer-undeclared oidc:github-actions"]);
  });

  it("a URL that differs only by case or a trailing slash is the same issuer", () => {
    const w = clone(cleanOrg());
    w.oidcIssuers[0].url = `${GITHUB_ISSUER_URL.toUpperCase()}/`;
    assert.deepEqual(added(w), []);
  });

  it("an undeclared issuer with no policy grants nothing: info", () => {
    const w = clone(cleanOrg());
    w.oidcIssuers.push({ id: "e", name: "empty", url: "https://ci.example", policies: [] });
    assert.deepEqual(added(w), ["info oidc-issuer-undeclared oidc:empty"]);
  });

  it("a role that hides its grants behind a compose node is high, not silently equal", () => {
    const w = clone(cleanOrg());
    liveRole(w, AUDITOR_ROLE_NAME).details.entries.push({
      __type: "PermissionDescriptorCompose",
      permissionDescriptors: ["some-other-role"],
    });
    assert.deepEqual(added(w), [`high role-changed role:${AUDITOR_ROLE_NAME}`]);
    const diff = roleDifferences(spec(AUDITOR_ROLE_NAME), liveRole(w, AUDITOR_ROLE_NAME));
    assert.match(diff.more.join(" "), /PermissionDescriptorCompose/);
  });

  it("an environment condition that no longer pins one environment is high", () => {
    const w = clone(cleanOrg());
    const cond = liveRole(w, DEPLOYMENT_ROLE_NAME).details.entries[0];
    cond.condition = { __type: "PermissionExpressionTrue" };
    assert.deepEqual(added(w), [`high role-changed role:${DEPLOYMENT_ROLE_NAME}`]);
  });

  it("environment scopes moved out of their condition (on every environment) are high", () => {
    const w = clone(cleanOrg());
    const role = liveRole(w, DEPLOYMENT_ROLE_NAME);
    role.details.entries.push({
      __type: "PermissionDescriptorAllow",
      permissions: ["environment:open"],
    });
    assert.deepEqual(added(w), [`high role-changed role:${DEPLOYMENT_ROLE_NAME}`]);
  });

  it("a role that lost an environment condition or a scope grants less: medium", () => {
    const w = clone(cleanOrg());
    const role = liveRole(w, DEPLOYMENT_ROLE_NAME);
    assert.ok(role.details.entries.length >= 1);
    role.details.entries.pop();
    assert.deepEqual(added(w), [`medium role-changed role:${DEPLOYMENT_ROLE_NAME}`]);
    const w2 = clone(cleanOrg());
    liveRole(w2, AUDITOR_ROLE_NAME).details.entries[0].permissions.pop();
    assert.deepEqual(added(w2), [`medium role-changed role:${AUDITOR_ROLE_NAME}`]);
  });

  it("reads a descriptor's scopes, unconditional and per condition", () => {
    const flat = flattenDescriptor({
      __type: "PermissionDescriptorGroup",
      entries: [
        { __type: "PermissionDescriptorAllow", permissions: ["team:read"] },
        {
          __type: "PermissionDescriptorCondition",
          condition: {
            __type: "PermissionExpressionEqual",
            left: { __type: "PermissionExpressionEnvironment" },
            right: { __type: "PermissionLiteralExpressionEnvironment", identity: "e1" },
          },
          subNode: { __type: "PermissionDescriptorAllow", permissions: ["environment:open"] },
        },
      ],
    });
    assert.deepEqual([...flat.unconditional], ["team:read"]);
    assert.deepEqual(
      flat.conditions.map((c) => [c.pinned, [...c.scopes]]),
      [[true, ["environment:open"]]],
    );
    assert.equal(flat.opaque.size, 0);
  });

  it("an undeclared custom role nobody holds is low; once a team holds it, high", () => {
    const w = clone(cleanOrg());
    w.roles.push({
      id: "r-x",
      name: "everything",
      details: { __type: "PermissionDescriptorAllow", permissions: ["stack:write"] },
    });
    assert.deepEqual(added(w), ["low role-undeclared role:everything"]);
    w.teams.find((t: Mutable) => t.name === "web").roleIds = ["r-x"];
    assert.deepEqual(added(w), ["high role-grant-undeclared team:web role:everything"]);
  });

  it("the deployer is ignored as a plain member, but not as an undeclared admin", () => {
    const w = clone(cleanOrg());
    w.members.push({ login: DEPLOYER, role: "member" });
    assert.deepEqual(added(w), []);
    w.members[w.members.length - 1].role = "admin";
    assert.deepEqual(added(w), [`high admin-undeclared member:${DEPLOYER}`]);
    const f = compareAccess(model, w, { deployer: DEPLOYER }).findings.find(
      (x) => x.code === "admin-undeclared",
    );
    assert.match(f?.message ?? "", /the deployer/);
  });

  it("a billing manager or stack collaborator nobody declared is reported; an invitation is not", () => {
    const w = clone(cleanOrg());
    w.members.push(
      { login: "bill", role: "billing-manager" },
      { login: "cora", role: "stack-collaborator" },
      { login: "ian", role: "potential-member" },
    );
    assert.deepEqual(added(w).sort(), [
      "medium org-member-undeclared member:bill",
      "medium org-member-undeclared member:cora",
    ]);
  });

  it("reads a member's role from role, else from fgaRole, and keeps a custom fgaRole", () => {
    const user = { name: "A", githubLogin: "ann", avatarUrl: "" };
    assert.deepEqual(liveMemberOf({ role: "admin", user }), { login: "ann", role: "admin" });
    assert.deepEqual(liveMemberOf({ fgaRole: { id: "b", name: "billingManager" }, user }), {
      login: "ann",
      role: "billing-manager",
    });
    assert.deepEqual(
      liveMemberOf({ role: "member", fgaRole: { id: "r1", name: "Deployer" }, user }),
      { login: "ann", role: "member", customRole: { id: "r1", name: "Deployer" } },
    );
  });
});
