/**
 * Serves a live snapshot (audit/compare/) as the Pulumi Cloud REST API and ESC would: the
 * response shapes of the reference (docs/pulumi-cloud-rest.md sections 1 to 7) and of the OpenAPI
 * spec (test/audit/specFake.spec.ts validates every answer the audit reads against it), with
 * continuation-token pagination of stacks, environments, members and audit log events, and the token check
 * of every endpoint. What it cannot prove: that api.pulumi.com fills every field the same way
 * (e.g. how team and organization tokens appear in audit events is unverified).
 */
import { LiveSnapshot } from "../../audit/compare";
import { MockResponse, RecordedRequest, Responder } from "./mockCloud";
import { gatesOf } from "./breakGlassGates";
import { loadOpenApiFixture } from "./openapi";

export interface ServeOptions {
  /** The only accepted token (`Authorization: token <token>`). */
  readonly token: string;
  /** Items per page of stacks, environments and audit events. Default 100. */
  readonly pageSize?: number;
  /** Answers a request instead of the snapshot when it returns something. */
  readonly override?: (req: RecordedRequest) => MockResponse | "destroy" | undefined;
}

const json = (status: number, body: unknown, headers?: Record<string, string>): MockResponse => ({
  status,
  body,
  headers,
});
const notFound = (what: string) => json(404, { code: 404, message: `${what} not found` });

/** Opaque page tokens, like the service's (base64 of the offset). */
const encodeToken = (offset: number) =>
  Buffer.from(JSON.stringify({ o: offset })).toString("base64");
const decodeToken = (token: string | undefined) =>
  token ? (JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { o: number }).o : 0;

function page<T>(items: readonly T[], token: string | undefined, size: number) {
  const start = decodeToken(token);
  const next = start + size;
  return { items: items.slice(start, next), next: next < items.length ? encodeToken(next) : "" };
}

/** What a handler answers from: the snapshot, the request and its decoded path segments. */
interface Ctx {
  readonly world: LiveSnapshot;
  readonly org: string;
  readonly req: RecordedRequest;
  readonly seg: readonly string[];
  /** Items per page. */
  readonly size: number;
}

/** One endpoint: its path (`*` matches any segment), where the org name is, and its answer. */
interface Route {
  readonly path: readonly string[];
  /** The index of the segment that must be the snapshot's organization. */
  readonly orgAt?: number;
  readonly handle: (ctx: Ctx) => MockResponse;
}

const forbidden = () => json(403, { code: 403, message: "Forbidden" });

/** Every feature flag the spec's `OrganizationFeatures` requires, off (the answer turns some on). */
const FEATURES_OFF: Record<string, boolean> = Object.fromEntries(
  (
    (loadOpenApiFixture("audit.json").components.schemas.OrganizationFeatures.required ??
      []) as string[]
  ).map((k) => [k, false]),
);

/** `GET /api/orgs/{org}/metadata` */
function orgMetadata({ world }: Ctx): MockResponse {
  const d = world.defaults;
  if (!d) return forbidden();
  return json(200, {
    id: "o1",
    created: "2024-01-01T00:00:00Z",
    kind: "github",
    userRole: "admin",
    defaultAccountPermission: 0,
    membersCanTransferStacks: false,
    membersCanCreateAccounts: false,
    ...d,
    preferredVCS: "github",
    // Required by the spec's OrganizationMetadata; not read by the audit.
    aiEnablement: "disabled",
    auditLogsEnabled: true,
    insightsTrialUsingPolicy: false,
    naturalLanguageSearchDisabled: true,
    neoAgentDisabled: true,
    neoApprovalMode: "manual",
    neoCLIExplanationsDisabled: true,
    neoEnabled: false,
    neoTaskSharingMode: "none",
    webhooksEnabled: true,
    memberCount: 9,
    stackCount: world.stacks?.length ?? 0,
    environmentCount: world.environments?.length ?? 0,
    accountCount: 0,
    features: {
      ...FEATURES_OFF,
      auditLogsEnabled: true,
      teamsEnabled: true,
      environmentsEnabled: true,
      deployEnabled: true,
      customRolesEnabled: true,
    },
  });
}

/** `GET /api/orgs/{org}/teams` */
function teamList({ world }: Ctx): MockResponse {
  return json(200, {
    teams: (world.teams ?? []).map((t) => ({
      kind: t.kind,
      name: t.name,
      displayName: t.name,
      description: "",
    })),
  });
}

/** `GET /api/orgs/{org}/teams/{team}` */
function team({ world, seg }: Ctx): MockResponse {
  const t = (world.teams ?? []).find((x) => x.name === seg[4]);
  if (!t) return notFound(`team ${seg[4]}`);
  return json(200, {
    kind: t.kind,
    name: t.name,
    displayName: t.name,
    description: "",
    userRole: "none",
    ...(t.roleIds ? { roleIds: t.roleIds } : {}),
    ...(t.accounts
      ? {
          accounts: t.accounts.map((a) => ({ accountName: a.account, permission: a.permission })),
        }
      : {}),
    members: t.members.map((m) => ({
      name: m.toUpperCase(),
      githubLogin: m,
      avatarUrl: "",
      role: "member",
    })),
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
  });
}

/** `GET /api/orgs/{org}/oidc/issuers` */
function oidcIssuers({ world }: Ctx): MockResponse {
  return json(200, {
    oidcIssuers: (world.oidcIssuers ?? []).map((i) => ({
      id: i.id,
      name: i.name,
      url: i.url,
      issuer: i.url,
      thumbprints: ["a".repeat(64)],
      ...(i.maxExpiration !== undefined ? { maxExpiration: i.maxExpiration } : {}),
      created: "2024-04-19 15:07:54.693",
      modified: "2024-04-19 15:07:54.693",
    })),
  });
}

/** `GET /api/orgs/{org}/auth/policies/oidcissuers/{id}` */
function authPolicy({ world, seg }: Ctx): MockResponse {
  const i = (world.oidcIssuers ?? []).find((x) => x.id === seg[6]);
  if (!i) return json(400, { code: 400, message: "Invalid issuer ID" });
  return json(200, {
    id: `policy-${i.id}`,
    version: 3,
    created: "2024-04-19 15:07:54.693",
    modified: "2024-04-19 15:07:54.693",
    policies: i.policies.map((p) => ({ authorizedPermissions: [], ...p })),
  });
}

/** `GET /api/orgs/{org}/auditlogs/v2?startTime=&endTime=`, newest first, paginated. */
function auditLog({ world, req, size }: Ctx): MockResponse {
  const from = Number(req.query.startTime);
  const to = Number(req.query.endTime ?? Number.MAX_SAFE_INTEGER);
  if (!Number.isFinite(from) && !req.query.continuationToken)
    return json(400, { code: 400, message: "invalid query params" });
  const events = [...(world.auditLog?.events ?? [])]
    .filter((e) => e.timestamp >= from && e.timestamp <= to)
    .sort((a, b) => b.timestamp - a.timestamp);
  const p = page(events, req.query.continuationToken, size);
  return json(200, {
    auditLogEvents: p.items.map((e) => ({
      sourceIP: "203.0.113.4",
      ...e,
      user: { name: "", githubLogin: "", ...e.user, avatarUrl: "" },
    })),
    ...(p.next ? { continuationToken: p.next } : {}),
  });
}

/** `GET /api/user/stacks?organization=`, paginated. */
function userStacks({ world, org, req, size }: Ctx): MockResponse {
  const stacks = (world.stacks ?? [])
    .filter(() => req.query.organization === org)
    .map((s, i) => ({
      id: `stack-${i}`,
      orgName: org,
      projectName: s.project,
      stackName: s.stack,
      lastUpdate: 1756300000,
      resourceCount: 3,
    }));
  const p = page(stacks, req.query.continuationToken, size);
  return json(200, { stacks: p.items, ...(p.next ? { continuationToken: p.next } : {}) });
}

/** `GET /api/esc/environments/{org}`, paginated with `nextToken`. */
function escEnvironments({ world, org, req, size }: Ctx): MockResponse {
  const envs = (world.environments ?? []).map((e, i) => ({
    organization: org,
    project: e.project,
    name: e.name,
    created: "2024-05-01T00:00:00Z",
    modified: "2024-05-02T00:00:00Z",
    id: e.id ?? `env-${i}`,
    tags: {},
    settings: { deletionProtected: false },
    ownedBy: { name: "Alice", githubLogin: "alice", avatarUrl: "" },
    referrerMetadata: {
      environmentReferrerCount: 0,
      insightsAccountReferrerCount: 0,
      stackReferrerCount: 0,
    },
  }));
  const p = page(envs, req.query.continuationToken, size);
  return json(200, { environments: p.items, ...(p.next ? { nextToken: p.next } : {}) });
}

/** `GET /api/esc/environments/{org}/{project}/{name}`: the definition as YAML. */
function escDefinition({ world, seg }: Ctx): MockResponse {
  const known = (world.environments ?? []).some((e) => e.project === seg[4] && e.name === seg[5]);
  const d = (world.definitions ?? []).find((x) => x.project === seg[4] && x.name === seg[5]);
  if (!known) return notFound(`environment ${seg[4]}/${seg[5]}`);
  return {
    status: 200,
    body: d?.yaml ?? "values: {}\n",
    headers: {
      "Content-Type": "application/x-yaml",
      ETag: '"rev-7"',
      "Pulumi-ESC-Revision": "7",
    },
  };
}

/** The org's default groups, which every organization has (never declared by the config). */
const DEFAULT_GROUPS = [
  { name: "default-policy-group", mode: "preventative", entityType: "stacks" },
  { name: "default-accounts-policy-group", mode: "audit", entityType: "accounts" },
] as const;

/** `GET /api/orgs/{org}/policygroups` (`AppListPolicyGroupsResponse`). */
function policyGroupList({ world }: Ctx): MockResponse {
  if (!world.policyGroups) return forbidden();
  return json(200, {
    policyGroups: [
      ...DEFAULT_GROUPS.map((g) => ({
        ...g,
        isOrgDefault: true,
        numStacks: g.entityType === "stacks" ? (world.stacks?.length ?? 0) : 0,
        numAccounts: 0,
        numEnabledPolicyPacks: 0,
      })),
      ...world.policyGroups.map((g) => ({
        name: g.name,
        isOrgDefault: false,
        numStacks: g.stacks.length,
        numAccounts: 0,
        numEnabledPolicyPacks: g.packs.length,
        entityType: g.entityType,
        mode: g.mode,
      })),
    ],
  });
}

/** `GET /api/orgs/{org}/policygroups/{policyGroup}` (`PolicyGroup`). */
function policyGroup({ world, seg }: Ctx): MockResponse {
  if (!world.policyGroups) return forbidden();
  const d = DEFAULT_GROUPS.find((x) => x.name === seg[4]);
  if (d)
    return json(200, {
      ...d,
      isOrgDefault: true,
      stacks: [],
      appliedPolicyPacks: [],
      accounts: [],
    });
  const g = world.policyGroups.find((x) => x.name === seg[4]);
  if (!g) return notFound(`policy group ${seg[4]}`);
  return json(200, {
    name: g.name,
    isOrgDefault: false,
    entityType: g.entityType,
    mode: g.mode,
    stacks: g.stacks.map((s) => ({ name: s.stack, routingProject: s.project })),
    appliedPolicyPacks: g.packs.map((p, i) => ({
      name: p.name,
      displayName: "secure-org guardrails",
      version: i + 3,
      versionTag: p.versionTag,
      ...(p.config ? { config: p.config } : {}),
    })),
    accounts: [],
  });
}

/** A custom role as `PermissionDescriptorRecord`. */
const roleRecord = (r: NonNullable<LiveSnapshot["roles"]>[number]) => ({
  id: r.id,
  name: r.name,
  uxPurpose: "role",
  resourceType: "global",
  details: r.details ?? { __type: "PermissionDescriptorGroup", entries: [] },
  orgId: "o1",
  version: 1,
  isOrgDefault: false,
  created: "2024-06-01T00:00:00Z",
  modified: "2024-06-01T00:00:00Z",
});

/** `GET /api/orgs/{org}/roles?uxPurpose=role` */
function roles({ world, req }: Ctx): MockResponse {
  if (!req.query.uxPurpose) return json(400, { code: 400, message: "Role purpose is not valid" });
  if (!world.roles) return forbidden();
  return json(200, { roles: req.query.uxPurpose === "role" ? world.roles.map(roleRecord) : [] });
}

/** `GET /api/orgs/{org}/teams/{team}/roles` */
function teamRoles({ world, seg }: Ctx): MockResponse {
  if (!world.roles) return forbidden();
  const t = (world.teams ?? []).find((x) => x.name === seg[4]);
  if (!t) return notFound(`team ${seg[4]}`);
  const held = new Set(t.roleIds ?? []);
  return json(200, { roles: world.roles.filter((r) => held.has(r.id)).map(roleRecord) });
}

/** `GET /api/orgs/{org}/members`, paginated; the built-in role in `role` and `fgaRole`. */
function members({ world, req, size }: Ctx): MockResponse {
  if (!world.members) return forbidden();
  const all = world.members.map((m) => ({
    role: m.role,
    fgaRole: m.customRole
      ? { ...m.customRole, modifiedAt: "2024-06-01T00:00:00Z" }
      : { id: `builtin-${m.role}`, name: m.role, modifiedAt: "2024-01-01T00:00:00Z" },
    user: { name: m.login.toUpperCase(), githubLogin: m.login, avatarUrl: "" },
    created: "2024-01-01T00:00:00Z",
    knownToPulumi: true,
    virtualAdmin: false,
  }));
  const p = page(all, req.query.continuationToken, size);
  return json(200, { members: p.items, ...(p.next ? { continuationToken: p.next } : {}) });
}

/** The stack's entry of `world.deployments` (forbidden when the section was not read). */
const deploymentOf = (world: LiveSnapshot, seg: readonly string[]) =>
  world.deployments?.find((d) => d.project === seg[3] && d.stack === seg[4]);

/** `GET /api/stacks/{org}/{project}/{stack}/deployments/settings` (`DeploymentSettings`). */
function deploymentSettings({ world, seg }: Ctx): MockResponse {
  if (!world.deployments) return forbidden();
  const s = deploymentOf(world, seg)?.settings;
  if (!s) return notFound("deployment settings");
  return json(200, {
    source: "provider",
    sourceContext: { git: { branch: s.branch, ...(s.repoDir ? { repoDir: s.repoDir } : {}) } },
    vcs: {
      provider: s.provider,
      repository: s.repository,
      deployCommits: s.deployCommits,
      previewPullRequests: s.previewPullRequests,
      pullRequestTemplate: s.pullRequestTemplate,
      paths: s.paths,
      ...(s.deployTags !== undefined ? { deployTags: s.deployTags } : {}),
      ...(s.tagFilters.length ? { tagFilters: s.tagFilters } : {}),
    },
    ...(s.preRunCommands.length ? { operationContext: { preRunCommands: s.preRunCommands } } : {}),
    ...(s.executorImage
      ? { executorContext: { executorImage: { reference: s.executorImage } } }
      : {}),
    ...(s.agentPoolID ? { agentPoolID: s.agentPoolID } : {}),
  });
}

/** `GET /api/stacks/{org}/{project}/{stack}/deployments/schedules` (`ListScheduledActionsResponse`). */
function deploymentSchedules({ world, seg }: Ctx): MockResponse {
  if (!world.deployments) return forbidden();
  const d = deploymentOf(world, seg);
  if (!d) return notFound("stack");
  return json(200, {
    schedules: d.driftSchedules.map((x) => ({
      id: x.id,
      orgID: "o1",
      kind: "deployment",
      scheduleCron: x.cron,
      paused: x.paused,
      nextExecution: "2026-11-26T00:00:00Z",
      lastExecuted: "2026-11-25T00:00:00Z",
      created: "2024-06-01T00:00:00Z",
      modified: "2024-06-01T00:00:00Z",
      definition: {
        request: {
          operation: "detect-drift",
          operationContext: { options: { remediateIfDriftDetected: x.autoRemediate } },
        },
      },
    })),
  });
}

/** A live webhook as `WebhookResponse`. */
const webhookWire = (org: string, w: NonNullable<LiveSnapshot["webhooks"]>[number]) => ({
  organizationName: org,
  ...(w.scope.kind === "stack" ? { projectName: w.scope.project, stackName: w.scope.stack } : {}),
  ...(w.scope.kind === "environment"
    ? { projectName: w.scope.project, envName: w.scope.environment }
    : {}),
  name: w.name,
  displayName: w.displayName,
  payloadUrl: w.payloadUrl,
  active: w.active,
  format: w.format,
  filters: w.filters,
  groups: w.groups,
  hasSecret: w.hasSecret,
  secretCiphertext: w.hasSecret ? "v1:c2VjcmV0" : "",
});

type Hook = NonNullable<LiveSnapshot["webhooks"]>[number];

/** The webhooks of one scope (`[]` of `WebhookResponse`); forbidden when the section was not read. */
const hooksOf =
  (inScope: (w: Hook, seg: readonly string[]) => boolean) =>
  ({ world, org, seg }: Ctx): MockResponse => {
    if (!world.webhooks) return forbidden();
    return json(
      200,
      world.webhooks.filter((w) => inScope(w, seg)).map((w) => webhookWire(org, w)),
    );
  };

const orgHooks = hooksOf((w) => w.scope.kind === "organization");
const stackHooks = hooksOf(
  ({ scope: s }, seg) => s.kind === "stack" && s.project === seg[3] && s.stack === seg[4],
);
const envHooks = hooksOf(
  ({ scope: s }, seg) =>
    s.kind === "environment" && s.project === seg[4] && s.environment === seg[5],
);

/** `GET /api/stacks/{org}/{project}/{stack}/collaborators` (`ListStackCollaboratorsResponse`). */
function collaborators({ world, seg }: Ctx): MockResponse {
  if (!world.collaborators) return forbidden();
  const c = world.collaborators.find((x) => x.project === seg[3] && x.stack === seg[4]);
  if (!c) return notFound("stack");
  return json(200, {
    users: c.users.map((u) => ({
      user: { name: u.login, githubLogin: u.login, avatarUrl: "" },
      permission: u.permission,
    })),
    ...(c.creator ? { stackCreatorUserName: c.creator } : {}),
  });
}

/** `GET /api/stacks/{org}/{project}/{stack}` (`AppStack`, with its tags). */
function stack({ world, org, seg }: Ctx): MockResponse {
  if (!world.stackTags) return forbidden();
  const t = world.stackTags.find((x) => x.project === seg[3] && x.stack === seg[4]);
  if (!t) return notFound("stack");
  return json(200, {
    id: `${org}/${t.project}/${t.stack}`,
    orgName: org,
    projectName: t.project,
    stackName: t.stack,
    activeUpdate: "00000000-0000-4000-8000-000000000000",
    version: 1,
    tags: t.tags,
  });
}

const ROUTES: readonly Route[] = [
  { path: ["api", "stacks", "*", "*", "*"], orgAt: 2, handle: stack },
  { path: ["api", "stacks", "*", "*", "*", "hooks"], orgAt: 2, handle: stackHooks },
  { path: ["api", "stacks", "*", "*", "*", "collaborators"], orgAt: 2, handle: collaborators },
  { path: ["api", "orgs", "*", "hooks"], orgAt: 2, handle: orgHooks },
  { path: ["api", "esc", "environments", "*", "*", "*", "hooks"], orgAt: 3, handle: envHooks },
  {
    path: ["api", "stacks", "*", "*", "*", "deployments", "settings"],
    orgAt: 2,
    handle: deploymentSettings,
  },
  {
    path: ["api", "stacks", "*", "*", "*", "deployments", "schedules"],
    orgAt: 2,
    handle: deploymentSchedules,
  },
  { path: ["api", "orgs", "*", "metadata"], orgAt: 2, handle: orgMetadata },
  { path: ["api", "orgs", "*", "teams"], orgAt: 2, handle: teamList },
  { path: ["api", "orgs", "*", "teams", "*"], orgAt: 2, handle: team },
  { path: ["api", "orgs", "*", "teams", "*", "roles"], orgAt: 2, handle: teamRoles },
  { path: ["api", "orgs", "*", "members"], orgAt: 2, handle: members },
  { path: ["api", "orgs", "*", "roles"], orgAt: 2, handle: roles },
  { path: ["api", "orgs", "*", "oidc", "issuers"], orgAt: 2, handle: oidcIssuers },
  {
    path: ["api", "orgs", "*", "auth", "policies", "oidcissuers", "*"],
    orgAt: 2,
    handle: authPolicy,
  },
  { path: ["api", "orgs", "*", "auditlogs", "v2"], orgAt: 2, handle: auditLog },
  // Break-glass reads (issue 28): the world's gates of one entity, no change requests.
  {
    path: ["api", "change-gates", "*"],
    orgAt: 2,
    handle: ({ world, req }) =>
      req.query.entityType !== "environment" || !req.query.qualifiedName
        ? json(400, { code: 400, message: "invalid query parameter" })
        : json(200, {
            gates: gatesOf(world).filter(
              (g) =>
                (g.target as { qualifiedName?: string }).qualifiedName === req.query.qualifiedName,
            ),
            continuationToken: "",
          }),
  },
  {
    path: ["api", "change-requests", "*"],
    orgAt: 2,
    handle: () => json(200, { changeRequests: [], continuationToken: "" }),
  },
  { path: ["api", "orgs", "*", "policygroups"], orgAt: 2, handle: policyGroupList },
  { path: ["api", "orgs", "*", "policygroups", "*"], orgAt: 2, handle: policyGroup },
  { path: ["api", "user", "stacks"], handle: userStacks },
  { path: ["api", "esc", "environments", "*"], orgAt: 3, handle: escEnvironments },
  { path: ["api", "esc", "environments", "*", "*", "*"], orgAt: 3, handle: escDefinition },
];

const matches = (r: Route, seg: readonly string[], org: string) =>
  seg.length === r.path.length &&
  r.path.every((p, i) => p === "*" || p === seg[i]) &&
  (r.orgAt === undefined || seg[r.orgAt] === org);

export function snapshotResponder(world: LiveSnapshot, opts: ServeOptions): Responder {
  const size = opts.pageSize ?? 100;
  const org = world.organization;
  return (req) => {
    const override = opts.override?.(req);
    if (override) return override;
    if (req.headers.authorization !== `token ${opts.token}`)
      return json(401, {
        code: 401,
        message: "Unauthorized: No credentials provided or are invalid.",
      });
    if (req.method !== "GET") return json(405, { code: 405, message: "method not allowed" });
    const seg = req.path.split("/").slice(1).map(decodeURIComponent);
    const route = ROUTES.find((r) => matches(r, seg, org));
    if (!route) return notFound(`${req.method} ${req.path}`);
    return route.handle({ world, org, req, seg, size });
  };
}
