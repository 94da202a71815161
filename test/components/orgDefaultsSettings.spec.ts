/**
 * OrgDefaults, the settings added for issue 15: stack transfers, collaborator invitations,
 * Insights accounts and their default permission, and the default deployment role. Read before
 * write and restored on delete like the others, except collaborator invitations, which the API
 * accepts but never reports: written on every update, never restored.
 */
import assert from "node:assert/strict";
import { DECLARED, HIDDEN_INVITE, useOrgDefaults } from "../support/orgDefaults";

const MORE = {
  ...DECLARED,
  membersCanTransferStacks: false,
  membersCanInviteCollaborators: false,
  membersCanCreateAccounts: false,
  accountPermission: "none" as const,
  defaultDeploymentRoleId: "role-deployments",
};

describe("OrgDefaults: member settings and the deployment role", () => {
  const t = useOrgDefaults();

  it("reads before it writes, and patches each new setting with its API value", async () => {
    t.fakeOrg({
      ...t.org,
      membersCanTransferStacks: true,
      membersCanCreateAccounts: true,
      defaultAccountPermission: 1,
      defaultDeploymentRoleId: "",
      [HIDDEN_INVITE]: true,
    });
    const { outs } = await t.create(MORE);
    const out = { outs: outs as NonNullable<typeof outs> };
    const patch = t.patches()[0] as Record<string, unknown>;
    assert.equal(patch.setMembersCanTransferStacks, false);
    assert.equal(patch.setMembersCanCreateAccounts, false);
    assert.equal(patch.setDefaultAccountPermission, 0);
    assert.equal(patch.setDefaultDeploymentRoleId, "role-deployments");
    assert.equal(patch.setMembersCanInviteCollaborators, false);
    assert.equal(t.org.defaultAccountPermission, 0);
    assert.equal(t.org[HIDDEN_INVITE], false);
    // What was there before; the unreported setting has no previous value.
    assert.equal(out.outs.previous.accountPermission, "read");
    assert.equal(out.outs.previous.defaultDeploymentRoleId, "");
    assert.equal(out.outs.previous.membersCanTransferStacks, true);
    assert.ok(!("membersCanInviteCollaborators" in out.outs.previous));
  });

  it("restores what it can on delete, and leaves the unreported setting as it is", async () => {
    t.fakeOrg({ ...t.org, defaultAccountPermission: 1, defaultDeploymentRoleId: "old-role" });
    const { outs } = await t.create(MORE);
    await t.provider().delete?.("acme", outs as NonNullable<typeof outs>);
    assert.equal(t.org.defaultAccountPermission, 1);
    assert.equal(t.org.defaultDeploymentRoleId, "old-role");
    assert.equal(t.org[HIDDEN_INVITE], false);
  });

  it("refresh keeps the unreported setting as last written, so it never shows false drift", async () => {
    const { outs } = await t.create(MORE);
    const read = await t.provider().read?.("acme", outs);
    assert.equal(read?.props?.membersCanInviteCollaborators, false);
    assert.equal(read?.props?.accountPermission, "none");
  });

  it("refuses an Insights default above read and a non-boolean setting", async () => {
    const r = await t.provider().check?.(MORE, { ...MORE, accountPermission: "write" } as never);
    assert.deepEqual(
      r?.failures?.map((f) => f.property),
      ["accountPermission"],
    );
    const b = await t
      .provider()
      .check?.(MORE, { ...MORE, membersCanTransferStacks: "no" } as never);
    assert.deepEqual(
      b?.failures?.map((f) => f.property),
      ["membersCanTransferStacks"],
    );
  });

  it("maps Insights account permissions both ways", () => {
    const m = t.mod();
    assert.equal(m.accountPermissionToApi("read"), 1);
    assert.equal(m.accountPermissionFromApi(0), "none");
    assert.equal(m.accountPermissionFromApi(3), "admin");
    assert.throws(() => m.accountPermissionToApi("owner"), /unknown account permission/);
  });
});
