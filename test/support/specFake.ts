/**
 * An independent fake of the Pulumi Cloud API, driven by the OpenAPI spec (specSchemas.ts): it
 * holds an organization in the API's own wire shapes (`FakeOrg`: `OrganizationMetadata`,
 * `OrganizationMember`, `Team`, `PermissionDescriptorRecord`, `OidcIssuerRegistrationResponse`
 * with its `AuthPolicy`, ...), routes each request by the spec's path templates, refuses one that
 * breaks the spec (undeclared or missing query parameters, a wrong type, a body where none is
 * taken: 400) and validates every answer against the spec's response schema before sending it (an
 * answer that does not validate is sent as a 500). Every such problem is also kept in `violations`,
 * which a test asserts empty.
 *
 * It shares nothing with the audit's reader or the project's own test server (auditServer.ts), so
 * a drift the audit reports against both is not an artifact of either. Scenarios change its state
 * in API terms (a second issuer with an allow policy, `maxExpiration: 86400`, `roleIds` on a
 * team, `roleID` on a policy, a member whose `role` is `admin`).
 */
import { MockResponse, RecordedRequest, Responder } from "./mockCloud";
import { loadSpec, Operation, requestProblems, responseProblems, route } from "./specSchemas";

/** Wire objects: what the API sends, as plain JSON. */
export type Wire = Record<string, unknown>;

export interface FakeOrg {
  name: string;
  /** `OrganizationMetadata` (every required field). */
  metadata: Wire;
  /** `OrganizationMember`s. */
  members: Wire[];
  /** Full `Team`s (members, stacks, environments, roleIds). */
  teams: Wire[];
  /** `PermissionDescriptorRecord`s of every purpose (`uxPurpose`). */
  roles: Wire[];
  /** `OidcIssuerRegistrationResponse` and its `AuthPolicy`. */
  issuers: { issuer: Wire; policy: Wire }[];
  /** `AppStackSummary`s. */
  stacks: Wire[];
  /** `OrgEnvironment`s with their definitions (YAML). */
  environments: { env: Wire; yaml: string }[];
  /** `AuditLogEvent`s (any order). */
  auditLog: Wire[];
  /** `PolicyGroup`s. */
  policyGroups: Wire[];
  /**
   * Per stack (`{project}/{stack}`): its `DeploymentSettings` (absent: 404) and the
   * `ScheduledAction`s of its schedules.
   */
  deployments: Map<string, { settings?: Wire; schedules: Wire[] }>;
  /** Operation ids answered with 403. */
  forbidden: Set<string>;
  /** `ChangeGate`s (any environment), `ChangeRequest`s and `ChangeRequestEvent`s (break-glass). */
  gates?: Wire[];
  changeRequests?: Wire[];
  changeRequestEvents?: Wire[];
  /** Open request id -> its `CreateEnvironmentOpenRequest` (the durations it asked for). */
  openRequests?: Map<string, Wire>;
}

export interface SpecFakeOptions {
  readonly token: string;
  /** Items per page of the paginated lists. Default 3, so that paging is exercised. */
  readonly pageSize?: number;
}

interface Ctx {
  readonly org: FakeOrg;
  readonly path: Record<string, string>;
  readonly query: Record<string, string>;
  readonly size: number;
}

type Answer = { status: number; body?: unknown; contentType?: string };
type Handler = (ctx: Ctx) => Answer;

const ok = (body: unknown): Answer => ({ status: 200, body, contentType: "application/json" });
const fail = (status: number, message: string): Answer => ({
  status,
  body: { code: status, message },
  contentType: "application/json",
});

/** Page tokens of this fake: `p<offset>` (a different shape from auditServer's). */
function paged<T>(items: readonly T[], token: string | undefined, size: number) {
  if (token !== undefined && !/^p\d+$/.test(token)) return undefined;
  const start = token ? Number(token.slice(1)) : 0;
  const next = start + size;
  return { items: items.slice(start, next), next: next < items.length ? `p${next}` : undefined };
}

const str = (w: Wire, k: string) => (typeof w[k] === "string" ? (w[k] as string) : "");
const byName = (list: Wire[], name: string) => list.find((x) => str(x, "name") === name);

/** Team summaries, as `ListTeams` answers (details come from `GetTeam`). */
const teamSummary = (t: Wire): Wire => ({
  kind: t.kind,
  name: t.name,
  displayName: t.displayName,
  description: t.description,
});

const HANDLERS: Record<string, Handler> = {
  // ListGates answers one entity (entityType and qualifiedName), as the spec says it supports.
  ListGates: ({ org, query }) => {
    if (query.entityType !== "environment" || !query.qualifiedName)
      return fail(400, "invalid query parameter");
    const gates = (org.gates ?? []).filter(
      (g) => (g.target as Wire | undefined)?.qualifiedName === query.qualifiedName,
    );
    return ok({ gates, continuationToken: "" });
  },
  List_change_requests: ({ org, query, size }) => {
    const all = (org.changeRequests ?? []).filter(
      (r) => !query.entityType || (r.entity as Wire | undefined)?.entityType === query.entityType,
    );
    const p = paged(all, query.continuationToken, size);
    if (!p) return fail(400, "invalid query parameter");
    return ok({ changeRequests: p.items, continuationToken: p.next ?? "" });
  },
  ListEvents: ({ org, path, query, size }) => {
    const all = (org.changeRequestEvents ?? []).filter(
      (e) => e.changeRequestId === path.changeRequestID,
    );
    const p = paged(all, query.continuationToken, size);
    if (!p) return fail(400, "invalid query parameter");
    return ok({ events: p.items, continuationToken: p.next ?? "" });
  },
  ReadOpenEnvironmentRequest: ({ org, path }) => {
    const r = (org.changeRequests ?? []).find((x) => x.id === path.changeRequestID);
    const e = r?.entity as Wire | undefined;
    const asked = org.openRequests?.get(path.changeRequestID);
    if (!r || !asked || e?.project !== path.projectName || e?.name !== path.envName)
      return fail(404, "change request not found");
    return ok(asked);
  },
  GetOrganizationMetadata: ({ org }) => ok(org.metadata),
  ListTeams: ({ org }) => ok({ teams: org.teams.map(teamSummary) }),
  GetTeam: ({ org, path }) => {
    const t = byName(org.teams, path.teamName);
    return t ? ok(t) : fail(404, `team ${path.teamName} not found`);
  },
  ListTeamRoles: ({ org, path }) => {
    const t = byName(org.teams, path.teamName);
    if (!t) return fail(404, "Role");
    const ids = new Set((t.roleIds as string[] | undefined) ?? []);
    return ok({ roles: org.roles.filter((r) => ids.has(str(r, "id"))) });
  },
  ListOrganizationMembers: ({ org, query, size }) => {
    const p = paged(org.members, query.continuationToken, size);
    if (!p) return fail(400, "invalid query parameter");
    return ok({ members: p.items, ...(p.next ? { continuationToken: p.next } : {}) });
  },
  ListRolesByOrgIDAndUXPurpose: ({ org, query }) =>
    ok({ roles: org.roles.filter((r) => r.uxPurpose === query.uxPurpose) }),
  List_orgs_oidc_issuers: ({ org }) => ok({ oidcIssuers: org.issuers.map((i) => i.issuer) }),
  GetAuthPolicy: ({ org, path }) => {
    const i = org.issuers.find((x) => str(x.issuer, "id") === path.issuerId);
    return i ? ok(i.policy) : fail(400, "Invalid issuer ID");
  },
  ListAuditLogEventsHandlerV2: ({ org, query, size }) => {
    const from = query.startTime === undefined ? -Infinity : Number(query.startTime);
    const to = query.endTime === undefined ? Infinity : Number(query.endTime);
    const events = org.auditLog
      .filter((e) => (e.timestamp as number) >= from && (e.timestamp as number) <= to)
      .sort((a, b) => (b.timestamp as number) - (a.timestamp as number));
    const p = paged(events, query.continuationToken, size);
    if (!p) return fail(400, "invalid query params");
    return ok({ auditLogEvents: p.items, ...(p.next ? { continuationToken: p.next } : {}) });
  },
  ListUserStacks: ({ org, query, size }) => {
    const stacks = org.stacks.filter(
      (s) =>
        (query.organization === undefined || s.orgName === query.organization) &&
        (query.project === undefined || s.projectName === query.project),
    );
    const p = paged(stacks, query.continuationToken, size);
    if (!p) return fail(400, "Invalid continuation token");
    return ok({ stacks: p.items, ...(p.next ? { continuationToken: p.next } : {}) });
  },
  ListOrgEnvironments_esc: ({ org, query, size }) => {
    const p = paged(
      org.environments.map((e) => e.env),
      query.continuationToken,
      size,
    );
    if (!p) return fail(400, "invalid query parameter");
    return ok({ environments: p.items, ...(p.next ? { nextToken: p.next } : {}) });
  },
  ReadEnvironment_esc_environments: ({ org, path }) => {
    const e = org.environments.find(
      (x) => x.env.project === path.projectName && x.env.name === path.envName,
    );
    if (!e) return fail(404, "environment");
    return { status: 200, body: e.yaml, contentType: "application/x-yaml" };
  },
  ListPolicyGroups: ({ org }) =>
    ok({
      policyGroups: org.policyGroups.map((g) => ({
        name: g.name,
        isOrgDefault: g.isOrgDefault,
        numStacks: (g.stacks as unknown[]).length,
        numAccounts: (g.accounts as unknown[]).length,
        numEnabledPolicyPacks: (g.appliedPolicyPacks as unknown[]).length,
        entityType: g.entityType,
        mode: g.mode,
      })),
    }),
  GetDeploymentSettings: ({ org, path }) => {
    const d = org.deployments.get(`${path.projectName}/${path.stackName}`);
    return d?.settings ? ok(d.settings) : fail(404, "deployment settings not found");
  },
  ListScheduledDeployment: ({ org, path }) => {
    const d = org.deployments.get(`${path.projectName}/${path.stackName}`);
    return d ? ok({ schedules: d.schedules }) : fail(404, "stack not found");
  },
  GetPolicyGroup: ({ org, path }) => {
    const g = byName(org.policyGroups, path.policyGroup);
    return g ? ok(g) : fail(404, "Policy group not found");
  },
};

export class SpecFake {
  readonly violations: string[] = [];
  /** `operationId` of every request answered, in order. */
  readonly operations: string[] = [];
  private readonly ops: Operation[];

  constructor(
    readonly org: FakeOrg,
    private readonly opts: SpecFakeOptions,
  ) {
    this.ops = loadSpec();
    for (const op of this.ops)
      if (!HANDLERS[op.operationId])
        throw new Error(`the fake does not answer ${op.operationId} of the spec slice`);
  }

  /** The responder to serve with a MockCloud. */
  readonly responder: Responder = (req) => this.answer(req);

  private answer(req: RecordedRequest): MockResponse {
    if (req.headers.authorization !== `token ${this.opts.token}`)
      return send({ status: 401, body: { code: 401, message: "Unauthorized" } });
    const found = route(this.ops, req.method, req.path);
    if (!found) {
      this.violations.push(`${req.method} ${req.path}: no such operation in the spec slice`);
      return send(fail(404, "not found"));
    }
    const { op, path } = found;
    this.operations.push(op.operationId);
    const bad = requestProblems(op, path, req.query, req.body);
    if (bad.length) {
      this.violations.push(...bad);
      return send(fail(400, bad.join("; ")));
    }
    const ctx: Ctx = { org: this.org, path, query: req.query, size: this.opts.pageSize ?? 3 };
    if (path.orgName !== undefined && path.orgName !== this.org.name)
      return send(fail(404, `organization ${path.orgName} not found`));
    const answer = this.org.forbidden.has(op.operationId)
      ? fail(403, "Forbidden")
      : HANDLERS[op.operationId](ctx);
    const problems = responseProblems(op, answer.status, answer.contentType, answer.body);
    if (problems.length) {
      this.violations.push(...problems);
      return send(fail(500, `the fake's answer breaks the spec: ${problems.join("; ")}`));
    }
    return send(answer);
  }
}

function send(a: Answer): MockResponse {
  return {
    status: a.status,
    body: a.body,
    ...(a.contentType ? { headers: { "Content-Type": a.contentType } } : {}),
  };
}
