/** Guardrails: the policy pack this program publishes and the policy groups that apply it. */
import { calls, count, fixed, PS_COSTS, simple, ZERO } from "./cost";
import { parts, PS } from "./ids";
import type { ManagedArea, ManagedType } from "./types";

/** `{organization}/{name}/{versionTag}`. */
export const policyPackId = (org: string, name: string, versionTag: string) =>
  parts("/", [org, name, versionTag], "PolicyPack");

/** `{organization}/{name}`. */
export const policyGroupId = (org: string, name: string) => parts("/", [org, name], "PolicyGroup");

export const policyPack: ManagedType = {
  token: "pulumiservice:index:PolicyPack",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: ["GET /api/orgs/{orgName}/policygroups/{policyGroup}"],
    codes: ["guardrail-pack-missing", "guardrail-pack-version"],
    severity:
      "high on the protected tiers' group (missing, or another version than the checkout's), medium",
  },
  importId: {
    format: "{organization}/{name}/{versionTag}",
    source: `${PS}policy_pack.go (Read, splitPolicyPackID)`,
    importable: true,
    note: "a pack version is published from this program's code; adopt does not look for an existing one",
  },
  cost: simple(
    "pulumi",
    calls(2, 2),
    "replace",
    calls(1),
    `${PS_COSTS}/resources/policy_pack.go Create -> pulumiapi/policypacks.go PublishPolicyPack (POST, upload to the signed URL, POST complete), Read (ListPolicyPacks); no Update (a new version tag replaces)`,
    "plus one upload to object storage (the signed URL), not a Pulumi Cloud API call; retainOnDelete keeps old versions",
  ),
};

export const policyGroup: ManagedType = {
  token: "pulumiservice:index:PolicyGroup",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: [
      "GET /api/orgs/{orgName}/policygroups",
      "GET /api/orgs/{orgName}/policygroups/{policyGroup}",
    ],
    codes: [
      "guardrail-group-missing",
      "guardrail-stack-outside",
      "guardrail-stack-undeclared",
      "guardrail-mode-changed",
      "guardrail-level-weakened",
      "guardrail-settings-changed",
    ],
    severity: "high on protected tiers, medium",
  },
  importId: {
    format: "{organization}/{name}",
    source: `${PS}policy_group.go (Read, splitSingleSlashString)`,
    importable: true,
  },
  cost: {
    service: "pulumi",
    formula: {
      create: "3 (2 without stacks or packs)",
      update: "1 per stack or pack added or removed + 1",
      read: "1",
      preview: "0",
    },
    cost: {
      create: (c) =>
        count(c.inputs.stacks) + count(c.inputs.policyPacks) > 0 ? calls(3, 2) : calls(2, 1),
      update: fixed(calls(2, 1)),
      read: fixed(calls(1)),
      preview: fixed(ZERO),
    },
    source: `${PS_COSTS}/resources/policy_group.go Create (CreatePolicyGroup, one BatchUpdatePolicyGroup, GetPolicyGroup), Update (one BatchUpdatePolicyGroup per change, GetPolicyGroup), Read (GetPolicyGroup)`,
  },
  lookup: (_r, i, ctx) => {
    const g = ctx.live.policyGroups.find((x) => x.name === i.name);
    if (!g) return undefined;
    return {
      id: policyGroupId(ctx.org, g.name),
      match: { organizationName: ctx.org, name: g.name },
      live: { mode: g.mode, entityType: g.entityType },
    };
  },
};

export const guardrails: ManagedArea = {
  name: "guardrails",
  summary: "the published policy pack and the policy groups that enforce it",
  types: [policyPack, policyGroup],
  audit: ["policyGroups"],
};
