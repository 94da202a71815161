/**
 * A small, read-only GitHub REST client for `npm run adopt` (GITHUB_TOKEN, GITHUB_API_URL): the
 * organization's teams with their members and repositories, and per repository the environments,
 * deployment branch policies, rulesets, files and Actions settings the proposal touches. Pages are
 * followed through the `Link` header; the token never appears in an error.
 */
import type { LiveGithub, LiveGithubRepository, LiveGithubTeam } from "./live";

export const DEFAULT_GITHUB_API = "https://api.github.com";

/** `status`: the HTTP status; 0 a network error (retried); -1 an answer refused (not retried). */
export class GithubError extends Error {
  constructor(
    message: string,
    public readonly status: number,
  ) {
    super(message);
    this.name = "GithubError";
  }
}

export interface GithubClientOptions {
  readonly token: string;
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

const PERMISSION_ORDER = ["pull", "triage", "push", "maintain", "admin"] as const;

export class GithubClient {
  declare private readonly token: string;
  readonly baseUrl: string;
  declare private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(opts: GithubClientOptions) {
    if (!opts.token) throw new Error("a GitHub token is required (GITHUB_TOKEN)");
    Object.defineProperty(this, "token", { value: opts.token, enumerable: false });
    Object.defineProperty(this, "fetchFn", { value: opts.fetch ?? fetch, enumerable: false });
    this.baseUrl = (opts.baseUrl ?? DEFAULT_GITHUB_API).replace(/\/+$/, "");
    this.timeoutMs = opts.timeoutMs ?? 60000;
  }

  /**
   * One GET; undefined on 404 when `missingOk`. Network errors, 5xx and 429 are retried twice
   * (a GET changes nothing), after 0.2 s and 0.8 s.
   */
  async get<T>(path: string, missingOk = false): Promise<{ body: T; next?: string } | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.getOnce<T>(path, missingOk);
      } catch (e) {
        const retryable =
          e instanceof GithubError && (e.status === 0 || e.status === 429 || e.status >= 500);
        if (!retryable || attempt >= 3) throw e;
        await new Promise((r) => setTimeout(r, 200 * 4 ** (attempt - 1)));
      }
    }
  }

  private async getOnce<T>(
    path: string,
    missingOk: boolean,
  ): Promise<{ body: T; next?: string } | undefined> {
    const url = /^https?:\/\//.test(path) ? path : `${this.baseUrl}${path}`;
    let res: Response;
    try {
      res = await this.fetchFn(url, {
        headers: {
          Authorization: `Bearer ${this.token}`,
          Accept: "application/vnd.github+json",
          "X-GitHub-Api-Version": "2022-11-28",
          "User-Agent": "secure-org-adopt",
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new GithubError(
        this.redact(
          `network error on GET ${new URL(url).pathname}: ${(e as Error).message}` +
            ((e as { cause?: { code?: string; message?: string } }).cause
              ? ` (${(e as { cause: { code?: string; message?: string } }).cause.code ?? (e as { cause: { message?: string } }).cause.message})`
              : ""),
        ),
        0,
      );
    }
    const text = await res.text();
    if (res.status === 404 && missingOk) return undefined;
    if (!res.ok) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        /* not JSON */
      }
      const hint =
        res.status === 401
          ? ": check GITHUB_TOKEN"
          : res.status === 403
            ? ": the token needs read access to the organization's teams and repositories (read:org, repo)"
            : "";
      throw new GithubError(
        this.redact(
          `GitHub GET ${new URL(url).pathname} failed with ${res.status}: ${message}${hint}`,
        ),
        res.status,
      );
    }
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    return { body: (text ? JSON.parse(text) : undefined) as T, next: next && this.ownUrl(next) };
  }

  /**
   * A `Link: next` URL, followed only when it is on the API's own origin and under its base path:
   * the token goes with every request, so a link elsewhere is refused, not followed.
   */
  private ownUrl(link: string): string {
    let u: URL;
    try {
      u = new URL(link, this.baseUrl);
    } catch {
      throw new GithubError(`GitHub answered with a next-page link that is not a URL`, -1);
    }
    const base = new URL(this.baseUrl);
    const prefix = base.pathname.replace(/\/+$/, "") + "/";
    if (u.origin !== base.origin || !u.pathname.startsWith(prefix))
      throw new GithubError(
        `GitHub answered with a next-page link outside ${this.baseUrl} (${u.origin}); not followed, so the token is not sent there`,
        -1,
      );
    return u.href;
  }

  /** Every page of a list endpoint. */
  async list<T>(path: string, onPage?: (page: number, items: number) => void): Promise<T[]> {
    const out: T[] = [];
    let url: string | undefined = `${path}${path.includes("?") ? "&" : "?"}per_page=100`;
    for (let page = 1; url; page++) {
      const r: { body: T[]; next?: string } | undefined = await this.get<T[]>(url);
      out.push(...(r?.body ?? []));
      onPage?.(page, out.length);
      if (page >= 100) throw new GithubError(`GET ${path}: more than 100 pages; stopped`, 0);
      url = r?.next;
    }
    return out;
  }

  private redact(text: string): string {
    return this.token.length >= 6 ? text.split(this.token).join("[redacted]") : text;
  }
}

const enc = encodeURIComponent;

/** A team's permission on a repository, from `role_name` or the `permissions` flags. */
function permissionOf(repo: { role_name?: string; permissions?: Record<string, boolean> }): string {
  if (repo.role_name && (PERMISSION_ORDER as readonly string[]).includes(repo.role_name))
    return repo.role_name;
  const flags = repo.permissions ?? {};
  for (const p of [...PERMISSION_ORDER].reverse()) if (flags[p]) return p;
  return "pull";
}

/** The organization's teams, with members (and their team role) and repositories. */
export async function readGithubTeams(
  gh: GithubClient,
  owner: string,
  progress: (message: string) => void = () => undefined,
): Promise<Pick<LiveGithub, "owner" | "ownerId" | "teams">> {
  const org = await gh.get<{ id: number }>(`/orgs/${enc(owner)}`);
  const teams = await gh.list<{
    id: number;
    slug: string;
    name: string;
    description?: string | null;
    privacy?: string;
  }>(
    `/orgs/${enc(owner)}/teams`,
    (page, n) => page > 1 && progress(`GitHub teams: page ${page} (${n} so far)`),
  );
  const out: LiveGithubTeam[] = [];
  for (const [i, t] of teams.entries()) {
    const base = `/orgs/${enc(owner)}/teams/${enc(t.slug)}`;
    const maintainers = await gh.list<{ login: string }>(`${base}/members?role=maintainer`);
    const all = await gh.list<{ login: string }>(`${base}/members?role=all`);
    const isMaintainer = new Set(maintainers.map((m) => m.login));
    const repos = await gh.list<{
      name: string;
      role_name?: string;
      permissions?: Record<string, boolean>;
    }>(`${base}/repos`);
    out.push({
      id: t.id,
      slug: t.slug,
      name: t.name,
      description: t.description ?? "",
      privacy: t.privacy ?? "closed",
      members: all.map((m) => ({
        login: m.login,
        role: isMaintainer.has(m.login) ? ("maintainer" as const) : ("member" as const),
      })),
      repositories: repos.map((r) => ({ name: r.name, permission: permissionOf(r) })),
    });
    if ((i + 1) % 25 === 0) progress(`GitHub teams: ${i + 1} of ${teams.length} read`);
  }
  return { owner, ownerId: org?.body.id, teams: out };
}

interface RawEnvironment {
  name: string;
  can_admins_bypass?: boolean;
  protection_rules?: {
    type: string;
    prevent_self_review?: boolean;
    wait_timer?: number;
    reviewers?: { type: string; reviewer?: { id: number } }[];
  }[];
  deployment_branch_policy?: {
    protected_branches: boolean;
    custom_branch_policies: boolean;
  } | null;
}

/** A repository's environments, with their reviewers and deployment branch policies. */
async function readEnvironments(
  gh: GithubClient,
  base: string,
): Promise<LiveGithubRepository["environments"][number][]> {
  const envs =
    (await gh.get<{ environments?: RawEnvironment[] }>(`${base}/environments`, true))?.body
      .environments ?? [];
  const out: LiveGithubRepository["environments"][number][] = [];
  for (const e of envs) {
    const rules = e.protection_rules ?? [];
    const reviewers = rules.find((r) => r.type === "required_reviewers");
    const policies = e.deployment_branch_policy?.custom_branch_policies
      ? ((
          await gh.get<{ branch_policies?: { id: number; name: string }[] }>(
            `${base}/environments/${enc(e.name)}/deployment-branch-policies`,
            true,
          )
        )?.body.branch_policies ?? [])
      : [];
    out.push({
      name: e.name,
      preventSelfReview: reviewers?.prevent_self_review ?? false,
      canAdminsBypass: e.can_admins_bypass ?? true,
      waitTimer: rules.find((r) => r.type === "wait_timer")?.wait_timer ?? 0,
      reviewerTeamIds: (reviewers?.reviewers ?? [])
        .filter((r) => r.type === "Team" && r.reviewer)
        .map((r) => r.reviewer?.id as number),
      customBranchPolicies: e.deployment_branch_policy?.custom_branch_policies ?? false,
      protectedBranches: e.deployment_branch_policy?.protected_branches ?? false,
      policies: policies.map((p) => ({ id: p.id, name: p.name })),
    });
  }
  return out;
}

/** The files that exist, with their text. */
async function readFiles(
  gh: GithubClient,
  base: string,
  defaultBranch: string,
  files: readonly { path: string; branch?: string }[],
): Promise<LiveGithubRepository["files"][number][]> {
  const found: LiveGithubRepository["files"][number][] = [];
  for (const f of files) {
    const branch = f.branch ?? defaultBranch;
    const path = f.path.split("/").map(enc).join("/");
    const c = await gh.get<{ type?: string; content?: string; encoding?: string }>(
      `${base}/contents/${path}?ref=${enc(branch)}`,
      true,
    );
    if (c?.body.type === "file")
      found.push({
        path: f.path,
        branch,
        content:
          c.body.encoding === "base64"
            ? Buffer.from(c.body.content ?? "", "base64").toString("utf8")
            : (c.body.content ?? ""),
      });
  }
  return found;
}

/** The repository's Actions settings: default workflow token permissions, allowed actions. */
async function readActionsSettings(
  gh: GithubClient,
  base: string,
): Promise<Pick<LiveGithubRepository, "workflowPermissions" | "actionsPermissions">> {
  const workflow = (
    await gh.get<{
      default_workflow_permissions: string;
      can_approve_pull_request_reviews: boolean;
    }>(`${base}/actions/permissions/workflow`, true)
  )?.body;
  const actions = (
    await gh.get<{ enabled: boolean; allowed_actions?: string }>(
      `${base}/actions/permissions`,
      true,
    )
  )?.body;
  return {
    ...(workflow
      ? {
          workflowPermissions: {
            defaultWorkflowPermissions: workflow.default_workflow_permissions,
            canApprovePullRequestReviews: workflow.can_approve_pull_request_reviews,
          },
        }
      : {}),
    ...(actions
      ? {
          actionsPermissions: {
            enabled: actions.enabled,
            allowedActions: actions.allowed_actions ?? "all",
          },
        }
      : {}),
  };
}

/**
 * A repository's environments and their reviewers only (what the proposal needs before it is
 * made: whether a reviewed preview's environment has required reviewers); rulesets and files are
 * read once the proposal names them (readGithubRepository).
 */
export async function readGithubEnvironments(
  gh: GithubClient,
  owner: string,
  repo: { name: string; id: number; defaultBranch: string },
): Promise<LiveGithubRepository> {
  const base = `/repos/${enc(owner)}/${enc(repo.name)}`;
  return { ...repo, environments: await readEnvironments(gh, base), rulesets: [], files: [] };
}

/** One file of a repository on its default branch: undefined when either does not exist. */
export async function readGithubFile(
  gh: GithubClient,
  owner: string,
  name: string,
  path: string,
): Promise<string | undefined> {
  const base = `/repos/${enc(owner)}/${enc(name)}`;
  const repo = await gh.get<{ default_branch: string }>(base, true);
  if (!repo) return undefined;
  return (await readFiles(gh, base, repo.body.default_branch, [{ path }]))[0]?.content;
}

/** What the proposal touches in one repository: undefined when the repository does not exist. */
export async function readGithubRepository(
  gh: GithubClient,
  owner: string,
  name: string,
  files: readonly { path: string; branch?: string }[],
): Promise<LiveGithubRepository | undefined> {
  const base = `/repos/${enc(owner)}/${enc(name)}`;
  const repo = await gh.get<{ id: number; default_branch: string }>(base, true);
  if (!repo) return undefined;
  const rulesets = await gh.list<{
    id: number;
    name: string;
    target?: string;
    enforcement?: string;
  }>(`${base}/rulesets`);
  return {
    name,
    id: repo.body.id,
    defaultBranch: repo.body.default_branch,
    environments: await readEnvironments(gh, base),
    rulesets: rulesets.map((r) => ({
      id: r.id,
      name: r.name,
      target: r.target ?? "branch",
      enforcement: r.enforcement ?? "active",
    })),
    files: await readFiles(gh, base, repo.body.default_branch, files),
    ...(await readActionsSettings(gh, base)),
  };
}
