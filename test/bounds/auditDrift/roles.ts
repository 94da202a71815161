/**
 * Drift cases: custom roles (their descriptors, who holds them, the default deployment role and
 * the environments its conditions name), stack collaborators, stack tags, and what adoption left
 * unmanaged.
 */
import { DEPLOYER, Mutable, teamOf } from "../../audit/harness";
import { DriftCase } from "./case";

const role = (w: Mutable, key: string) => w.roles.find((r: Mutable) => r.id === `role-${key}`);
const entries = (w: Mutable, key: string): Mutable[] => role(w, key).details.entries;
const collaborators = (w: Mutable, project: string, stack: string) =>
  w.collaborators.find((c: Mutable) => c.project === project && c.stack === stack);
const tags = (w: Mutable, project: string, stack: string) =>
  w.stackTags.find((c: Mutable) => c.project === project && c.stack === stack).tags;
const rogueRole = {
  id: "role-rogue",
  name: "rogue",
  details: { __type: "PermissionDescriptorAllow", permissions: ["stack:update"] },
};

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
  {
    what: "one environment condition fewer on the deployments role (and its environment no longer named)",
    edit: (w) => entries(w, "deployments").pop(),
    want: [
      {
        severity: "medium",
        code: "role-changed",
        subject: "role:secure-org deployments",
        message:
          "custom role secure-org deployments differs from the declared one: 3 environment conditions, declared 4",
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
          ],
        },
      },
    ],
  },
  {
    what: "one environment condition more, naming a protected environment",
    edit: (w) => {
      const e = entries(w, "deployments");
      const extra = JSON.parse(JSON.stringify(e[0]));
      extra.condition.right.identity = "env-id-payments-prod";
      e.push(extra);
    },
    want: [
      {
        severity: "high",
        code: "role-changed",
        subject: "role:secure-org deployments",
        message:
          "custom role secure-org deployments differs from the declared one: 5 environment conditions, declared 4: whoever holds it gets more than declared",
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
            {
              __type: "PermissionDescriptorCondition",
              condition: {
                __type: "PermissionExpressionEqual",
                left: { __type: "PermissionExpressionEnvironment" },
                right: {
                  __type: "PermissionLiteralExpressionEnvironment",
                  identity: "env-id-payments-prod",
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
      {
        severity: "high",
        code: "role-condition-environment",
        subject:
          "org:defaultDeploymentRoleId role:secure-org deployments environment:payments/prod",
        message:
          "the default deployment role secure-org deployments lets every Pulumi Deployments run open payments/prod (a protected tier), which the config does not declare for it",
        live: "payments/prod",
      },
    ],
  },
  {
    what: "a condition that names an unprotected environment instead of a declared one",
    edit: (w) => (entries(w, "deployments")[0].condition.right.identity = "env-id-payments-dev"),
    want: [
      {
        severity: "medium",
        code: "role-condition-environment",
        subject: "org:defaultDeploymentRoleId role:secure-org deployments environment:payments/dev",
        message:
          "the default deployment role secure-org deployments lets every Pulumi Deployments run open payments/dev, which the config does not declare for it; it no longer names web/staging",
        live: "payments/dev",
      },
    ],
  },
  {
    what: "a condition that names an environment id no live environment has",
    edit: (w) => (entries(w, "deployments")[1].condition.right.identity = "env-gone"),
    want: [
      {
        severity: "medium",
        code: "role-condition-environment",
        subject: "org:defaultDeploymentRoleId role:secure-org deployments environment-id:env-gone",
        message:
          "the default deployment role secure-org deployments names environment id env-gone, which no live environment has; it no longer names web/staging-cloud",
        live: "env-gone",
      },
    ],
  },
  {
    what: "a live environment without an id: the deployment role's environments are not compared",
    edit: (w) => delete w.environments[0].id,
    want: [
      {
        severity: "medium",
        code: "role-condition-environment",
        subject: "org:defaultDeploymentRoleId role:secure-org deployments",
        message:
          "the ESC environment list carries no ids, so the environments the default deployment role's conditions name were not compared",
      },
    ],
  },
  {
    what: "no environment list: the deployment role's environments are not compared",
    edit: (w) => delete w.environments,
    want: [],
  },
  {
    what: "one more scope in an environment condition; one fewer in another",
    edit: (w) => {
      const e = entries(w, "deployments");
      e[0].subNode.permissions.push("environment:write");
      e[1].subNode.permissions.pop();
    },
    want: [
      {
        severity: "high",
        code: "role-changed",
        subject: "role:secure-org deployments",
        message:
          "custom role secure-org deployments differs from the declared one: on an environment: environment:write; no longer on an environment: environment:open: whoever holds it gets more than declared",
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
              subNode: {
                __type: "PermissionDescriptorAllow",
                permissions: ["environment:read", "environment:open", "environment:write"],
              },
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
              subNode: { __type: "PermissionDescriptorAllow", permissions: ["environment:read"] },
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
  // Who holds roles.
  {
    what: "an undeclared role nobody holds: low",
    edit: (w) => w.roles.push(rogueRole),
    want: [
      {
        severity: "low",
        code: "role-undeclared",
        subject: "role:rogue",
        message: "custom role rogue is not declared; nobody holds it now, so it grants nothing yet",
      },
    ],
  },
  {
    what: "an undeclared role a team holds: high, not also low",
    edit: (w) => {
      w.roles.push(rogueRole);
      teamOf(w, "payments").roleIds.push("role-rogue");
    },
    want: [
      {
        severity: "high",
        code: "role-grant-undeclared",
        subject: "team:payments role:rogue",
        message:
          "team payments holds custom role rogue, which the config does not assign to it: every member and every token of the team gets what the role grants",
        live: { roleId: "role-rogue" },
      },
    ],
  },
  {
    what: "a team that holds a role id no role has",
    edit: (w) => teamOf(w, "payments").roleIds.push("role-x"),
    want: [
      {
        severity: "high",
        code: "role-grant-undeclared",
        subject: "team:payments role:(unknown role id role-x)",
        message:
          "team payments holds custom role (unknown role id role-x), which the config does not assign to it: every member and every token of the team gets what the role grants",
        live: { roleId: "role-x" },
      },
    ],
  },
  {
    what: "a declared role held by another team than its own",
    edit: (w) => teamOf(w, "web").roleIds.push("role-auditor"),
    want: [
      {
        severity: "high",
        code: "role-grant-undeclared",
        subject: "team:web role:secure-org auditor",
        message:
          "team web holds custom role secure-org auditor, which the config does not assign to it: every member and every token of the team gets what the role grants",
        live: { roleId: "role-auditor" },
      },
    ],
  },
  {
    what: "the deployments role (no team declared) held by a team",
    edit: (w) => teamOf(w, "web").roleIds.push("role-deployments"),
    want: [
      {
        severity: "high",
        code: "role-grant-undeclared",
        subject: "team:web role:secure-org deployments",
        message:
          "team web holds custom role secure-org deployments, which the config does not assign to it: every member and every token of the team gets what the role grants",
        live: { roleId: "role-deployments" },
      },
    ],
  },
  {
    what: "a team without a role list (not read) is not compared",
    edit: (w) => delete teamOf(w, "secure-org-auditor").roleIds,
    want: [],
  },
  {
    what: "the auditor team without its declared role",
    edit: (w) => (teamOf(w, "secure-org-auditor").roleIds = []),
    want: [
      {
        severity: "medium",
        code: "role-grant-missing",
        subject: "team:secure-org-auditor role:secure-org auditor",
        message:
          "team secure-org-auditor does not hold its declared custom role secure-org auditor",
      },
    ],
  },
  {
    what: "the auditor team missing: its role assignment is not reported again",
    edit: (w) => (w.teams = w.teams.filter((t: Mutable) => t.name !== "secure-org-auditor")),
    want: [
      {
        severity: "medium",
        code: "team-missing",
        subject: "team:secure-org-auditor",
        message:
          "declared machine team secure-org-auditor does not exist (7 declared grants cannot exist either): run the bootstrap",
      },
    ],
  },
  {
    what: "an OIDC allow and a deny policy carrying a role, one of them unknown",
    sections: ["roles", "oidcIssuers"],
    edit: (w) => {
      w.roles.push(rogueRole);
      w.oidcIssuers[0].policies[0].roleID = "role-rogue";
      w.oidcIssuers[0].policies[1].roleID = "role-y";
    },
    want: [
      {
        severity: "high",
        code: "role-grant-undeclared",
        subject: "oidc:github-actions#0 role:rogue",
        message:
          "a allow policy of OIDC issuer github-actions (organization token) carries custom role rogue, which the config does not declare for any policy: the tokens it issues get what the role grants",
        live: {
          decision: "allow",
          tokenType: "organization",
          rules: {
            aud: "urn:pulumi:org:acme",
            repository_owner_id: "1001",
            repository_id: "2003",
            environment: "prod",
            ref: "refs/heads/main",
            ref_type: "branch",
            event_name: "push",
            job_workflow_ref:
              "acme/platform/.github/workflows/pulumi-secure-org-prod.yml@refs/heads/main",
          },
          authorizedPermissions: ["admin"],
          roleID: "role-rogue",
        },
      },
      {
        severity: "high",
        code: "role-grant-undeclared",
        subject: "oidc:github-actions#1 role:(unknown role id role-y)",
        message:
          "a deny policy of OIDC issuer github-actions (organization token) carries custom role (unknown role id role-y), which the config does not declare for any policy: the tokens it issues get what the role grants",
        live: {
          decision: "deny",
          tokenType: "organization",
          rules: { aud: "urn:pulumi:org:acme", repository_id: "2003", event_name: "pull_request" },
          authorizedPermissions: ["admin"],
          roleID: "role-y",
        },
      },
    ],
  },
  {
    what: "a member whose organization role is a custom role",
    edit: (w) => {
      w.roles.push(rogueRole);
      w.members.find((m: Mutable) => m.login === "ivan").customRole = {
        id: "role-rogue",
        name: "rogue",
      };
    },
    want: [
      {
        severity: "high",
        code: "role-grant-undeclared",
        subject: "member:ivan role:rogue",
        message:
          "ivan's organization role is custom role rogue; the config declares every member as admin or member",
        live: { id: "role-rogue", name: "rogue" },
      },
    ],
  },
  {
    what: "no default deployment role",
    edit: (w) => (w.defaults.defaultDeploymentRoleId = ""),
    want: [
      {
        severity: "medium",
        code: "role-grant-missing",
        subject: "org:defaultDeploymentRoleId role:secure-org deployments",
        message:
          "the organization has no default deployment role, declared secure-org deployments: Pulumi Deployments cannot open the environments of the stacks it deploys",
        declared: "secure-org deployments",
        live: null,
      },
    ],
  },
  {
    what: "default deployment role unset",
    edit: (w) => delete w.defaults.defaultDeploymentRoleId,
    want: [
      {
        severity: "medium",
        code: "role-grant-missing",
        subject: "org:defaultDeploymentRoleId role:secure-org deployments",
        message:
          "the organization has no default deployment role, declared secure-org deployments: Pulumi Deployments cannot open the environments of the stacks it deploys",
        declared: "secure-org deployments",
        live: null,
      },
    ],
  },
  {
    what: "another declared role as the default deployment role",
    edit: (w) => (w.defaults.defaultDeploymentRoleId = "role-auditor"),
    want: [
      {
        severity: "high",
        code: "role-grant-undeclared",
        subject: "org:defaultDeploymentRoleId role:secure-org auditor",
        message:
          "Pulumi Deployments runs with custom role secure-org auditor (the organization's default deployment role), declared secure-org deployments: every deployment gets what that role grants",
        declared: "secure-org deployments",
        live: "secure-org auditor",
      },
    ],
  },
  {
    what: "an undeclared role as the default deployment role",
    edit: (w) => {
      w.roles.push(rogueRole);
      w.defaults.defaultDeploymentRoleId = "role-rogue";
    },
    want: [
      {
        severity: "high",
        code: "role-grant-undeclared",
        subject: "org:defaultDeploymentRoleId role:rogue",
        message:
          "Pulumi Deployments runs with custom role rogue (the organization's default deployment role), declared secure-org deployments: every deployment gets what that role grants",
        declared: "secure-org deployments",
        live: "rogue",
      },
    ],
  },
  {
    what: "no roles read: nothing about roles is compared",
    edit: (w) => delete w.roles,
    want: [],
  },
  {
    what: "no defaults read: the default deployment role is not compared",
    edit: (w) => delete w.defaults,
    want: [],
  },
  // Stack collaborators.
  {
    what: "a collaborator with read on a protected stack",
    edit: (w) => collaborators(w, "payments", "prod").users.push({ login: "eve", permission: 101 }),
    want: [
      {
        severity: "high",
        code: "stack-collaborator",
        subject: "stack:payments/prod user:eve",
        message:
          "eve holds read on the protected stack payments/prod directly, outside any team: they can decrypt its secrets. Remove the collaborator (stack Settings > Collaborators) and grant access through a declared team",
        declared: null,
        live: 101,
      },
    ],
  },
  {
    what: "a collaborator with write on a protected stack",
    edit: (w) => collaborators(w, "payments", "prod").users.push({ login: "eve", permission: 102 }),
    want: [
      {
        severity: "high",
        code: "stack-collaborator",
        subject: "stack:payments/prod user:eve",
        message:
          "eve holds write on the protected stack payments/prod directly, outside any team: they can decrypt its secrets and update it outside the pipeline. Remove the collaborator (stack Settings > Collaborators) and grant access through a declared team",
        declared: null,
        live: 102,
      },
    ],
  },
  {
    what: "a collaborator with an unknown permission on a protected stack",
    edit: (w) => collaborators(w, "payments", "prod").users.push({ login: "eve", permission: 150 }),
    want: [
      {
        severity: "high",
        code: "stack-collaborator",
        subject: "stack:payments/prod user:eve",
        message:
          "eve holds unknown (150) on the protected stack payments/prod directly, outside any team: they can decrypt its secrets and update it outside the pipeline. Remove the collaborator (stack Settings > Collaborators) and grant access through a declared team",
        declared: null,
        live: 150,
      },
    ],
  },
  {
    what: "a collaborator on an unprotected stack; one at none is not",
    edit: (w) =>
      collaborators(w, "payments", "dev").users.push(
        { login: "eve", permission: 103 },
        { login: "zed", permission: 0 },
      ),
    want: [
      {
        severity: "medium",
        code: "stack-collaborator",
        subject: "stack:payments/dev user:eve",
        message:
          "eve holds admin on stack payments/dev directly, outside any team. Remove the collaborator (stack Settings > Collaborators) and grant access through a declared team",
        declared: null,
        live: 103,
      },
    ],
  },
  {
    what: "a collaborator on an undeclared stack is not compared",
    edit: (w) =>
      w.collaborators.push({
        project: "analytics",
        stack: "prod",
        users: [{ login: "eve", permission: 103 }],
      }),
    want: [],
  },
  {
    what: "the deployer, creator of a protected stack, with the creator permission: info",
    edit: (w) => (collaborators(w, "payments", "prod").creator = DEPLOYER.toUpperCase()),
    want: [
      {
        severity: "info",
        code: "stack-collaborator-deployer",
        subject: "stack:payments/prod user:BOOTSTRAP-ADMIN",
        message:
          "BOOTSTRAP-ADMIN, the bootstrap identity, holds creator on payments/prod directly (it created the stack)",
        live: 104,
      },
    ],
  },
  {
    what: "the deployer, creator, holding more than the creator permission",
    edit: (w) => {
      const c = collaborators(w, "payments", "prod");
      c.creator = DEPLOYER;
      c.users.push({ login: DEPLOYER, permission: 104 });
    },
    want: [
      {
        severity: "info",
        code: "stack-collaborator-deployer",
        subject: "stack:payments/prod user:bootstrap-admin",
        message:
          "bootstrap-admin, the bootstrap identity, holds creator on payments/prod directly (it created the stack)",
        live: 104,
      },
    ],
  },
  {
    what: "the deployer holding a permission on a stack it did not create",
    edit: (w) =>
      collaborators(w, "payments", "prod").users.push({ login: DEPLOYER, permission: 101 }),
    want: [
      {
        severity: "high",
        code: "stack-collaborator",
        subject: "stack:payments/prod user:bootstrap-admin",
        message:
          "bootstrap-admin holds read on the protected stack payments/prod directly, outside any team (it is the bootstrap identity, but it did not create this stack): they can decrypt its secrets. Remove the collaborator (stack Settings > Collaborators) and grant access through a declared team",
        declared: null,
        live: 101,
      },
    ],
  },
  {
    what: "another login as the creator of a protected stack",
    edit: (w) => (collaborators(w, "payments", "prod").creator = "eve"),
    want: [
      {
        severity: "high",
        code: "stack-collaborator",
        subject: "stack:payments/prod user:eve",
        message:
          "eve holds creator on the protected stack payments/prod directly, outside any team: they can decrypt its secrets and update it outside the pipeline. Remove the collaborator (stack Settings > Collaborators) and grant access through a declared team",
        declared: null,
        live: 104,
      },
    ],
  },
  // Stack tags.
  {
    what: "a protected stack's tier tag changed and its protected tag missing: medium",
    edit: (w) => {
      const t = tags(w, "payments", "prod");
      t["secure-org:tier"] = "dev";
      delete t["secure-org:protected"];
    },
    want: [
      {
        severity: "medium",
        code: "stack-tag-changed",
        subject: "stack:payments/prod tag:secure-org:protected",
        message:
          'stack payments/prod: tag secure-org:protected is missing, declared "true": it no longer says this stack is protected',
        declared: "true",
        live: null,
      },
      {
        severity: "medium",
        code: "stack-tag-changed",
        subject: "stack:payments/prod tag:secure-org:tier",
        message:
          'stack payments/prod: tag secure-org:tier is "dev", declared "prod": it no longer says this stack is protected',
        declared: "prod",
        live: "dev",
      },
    ],
  },
  {
    what: "an unprotected stack's protected tag changed and a protected stack's owner tag: low",
    edit: (w) => {
      tags(w, "payments", "dev")["secure-org:protected"] = "true";
      tags(w, "payments", "prod")["secure-org:owner"] = "anyone";
    },
    want: [
      {
        severity: "low",
        code: "stack-tag-changed",
        subject: "stack:payments/dev tag:secure-org:protected",
        message: 'stack payments/dev: tag secure-org:protected is "true", declared "false"',
        declared: "false",
        live: "true",
      },
      {
        severity: "low",
        code: "stack-tag-changed",
        subject: "stack:payments/prod tag:secure-org:owner",
        message: 'stack payments/prod: tag secure-org:owner is "anyone", declared "payments,sre"',
        declared: "payments,sre",
        live: "anyone",
      },
    ],
  },
  {
    what: "a declared tag missing on an unprotected stack: low",
    edit: (w) => delete tags(w, "web", "dev")["secure-org:repository"],
    want: [
      {
        severity: "low",
        code: "stack-tag-changed",
        subject: "stack:web/dev tag:secure-org:repository",
        message: 'stack web/dev: tag secure-org:repository is missing, declared "acme/web-app"',
        declared: "acme/web-app",
        live: null,
      },
    ],
  },
  {
    what: "a stack whose tags were not read is not compared",
    edit: (w) => (w.stackTags = w.stackTags.filter((t: Mutable) => t.project !== "web")),
    want: [],
  },
  // What adoption left unmanaged.
  {
    what: "an undeclared team, its grant, a stack and an environment adoption left unmanaged: info",
    opts: {
      unmanaged: [
        { kind: "team", name: "legacy", reason: "owned by finance" },
        { kind: "stack", name: "analytics/prod", reason: "retiring" },
        { kind: "environment", name: "analytics/prod", reason: "retiring" },
        { kind: "grant", name: "team:payments stack:web/dev", reason: "temporary" },
        { kind: "member", name: "ivan", reason: "ignored kind" },
      ] as never,
    },
    edit: (w) => {
      w.teams.push({
        name: "legacy",
        kind: "pulumi",
        members: ["zoe"],
        stacks: [{ project: "payments", stack: "dev", permission: 101 }],
        environments: [],
      });
      w.stacks.push({ project: "analytics", stack: "prod" });
      w.environments.push({ project: "analytics", name: "prod", id: "env-analytics" });
      teamOf(w, "payments").stacks.push({ project: "web", stack: "dev", permission: 101 });
      teamOf(w, "web").stacks.push({ project: "payments", stack: "dev", permission: 101 });
    },
    want: [
      {
        severity: "medium",
        code: "grant-undeclared",
        subject: "team:web stack:payments/dev",
        message: "team web holds stack read on payments/dev, which no config declares",
        declared: "none",
        live: "read",
      },
      {
        severity: "info",
        code: "adopt-unmanaged",
        subject: "environment:analytics/prod",
        message:
          "left unmanaged when the organization was adopted (retiring): environment analytics/prod is named like tier prod (protected) but no config declares it: nobody reviews who may open it",
      },
      {
        severity: "info",
        code: "adopt-unmanaged",
        subject: "stack:analytics/prod",
        message:
          "left unmanaged when the organization was adopted (retiring): stack analytics/prod is named like tier prod (protected) but no config declares it: its creator is its admin, outside the declared grants",
      },
      {
        severity: "info",
        code: "adopt-unmanaged",
        subject: "team:legacy",
        message:
          "left unmanaged when the organization was adopted (owned by finance): team legacy (pulumi) is not declared in the config; members: zoe",
        live: { kind: "pulumi", members: ["zoe"] },
      },
      {
        severity: "info",
        code: "adopt-unmanaged",
        subject: "team:legacy stack:payments/dev",
        message:
          "left unmanaged when the organization was adopted (owned by finance): team legacy holds stack read on payments/dev, which no config declares",
        live: "read",
      },
      {
        severity: "info",
        code: "adopt-unmanaged",
        subject: "team:payments stack:web/dev",
        message:
          "left unmanaged when the organization was adopted (temporary): team payments holds stack read on web/dev, which no config declares",
        live: "read",
      },
    ],
  },
];
