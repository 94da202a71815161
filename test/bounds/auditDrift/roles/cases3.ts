/** Drift cases of roles.ts, part 3 of 3. */
import { DEPLOYER, Mutable, teamOf } from "../../../audit/harness";
import { DriftCase } from "../case";
import { collaborators, tags, rogueRole } from "./support";

export const CASES: DriftCase[] = [
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
