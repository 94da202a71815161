/**
 * Issue 30 item 4 (adopt/leftover.ts): every live object of a managed type the record does not
 * import is listed with its reason; the lookup is by type and import ID together, and a name that
 * cannot form an import ID is listed with that reason.
 */
import assert from "node:assert/strict";
import { objectsLeftBehind } from "../../adopt/leftover";
import type { LiveOrg } from "../../adopt/live";
import { messyOrg } from "../support/messyOrg";

const base = (): LiveOrg => ({
  ...messyOrg(),
  webhooks: [],
  deploymentSettings: [],
  driftSchedules: [],
  approvalRules: [],
  policyGroups: [],
  stacks: [],
});

describe("adopt: objects left behind are listed (issue 30 item 4)", () => {
  it("lists an approval rule not imported, and imports it only by its own type", () => {
    const live: LiveOrg = {
      ...base(),
      approvalRules: [
        {
          id: "r1",
          name: "changes",
          enabled: true,
          project: "payments",
          environment: "prod",
          actionTypes: ["update"],
          numApprovalsRequired: 1,
          allowSelfApproval: false,
          requireReapprovalOnChange: true,
          approvers: ["team:platform"],
        },
      ],
    };
    const id = `environment/${live.organization}/payments/prod/r1`;
    assert.deepEqual(
      objectsLeftBehind(live, [{ type: "pulumiservice:index:ApprovalRule", id } as never]),
      [],
    );
    // The same ID under another type does not count.
    const listed = objectsLeftBehind(live, [{ type: "pulumiservice:index:Team", id } as never]);
    assert.deepEqual(
      listed.map((u) => `${u.kind} ${u.name}`),
      ["approval-rule payments/prod changes"],
    );
    assert.match(listed[0].reason, /approval rules .* do not include it/);
  });

  it("lists a webhook whose name cannot form an import ID, with that reason", () => {
    const live: LiveOrg = {
      ...base(),
      webhooks: [
        {
          name: "a/b",
          displayName: "Hostile",
          payloadUrl: "https://hooks.example.com/x",
          active: true,
          format: "raw",
          filters: [],
          groups: [],
          hasSecret: false,
          scope: { kind: "organization" },
        },
      ],
    };
    const [u] = objectsLeftBehind(live, []);
    assert.equal(`${u.kind} ${u.name}`, "webhook Hostile (org)");
    assert.match(u.reason, /cannot form the provider's import ID/);
  });

  it("lists a policy group and stack tags, never the two default groups", () => {
    const live: LiveOrg = {
      ...base(),
      policyGroups: [
        { name: "default-policy-group", mode: "preventative", entityType: "stacks" },
        { name: "__proto__", mode: "audit", entityType: "stacks" },
      ],
      stacks: [{ project: "web", stack: "prod", tags: { team: "web" } }],
    };
    assert.deepEqual(
      objectsLeftBehind(live, []).map((u) => `${u.kind} ${u.name}`),
      ["policy-group __proto__", "stack-tags web/prod"],
    );
  });

  it("names a break-glass open gate api:Gate (never an ApprovalRule), even when its ID is in the record as one", () => {
    const gate = {
      id: "g1",
      name: "secure-org break-glass payments/prod-breakglass",
      enabled: true,
      project: "payments",
      environment: "prod-breakglass",
      actionTypes: ["open"],
      numApprovalsRequired: 1,
      allowSelfApproval: false,
      requireReapprovalOnChange: true,
      approvers: ["team:security"],
    };
    const live: LiveOrg = { ...base(), approvalRules: [gate] };
    const id = `environment/${live.organization}/payments/prod-breakglass/g1`;
    const listed = objectsLeftBehind(live, [
      { type: "pulumiservice:index:ApprovalRule", id } as never,
    ]);
    assert.deepEqual(
      listed.map((u) => `${u.kind} ${u.name}`),
      [
        "change-gate payments/prod-breakglass secure-org break-glass payments/prod-breakglass (actions open)",
      ],
    );
    assert.match(listed[0].reason, /api:Gate cannot be imported/);
    assert.doesNotMatch(listed[0].reason, /approval rules/);
  });

  it("lists change gates that are no approval rule, each with its own reason", () => {
    const live: LiveOrg = {
      ...base(),
      otherGates: [
        {
          id: "s1",
          name: "stack gate",
          ruleType: "approval_required",
          entityType: "stack",
          qualifiedName: "web/prod",
        },
        {
          id: "e1",
          name: "constructor",
          ruleType: "deny_all",
          entityType: "environment",
          qualifiedName: "web/prod",
        },
      ],
    };
    const listed = objectsLeftBehind(live, []);
    assert.deepEqual(
      listed.map((u) => `${u.kind} ${u.name}`),
      ["change-gate stack web/prod stack gate", "change-gate environment web/prod constructor"],
    );
    assert.match(listed[0].reason, /on a stack target/);
    assert.match(listed[1].reason, /rule type "deny_all"/);
  });
});
