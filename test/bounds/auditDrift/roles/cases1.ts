/** Drift cases of roles.ts, part 1 of 3. */
import { Mutable } from "../../../audit/harness";
import { DriftCase } from "../case";
import { role, entries } from "./support";

export const CASES: DriftCase[] = [
  // Declared roles and their descriptors.
  {
    what: "the deployments role missing (and so the default deployment role names an unknown id)",
    edit: (w) => (w.roles = w.roles.filter((r: Mutable) => r.id !== "role-deployments")),
    want: [
      {
        severity: "high",
        code: "role-grant-undeclared",
        subject: "org:defaultDeploymentRoleId role:(unknown role id role-deployments)",
        message:
          "Pulumi Deployments runs with custom role (unknown role id role-deployments) (the organization's default deployment role), declared secure-org deployments: every deployment gets what that role grants",
        declared: "secure-org deployments",
        live: "(unknown role id role-deployments)",
      },
      {
        severity: "medium",
        code: "role-missing",
        subject: "role:secure-org deployments",
        message:
          "declared custom role secure-org deployments (defaults.customRoles) does not exist: Pulumi Deployments cannot open its stacks' environments; run the bootstrap (custom roles need the Enterprise or Business Critical edition)",
      },
    ],
  },
  {
    what: "the auditor role missing (its team's assignment is then not reported)",
    edit: (w) => (w.roles = w.roles.filter((r: Mutable) => r.id !== "role-auditor")),
    want: [
      {
        severity: "high",
        code: "role-grant-undeclared",
        subject: "team:secure-org-auditor role:(unknown role id role-auditor)",
        message:
          "team secure-org-auditor holds custom role (unknown role id role-auditor), which the config does not assign to it: every member and every token of the team gets what the role grants",
        live: { roleId: "role-auditor" },
      },
      {
        severity: "medium",
        code: "role-missing",
        subject: "role:secure-org auditor",
        message:
          "declared custom role secure-org auditor (defaults.customRoles) does not exist: the scheduled audit cannot read what needs more than member rights; run the bootstrap (custom roles need the Enterprise or Business Critical edition)",
      },
    ],
  },
  {
    what: "one more organization-wide scope on the auditor role: high",
    edit: (w) => entries(w, "auditor")[0].permissions.push("stack:update"),
    want: [
      {
        severity: "high",
        code: "role-changed",
        subject: "role:secure-org auditor",
        message:
          "custom role secure-org auditor differs from the declared one: on every entity: stack:update: whoever holds it gets more than declared",
        declared: {
          globalScopes: [
            "audit_logs:read",
            "oidc_issuers:read",
            "auth_policies:read",
            "role:read",
            "org_member:read",
            "team:list",
            "team:read",
            "policy_groups:read",
          ],
          environmentScopes: [],
          environments: 0,
        },
        live: {
          __type: "PermissionDescriptorGroup",
          entries: [
            {
              __type: "PermissionDescriptorAllow",
              permissions: [
                "audit_logs:read",
                "oidc_issuers:read",
                "auth_policies:read",
                "role:read",
                "org_member:read",
                "team:list",
                "team:read",
                "policy_groups:read",
                "stack:update",
              ],
            },
          ],
        },
      },
    ],
  },
  {
    what: "one organization-wide scope fewer on the auditor role: medium",
    edit: (w) => entries(w, "auditor")[0].permissions.pop(),
    want: [
      {
        severity: "medium",
        code: "role-changed",
        subject: "role:secure-org auditor",
        message:
          "custom role secure-org auditor differs from the declared one: no longer on every entity: policy_groups:read",
        declared: {
          globalScopes: [
            "audit_logs:read",
            "oidc_issuers:read",
            "auth_policies:read",
            "role:read",
            "org_member:read",
            "team:list",
            "team:read",
            "policy_groups:read",
          ],
          environmentScopes: [],
          environments: 0,
        },
        live: {
          __type: "PermissionDescriptorGroup",
          entries: [
            {
              __type: "PermissionDescriptorAllow",
              permissions: [
                "audit_logs:read",
                "oidc_issuers:read",
                "auth_policies:read",
                "role:read",
                "org_member:read",
                "team:list",
                "team:read",
              ],
            },
          ],
        },
      },
    ],
  },
  {
    what: "an opaque node, a node with no type, and a condition nested under a condition",
    edit: (w) =>
      entries(w, "auditor").push(
        { __type: "PermissionDescriptorCompose", descriptors: [] },
        { permissions: ["x"] },
        {
          __type: "PermissionDescriptorCondition",
          condition: {},
          subNode: {
            __type: "PermissionDescriptorCondition",
            condition: {},
            subNode: { __type: "PermissionDescriptorAllow", permissions: ["environment:open"] },
          },
        },
      ),
    want: [
      {
        severity: "high",
        code: "role-changed",
        subject: "role:secure-org auditor",
        message:
          "custom role secure-org auditor differs from the declared one: descriptor nodes the audit cannot read ((no __type), PermissionDescriptorCompose); 1 condition(s) not pinned to one environment; on an environment: environment:open; 1 environment conditions, declared 0: whoever holds it gets more than declared",
        declared: {
          globalScopes: [
            "audit_logs:read",
            "oidc_issuers:read",
            "auth_policies:read",
            "role:read",
            "org_member:read",
            "team:list",
            "team:read",
            "policy_groups:read",
          ],
          environmentScopes: [],
          environments: 0,
        },
        live: {
          __type: "PermissionDescriptorGroup",
          entries: [
            {
              __type: "PermissionDescriptorAllow",
              permissions: [
                "audit_logs:read",
                "oidc_issuers:read",
                "auth_policies:read",
                "role:read",
                "org_member:read",
                "team:list",
                "team:read",
                "policy_groups:read",
              ],
            },
            { __type: "PermissionDescriptorCompose", descriptors: [] },
            { permissions: ["x"] },
            {
              __type: "PermissionDescriptorCondition",
              condition: {},
              subNode: {
                __type: "PermissionDescriptorCondition",
                condition: {},
                subNode: { __type: "PermissionDescriptorAllow", permissions: ["environment:open"] },
              },
            },
          ],
        },
      },
    ],
  },
  {
    what: "a role with no details: every declared scope gone",
    edit: (w) => delete role(w, "auditor").details,
    want: [
      {
        severity: "medium",
        code: "role-changed",
        subject: "role:secure-org auditor",
        message:
          "custom role secure-org auditor differs from the declared one: no longer on every entity: audit_logs:read, auth_policies:read, oidc_issuers:read, org_member:read, policy_groups:read, role:read, team:list, team:read",
        declared: {
          globalScopes: [
            "audit_logs:read",
            "oidc_issuers:read",
            "auth_policies:read",
            "role:read",
            "org_member:read",
            "team:list",
            "team:read",
            "policy_groups:read",
          ],
          environmentScopes: [],
          environments: 0,
        },
      },
    ],
  },
  {
    what: "a group and an allow whose entries and permissions are not lists",
    edit: (w) => {
      entries(w, "deployments")[0].subNode.permissions = "environment:open";
      role(w, "auditor").details.entries = "all";
    },
    want: [
      {
        severity: "medium",
        code: "role-changed",
        subject: "role:secure-org auditor",
        message:
          "custom role secure-org auditor differs from the declared one: no longer on every entity: audit_logs:read, auth_policies:read, oidc_issuers:read, org_member:read, policy_groups:read, role:read, team:list, team:read",
        declared: {
          globalScopes: [
            "audit_logs:read",
            "oidc_issuers:read",
            "auth_policies:read",
            "role:read",
            "org_member:read",
            "team:list",
            "team:read",
            "policy_groups:read",
          ],
          environmentScopes: [],
          environments: 0,
        },
        live: { __type: "PermissionDescriptorGroup", entries: "all" },
      },
      {
        severity: "medium",
        code: "role-changed",
        subject: "role:secure-org deployments",
        message:
          "custom role secure-org deployments differs from the declared one: no longer on an environment: environment:open, environment:read",
        declared: {
          globalScopes: [],
          environmentScopes: ["environment:read", "environment:open"],
          environments: 4,
        },
        live: {
          __type: "PermissionDescriptorGroup",
          entries: [
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionEqual",
                left: { __type: "PermissionExpressionEnvironment" },
                right: {
                  __type: "PermissionLiteralExpressionEnvironment",
                  identity: "env-id-web-staging",
                },
              },
              subNode: { __type: "PermissionDescriptorAllow", permissions: "environment:open" },
            },
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionEqual",
                left: { __type: "PermissionExpressionEnvironment" },
                right: {
                  __type: "PermissionLiteralExpressionEnvironment",
                  identity: "env-id-web-staging-cloud",
                },
              },
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open"],
              },
            },
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionEqual",
                left: { __type: "PermissionExpressionEnvironment" },
                right: {
                  __type: "PermissionLiteralExpressionEnvironment",
                  identity: "env-id-web-prod",
                },
              },
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open"],
              },
            },
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionEqual",
                left: { __type: "PermissionExpressionEnvironment" },
                right: {
                  __type: "PermissionLiteralExpressionEnvironment",
                  identity: "env-id-web-prod-cloud",
                },
              },
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open"],
              },
            },
          ],
        },
      },
    ],
  },
  {
    what: "each way a condition stops pinning one environment",
    edit: (w) => {
      const e = entries(w, "deployments");
      e[0].condition.__type = "PermissionExpressionNotEqual";
      e[1].condition.left.__type = "PermissionExpressionStack";
      e[2].condition.right.__type = "PermissionLiteralExpressionStack";
      e[3].condition.right.identity = 7;
    },
    want: [
      {
        severity: "high",
        code: "role-changed",
        subject: "role:secure-org deployments",
        message:
          "custom role secure-org deployments differs from the declared one: 4 condition(s) not pinned to one environment: whoever holds it gets more than declared",
        declared: {
          globalScopes: [],
          environmentScopes: ["environment:read", "environment:open"],
          environments: 4,
        },
        live: {
          __type: "PermissionDescriptorGroup",
          entries: [
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionNotEqual",
                left: { __type: "PermissionExpressionEnvironment" },
                right: {
                  __type: "PermissionLiteralExpressionEnvironment",
                  identity: "env-id-web-staging",
                },
              },
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open"],
              },
            },
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionEqual",
                left: { __type: "PermissionExpressionStack" },
                right: {
                  __type: "PermissionLiteralExpressionEnvironment",
                  identity: "env-id-web-staging-cloud",
                },
              },
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open"],
              },
            },
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionEqual",
                left: { __type: "PermissionExpressionEnvironment" },
                right: { __type: "PermissionLiteralExpressionStack", identity: "env-id-web-prod" },
              },
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open"],
              },
            },
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionEqual",
                left: { __type: "PermissionExpressionEnvironment" },
                right: { __type: "PermissionLiteralExpressionEnvironment", identity: 7 },
              },
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open"],
              },
            },
          ],
        },
      },
    ],
  },
  {
    what: "a condition with no condition, left or right",
    edit: (w) => {
      const e = entries(w, "deployments");
      delete e[0].condition;
      delete e[1].condition.left;
      delete e[2].condition.right;
    },
    want: [
      {
        severity: "high",
        code: "role-changed",
        subject: "role:secure-org deployments",
        message:
          "custom role secure-org deployments differs from the declared one: 3 condition(s) not pinned to one environment: whoever holds it gets more than declared",
        declared: {
          globalScopes: [],
          environmentScopes: ["environment:read", "environment:open"],
          environments: 4,
        },
        live: {
          __type: "PermissionDescriptorGroup",
          entries: [
            {
              __type: "PermissionDescriptorCondition",
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open"],
              },
            },
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionEqual",
                right: {
                  __type: "PermissionLiteralExpressionEnvironment",
                  identity: "env-id-web-staging-cloud",
                },
              },
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open"],
              },
            },
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionEqual",
                left: { __type: "PermissionExpressionEnvironment" },
              },
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open"],
              },
            },
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionEqual",
                left: { __type: "PermissionExpressionEnvironment" },
                right: {
                  __type: "PermissionLiteralExpressionEnvironment",
                  identity: "env-id-web-prod-cloud",
                },
              },
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open"],
              },
            },
          ],
        },
      },
    ],
  },
];
