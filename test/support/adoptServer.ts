/**
 * Serves a live organization (adopt/live.ts: Pulumi Cloud and its GitHub side) over HTTP for
 * `npm run adopt` and the audit: Pulumi Cloud answers in the shapes of the OpenAPI spec (every JSON
 * answer is checked against it, see test/support/openapi.ts; problems are collected in
 * `problems`), with continuation-token pagination; GitHub answers under `/github` in the shapes of
 * its REST API (pages through `Link`). Only GETs: adoption writes nothing, and any other method
 * is recorded and refused.
 */
import type { LiveOrg } from "../../adopt/live";
import type { LivePolicyGroup } from "../../audit/compare";
import { MockResponse, RecordedRequest, Responder } from "./mockCloud";
import { OpenApiChecker } from "./openapiChecker";

export interface World extends LiveOrg {
  /** Environment definitions (YAML) the audit reads. */
  readonly definitions?: readonly { project: string; name: string; yaml: string }[];
  /** Policy groups in full (the audit reads the declared ones); by default from `policyGroups`. */
  readonly policyGroupDetails?: readonly LivePolicyGroup[];
}

/** The groups every organization has, never declared (as the audit's stand-in serves them). */
const DEFAULT_GROUPS = [
  { name: "default-policy-group", mode: "preventative", entityType: "stacks" },
  { name: "default-accounts-policy-group", mode: "audit", entityType: "accounts" },
] as const;

function policyGroupList(w: World): MockResponse {
  return json(200, {
    policyGroups: [
      ...DEFAULT_GROUPS.map((g) => ({
        ...g,
        isOrgDefault: true,
        numStacks: 0,
        numAccounts: 0,
        numEnabledPolicyPacks: 0,
      })),
      ...w.policyGroups.map((g) => ({
        ...g,
        isOrgDefault: false,
        numStacks: 0,
        numAccounts: 0,
        numEnabledPolicyPacks: 0,
      })),
    ],
  });
}

function policyGroup(w: World, seg: string[]): MockResponse {
  const g = w.policyGroups.find((x) => x.name === seg[4]);
  if (!g) return notFound(`policy group ${seg[4]}`);
  const d = w.policyGroupDetails?.find((x) => x.name === g.name);
  return json(200, {
    name: g.name,
    isOrgDefault: false,
    entityType: g.entityType,
    mode: g.mode,
    stacks: (d?.stacks ?? []).map((s) => ({ name: s.stack, routingProject: s.project })),
    appliedPolicyPacks: (d?.packs ?? []).map((p, i) => ({
      name: p.name,
      displayName: p.name,
      version: i + 1,
      versionTag: p.versionTag,
      ...(p.config ? { config: p.config } : {}),
    })),
    accounts: [],
  });
}

export interface AdoptServeOptions {
  readonly token: string;
  readonly githubToken?: string;
  /** Items per page (Pulumi lists and GitHub lists). Default 5. */
  readonly pageSize?: number;
}

const json = (status: number, body: unknown, headers?: Record<string, string>): MockResponse => ({
  status,
  body,
  headers,
});
const notFound = (what: string) => json(404, { code: 404, message: `${what} not found` });
const enc = (n: number) => Buffer.from(JSON.stringify({ o: n })).toString("base64");
const dec = (t?: string) =>
  t ? (JSON.parse(Buffer.from(t, "base64").toString()) as { o: number }).o : 0;
const STACK_CODES: Record<number, number> = { 101: 101, 102: 102, 103: 103 };

function pageOf<T>(items: readonly T[], token: string | undefined, size: number) {
  const start = dec(token);
  return {
    items: items.slice(start, start + size),
    next: start + size < items.length ? enc(start + size) : undefined,
  };
}

const hookBody = (h: World["webhooks"][number], org: string) => ({
  name: h.name,
  displayName: h.displayName,
  payloadUrl: h.payloadUrl,
  active: h.active,
  organizationName: org,
  format: h.format,
  ...(h.filters.length ? { filters: h.filters } : {}),
  ...(h.groups.length ? { groups: h.groups } : {}),
  ...(h.scope.kind === "stack" ? { projectName: h.scope.project, stackName: h.scope.stack } : {}),
  ...(h.scope.kind === "environment"
    ? { projectName: h.scope.project, envName: h.scope.environment }
    : {}),
  hasSecret: h.hasSecret,
  secretCiphertext: h.hasSecret ? "AAAB" : "",
});

type Handler = (
  w: World,
  seg: string[],
  req: RecordedRequest,
  size: number,
  api: OpenApiChecker,
) => MockResponse;

const pulumiRoutes: [string[], Handler][] = [
  [
    ["api", "orgs", "*", "metadata"],
    (w, _s, _r, _n, api) => {
      const d = w.defaults;
      return json(
        200,
        api.minimal("OrganizationMetadata", {
          defaultStackPermission: d?.defaultStackPermission ?? 0,
          defaultEnvironmentPermission: d?.defaultEnvironmentPermission ?? "none",
          membersCanCreateStacks: d?.membersCanCreateStacks ?? false,
          membersCanDeleteStacks: d?.membersCanDeleteStacks ?? false,
          membersCanCreateTeams: d?.membersCanCreateTeams ?? false,
          ...(d?.maxAccessTokenExpiryDays
            ? { maxAccessTokenExpiryDays: d.maxAccessTokenExpiryDays }
            : {}),
          auditLogsEnabled: true,
          features: { ...(api.minimal("OrganizationFeatures") as object), auditLogsEnabled: true },
        }),
      );
    },
  ],
  [
    ["api", "orgs", "*", "members"],
    (w, _s, req, size, api) => {
      const p = pageOf(w.members, req.query.continuationToken, size);
      return json(200, {
        members: p.items.map((m) =>
          api.minimal("OrganizationMember", {
            role: m.role,
            user: { name: m.login.toUpperCase(), githubLogin: m.login, avatarUrl: "" },
            fgaRole: { id: m.role, name: m.role, modifiedAt: "2024-01-01T00:00:00Z" },
          }),
        ),
        ...(p.next ? { continuationToken: p.next } : {}),
      });
    },
  ],
  [
    ["api", "orgs", "*", "teams"],
    (w) =>
      json(200, {
        teams: w.teams.map((t) => ({
          kind: t.kind,
          name: t.name,
          displayName: t.displayName,
          description: t.description,
        })),
      }),
  ],
  [
    ["api", "orgs", "*", "teams", "*"],
    (w, seg) => {
      const t = w.teams.find((x) => x.name === seg[4]);
      if (!t) return notFound(`team ${seg[4]}`);
      return json(200, {
        kind: t.kind,
        name: t.name,
        displayName: t.displayName,
        description: t.description,
        members: t.members.map((m) => ({
          name: m.toUpperCase(),
          githubLogin: m,
          avatarUrl: "",
          role: "member",
        })),
        stacks: t.stacks.map((s) => ({
          projectName: s.project,
          stackName: s.stack,
          permission: STACK_CODES[s.permission] ?? s.permission,
        })),
        environments: t.environments.map((e) => ({
          projectName: e.project,
          envName: e.name,
          permission: e.permission,
          ...(e.maxOpenDuration ? { maxOpenDuration: e.maxOpenDuration } : {}),
        })),
      });
    },
  ],
  [
    ["api", "user", "stacks"],
    (w, _s, req, size) => {
      const p = pageOf(w.stacks, req.query.continuationToken, size);
      return json(200, {
        stacks: p.items.map((s, i) => ({
          id: `stack-${i}`,
          orgName: w.organization,
          projectName: s.project,
          stackName: s.stack,
          lastUpdate: 1756300000,
        })),
        ...(p.next ? { continuationToken: p.next } : {}),
      });
    },
  ],
  [
    ["api", "stacks", "*", "*", "*"],
    (w, seg) => {
      const s = w.stacks.find((x) => x.project === seg[3] && x.stack === seg[4]);
      if (!s) return notFound(`stack ${seg[3]}/${seg[4]}`);
      return json(200, {
        activeUpdate: "",
        id: `${s.project}-${s.stack}`,
        orgName: w.organization,
        projectName: s.project,
        stackName: s.stack,
        tags: s.tags,
        version: 3,
      });
    },
  ],
  [
    ["api", "stacks", "*", "*", "*", "deployments", "settings"],
    (w, seg) => {
      const d = w.deploymentSettings.find((x) => x.project === seg[3] && x.stack === seg[4]);
      if (!d) return notFound("deployment settings");
      return json(200, {
        sourceContext: { git: { branch: d.branch, ...(d.repoDir ? { repoDir: d.repoDir } : {}) } },
        vcs: {
          provider: d.provider ?? "github",
          repository: d.repository,
          deployCommits: d.deployCommits,
          previewPullRequests: d.previewPullRequests,
          pullRequestTemplate: d.pullRequestTemplate,
          paths: d.paths,
        },
        source: "provider",
      });
    },
  ],
  [
    ["api", "stacks", "*", "*", "*", "deployments", "schedules"],
    (w, seg) =>
      json(200, {
        schedules: w.driftSchedules
          .filter((x) => x.project === seg[3] && x.stack === seg[4])
          .map((d) => ({
            id: d.id,
            kind: "deployment",
            orgID: "o1",
            created: "2024-01-01",
            modified: "2024-01-01",
            lastExecuted: "2024-01-01",
            nextExecution: "2024-01-02",
            paused: false,
            scheduleCron: d.cron,
            definition: {
              request: {
                operation: "detect-drift",
                operationContext: { options: { remediateIfDriftDetected: d.autoRemediate } },
              },
            },
          })),
      }),
  ],
  [
    ["api", "stacks", "*", "*", "*", "hooks"],
    (w, seg) =>
      json(
        200,
        w.webhooks
          .filter(
            (h) =>
              h.scope.kind === "stack" && h.scope.project === seg[3] && h.scope.stack === seg[4],
          )
          .map((h) => hookBody(h, w.organization)),
      ),
  ],
  [
    ["api", "orgs", "*", "hooks"],
    (w) =>
      json(
        200,
        w.webhooks
          .filter((h) => h.scope.kind === "organization")
          .map((h) => hookBody(h, w.organization)),
      ),
  ],
  [
    ["api", "esc", "environments", "*", "*", "*", "hooks"],
    (w, seg) =>
      json(
        200,
        w.webhooks
          .filter(
            (h) =>
              h.scope.kind === "environment" &&
              h.scope.project === seg[4] &&
              h.scope.environment === seg[5],
          )
          .map((h) => hookBody(h, w.organization)),
      ),
  ],
  [
    ["api", "esc", "environments", "*"],
    (w, _s, req, size, api) => {
      const p = pageOf(w.environments, req.query.continuationToken, size);
      return json(200, {
        environments: p.items.map((e, i) =>
          api.minimal("OrgEnvironment", {
            organization: w.organization,
            project: e.project,
            name: e.name,
            id: `env-${i}`,
            created: "2024-05-01T00:00:00Z",
            modified: "2024-05-02T00:00:00Z",
            ownedBy: { name: "Alice", githubLogin: "alice", avatarUrl: "" },
            tags: {},
          }),
        ),
        ...(p.next ? { nextToken: p.next } : {}),
      });
    },
  ],
  [
    ["api", "esc", "environments", "*", "*", "*"],
    (w, seg) => {
      if (!w.environments.some((e) => e.project === seg[4] && e.name === seg[5]))
        return notFound("environment");
      const d = w.definitions?.find((x) => x.project === seg[4] && x.name === seg[5]);
      return {
        status: 200,
        body: d?.yaml ?? "values: {}\n",
        headers: { "Content-Type": "application/x-yaml" },
      };
    },
  ],
  [
    ["api", "orgs", "*", "oidc", "issuers"],
    (w) =>
      json(200, {
        oidcIssuers: w.oidcIssuers.map((i) => ({
          id: i.id,
          name: i.name,
          url: i.url,
          issuer: i.url,
          thumbprints: i.thumbprints,
          maxExpiration: i.maxExpiration,
        })),
      }),
  ],
  [
    ["api", "orgs", "*", "auth", "policies", "oidcissuers", "*"],
    (w, seg) => {
      const i = w.oidcIssuers.find((x) => x.id === seg[6]);
      if (!i) return json(400, { code: 400, message: "Invalid issuer ID" });
      return json(200, {
        id: `policy-${i.id}`,
        version: 1,
        policies: i.policies.map((p) => ({ authorizedPermissions: [], ...p })),
      });
    },
  ],
  [
    ["api", "change-gates", "*"],
    // ListGates lists one entity's gates (entityType and qualifiedName); without them, 400.
    (w, _seg, req) =>
      req.query.entityType !== "environment" || !req.query.qualifiedName
        ? json(400, { code: 400, message: "invalid query parameter" })
        : json(200, {
            continuationToken: "",
            gates: w.approvalRules
              .filter((g) => `${g.project}/${g.environment}` === req.query.qualifiedName)
              .map((g) => ({
                id: g.id,
                name: g.name,
                enabled: g.enabled,
                target: {
                  entityType: "environment",
                  qualifiedName: `${g.project}/${g.environment}`,
                  actionTypes: g.actionTypes,
                },
                rule: {
                  ruleType: "approval_required",
                  numApprovalsRequired: g.numApprovalsRequired,
                  allowSelfApproval: g.allowSelfApproval,
                  requireReapprovalOnChange: g.requireReapprovalOnChange,
                  eligibleApprovers: g.approvers.map((a) =>
                    a.startsWith("team:")
                      ? {
                          eligibilityType: "team_member",
                          name: a.slice(5),
                          displayName: a.slice(5),
                        }
                      : {
                          eligibilityType: "specific_user",
                          user: { name: a.slice(5), githubLogin: a.slice(5), avatarUrl: "" },
                        },
                  ),
                },
              })),
          }),
  ],
  [["api", "orgs", "*", "auditlogs", "v2"], () => json(200, { auditLogEvents: [] })],
  [["api", "orgs", "*", "policygroups"], (w) => policyGroupList(w)],
  [["api", "orgs", "*", "policygroups", "*"], (w, seg) => policyGroup(w, seg)],
];

type GithubHandler = (w: World, seg: string[], req: RecordedRequest) => MockResponse | undefined;

const ghRepo = (w: World, name: string) => w.github?.repositories.find((r) => r.name === name);

const githubRoutes: [string[], GithubHandler][] = [
  [["orgs", "*"], (w) => json(200, { login: w.github?.owner, id: w.github?.ownerId })],
  [
    ["orgs", "*", "teams"],
    (w) =>
      json(
        200,
        (w.github?.teams ?? []).map((t) => ({
          id: t.id,
          slug: t.slug,
          name: t.name,
          description: t.description,
          privacy: t.privacy,
        })),
      ),
  ],
  [
    ["orgs", "*", "teams", "*", "members"],
    (w, seg, req) => {
      const t = w.github?.teams.find((x) => x.slug === seg[3]);
      if (!t) return notFound("team");
      const role = req.query.role ?? "all";
      return json(
        200,
        t.members
          .filter((m) => role === "all" || m.role === role)
          .map((m) => ({ login: m.login, id: 1 })),
      );
    },
  ],
  [
    ["orgs", "*", "teams", "*", "repos"],
    (w, seg) => {
      const t = w.github?.teams.find((x) => x.slug === seg[3]);
      if (!t) return notFound("team");
      return json(
        200,
        t.repositories.map((r) => ({
          name: r.name,
          role_name: r.permission,
          permissions: { pull: true, [r.permission]: true },
        })),
      );
    },
  ],
  [
    ["repos", "*", "*"],
    (w, seg) => {
      const r = ghRepo(w, seg[2]);
      return r
        ? json(200, { id: r.id, name: r.name, default_branch: r.defaultBranch })
        : notFound("repository");
    },
  ],
  [
    ["repos", "*", "*", "environments"],
    (w, seg) => {
      const r = ghRepo(w, seg[2]);
      if (!r) return notFound("repository");
      return json(200, {
        total_count: r.environments.length,
        environments: r.environments.map((e) => ({
          name: e.name,
          can_admins_bypass: e.canAdminsBypass,
          protection_rules: [
            {
              type: "required_reviewers",
              prevent_self_review: e.preventSelfReview,
              reviewers: e.reviewerTeamIds.map((id) => ({ type: "Team", reviewer: { id } })),
            },
            ...(e.waitTimer ? [{ type: "wait_timer", wait_timer: e.waitTimer }] : []),
          ],
          deployment_branch_policy: {
            protected_branches: e.protectedBranches,
            custom_branch_policies: e.customBranchPolicies,
          },
        })),
      });
    },
  ],
  [
    ["repos", "*", "*", "environments", "*", "deployment-branch-policies"],
    (w, seg) => {
      const e = ghRepo(w, seg[2])?.environments.find((x) => x.name === seg[4]);
      return e
        ? json(200, {
            total_count: e.policies.length,
            branch_policies: e.policies.map((p) => ({ ...p, type: "branch" })),
          })
        : notFound("environment");
    },
  ],
  [["repos", "*", "*", "rulesets"], (w, seg) => json(200, ghRepo(w, seg[2])?.rulesets ?? [])],
  [
    ["repos", "*", "*", "actions", "permissions", "workflow"],
    (w, seg) => {
      const p = ghRepo(w, seg[2])?.workflowPermissions;
      return p
        ? json(200, {
            default_workflow_permissions: p.defaultWorkflowPermissions,
            can_approve_pull_request_reviews: p.canApprovePullRequestReviews,
          })
        : notFound("repository");
    },
  ],
  [
    ["repos", "*", "*", "actions", "permissions"],
    (w, seg) => {
      const p = ghRepo(w, seg[2])?.actionsPermissions;
      return p
        ? json(200, { enabled: p.enabled, allowed_actions: p.allowedActions })
        : notFound("repository");
    },
  ],
];

/** `GET /github/repos/{o}/{r}/contents/{path...}?ref=`. */
function githubContents(w: World, seg: string[], req: RecordedRequest): MockResponse {
  const repo = ghRepo(w, seg[2]);
  const path = seg.slice(4).join("/");
  const f = repo?.files.find(
    (x) => x.path === path && x.branch === (req.query.ref ?? repo.defaultBranch),
  );
  return f
    ? json(200, {
        type: "file",
        encoding: "base64",
        path,
        content: Buffer.from(f.content).toString("base64"),
      })
    : notFound("file");
}

const match = (pattern: string[], seg: string[]) =>
  pattern.length === seg.length && pattern.every((p, i) => p === "*" || p === seg[i]);

/** GitHub lists page through `Link` headers like the real API. */
function pagedGithub(
  answer: MockResponse,
  req: RecordedRequest,
  size: number,
  base: string,
): MockResponse {
  if (!Array.isArray(answer.body)) return answer;
  const page = Number(req.query.page ?? "1");
  const items = answer.body.slice((page - 1) * size, page * size);
  const more = page * size < answer.body.length;
  const query = new URLSearchParams({ ...req.query, page: String(page + 1) });
  return {
    ...answer,
    body: items,
    headers: more ? { Link: `<${base}${req.path}?${query}>; rel="next"` } : {},
  };
}

export function adoptResponder(
  world: () => World,
  opts: AdoptServeOptions & { baseUrl: () => string; api: OpenApiChecker; problems: string[] },
): Responder {
  const size = opts.pageSize ?? 5;
  return (req) => {
    if (req.method !== "GET")
      return json(405, { code: 405, message: "adopt and the audit only read" });
    const w = world();
    const seg = req.path.split("/").slice(1).map(decodeURIComponent);
    if (seg[0] === "github") {
      if (req.headers.authorization !== `Bearer ${opts.githubToken}`)
        return json(401, { message: "Bad credentials" });
      const rest = seg.slice(1);
      if (rest[0] === "repos" && rest[3] === "contents") return githubContents(w, rest, req);
      const route = githubRoutes.find(([p]) => match(p, rest));
      const answer = route?.[1](w, rest, req) ?? notFound(req.path);
      return pagedGithub(answer, req, size, opts.baseUrl());
    }
    if (req.headers.authorization !== `token ${opts.token}`)
      return json(401, { code: 401, message: "Unauthorized" });
    const route = pulumiRoutes.find(([p]) => match(p, seg));
    if (!route) return notFound(`${req.method} ${req.path}`);
    const answer = route[1](w, seg, req, size, opts.api);
    if (answer.status === 200 && typeof answer.body === "object")
      for (const p of opts.api.check(req.method, req.path, answer.body))
        opts.problems.push(`${req.path}: ${p}`);
    return answer;
  };
}
