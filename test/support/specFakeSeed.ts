/**
 * Seeds the spec-driven fake (specFake.ts) with an organization: the clean organization of a test
 * (a `LiveSnapshot`, the only place its shape is read) written out in the API's wire shapes, with
 * every field the spec requires. Scenarios then change the `FakeOrg` in API terms.
 */
import { LiveSnapshot } from "../../audit/compare";
import { gatesOf } from "./breakGlassGates";
import { FakeOrg, Wire } from "./specFake";
import { loadOpenApiFixture } from "./openapi";

const CREATED = "2024-01-01T00:00:00Z";
const user = (login: string): Wire => ({
  name: login.charAt(0).toUpperCase() + login.slice(1),
  githubLogin: login,
  avatarUrl: `https://avatars.example.com/${login}`,
});

/** Every feature flag the spec requires, off, with the ones the audit looks at on. */
function features(): Wire {
  const schema = loadOpenApiFixture("audit.json").components.schemas.OrganizationFeatures;
  const out: Wire = {};
  for (const k of (schema.required ?? []) as string[]) out[k] = false;
  return { ...out, auditLogsEnabled: true, customRolesEnabled: true, environmentsEnabled: true };
}

function metadata(world: LiveSnapshot): Wire {
  const d = world.defaults;
  if (!d) throw new Error("the seed needs the snapshot's defaults");
  return {
    id: "org-7d1c",
    kind: "github",
    created: CREATED,
    userRole: "admin",
    defaultStackPermission: d.defaultStackPermission,
    defaultEnvironmentPermission: d.defaultEnvironmentPermission,
    defaultAccountPermission: d.defaultAccountPermission ?? 0,
    membersCanCreateStacks: d.membersCanCreateStacks,
    membersCanDeleteStacks: d.membersCanDeleteStacks,
    membersCanTransferStacks: d.membersCanTransferStacks ?? false,
    membersCanCreateTeams: d.membersCanCreateTeams,
    membersCanCreateAccounts: d.membersCanCreateAccounts ?? false,
    ...(d.maxAccessTokenExpiryDays ? { maxAccessTokenExpiryDays: d.maxAccessTokenExpiryDays } : {}),
    ...(d.defaultDeploymentRoleId ? { defaultDeploymentRoleId: d.defaultDeploymentRoleId } : {}),
    aiEnablement: "disabled",
    auditLogsEnabled: true,
    insightsTrialUsingPolicy: false,
    naturalLanguageSearchDisabled: true,
    neoAgentDisabled: true,
    neoApprovalMode: "manual",
    neoCLIExplanationsDisabled: true,
    neoEnabled: false,
    neoTaskSharingMode: "none",
    preferredVCS: "github",
    webhooksEnabled: true,
    accountCount: 0,
    memberCount: world.members?.length ?? 0,
    stackCount: world.stacks?.length ?? 0,
    environmentCount: world.environments?.length ?? 0,
    product: "enterprise",
    features: features(),
  };
}

/** The built-in role of `OrganizationMember.fgaRole`. */
export const builtInRole = (role: string): Wire => ({
  id: `builtin-${role}`,
  name: role === "billing-manager" ? "billingManager" : role,
  modifiedAt: CREATED,
});

function teams(world: LiveSnapshot): Wire[] {
  return (world.teams ?? []).map((t) => ({
    kind: t.kind,
    name: t.name,
    displayName: t.name,
    description: `team ${t.name}`,
    userRole: "none",
    members: t.members.map((m) => ({ ...user(m), role: "member" })),
    stacks: t.stacks.map((s) => ({
      projectName: s.project,
      stackName: s.stack,
      permission: s.permission,
    })),
    environments: t.environments.map((e) => ({
      projectName: e.project,
      envName: e.name,
      permission: e.permission,
      ...(e.maxOpenDuration ? { maxOpenDuration: e.maxOpenDuration } : {}),
    })),
    roleIds: [...(t.roleIds ?? [])],
  }));
}

/** A custom role (`uxPurpose: role`) as `PermissionDescriptorRecord`. */
export function roleRecord(id: string, name: string, details: unknown, uxPurpose = "role"): Wire {
  return {
    id,
    name,
    uxPurpose,
    resourceType: "global",
    details,
    orgId: "org-7d1c",
    version: 2,
    isOrgDefault: false,
    created: CREATED,
    modified: CREATED,
  };
}

function roles(world: LiveSnapshot): Wire[] {
  return [
    ...(world.roles ?? []).map((r) => roleRecord(r.id, r.name, r.details)),
    // A permission set: not a role, so `uxPurpose=role` must not list it.
    roleRecord(
      "set-stack-write",
      "Stack Write",
      { __type: "PermissionDescriptorAllow", permissions: ["stack:read", "stack:write"] },
      "set",
    ),
  ];
}

function issuers(world: LiveSnapshot): FakeOrg["issuers"] {
  return (world.oidcIssuers ?? []).map((i) => ({
    issuer: {
      id: i.id,
      name: i.name,
      url: i.url,
      issuer: i.url,
      thumbprints: ["9".repeat(64)],
      ...(i.maxExpiration !== undefined ? { maxExpiration: i.maxExpiration } : {}),
      created: "2024-04-19 15:07:54.693",
      modified: "2024-04-19 15:07:54.693",
    },
    policy: {
      id: `authpolicy-${i.id}`,
      version: 4,
      policies: i.policies.map((p) => ({ authorizedPermissions: [], ...p })),
    },
  }));
}

function environments(world: LiveSnapshot): FakeOrg["environments"] {
  return (world.environments ?? []).map((e, n) => ({
    env: {
      id: e.id ?? `env-${n}`,
      organization: world.organization,
      project: e.project,
      name: e.name,
      created: CREATED,
      modified: CREATED,
      ownedBy: user("alice"),
      referrerMetadata: {
        environmentReferrerCount: 0,
        insightsAccountReferrerCount: 0,
        stackReferrerCount: 0,
      },
      settings: { deletionProtected: true },
      tags: {},
    },
    yaml:
      (world.definitions ?? []).find((d) => d.project === e.project && d.name === e.name)?.yaml ??
      "values: {}\n",
  }));
}

function policyGroups(world: LiveSnapshot): Wire[] {
  const group = (name: string, entityType: string, mode: string) => ({
    name,
    isOrgDefault: true,
    entityType,
    mode,
    stacks: [],
    appliedPolicyPacks: [],
    accounts: [],
  });
  return [
    group("default-policy-group", "stacks", "preventative"),
    ...(world.policyGroups ?? []).map((g) => ({
      name: g.name,
      isOrgDefault: false,
      entityType: g.entityType,
      mode: g.mode,
      stacks: g.stacks.map((s) => ({ name: s.stack, routingProject: s.project })),
      appliedPolicyPacks: g.packs.map((p, n) => ({
        name: p.name,
        displayName: p.name,
        version: n + 1,
        versionTag: p.versionTag,
        ...(p.config ? { config: p.config } : {}),
      })),
      accounts: [],
    })),
  ];
}

/** The organization of a snapshot, in wire shapes. */
/** Deployment settings and drift schedules in the API's shapes (`DeploymentSettings`, `ScheduledAction`). */
function deployments(world: LiveSnapshot): FakeOrg["deployments"] {
  const out: FakeOrg["deployments"] = new Map();
  for (const d of world.deployments ?? []) {
    const s = d.settings;
    out.set(`${d.project}/${d.stack}`, {
      ...(s
        ? {
            settings: {
              source: "provider",
              version: 3,
              sourceContext: {
                git: {
                  branch: s.branch,
                  ...(s.repoDir !== undefined ? { repoDir: s.repoDir } : {}),
                },
              },
              // The older GitHub-only block, which the service still returns for GitHub stacks.
              gitHub: {
                repository: s.repository,
                deployCommits: s.deployCommits,
                previewPullRequests: s.previewPullRequests,
                pullRequestTemplate: s.pullRequestTemplate,
                paths: [...s.paths],
                ...(s.deployTags !== undefined ? { deployTags: s.deployTags } : {}),
                ...(s.tagFilters.length ? { tagFilters: [...s.tagFilters] } : {}),
              },
              ...(s.preRunCommands.length
                ? { operationContext: { preRunCommands: [...s.preRunCommands] } }
                : {}),
              ...(s.executorImage
                ? { executorContext: { executorImage: { reference: s.executorImage } } }
                : {}),
              ...(s.agentPoolID ? { agentPoolID: s.agentPoolID } : {}),
            },
          }
        : {}),
      schedules: d.driftSchedules.map((x, n) => ({
        id: `sched-${n}-${x.id}`,
        orgID: "org-1",
        kind: "deployment",
        scheduleCron: x.cron,
        paused: x.paused,
        nextExecution: "2026-11-26T00:00:00.000Z",
        lastExecuted: "2026-11-25T00:00:00.000Z",
        created: CREATED,
        modified: CREATED,
        definition: {
          request: {
            operation: "detect-drift",
            operationContext: { options: { remediateIfDriftDetected: x.autoRemediate } },
          },
        },
      })),
    });
  }
  return out;
}

export function fakeOrgFromSnapshot(world: LiveSnapshot): FakeOrg {
  return {
    name: world.organization,
    metadata: metadata(world),
    members: (world.members ?? []).map((m) => ({
      role: m.role,
      fgaRole: builtInRole(m.role),
      user: user(m.login),
      created: CREATED,
      knownToPulumi: true,
      virtualAdmin: false,
    })),
    teams: teams(world),
    gates: gatesOf(world),
    roles: roles(world),
    issuers: issuers(world),
    stacks: (world.stacks ?? []).map((s, n) => ({
      id: `stk-${n}`,
      orgName: world.organization,
      projectName: s.project,
      stackName: s.stack,
      lastUpdate: 1764000000,
      resourceCount: 4,
    })),
    environments: environments(world),
    auditLog: (world.auditLog?.events ?? []).map((e) => ({
      sourceIP: "198.51.100.7",
      ...e,
      user: { ...user(e.user?.githubLogin ?? ""), ...e.user, avatarUrl: "" },
    })),
    policyGroups: policyGroups(world),
    deployments: deployments(world),
    forbidden: new Set(),
  };
}
