/**
 * The API cost calculus: how many API calls each resource type costs the provider that manages
 * it, read from the providers' source, per operation (each managed area in kinds/ gives the costs
 * of its types; plan/apiBudget.ts adds them up for a run):
 *
 * - `create`: the first `pulumi up` of the resource;
 * - `update`: the smallest in-place update (one updatable input changed); a type without an
 *   Update function is replaced (delete + create);
 * - `read`: `pulumi refresh` (the provider's Read);
 * - `preview`: a `pulumi preview` in which nothing changed (Check and Diff only).
 *
 * Sources (every count below names the file and function it was read from):
 * - pulumiservice 1.3.0: github.com/pulumi/pulumi-pulumiservice at tag v1.3.0,
 *   `provider/pkg/resources/*.go` and the client in `provider/pkg/pulumiapi/*.go` (one HTTP
 *   request per `c.do`/`c.doWithQuery`/`c.SDK.*` call, no retries in `sendRequest`). No
 *   resource's Check or Diff calls the API, so an unchanged preview costs nothing.
 * - @pulumi/github 6.15.0 bridges github.com/integrations/terraform-provider-github at commit
 *   20728bb (tag v6.13.0, the `upstream` submodule of pulumi-github v6.15.0),
 *   `github/resource_github_*.go`. With the legacy client (the default, and what this program
 *   uses), every request goes through `RateLimitTransport` (github/transport.go): one at a time
 *   unless `parallel_requests`, `write_delay_ms` after every POST/PATCH/PUT/DELETE (GraphQL queries
 *   are POSTs too), `read_delay_ms` after every GET. A Diff calls the API only when `repository`
 *   or a team id changes (`diffRepository`, `diffLegacyTeamID` in github/util_diff.go).
 *
 * Counts are requests as the service sees them; retries after errors are not counted.
 */

/** API calls of one operation on one resource. */
export interface Calls {
  /** REST requests (Pulumi Cloud, or GitHub REST v3). */
  readonly requests: number;
  /** Of `requests`, mutating ones (POST, PUT, PATCH, DELETE). */
  readonly writes: number;
  /** GitHub GraphQL queries (a separate hourly budget; each is a POST to the legacy client). */
  readonly graphql: number;
  /** Of `writes`, requests that create content on GitHub (commits): the secondary limit. */
  readonly contentCreating: number;
}

export type Service = "pulumi" | "github";
export type Operation = "create" | "update" | "read" | "preview";
export const OPERATIONS: readonly Operation[] = ["create", "update", "read", "preview"];

/** What a cost may depend on: the resource's inputs and the size of the organization. */
export interface CostInput {
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Organization members the program manages (`OrganizationMember` resources). */
  readonly orgMembers: number;
}

export interface TypeCost {
  readonly service: Service;
  /** The cost of each operation, as a formula for the reader and a function for the plan. */
  readonly formula: Readonly<Record<Operation, string>>;
  readonly cost: Readonly<Record<Operation, (c: CostInput) => Calls>>;
  /** File and function each count was read from. */
  readonly source: string;
  readonly note?: string;
}

/** Organization members per page of `GET /api/orgs/{org}/members`: not documented; assumed. */
export const ASSUMED_MEMBER_PAGE_SIZE = 100;
/** GitHub GraphQL page size of `getTeamMembers` (`members(first: 100)`). */
export const TEAM_MEMBERS_PAGE = 100;

export const calls = (requests: number, writes = 0, graphql = 0, contentCreating = 0): Calls => ({
  requests,
  writes,
  graphql,
  contentCreating,
});
export const ZERO = calls(0);
export const fixed = (c: Calls) => () => c;
export const count = (v: unknown) =>
  Array.isArray(v) ? v.length : v && typeof v === "object" ? Object.keys(v).length : 0;
export const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
export const memberPages = (c: CostInput) => pages(c.orgMembers, ASSUMED_MEMBER_PAGE_SIZE);

/** A type with fixed counts; `update: "replace"` for types without an in-place update. */
export function simple(
  service: Service,
  create: Calls,
  update: Calls | "replace",
  read: Calls,
  source: string,
  note?: string,
): TypeCost {
  const upd = update === "replace" ? sum(create, calls(1, 1)) : update;
  const f = (c: Calls) =>
    `${c.requests}${c.writes ? ` (${c.writes} w)` : ""}${c.graphql ? ` + ${c.graphql} GraphQL` : ""}`;
  return {
    service,
    formula: {
      create: f(create),
      update: update === "replace" ? `replace: ${f(upd)}` : f(upd),
      read: f(read),
      preview: "0",
    },
    cost: { create: fixed(create), update: fixed(upd), read: fixed(read), preview: fixed(ZERO) },
    source,
    note,
  };
}

export function sum(...all: Calls[]): Calls {
  return all.reduce(
    (a, b) =>
      calls(
        a.requests + b.requests,
        a.writes + b.writes,
        a.graphql + b.graphql,
        a.contentCreating + b.contentCreating,
      ),
    ZERO,
  );
}

export const scale = (c: Calls, n: number): Calls =>
  calls(c.requests * n, c.writes * n, c.graphql * n, c.contentCreating * n);

/** Where the providers' counts were read. */
export const PS_COSTS = "pulumi-pulumiservice v1.3.0 provider/pkg";
export const GH_COSTS = "terraform-provider-github v6.13.0 github";
