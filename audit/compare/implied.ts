/**
 * The organization the model implies: the live snapshot an organization exactly as declared
 * would give (the tests' clean organization), with OIDC-only environment definitions.
 */
import {
  AccessModel,
  declaredDeploymentSettings,
  groupPackConfig,
  roleDescriptor,
} from "../../model/access";
import {
  buildOidcPolicies,
  ciIssuers,
  GITHUB_ISSUER_URL,
  GithubIds,
  toProviderPolicies,
} from "../../model/oidc";
import { allGrants } from "./grants";
import { goDuration, STACK_PERMISSION_NUMBER, stackKey } from "./helpers";
import { LiveDeployment, LiveRole, LiveSnapshot, LiveTeam, LiveWebhook } from "./types";

/** The pack version of the implied organization's policy groups, unless a test gives one. */
export const IMPLIED_PACK_VERSION = "1.0.0-sha-0123456789abcdef";

/** The id an environment has in the implied organization. */
export const impliedEnvironmentId = (project: string, name: string) => `env-id-${project}-${name}`;

/** The id a declared role has in the implied organization. */
export const impliedRoleId = (key: string) => `role-${key}`;

/** The declared custom roles, their environment conditions pinned to made-up environment ids. */
function impliedRoles(model: AccessModel): LiveRole[] {
  return model.roles.map((r) => ({
    id: impliedRoleId(r.key),
    name: r.name,
    details: roleDescriptor(
      r,
      r.environments.map((e) => impliedEnvironmentId(e.project, e.name)),
    ),
  }));
}

/** A protected environment definition with no static credentials: an OIDC login. */
export function cleanDefinitionYaml(project: string, name: string): string {
  return [
    `# ${project}/${name}`,
    "values:",
    "  aws:",
    "    login:",
    "      fn::open::aws-login:",
    "        oidc:",
    `          roleArn: arn:aws:iam::123456789012:role/${project}-${name}-deploy`,
    `          sessionName: pulumi-${project}-${name}`,
    "  environmentVariables:",
    "    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}",
    "    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}",
    "    AWS_SESSION_TOKEN: ${aws.login.sessionToken}",
    "  pulumiConfig:",
    "    aws:region: us-east-1",
    "",
  ].join("\n");
}

/**
 * Every tier environment's definition (one with a declared cloud imports its login environment,
 * one without logs in by itself to a role the config does not declare) and every login
 * environment's, as secure-org writes it.
 */
function impliedDefinitions(
  model: AccessModel,
  envs: readonly AccessModel["stacks"][number][],
): { project: string; name: string; yaml: string }[] {
  return [
    ...envs.map((s) => {
      const { project, name } = s.environment;
      const login = model.cloud.find(
        (c) => c.importedBy.project === project && c.importedBy.name === name,
      );
      return {
        project,
        name,
        yaml: login
          ? `# ${project}/${name}\nimports:\n  - ${login.environment.project}/${login.environment.name}\nvalues:\n  pulumiConfig:\n    app:tier: ${s.tier}\n`
          : cleanDefinitionYaml(project, name),
      };
    }),
    ...model.cloud.map((c) => ({ ...c.environment, yaml: c.yaml })),
  ];
}

/** A declared team as it would be live: its members (plus the deployer) and its grants. */
function impliedTeam(
  model: AccessModel,
  t: AccessModel["teams"][number],
  deployer: string | undefined,
): LiveTeam {
  const grants = model.grants.filter((g) => g.team === t.name);
  return {
    name: t.name,
    kind: "pulumi",
    roleIds: model.roles.filter((r) => r.team === t.name).map((r) => impliedRoleId(r.key)),
    members: [...new Set([...t.members, ...(deployer ? [deployer] : [])])].sort(),
    stacks: grants
      .filter((g) => g.stackPermission !== "none")
      .map((g) => ({
        project: g.project,
        stack: g.stack,
        permission: STACK_PERMISSION_NUMBER[g.stackPermission],
      })),
    environments: allGrants(model)
      .filter((g) => g.team === t.name && g.environmentPermission !== "none")
      .map((g) => ({
        project: g.environment.project,
        name: g.environment.name,
        permission: g.environmentPermission,
        ...(g.maxOpenDuration ? { maxOpenDuration: goDuration(g.maxOpenDuration) } : {}),
      })),
  };
}

/** The org defaults as declared (`GetOrganizationSettings`' numbers and flags). */
function impliedDefaults(model: AccessModel): LiveSnapshot["defaults"] {
  return {
    defaultStackPermission: STACK_PERMISSION_NUMBER[model.defaults.stackPermission],
    defaultEnvironmentPermission: model.defaults.environmentPermission,
    membersCanCreateStacks: model.defaults.membersCanCreateStacks,
    membersCanDeleteStacks: model.defaults.membersCanDeleteStacks,
    membersCanCreateTeams: model.defaults.membersCanCreateTeams,
    maxAccessTokenExpiryDays: model.defaults.maxAccessTokenExpiryDays ?? null,
    membersCanTransferStacks: model.defaults.membersCanTransferStacks,
    membersCanCreateAccounts: model.defaults.membersCanCreateAccounts,
    defaultAccountPermission: model.defaults.accountPermission === "read" ? 1 : 0,
    defaultDeploymentRoleId: model.roles
      .filter((r) => r.defaultDeploymentRole)
      .map((r) => impliedRoleId(r.key))
      .join(""),
  };
}

/** The GitHub issuer with the policies the config implies, and every other CI's issuer. */
function impliedIssuers(model: AccessModel, ids: GithubIds): LiveSnapshot["oidcIssuers"] {
  return [
    {
      id: "4f3d2a1b-0000-4000-8000-000000000001",
      name: "github-actions",
      url: GITHUB_ISSUER_URL,
      maxExpiration: model.oidc.maxExpirationSeconds,
      policies: toProviderPolicies(buildOidcPolicies(model, ids)),
    },
    // The other CIs' issuers, one per issuer URL, with the policies the config implies.
    ...ciIssuers(model).map((i, n) => ({
      id: `4f3d2a1b-0000-4000-8000-${String(n + 2).padStart(12, "0")}`,
      name: i.name,
      url: i.url,
      maxExpiration: model.oidc.maxExpirationSeconds,
      policies: toProviderPolicies(i.policies),
    })),
  ];
}

/**
 * The live snapshot an organization exactly as the model declares it would give: every declared
 * team with its members (plus the deployer, which Pulumi Cloud adds) and grants, the declared
 * stacks and environments (protected ones with OIDC-only definitions), the org defaults, the
 * declared members and custom roles (assigned to their teams), the GitHub issuer with
 * `buildOidcPolicies(model, ids)` and every other CI's issuer with the policies `ciIssuers` builds. The audit log is empty. Tests mutate it.
 */
export function impliedSnapshot(
  model: AccessModel,
  ids: GithubIds,
  opts: { deployer?: string; now?: number; days?: number; packVersionTag?: string } = {},
): LiveSnapshot {
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  const teams: LiveTeam[] = model.teams.map((t) => impliedTeam(model, t, opts.deployer));
  const envs = [
    ...new Map(
      model.stacks.map((s) => [stackKey(s.environment.project, s.environment.name), s]),
    ).values(),
  ];
  return {
    organization: model.organization,
    defaults: impliedDefaults(model),
    members: model.members.map((m) => ({ login: m.login, role: m.role })),
    roles: impliedRoles(model),
    teams,
    stacks: model.stacks.map((s) => ({ project: s.project, stack: s.stack })),
    // Ids as the implied roles' conditions name them (impliedRoles).
    environments: [
      ...envs.map((s) => s.environment),
      ...model.cloud.map((c) => c.environment),
      // Per-use break-glass environments (their own definition, importing nothing).
      ...model.breakGlass.map((b) => b.environment),
    ].map((e) => ({
      project: e.project,
      name: e.name,
      id: impliedEnvironmentId(e.project, e.name),
    })),
    definitions: [
      ...impliedDefinitions(model, envs),
      ...model.breakGlass.map((b) => ({ ...b.environment, yaml: "values: {}\n" })),
    ],
    oidcIssuers: impliedIssuers(model, ids),
    auditLog: { from: now - (opts.days ?? 7) * 86400, to: now, events: [] },
    policyGroups: model.guardrails.groups.map((g) => ({
      name: g.name,
      mode: g.mode,
      entityType: "stacks",
      stacks: g.stacks.map((s) => ({ project: s.project, stack: s.stack })),
      packs: [
        {
          name: model.guardrails.pack,
          versionTag: opts.packVersionTag ?? IMPLIED_PACK_VERSION,
          config: JSON.parse(JSON.stringify(groupPackConfig(model.guardrails, g))) as Record<
            string,
            unknown
          >,
        },
      ],
    })),
    deployments: impliedDeployments(model),
    webhooks: impliedWebhooks(model),
    approvals: impliedApprovals(model),
    ...impliedStackReads(model),
    notCovered: [],
  };
}

/**
 * Each declared approval rule as ListGates returns it for its environment: what
 * components/environmentTier.ts `createApprovals` registers, as the provider's ApprovalRule sends
 * it (`approval_required`, target `environment` `project/env`, action `update`, team approvers).
 */
export function impliedApprovals(model: AccessModel): NonNullable<LiveSnapshot["approvals"]> {
  return model.approvals.map((a, n) => {
    const key = stackKey(a.environment.project, a.environment.name);
    return {
      project: a.environment.project,
      name: a.environment.name,
      gates: [
        {
          id: `rule-${n}`,
          name: `secure-org ${key} changes`,
          enabled: true,
          rule: {
            ruleType: "approval_required",
            numApprovalsRequired: a.required,
            allowSelfApproval: false,
            requireReapprovalOnChange: true,
            eligibleApprovers: a.approvers.map((t) => ({
              eligibilityType: "team_member",
              name: t,
            })),
          },
          target: { entityType: "environment", qualifiedName: key, actionTypes: ["update"] },
        },
      ],
    };
  });
}

const uniqueStacks = (model: AccessModel) => [
  ...new Map(model.stacks.map((s) => [stackKey(s.project, s.stack), s])).values(),
];

/** Each declared stack with no direct collaborator and its declared tags. */
function impliedStackReads(model: AccessModel): Pick<LiveSnapshot, "collaborators" | "stackTags"> {
  return {
    collaborators: uniqueStacks(model).map((s) => ({
      project: s.project,
      stack: s.stack,
      users: [],
    })),
    stackTags: uniqueStacks(model).map((s) => ({
      project: s.project,
      stack: s.stack,
      tags: { ...s.tags },
    })),
  };
}

/** The declared webhooks as the service returns them (a URL in a secret: a stand-in). */
export function impliedWebhooks(model: AccessModel): LiveWebhook[] {
  return model.webhooks.map((w, i) => ({
    name: `hook${i}`,
    displayName: w.displayName,
    payloadUrl: w.url ?? `https://secret.example/${w.urlSecretConfigKey ?? ""}`,
    active: w.active,
    format: w.format,
    filters: [...(w.filters ?? [])],
    groups: [...(w.groups ?? [])],
    hasSecret: w.secretConfigKey !== undefined,
    scope:
      w.scope === "organization"
        ? { kind: "organization" as const }
        : w.scope === "stack"
          ? { kind: "stack" as const, project: w.projectName ?? "", stack: w.stackName ?? "" }
          : {
              kind: "environment" as const,
              project: w.projectName ?? "",
              environment: w.environmentName ?? "",
            },
  }));
}

/** Each declared stack's Deployments settings and drift schedules, as the bootstrap writes them. */
export function impliedDeployments(model: AccessModel): LiveDeployment[] {
  const stacks = [...new Map(model.stacks.map((s) => [stackKey(s.project, s.stack), s])).values()];
  return stacks.map((s) => {
    const p = model.pipelines.find(
      (x) =>
        x.mode === "pulumi-deployments" &&
        !x.bootstrap &&
        x.project === s.project &&
        x.stack === s.stack,
    );
    const d = p && declaredDeploymentSettings(p, model.github.owner);
    return {
      project: s.project,
      stack: s.stack,
      ...(d
        ? {
            settings: {
              branch: d.sourceContext.git.branch,
              repoDir: d.sourceContext.git.repoDir,
              provider: d.vcs.provider,
              repository: d.vcs.repository,
              deployCommits: d.vcs.deployCommits,
              previewPullRequests: d.vcs.previewPullRequests,
              pullRequestTemplate: d.vcs.pullRequestTemplate,
              tagFilters: [],
              paths: [...d.vcs.paths],
              preRunCommands: [],
            },
          }
        : {}),
      driftSchedules: model.driftSchedules
        .filter((x) => x.project === s.project && x.stack === s.stack)
        .map((x, i) => ({
          id: `drift-${i}`,
          cron: x.schedule,
          autoRemediate: x.autoRemediate,
          paused: false,
        })),
    };
  });
}
