/**
 * OIDC trust between GitHub Actions and Pulumi Cloud: the issuer's authorization policies, a
 * simulator of how Pulumi Cloud evaluates them, and a table of realistic GitHub claim sets that
 * shows which pipeline context can obtain which Pulumi token. Pure: no Pulumi imports.
 *
 * Pulumi Cloud semantics (see the platform facts): a policy applies when its token type (and team,
 * or authorized permission for organization tokens) matches the request and every one of its rules
 * matches a claim; deny beats allow; nothing matching means denied. Rule values are glob-like:
 * `*` any run, `?` zero or one character, `.` exactly one character (so a literal dot is itself a
 * wildcard), everything else literal.
 */
import type { AccessModel, MachineIdentity } from "./access";

export const GITHUB_ISSUER_URL = "https://token.actions.githubusercontent.com";

export type TokenType = "team" | "organization" | "personal" | "runner";
export type Permission = "admin" | "standard";
export type SubjectFormat = "legacy" | "immutable";

export interface OidcPolicy {
  decision: "allow" | "deny";
  tokenType: TokenType;
  teamName?: string;
  authorizedPermissions?: Permission[];
  rules: Record<string, string>;
  /** human explanation, not sent to Pulumi */
  description: string;
}

/** A policy as the `OidcIssuer` resource takes it (no description, no undefined keys). */
export interface ProviderPolicy {
  decision: "allow" | "deny";
  tokenType: TokenType;
  teamName?: string;
  authorizedPermissions?: Permission[];
  rules: Record<string, string>;
}

export interface GithubIds {
  ownerId: number;
  repositoryIds: Readonly<Record<string, number>>;
  /** repo name -> "legacy"|"immutable" sub format, optional: when given, also pin `sub` in that format */
  subjectFormats?: Readonly<Record<string, SubjectFormat>>;
}

/**
 * Events whose runs are triggered (or whose code is chosen) by someone other than a reviewed push
 * to the deploy branch. Deploy identities and the organization token get an explicit deny for each;
 * preview identities for all but `pull_request`, the event they exist for.
 */
export const UNTRUSTED_EVENTS = [
  "pull_request",
  "pull_request_target",
  "workflow_run",
  "issue_comment",
] as const;

/** `aud` GitHub puts in the id token `pulumi/auth-actions` requests. */
export const audienceFor = (organization: string) => `urn:pulumi:org:${organization}`;

/** Label of a token request, as the plan prints it: `team:<name>` or `organization:<permission>`. */
export function tokenLabel(request: TokenRequest): string {
  return request.tokenType === "team"
    ? `team:${request.team ?? "?"}`
    : `organization:${request.permission ?? "admin"}`;
}

/** The token an identity exchanges its id token for. */
export function requestFor(identity: MachineIdentity): TokenRequest {
  return identity.tokenType === "organization"
    ? { tokenType: "organization", permission: "admin" }
    : { tokenType: "team", team: identity.team };
}

// ---------------------------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------------------------

function requireId(value: number | undefined, what: string): string {
  if (value === undefined)
    throw new Error(`no numeric GitHub id for ${what}: OIDC rules must pin numeric ids`);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`the GitHub id of ${what} must be a positive integer, got ${value}`);
  return String(value);
}

/** `sub` of a job in `environment` (deploy) or of a pull_request job (preview). */
function subjectFor(
  format: SubjectFormat,
  owner: string,
  ownerId: string,
  repository: string,
  repositoryId: string,
  suffix: string,
): string {
  const repo =
    format === "immutable"
      ? `${owner}@${ownerId}/${repository}@${repositoryId}`
      : `${owner}/${repository}`;
  return `repo:${repo}:${suffix}`;
}

/**
 * One allow policy per machine identity and allowed event, each pinning the audience, the numeric
 * repository and owner ids and the exact context of the job; plus explicit denies for the events
 * that must never yield a token. Identities are ordered by team name so reordering the config does
 * not reorder the policies. Throws when an id is missing or a value would contain a wildcard.
 */
export function buildOidcPolicies(model: AccessModel, ids: GithubIds): OidcPolicy[] {
  const owner = model.github.owner;
  const ownerId = requireId(ids.ownerId, `the owner ${owner}`);
  const aud = audienceFor(model.organization);

  const teams = new Map<string, MachineIdentity>();
  for (const identity of model.identities) {
    if (identity.tokenType !== "team") continue;
    const other = teams.get(identity.team);
    if (other)
      throw new Error(
        `machine team "${identity.team}" is claimed by both ${other.project}/${other.tier} ` +
          `${other.purpose} and ${identity.project}/${identity.tier} ${identity.purpose}: ` +
          "one team token would be obtainable from both contexts",
      );
    teams.set(identity.team, identity);
  }

  const identities = [...model.identities].sort((a, b) => {
    const ka = `${a.tokenType === "organization" ? 0 : 1}\u0000${a.team}\u0000${a.purpose}`;
    const kb = `${b.tokenType === "organization" ? 0 : 1}\u0000${b.team}\u0000${b.purpose}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });

  const policies: OidcPolicy[] = [];
  for (const identity of identities) {
    const repoId = requireId(
      ids.repositoryIds[identity.repository],
      `repository ${owner}/${identity.repository}`,
    );
    const format = ids.subjectFormats?.[identity.repository];
    const subject = (suffix: string) =>
      format ? subjectFor(format, owner, ownerId, identity.repository, repoId, suffix) : undefined;
    const who =
      identity.tokenType === "organization"
        ? {
            tokenType: "organization" as const,
            authorizedPermissions: ["admin"] as Permission[],
          }
        : { tokenType: "team" as const, teamName: identity.team };
    const tokenText =
      identity.tokenType === "organization"
        ? `the organization admin token of ${model.organization}`
        : `the token of team ${identity.team}`;
    const where = `${owner}/${identity.repository} (repository id ${repoId}, owner id ${ownerId})`;

    if (identity.purpose === "deploy" || identity.purpose === "audit") {
      const env = identity.githubEnvironment;
      if (!env)
        throw new Error(
          `${identity.purpose} identity ${identity.team} of ${identity.project}/${identity.tier} has no GitHub environment`,
        );
      for (const event of identity.events) {
        const rules: Record<string, string> = {
          aud,
          repository_owner_id: ownerId,
          repository_id: repoId,
        };
        const sub = subject(`environment:${env}`);
        if (sub) rules.sub = sub;
        Object.assign(rules, {
          environment: env,
          ref: `refs/heads/${identity.branch}`,
          ref_type: "branch",
          event_name: event,
        });
        // Only the generated (code-owned) workflow's job, as committed on the tier's branch: another
        // workflow on that branch that also declares the environment gets nothing.
        if (identity.workflowPath)
          rules.job_workflow_ref = jobWorkflowRef(
            owner,
            identity.repository,
            identity.workflowPath,
            identity.branch,
          );
        policies.push({
          decision: "allow",
          ...who,
          rules,
          description:
            (identity.purpose === "audit"
              ? `scheduled audit (${identity.workflowPath}): `
              : `${identity.project}/${identity.tier} deploy: `) +
            `${tokenText} for a ${event} run on ` +
            `branch ${identity.branch} of ${where} in GitHub environment ${env}` +
            (sub ? ` (sub pinned, ${format} format)` : ""),
        });
      }
    } else {
      for (const event of identity.events) {
        const rules: Record<string, string> = {
          aud,
          repository_owner_id: ownerId,
          repository_id: repoId,
        };
        const sub = event === "pull_request" ? subject("pull_request") : undefined;
        if (sub) rules.sub = sub;
        Object.assign(rules, { event_name: event, base_ref: identity.branch });
        policies.push({
          decision: "allow",
          ...who,
          rules,
          description:
            `${identity.project}/${identity.tier} preview: ${tokenText} for a ${event} run of ` +
            `${where} targeting ${identity.branch}` +
            (sub ? ` (sub pinned, ${format} format)` : ""),
        });
      }
    }

    const denied: string[] =
      identity.purpose === "deploy"
        ? [
            ...UNTRUSTED_EVENTS,
            ...(identity.events.includes("workflow_dispatch") ? [] : ["workflow_dispatch"]),
          ]
        : UNTRUSTED_EVENTS.filter((e) => !identity.events.includes(e));
    const why = {
      deploy: ": deploys run only on reviewed pushes",
      preview: ": previews run only on pull_request",
      audit: ": the audit runs only on its schedule or a manual dispatch",
    }[identity.purpose];
    for (const event of denied)
      policies.push({
        decision: "deny",
        ...who,
        rules: { aud, repository_id: repoId, event_name: event },
        description: `never ${tokenText} from a run triggered by ${event} in ${where}${why}`,
      });
  }

  policies.forEach((p, i) => {
    for (const [claim, value] of Object.entries(p.rules))
      if (/[*?]/.test(value))
        throw new Error(`policy ${i} rule ${claim} = ${JSON.stringify(value)} contains a wildcard`);
  });
  return policies;
}

/** The policies as `OidcIssuer.policies` takes them: description stripped, no undefined keys. */
export function toProviderPolicies(policies: readonly OidcPolicy[]): ProviderPolicy[] {
  return policies.map((p) => {
    const out: ProviderPolicy = { decision: p.decision, tokenType: p.tokenType, rules: {} };
    if (p.teamName !== undefined) out.teamName = p.teamName;
    if (p.authorizedPermissions !== undefined)
      out.authorizedPermissions = [...p.authorizedPermissions];
    out.rules = { ...p.rules };
    return out;
  });
}

/** The `job_workflow_ref` claim of a job defined in `workflowPath` running on `branch`. */
export const jobWorkflowRef = (
  owner: string,
  repository: string,
  workflowPath: string,
  branch: string,
) => `${owner}/${repository}/${workflowPath}@refs/heads/${branch}`;

/**
 * Dots that cannot widen a `job_workflow_ref` rule: GitHub runs workflows only from
 * `.github/workflows/` files ending in `.yml` or `.yaml`, so any other character at those
 * positions names no workflow.
 */
function harmlessDots(claim: string, value: string): string {
  if (claim !== "job_workflow_ref" && claim !== "workflow_ref") return value;
  return value
    .replace(/\/\.github\/workflows\//, "/_github/workflows/")
    .replace(/\.(ya?ml)@/, "_$1@");
}

/**
 * Rule values that are wider than they look: a `.` matches any one character (a branch
 * `release/1.0` also matches `release/1x0`), `*` and `?` are wildcards.
 */
export function ruleWarnings(policies: readonly OidcPolicy[]): string[] {
  const out: string[] = [];
  policies.forEach((p, i) => {
    for (const [claim, value] of Object.entries(p.rules)) {
      const who = `policy ${i} (${p.decision} ${p.teamName ? `team ${p.teamName}` : p.tokenType})`;
      if (harmlessDots(claim, value).includes("."))
        out.push(
          `${who}: ${claim} = ${JSON.stringify(value)} contains '.', which matches any one ` +
            `character (e.g. ${JSON.stringify(value.replace(/\./g, "x"))} also matches)`,
        );
      if (/[*?]/.test(value))
        out.push(`${who}: ${claim} = ${JSON.stringify(value)} contains a wildcard ('*' or '?')`);
    }
  });
  return out;
}

/**
 * Allow policies of different tokens where every claim set that matches one also matches the other
 * (the rules of one are a subset of the other's): the jobs of those identities cannot be told apart
 * by their claims, so each can obtain the other's token.
 */
export function overlapWarnings(policies: readonly OidcPolicy[]): string[] {
  const out: string[] = [];
  const label = (p: OidcPolicy) =>
    p.tokenType === "team" ? `team:${p.teamName}` : `${p.tokenType}:${p.authorizedPermissions}`;
  const covers = (wide: OidcPolicy, narrow: OidcPolicy) =>
    Object.entries(wide.rules).every(([k, v]) => narrow.rules[k] === v);
  policies.forEach((a, i) => {
    if (a.decision !== "allow") return;
    policies.forEach((b, j) => {
      if (j <= i || b.decision !== "allow" || label(a) === label(b)) return;
      const ab = covers(a, b);
      const ba = covers(b, a);
      if (ab && ba)
        out.push(
          `policies ${i} (${label(a)}) and ${j} (${label(b)}) have identical rules: a job that can get either token can get both`,
        );
      else if (ab)
        out.push(
          `policy ${i} (${label(a)}) is wider than policy ${j} (${label(b)}): any job that can get ${label(b)} can also get ${label(a)}`,
        );
      else if (ba)
        out.push(
          `policy ${j} (${label(b)}) is wider than policy ${i} (${label(a)}): any job that can get ${label(a)} can also get ${label(b)}`,
        );
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Simulator
// ---------------------------------------------------------------------------------------------

export interface TokenRequest {
  tokenType: "team" | "organization";
  team?: string;
  permission?: Permission;
}

export interface Decision {
  allowed: boolean;
  /** index of deciding policy */
  matched?: number;
  reason: string;
}

/**
 * Pulumi Cloud rule matching, on whole strings: `*` any run of characters (also empty), `?` zero
 * or one character, `.` exactly one character, anything else literal. A direct NFA simulation
 * (no RegExp), linear in pattern length per value character.
 */
export function matchRule(pattern: string, value: string): boolean {
  const p = Array.from(pattern);
  const n = p.length;
  // states[i]: the first i pattern tokens can match the value characters read so far.
  const close = (states: boolean[]) => {
    for (let i = 0; i < n; i++)
      if (states[i] && (p[i] === "*" || p[i] === "?")) states[i + 1] = true;
    return states;
  };
  let states = close(Array.from({ length: n + 1 }, (_, i) => i === 0));
  for (const ch of value) {
    const next: boolean[] = new Array<boolean>(n + 1).fill(false);
    for (let i = 0; i < n; i++) {
      if (!states[i]) continue;
      const t = p[i];
      if (t === "*") next[i] = true;
      else if (t === "?" || t === "." || t === ch) next[i + 1] = true;
    }
    states = close(next);
    if (!states.some(Boolean)) return false;
  }
  return states[n];
}

function claimString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : String(value);
}

/**
 * Whether a policy is about the requested token. A team policy without a team name, or an
 * organization policy without authorized permissions, is not valid for Pulumi; the simulator lets
 * such a policy deny every token of its type and allow none (the conservative reading).
 */
function applies(policy: OidcPolicy, request: TokenRequest): boolean {
  if (policy.tokenType !== request.tokenType) return false;
  if (request.tokenType === "team") {
    if (policy.teamName === undefined) return policy.decision === "deny";
    return request.team !== undefined && policy.teamName === request.team;
  }
  if (policy.authorizedPermissions === undefined) return policy.decision === "deny";
  return policy.authorizedPermissions.includes(request.permission ?? "admin");
}

function rulesMatch(
  rules: Readonly<Record<string, string>>,
  claims: Readonly<Record<string, unknown>>,
): boolean {
  for (const [claim, pattern] of Object.entries(rules)) {
    const value = Object.prototype.hasOwnProperty.call(claims, claim)
      ? claimString(claims[claim])
      : undefined;
    if (value === undefined || !matchRule(pattern, value)) return false;
  }
  return true;
}

/** How Pulumi Cloud decides one token exchange: deny beats allow, no allow means denied. */
export function evaluate(
  policies: readonly OidcPolicy[],
  claims: Readonly<Record<string, unknown>>,
  request: TokenRequest,
): Decision {
  let allow: number | undefined;
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i];
    if (!applies(p, request) || !rulesMatch(p.rules, claims)) continue;
    if (p.decision === "deny")
      return {
        allowed: false,
        matched: i,
        reason: `${tokenLabel(request)} denied by policy ${i}: ${p.description}`,
      };
    allow ??= i;
  }
  if (allow !== undefined)
    return {
      allowed: true,
      matched: allow,
      reason: `${tokenLabel(request)} allowed by policy ${allow}: ${policies[allow].description}`,
    };
  return {
    allowed: false,
    reason: `${tokenLabel(request)} denied: no allow policy matches (the issuer denies by default)`,
  };
}

/** The candidates whose exchange would be granted, in candidate order. */
export function tokensFor(
  policies: readonly OidcPolicy[],
  claims: Readonly<Record<string, unknown>>,
  candidates: readonly TokenRequest[],
): TokenRequest[] {
  return candidates.filter((c) => evaluate(policies, claims, c).allowed);
}

// ---------------------------------------------------------------------------------------------
// Claims and the context table
// ---------------------------------------------------------------------------------------------

export interface ClaimOptions {
  /** Pulumi organization: `aud` is `urn:pulumi:org:<organization>` unless `audience` is given. */
  organization: string;
  audience?: string;
  owner: string;
  ownerId: number;
  repository: string;
  repositoryId: number;
  /** `push`, `pull_request`, `workflow_dispatch`, ... */
  event: string;
  /** Branch the run is on (every event but pull_request and pull_request_target). */
  branch?: string;
  /** Tag the run is on instead of a branch. */
  tag?: string;
  /** pull_request / pull_request_target: the PR's base and head branches and number. */
  baseBranch?: string;
  headBranch?: string;
  pullRequest?: number;
  /** The job's `environment:`, if any. */
  environment?: string;
  subjectFormat?: SubjectFormat;
  workflowPath?: string;
  actor?: string;
}

const isPullRequestEvent = (event: string) =>
  event === "pull_request" || event === "pull_request_target";

/** A realistic GitHub Actions id token claim set (the claims policies can test; all strings). */
export function claimsFor(opts: ClaimOptions): Record<string, string> {
  const pr = isPullRequestEvent(opts.event);
  if (pr && !opts.baseBranch) throw new Error(`${opts.event} claims need baseBranch`);
  if (!pr && !opts.branch && !opts.tag) throw new Error(`${opts.event} claims need branch or tag`);
  const number = opts.pullRequest ?? 42;
  const ref =
    opts.event === "pull_request"
      ? `refs/pull/${number}/merge`
      : opts.event === "pull_request_target"
        ? `refs/heads/${opts.baseBranch}`
        : opts.tag
          ? `refs/tags/${opts.tag}`
          : `refs/heads/${opts.branch}`;
  const ownerId = String(opts.ownerId);
  const repositoryId = String(opts.repositoryId);
  const suffix =
    opts.environment !== undefined
      ? `environment:${opts.environment}`
      : opts.event === "pull_request"
        ? "pull_request"
        : `ref:${ref}`;
  const workflowRef = `${opts.owner}/${opts.repository}/${opts.workflowPath ?? ".github/workflows/pulumi.yml"}@${ref}`;
  const claims: Record<string, string> = {
    iss: GITHUB_ISSUER_URL,
    aud: opts.audience ?? audienceFor(opts.organization),
    sub: subjectFor(
      opts.subjectFormat ?? "legacy",
      opts.owner,
      ownerId,
      opts.repository,
      repositoryId,
      suffix,
    ),
    repository: `${opts.owner}/${opts.repository}`,
    repository_owner: opts.owner,
    repository_id: repositoryId,
    repository_owner_id: ownerId,
    repository_visibility: "private",
    actor: opts.actor ?? "octocat",
    event_name: opts.event,
    ref,
    ref_type: ref.startsWith("refs/tags/") ? "tag" : "branch",
    base_ref: pr ? (opts.baseBranch as string) : "",
    head_ref: pr ? (opts.headBranch ?? "feature/change") : "",
    workflow: "pulumi",
    workflow_ref: workflowRef,
    job_workflow_ref: workflowRef,
    runner_environment: "github-hosted",
  };
  if (opts.environment !== undefined) claims.environment = opts.environment;
  return claims;
}

/** `ContextRow.pipeline` of the scheduled audit's rows. */
export const AUDIT_CONTEXT_LABEL = "scheduled audit";

export interface ContextRow {
  /** Pipeline key, or AUDIT_CONTEXT_LABEL for the scheduled audit's identity. */
  pipeline: string;
  /** e.g. "push to main in environment prod" */
  context: string;
  claims: Record<string, string>;
  /** e.g. ["team:payments-prod-deploy"], [] when none */
  tokens: string[];
  expected: string[];
}

/** What a generated context is, structurally: the oracle for `expected` compares these. */
interface Scenario {
  label: string;
  event: string;
  repository: string;
  repositoryId: number;
  ownerId: number;
  branch?: string;
  baseBranch?: string;
  environment?: string;
  /** The workflow file the job is defined in; the pipeline's own when absent. */
  workflowPath?: string;
}

/** Whether `identity` is meant to get its token in `s` (exact comparisons, no globbing). */
function intended(
  identity: MachineIdentity,
  s: Scenario,
  format: SubjectFormat,
  ids: GithubIds,
): boolean {
  if (s.repository !== identity.repository) return false;
  if (s.repositoryId !== ids.repositoryIds[identity.repository] || s.ownerId !== ids.ownerId)
    return false;
  if (!identity.events.includes(s.event)) return false;
  const pinned = ids.subjectFormats?.[identity.repository];
  if (pinned !== undefined && pinned !== format) return false;
  if (identity.purpose === "deploy" || identity.purpose === "audit")
    return (
      !isPullRequestEvent(s.event) &&
      (s.workflowPath === undefined || s.workflowPath === identity.workflowPath) &&
      s.branch === identity.branch &&
      identity.githubEnvironment !== undefined &&
      s.environment === identity.githubEnvironment
    );
  // Preview: a pull_request targeting the branch (with sub pinned, only without an environment,
  // whose sub would have the environment form).
  return (
    s.event === "pull_request" &&
    s.baseBranch === identity.branch &&
    (pinned === undefined || s.environment === undefined)
  );
}

const otherBranch = (branch: string) =>
  branch === "feature/change" ? "feature/other" : "feature/change";

function describe(s: Scenario): string {
  const where = s.environment !== undefined ? ` in environment ${s.environment}` : "";
  return isPullRequestEvent(s.event)
    ? `${s.event} targeting ${s.baseBranch}${where}`
    : `${s.event} to ${s.branch}${where}`;
}

function scenariosFor(identity: MachineIdentity, model: AccessModel, ids: GithubIds): Scenario[] {
  const repositoryId = ids.repositoryIds[identity.repository];
  if (repositoryId === undefined)
    throw new Error(`no numeric GitHub id for repository ${identity.repository}`);
  const known = [ids.ownerId, ...Object.values(ids.repositoryIds)];
  const unknownId = Math.max(...known) + 1;
  const base = {
    repository: identity.repository,
    repositoryId,
    ownerId: ids.ownerId,
  };
  // A repository of the same owner that no pipeline identity trusts.
  const otherRepo = Object.entries(ids.repositoryIds)
    .filter(([name]) => !model.identities.some((i) => i.repository === name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))[0];
  const out: Scenario[] = [];
  const add = (
    label: string,
    s: Omit<Scenario, "label" | keyof typeof base> & Partial<typeof base>,
  ) => out.push({ ...base, ...s, label });

  if (identity.purpose === "audit") {
    const env = identity.githubEnvironment;
    const nightly = { event: "schedule", branch: identity.branch, environment: env };
    add("intended", nightly);
    add("intended", { ...nightly, event: "workflow_dispatch" });
    add("on another branch", {
      ...nightly,
      event: "workflow_dispatch",
      branch: otherBranch(identity.branch),
    });
    add("without the environment", { ...nightly, environment: undefined });
    add("from a push", { ...nightly, event: "push" });
    add("from a pull_request", {
      event: "pull_request",
      baseBranch: identity.branch,
      environment: env,
    });
    add("from another repository id (same name)", { ...nightly, repositoryId: unknownId });
    if (otherRepo)
      add(`from repository ${otherRepo[0]}`, {
        ...nightly,
        repository: otherRepo[0],
        repositoryId: otherRepo[1],
      });
    add("with another owner id", { ...nightly, ownerId: unknownId });
    add("from another workflow file on the branch", {
      ...nightly,
      workflowPath: ".github/workflows/ci.yml",
    });
  } else if (identity.purpose === "deploy") {
    const env = identity.githubEnvironment;
    const main = { event: "push", branch: identity.branch, environment: env };
    add("intended", main);
    add("on another branch", { ...main, branch: otherBranch(identity.branch) });
    add("without the environment", { ...main, environment: undefined });
    add("from a pull_request", {
      event: "pull_request",
      baseBranch: identity.branch,
      environment: env,
    });
    add("from a pull_request_target", {
      event: "pull_request_target",
      baseBranch: identity.branch,
      environment: env,
    });
    add("from another repository id (same name)", { ...main, repositoryId: unknownId });
    if (otherRepo)
      add(`from repository ${otherRepo[0]}`, {
        ...main,
        repository: otherRepo[0],
        repositoryId: otherRepo[1],
      });
    add("with another owner id", { ...main, ownerId: unknownId });
    add("from workflow_dispatch", { ...main, event: "workflow_dispatch" });
    add("from another workflow file on the branch", {
      ...main,
      workflowPath: ".github/workflows/ci.yml",
    });
  } else {
    const pr = { event: "pull_request", baseBranch: identity.branch };
    add("intended", pr);
    add("targeting another branch", { ...pr, baseBranch: otherBranch(identity.branch) });
    add("from a push", { event: "push", branch: identity.branch });
    add("from a pull_request_target", { ...pr, event: "pull_request_target" });
    add("from another repository id (same name)", { ...pr, repositoryId: unknownId });
    if (otherRepo)
      add(`from repository ${otherRepo[0]}`, {
        ...pr,
        repository: otherRepo[0],
        repositoryId: otherRepo[1],
      });
    add("with another owner id", { ...pr, ownerId: unknownId });
    add("from workflow_dispatch", { event: "workflow_dispatch", branch: identity.branch });
  }
  return out;
}

/**
 * For every pipeline identity, realistic claim sets for its intended context and for the near
 * misses (another branch, no environment, pull requests, another repository or owner id, manual
 * dispatch), each in the legacy and the immutable `sub` format, with the tokens each would obtain
 * (every machine team of the model plus the organization admin token are tried) and the tokens it
 * should obtain. The scheduled audit's identity (when `audit.schedule` is set) gets the same
 * treatment, in rows labelled AUDIT_CONTEXT_LABEL.
 */
export function simulatePipelines(
  model: AccessModel,
  ids: GithubIds,
  policies: OidcPolicy[],
): ContextRow[] {
  const candidates: TokenRequest[] = [
    ...model.identities
      .filter((i) => i.tokenType === "team")
      .map((i) => ({ tokenType: "team" as const, team: i.team })),
    { tokenType: "organization", permission: "admin" },
  ];
  const rows: ContextRow[] = [];
  const groups: { label: string; workflowPath?: string; identities: MachineIdentity[] }[] =
    model.pipelines.map((p) => ({
      label: p.key,
      workflowPath: p.workflowPath,
      identities: [p.deploy, p.preview].filter((i): i is MachineIdentity => !!i),
    }));
  if (model.audit)
    groups.push({
      label: AUDIT_CONTEXT_LABEL,
      workflowPath: model.audit.workflowPath,
      identities: [model.audit.identity],
    });
  for (const pipeline of groups) {
    for (const identity of pipeline.identities) {
      for (const s of scenariosFor(identity, model, ids)) {
        for (const format of ["legacy", "immutable"] as const) {
          const claims = claimsFor({
            organization: model.organization,
            owner: model.github.owner,
            ownerId: s.ownerId,
            repository: s.repository,
            repositoryId: s.repositoryId,
            event: s.event,
            branch: s.branch,
            baseBranch: s.baseBranch,
            environment: s.environment,
            subjectFormat: format,
            workflowPath: s.workflowPath ?? pipeline.workflowPath,
          });
          const expected = candidates
            .filter((c) =>
              model.identities.some(
                (i) => tokenLabel(requestFor(i)) === tokenLabel(c) && intended(i, s, format, ids),
              ),
            )
            .map(tokenLabel);
          rows.push({
            pipeline: pipeline.label,
            context:
              `${identity.purpose}: ${describe(s)}` +
              (s.label === "intended" ? "" : ` (${s.label})`) +
              ` [${format} sub]`,
            claims,
            tokens: tokensFor(policies, claims, candidates).map(tokenLabel),
            expected,
          });
        }
      }
    }
  }
  return rows;
}
