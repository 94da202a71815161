/** Drift cases of roles.ts, part 2 of 3. */
import { Mutable, teamOf } from "../../../audit/harness";
import { DriftCase } from "../case";
import { entries, rogueRole } from "./support";

export const CASES: DriftCase[] = [
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
];
