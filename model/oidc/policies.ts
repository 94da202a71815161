/**
 * The OIDC issuer's authorization policies: one allow policy per machine identity and allowed
 * event (deploy and audit identities in their GitHub environment, previews on pull requests),
 * explicit denies for untrusted events, and the warnings about rules that are wider than they
 * look or that two tokens share.
 */
import type { AccessModel, MachineIdentity } from "../access/types";
import { byRepository, GithubIds, SubjectFormat, subjectFor } from "./github/issuer";
import { assertExactValue, hasRunWildcard, ruleWidens } from "./matcher";
import type { Permission, TokenRequest, TokenType } from "./tokens";

export { tokenLabel } from "./tokens";
export type { Permission, TokenType } from "./tokens";

export interface OidcPolicy {
  decision: "allow" | "deny";
  tokenType: TokenType;
  teamName?: string;
  userLogin?: string;
  runnerID?: string;
  authorizedPermissions?: Permission[];
  rules: Record<string, string>;
  /** human explanation, not sent to Pulumi */
  description: string;
  /** Kept from before adoption (`oidc.adoptedPolicies[i]`), not generated; not sent to Pulumi. */
  adopted?: number;
  /**
   * Parts of rule values (by claim) whose dots cannot widen the match, because the issuer itself
   * writes them (its own host name, a fixed file name); not sent to Pulumi.
   */
  fixedParts?: Record<string, readonly string[]>;
}

/** A policy as the `OidcIssuer` resource takes it (no description, no undefined keys). */
export interface ProviderPolicy {
  decision: "allow" | "deny";
  tokenType: TokenType;
  teamName?: string;
  userLogin?: string;
  runnerID?: string;
  authorizedPermissions?: Permission[];
  rules: Record<string, string>;
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

/**
 * One allow policy per machine identity and allowed event, each pinning the audience, the numeric
 * repository and owner ids and the exact context of the job; plus explicit denies for the events
 * that must never yield a token. Identities are ordered by team name so reordering the config does
 * not reorder the policies. Throws when an id is missing or a value would contain a wildcard.
 */
export function buildOidcPolicies(model: AccessModel, ids: GithubIds): OidcPolicy[] {
  const owner = model.github.owner;
  const issuer: Issuer = {
    organization: model.organization,
    owner,
    ownerId: requireId(ids.ownerId, `the owner ${owner}`),
    aud: audienceFor(model.organization),
    ids,
  };
  assertOneContextPerTeam(model.identities);
  // Only GitHub Actions identities: the other CIs' tokens go to their own issuers.
  const policies = byTeam(model.identities.filter((i) => i.ci === "github-actions")).flatMap(
    (identity) => identityPolicies(issuer, identity),
  );
  policies.forEach((p, i) => {
    for (const [claim, value] of Object.entries(p.rules))
      if (hasRunWildcard(value)) assertExactValue(value, `policy ${i} rule ${claim}`);
  });
  // Policies kept from before adoption come first, in their live order (so importing the issuer
  // compares equal); validation made every wide one a declared, reported break-glass.
  return [...adoptedPolicies(model), ...policies];
}

/** `oidc.adoptedPolicies`, as policies with a description. */
function adoptedPolicies(model: AccessModel): OidcPolicy[] {
  return (model.oidc.adoptedPolicies ?? []).map((p, i) => {
    const out: OidcPolicy = {
      decision: p.decision,
      tokenType: p.tokenType,
      rules: { ...p.rules },
      description:
        `adopted policy ${i} (kept as it was before adoption)` +
        (p.breakGlass ? `; break-glass: ${p.breakGlass.justification}` : ""),
      adopted: i,
    };
    if (p.teamName !== undefined) out.teamName = p.teamName;
    if (p.userLogin !== undefined) out.userLogin = p.userLogin;
    if (p.runnerID !== undefined) out.runnerID = p.runnerID;
    if (p.authorizedPermissions !== undefined)
      out.authorizedPermissions = [...p.authorizedPermissions];
    return out;
  });
}

/** What every policy of the organization pins. */
interface Issuer {
  readonly organization: string;
  readonly owner: string;
  readonly ownerId: string;
  readonly aud: string;
  readonly ids: GithubIds;
}

/** One identity as its policies pin and describe it. */
interface Target {
  readonly identity: MachineIdentity;
  readonly aud: string;
  readonly ownerId: string;
  readonly repoId: string;
  /** The configured `sub` format of the repository, when `sub` is pinned too. */
  readonly format?: SubjectFormat;
  /** `sub` in that format for the given suffix; undefined when `sub` is not pinned. */
  readonly subject: (suffix: string) => string | undefined;
  /** Which token the policy is about (team, or organization with its permission). */
  readonly who: Pick<OidcPolicy, "tokenType" | "teamName" | "authorizedPermissions">;
  readonly tokenText: string;
  readonly where: string;
}

/** A machine team's token must be obtainable from one pipeline context only. */
function assertOneContextPerTeam(identities: readonly MachineIdentity[]): void {
  const teams = new Map<string, MachineIdentity>();
  for (const identity of identities) {
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
}

/** The organization token first, then teams by name, deploy before preview. */
function byTeam(identities: readonly MachineIdentity[]): MachineIdentity[] {
  return [...identities].sort((a, b) => {
    const ka = `${a.tokenType === "organization" ? 0 : 1}\u0000${a.team}\u0000${a.purpose}`;
    const kb = `${b.tokenType === "organization" ? 0 : 1}\u0000${b.team}\u0000${b.purpose}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** The allow policies of one identity, per its purpose, then its denies. */
function identityPolicies(issuer: Issuer, identity: MachineIdentity): OidcPolicy[] {
  const { owner, ownerId, ids } = issuer;
  const repoId = requireId(
    byRepository(ids.repositoryIds, identity.repository),
    `repository ${owner}/${identity.repository}`,
  );
  const format = byRepository(ids.subjectFormats, identity.repository);
  const target: Target = {
    identity,
    aud: issuer.aud,
    ownerId,
    repoId,
    format,
    subject: (suffix: string) =>
      format ? subjectFor(format, owner, ownerId, identity.repository, repoId, suffix) : undefined,
    who:
      identity.tokenType === "organization"
        ? {
            tokenType: "organization" as const,
            authorizedPermissions: ["admin"] as Permission[],
          }
        : { tokenType: "team" as const, teamName: identity.team },
    tokenText:
      identity.tokenType === "organization"
        ? `the organization admin token of ${issuer.organization}`
        : `the token of team ${identity.team}`,
    where: `${owner}/${identity.repository} (repository id ${repoId}, owner id ${ownerId})`,
  };
  const allows =
    identity.purpose === "deploy" || identity.purpose === "audit" || identity.purpose === "drift"
      ? environmentPolicies(owner, target)
      : previewPolicies(target);
  return [...allows, ...denyPolicies(target)];
}

/**
 * Deploy and audit identities: a run of an allowed event on the identity's branch, in its GitHub
 * environment, of the generated workflow.
 */
function environmentPolicies(owner: string, t: Target): OidcPolicy[] {
  const { identity, format } = t;
  const env = identity.githubEnvironment;
  if (!env)
    throw new Error(
      `${identity.purpose} identity ${identity.team} of ${identity.project}/${identity.tier} has no GitHub environment`,
    );
  return identity.events.map((event) => {
    const rules: Record<string, string> = {
      aud: t.aud,
      repository_owner_id: t.ownerId,
      repository_id: t.repoId,
    };
    const sub = t.subject(`environment:${env}`);
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
    return {
      decision: "allow",
      ...t.who,
      rules,
      description:
        (identity.purpose === "audit"
          ? `scheduled audit (${identity.workflowPath}): `
          : `${identity.project}/${identity.tier} ${identity.purpose}: `) +
        `${t.tokenText} for a ${event} run on ` +
        `branch ${identity.branch} of ${t.where} in GitHub environment ${env}` +
        (sub ? ` (sub pinned, ${format} format)` : ""),
    };
  });
}

/**
 * Preview identities: a run of an allowed event (pull_request) targeting the identity's branch;
 * with reviewed previews, only in the preview's GitHub environment (each run approved there).
 */
function previewPolicies(t: Target): OidcPolicy[] {
  const { identity, format } = t;
  const env = identity.githubEnvironment;
  return identity.events.map((event) => {
    const rules: Record<string, string> = {
      aud: t.aud,
      repository_owner_id: t.ownerId,
      repository_id: t.repoId,
    };
    const sub =
      event === "pull_request" ? t.subject(env ? `environment:${env}` : "pull_request") : undefined;
    if (sub) rules.sub = sub;
    if (env) rules.environment = env;
    Object.assign(rules, { event_name: event, base_ref: identity.branch });
    return {
      decision: "allow",
      ...t.who,
      rules,
      description:
        `${identity.project}/${identity.tier} preview: ${t.tokenText} for a ${event} run of ` +
        `${t.where} targeting ${identity.branch}` +
        (env ? ` in GitHub environment ${env} (approved per run)` : "") +
        (sub ? ` (sub pinned, ${format} format)` : ""),
    };
  });
}

/** Why each purpose gets its denies, appended to their descriptions. */
const DENY_REASONS: Readonly<Record<MachineIdentity["purpose"], string>> = {
  deploy: ": deploys run only on reviewed pushes",
  preview: ": previews run only on pull_request",
  audit: ": the audit runs only on its schedule or a manual dispatch",
  drift: ": the drift check runs only on its schedule",
};

/**
 * Explicit denies: every untrusted event (and workflow_dispatch unless enabled) for deploys, the
 * untrusted events an identity does not run on otherwise.
 */
function denyPolicies(t: Target): OidcPolicy[] {
  const { identity } = t;
  const denied: string[] =
    identity.purpose === "deploy"
      ? [
          ...UNTRUSTED_EVENTS,
          ...(identity.events.includes("workflow_dispatch") ? [] : ["workflow_dispatch"]),
        ]
      : identity.purpose === "drift"
        ? // Nobody starts a drift check: not by hand, not by a push.
          [...UNTRUSTED_EVENTS, "workflow_dispatch", "push"]
        : UNTRUSTED_EVENTS.filter((e) => !identity.events.includes(e));
  const why = DENY_REASONS[identity.purpose];
  return denied.map((event) => ({
    decision: "deny",
    ...t.who,
    rules: { aud: t.aud, repository_id: t.repoId, event_name: event },
    description: `never ${t.tokenText} from a run triggered by ${event} in ${t.where}${why}`,
  }));
}

/** The policies as `OidcIssuer.policies` takes them: description stripped, no undefined keys. */
export function toProviderPolicies(policies: readonly OidcPolicy[]): ProviderPolicy[] {
  return policies.map((p) => {
    const out: ProviderPolicy = { decision: p.decision, tokenType: p.tokenType, rules: {} };
    if (p.teamName !== undefined) out.teamName = p.teamName;
    if (p.userLogin !== undefined) out.userLogin = p.userLogin;
    if (p.runnerID !== undefined) out.runnerID = p.runnerID;
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

// ---------------------------------------------------------------------------------------------
// Warnings
// ---------------------------------------------------------------------------------------------

/**
 * Rule values that are wider than they look: a `.` matches any one character (a branch
 * `release/1.0` also matches `release/1x0`), `*` and `?` are wildcards.
 */
export function ruleWarnings(policies: readonly OidcPolicy[]): string[] {
  const out: string[] = [];
  policies.forEach((p, i) => {
    for (const [claim, value] of Object.entries(p.rules)) {
      const who = `policy ${i} (${p.decision} ${p.teamName ? `team ${p.teamName}` : p.tokenType})`;
      const witness = hasRunWildcard(value)
        ? undefined
        : ruleWidens(claim, value, p.fixedParts?.[claim]);
      if (witness !== undefined)
        out.push(
          `${who}: ${claim} = ${JSON.stringify(value)} contains '.', which matches any one ` +
            `character (e.g. ${JSON.stringify(witness)} also matches)`,
        );
      if (hasRunWildcard(value))
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
  // Only pairs that can cover one another are compared (see candidatePairs), in the order of a
  // full scan of all pairs.
  for (const [i, j] of candidatePairs(policies)) {
    const a = policies[i];
    const b = policies[j];
    if (label(a) === label(b)) continue;
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
  }
  return out;
}

/**
 * Pairs `[i, j]` (i < j, ascending) of allow policies that could cover one another: for each
 * policy, the allow policies that hold its rarest rule (a policy that covers it must hold every
 * one of its rules, and a policy it covers holds all of its own), plus policies without rules
 * (which cover everything). Linear in the policies when rules are specific, as pinned ones are.
 */
function candidatePairs(policies: readonly OidcPolicy[]): [number, number][] {
  const allows = policies.flatMap((p, i) => (p.decision === "allow" ? [i] : []));
  const holders = new Map<string, number[]>();
  const ruleless: number[] = [];
  for (const i of allows) {
    const rules = Object.entries(policies[i].rules);
    if (rules.length === 0) ruleless.push(i);
    for (const [k, v] of rules) {
      const key = `${k}\u0000${v}`;
      const list = holders.get(key);
      if (list) list.push(i);
      else holders.set(key, [i]);
    }
  }
  const pairs = new Set<string>();
  const add = (x: number, y: number) => {
    if (x !== y) pairs.add(x < y ? `${x},${y}` : `${y},${x}`);
  };
  for (const i of allows) {
    const rules = Object.entries(policies[i].rules);
    // If i covers j, j holds every rule of i, its rarest included: the pair is found from i's
    // side. A policy without rules covers every other one.
    const rarest = rules
      .map(([k, v]) => holders.get(`${k}\u0000${v}`) ?? [])
      .sort((a, b) => a.length - b.length)[0];
    for (const j of rarest ?? allows) add(i, j);
    for (const j of ruleless) add(i, j);
  }
  return [...pairs]
    .map((p) => p.split(",").map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}
