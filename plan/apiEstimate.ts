/**
 * The plan's API estimate: the per-type costs of plan/apiBudget.ts applied to what the program
 * registers, per service, for the three runs that matter (the first `pulumi up`, `pulumi refresh`
 * and an unchanged `pulumi preview`), and the findings when a GitHub run would pass GitHub's
 * limits.
 */
import { Finding } from "../model/config";
import { ORGANIZATION_MEMBER } from "../kinds/membership";
import { API_COSTS, Calls, CostInput, RUN_COSTS, scale, Service, sum } from "./apiBudget";
import { RecordedInvoke, RecordedResource, STACK_REFERENCE } from "./mockRun";

/** GitHub's published limits (docs.github.com, "Rate limits for the REST API"). */
export const GITHUB_LIMITS = {
  /** Primary limit of a personal token, and the minimum of a GitHub App installation. */
  restPerHour: 5000,
  /** GraphQL points per hour (a query of one page of 100 costs 1 point). */
  graphqlPointsPerHour: 5000,
  /** Secondary limit: content-generating requests (commits) per hour. */
  contentCreatingPerHour: 500,
  /** An installation token of a GitHub App lives one hour; the legacy client never renews it. */
  installationTokenSeconds: 3600,
} as const;

/** The GitHub provider's request pacing, as configured (legacy client defaults when absent). */
export interface GithubPacing {
  readonly parallelRequests: boolean;
  readonly writeDelayMs: number;
  readonly readDelayMs: number;
}

export type RunKind = "up" | "refresh" | "preview";

export interface RunEstimate {
  readonly kind: RunKind;
  readonly description: string;
  readonly pulumi: Calls;
  readonly github: Calls;
  /**
   * The least time the GitHub provider needs, from its delays alone (serial requests; network
   * and server time come on top). Undefined with parallel requests.
   */
  readonly githubMinSeconds?: number;
}

export interface TypeEstimate {
  readonly type: string;
  readonly service: Service;
  readonly count: number;
  /** Summed over the type's resources. */
  readonly create: Calls;
  readonly read: Calls;
}

export interface ApiBudget {
  readonly githubPacing: GithubPacing;
  readonly runs: readonly RunEstimate[];
  readonly byType: readonly TypeEstimate[];
  /** Registered types without an entry in the cost table (counted as zero). */
  readonly unknownTypes: readonly string[];
}

const ZERO: Calls = { requests: 0, writes: 0, graphql: 0, contentCreating: 0 };

function githubPacing(resources: readonly RecordedResource[]): GithubPacing {
  const p = resources.find((r) => r.type === "pulumi:providers:github")?.inputs ?? {};
  const num = (v: unknown, d: number) =>
    typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : d;
  return {
    parallelRequests: p.parallelRequests === true || p.parallelRequests === "true",
    writeDelayMs: num(p.writeDelayMs, 1000),
    readDelayMs: num(p.readDelayMs, 0),
  };
}

/** The estimate for the resources and invokes one program run records. */
export function estimateApiBudget(
  resources: readonly RecordedResource[],
  invokes: readonly RecordedInvoke[],
): ApiBudget {
  const orgMembers = resources.filter((r) => r.type === ORGANIZATION_MEMBER).length;
  const byType = new Map<string, { count: number; create: Calls; read: Calls }>();
  const unknown = new Set<string>();
  for (const r of resources) {
    if (!r.custom || r.type.startsWith("pulumi:providers:") || r.type === STACK_REFERENCE) continue;
    const cost = API_COSTS[r.type];
    if (!cost) {
      unknown.add(r.type);
      continue;
    }
    const c: CostInput = { inputs: r.inputs, orgMembers };
    const t = byType.get(r.type) ?? { count: 0, create: ZERO, read: ZERO };
    byType.set(r.type, {
      count: t.count + 1,
      create: sum(t.create, cost.cost.create(c)),
      read: sum(t.read, cost.cost.read(c)),
    });
  }
  const types: TypeEstimate[] = [...byType]
    .map(([type, t]) => ({ type, service: API_COSTS[type].service, ...t }))
    .sort((a, b) => (a.type < b.type ? -1 : 1));

  const perRun = runCosts(resources, invokes);
  const resourceTotal = (service: Service, op: "create" | "read") =>
    sum(...types.filter((t) => t.service === service).map((t) => t[op]));
  const pacing = githubPacing(resources);
  const run = (kind: RunKind, description: string, pulumi: Calls, github: Calls): RunEstimate => ({
    kind,
    description,
    pulumi,
    github,
    githubMinSeconds: pacing.parallelRequests ? undefined : minSeconds(github, pacing),
  });
  return {
    githubPacing: pacing,
    runs: [
      run(
        "up",
        "first pulumi up: its preview, then the update that creates everything",
        sum(scale(perRun.program.pulumi, 2), resourceTotal("pulumi", "create")),
        sum(scale(perRun.program.github, 2), resourceTotal("github", "create")),
      ),
      run(
        "refresh",
        "pulumi refresh: every resource read once (the program does not run)",
        sum(perRun.configure.pulumi, resourceTotal("pulumi", "read")),
        sum(perRun.configure.github, resourceTotal("github", "read")),
      ),
      run(
        "preview",
        "pulumi preview with nothing changed: provider configuration and invokes only",
        perRun.program.pulumi,
        perRun.program.github,
      ),
    ],
    byType: types,
    unknownTypes: [...unknown].sort(),
  };
}

/** What every run costs (provider configuration), and every program run (invokes too). */
function runCosts(resources: readonly RecordedResource[], invokes: readonly RecordedInvoke[]) {
  const githubProviders = resources.filter((r) => r.type === "pulumi:providers:github").length;
  const configure = {
    pulumi: ZERO,
    github: scale(RUN_COSTS.githubConfigure.calls, githubProviders),
  };
  const references = resources.filter((r) => r.type === STACK_REFERENCE).length;
  const program = {
    pulumi: sum(configure.pulumi, scale(RUN_COSTS.stackReference.calls, references)),
    github: configure.github,
  };
  for (const inv of invokes) {
    const cost = RUN_COSTS.invokes[inv.token];
    if (!cost) continue;
    program[cost.service] = sum(program[cost.service], cost.calls);
  }
  return { configure, program };
}

function minSeconds(c: Calls, p: GithubPacing): number {
  const delayed = c.writes + c.graphql;
  return Math.round((delayed * p.writeDelayMs + (c.requests - c.writes) * p.readDelayMs) / 1000);
}

const fmt = (n: number) => n.toLocaleString("en-US");
const duration = (s: number) =>
  s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${Math.round(s / 60)} min` : `${s} s`;

/**
 * Findings for runs that pass GitHub's limits: the hourly REST and GraphQL budgets, the content
 * creation limit, and (with GitHub App authentication and the legacy client) a run longer than
 * the installation token lives.
 */
export function apiBudgetFindings(budget: ApiBudget, path = "github"): Finding[] {
  const out: Finding[] = [];
  for (const run of budget.runs) {
    const g = run.github;
    const problems: string[] = [];
    if (g.requests > GITHUB_LIMITS.restPerHour)
      problems.push(
        `${fmt(g.requests)} REST requests, over the ${fmt(GITHUB_LIMITS.restPerHour)} an hour of a token or GitHub App installation (the provider then waits for the hourly reset)`,
      );
    if (g.graphql > GITHUB_LIMITS.graphqlPointsPerHour)
      problems.push(
        `${fmt(g.graphql)} GraphQL queries, over the ${fmt(GITHUB_LIMITS.graphqlPointsPerHour)} points an hour`,
      );
    if (g.contentCreating > GITHUB_LIMITS.contentCreatingPerHour)
      problems.push(
        `${fmt(g.contentCreating)} commits, over GitHub's secondary limit of ${GITHUB_LIMITS.contentCreatingPerHour} content-creating requests an hour`,
      );
    if (
      run.githubMinSeconds !== undefined &&
      run.githubMinSeconds > GITHUB_LIMITS.installationTokenSeconds
    )
      problems.push(
        `at least ${duration(run.githubMinSeconds)} of GitHub requests at the provider's pacing, longer than a GitHub App installation token lives (one hour; the provider does not renew it)`,
      );
    if (problems.length)
      out.push({
        severity: "medium",
        code: "api-rate-limit",
        path,
        message:
          `${run.description}: ${problems.join("; ")}. Split the organization into shards ` +
          "(secure-org:shards) so that each stack's run stays within an hour's budget, and give " +
          "each shard its own GitHub App installation (the limit is per installation)",
      });
  }
  return out;
}

/** How a rendering lays out headings and tables (plan/report.ts passes its own). */
export interface BudgetStyle {
  readonly heading: (s: string) => string;
  readonly table: (headers: string[], rows: string[][]) => string[];
}

export function renderApiBudget(budget: ApiBudget, { heading, table }: BudgetStyle): string[] {
  const p = budget.githubPacing;
  const callsText = (c: Calls, github: boolean) =>
    `${fmt(c.requests)} (${fmt(c.writes)} writes)` +
    (github && c.graphql ? ` + ${fmt(c.graphql)} GraphQL` : "");
  return [
    heading("API budget (estimated calls per run, from the providers' source)"),
    ...table(
      ["run", "Pulumi Cloud", "GitHub", "GitHub time (pacing only)"],
      budget.runs.map((r) => [
        r.kind,
        callsText(r.pulumi, false),
        callsText(r.github, true),
        r.githubMinSeconds === undefined
          ? "not bounded (parallel)"
          : `>= ${duration(r.githubMinSeconds)}`,
      ]),
    ),
    `GitHub provider: ${p.parallelRequests ? "parallel" : "serial"} requests, ${p.writeDelayMs} ms after each write, ${p.readDelayMs} ms after each read` +
      (budget.unknownTypes.length ? `; no cost known for ${budget.unknownTypes.join(", ")}` : ""),
    "",
  ];
}
