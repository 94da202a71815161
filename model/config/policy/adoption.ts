/**
 * Policy for what adopting an existing organization adds: the OIDC policies kept from before
 * adoption (a wide allow policy only as declared, reported break-glass) and the display names of
 * adopted webhooks.
 */
import { parseClaimPath, ruleWidens } from "../../oidc/matcher";
import { machineTeamName, previewEnvironmentName } from "../../names";
import { isObj, Loose, obj, str, View } from "../view";
import { PolicyContext, tierUses } from "./shared";

/** Claims every GitHub allow policy must pin: the audience, the repository and its owner. */
export const REQUIRED_PINS = ["aud", "repository_id", "repository_owner_id"] as const;
/**
 * Claims that pin the context a job runs in; an allow policy with none of them hands its token to
 * any workflow of the repository, pull requests included. `event_name` and `base_ref` are not among
 * them: an event name admits every branch's pushes (or every pull request), and `base_ref` is set
 * only for pull requests. Nor is `environment` alone: GitHub creates any environment a workflow on
 * any branch names, without reviewers.
 */
export const CONTEXT_PINS = ["ref", "job_workflow_ref"] as const;

const pinned = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/** A value this rule also matches beyond its own text (its `*`, `?` or `.`), by the matcher. */
const widening = (key: string, v: unknown): string | undefined =>
  typeof v === "string" ? ruleWidens(key, v) : undefined;

/** An exact pin: non-empty and matching only its own text. */
const exactPin = (rules: Readonly<Record<string, unknown>>, key: string): boolean =>
  pinned(rules[key]) && widening(key, rules[key]) === undefined;

/** What a team scope also matches ("team scopes support wildcards", `.` included). */
export function teamScopeWidth(teamName: unknown): string | undefined {
  if (typeof teamName !== "string") return undefined;
  const other = ruleWidens("teamName", teamName);
  return other === undefined
    ? undefined
    : `its team scope ${JSON.stringify(teamName)} is a pattern that also matches team ${JSON.stringify(other)} ('*', '?' and '.' are wildcards in team scopes)`;
}

/**
 * A reviewed-preview context a config declares (`deploy.reviewedPreviews`): pull requests of the
 * repository (its numeric id) targeting `branch` obtain `team`'s token only in GitHub environment
 * `environment`, whose required reviewers (the tier's approvers) approve each run.
 */
export interface ReviewedPreview {
  readonly repositoryId: string;
  readonly environment: string;
  readonly branch: string;
  readonly team: string;
}

/**
 * The reviewed-preview contexts of a config: each github-actions project that previews pull
 * requests on a tier with `reviewedPreviews` and approvers, and a numeric repository id. The plan
 * generates exactly these preview policies (model/oidc/policies.ts, previewPolicies).
 */
export function reviewedPreviewsOf(v: View): ReviewedPreview[] {
  const out: ReviewedPreview[] = [];
  for (const t of v.tiers) {
    const d = t.deploy;
    if (!t.name || !d.reviewedPreviews || d.approvers.length === 0) continue;
    if (typeof d.branch !== "string" || d.branch === "") continue;
    for (const u of tierUses(v, t)) {
      const p = v.projects[u.index];
      const id = p.repositoryId;
      if (u.previews !== true || u.mode !== "github-actions" || p.name === undefined) continue;
      if (u.ci !== undefined && u.ci !== "github-actions") continue;
      if (!(typeof id === "number" && Number.isSafeInteger(id) && id > 0)) continue;
      out.push({
        repositoryId: String(id),
        environment: previewEnvironmentName(p.name, t.name),
        branch: d.branch,
        team: machineTeamName(p.name, t.name, "preview"),
      });
    }
  }
  return out;
}

/**
 * Whether an allow policy is exactly a declared reviewed preview's: a team token of that preview's
 * team, for `event_name` `pull_request` (not `pull_request_target`), with exact pins (no `*`, `?`
 * or `.`, by the matcher) of that repository id, base branch and reviewed GitHub environment.
 */
export function isReviewedPreview(
  rules: Readonly<Record<string, unknown>>,
  tokenType: string | undefined,
  teamName: unknown,
  previews: readonly ReviewedPreview[],
): boolean {
  if (tokenType !== "team" || rules.event_name !== "pull_request") return false;
  if (!["environment", "base_ref", "repository_id"].every((k) => exactPin(rules, k))) return false;
  return previews.some(
    (p) =>
      p.team === teamName &&
      p.repositoryId === rules.repository_id &&
      p.environment === rules.environment &&
      p.branch === rules.base_ref,
  );
}

/** What a policy's width is judged against besides its rules. */
export interface WidthContext {
  /** The policy's team, for a team token. */
  readonly teamName?: unknown;
  /** The reviewed-preview contexts the config declares (`reviewedPreviewsOf`). */
  readonly reviewedPreviews?: readonly ReviewedPreview[];
}

/**
 * Why an adopted allow policy is wider than a generated one would be, in words (none: narrow). A
 * policy that is exactly a declared reviewed preview's (`isReviewedPreview`) admits pull requests
 * only behind the environment's reviewers, as the generated one does.
 */
export function policyWidth(
  rules: Readonly<Record<string, unknown>>,
  tokenType?: string,
  ctx: WidthContext = {},
): string[] {
  const out: string[] = [];
  const reviewed = isReviewedPreview(rules, tokenType, ctx.teamName, ctx.reviewedPreviews ?? []);
  const wild = Object.entries(rules).flatMap(([k, v]) => {
    const other = widening(k, v);
    return other === undefined
      ? []
      : [`${k} = ${JSON.stringify(v)} (also ${JSON.stringify(other)})`];
  });
  if (wild.length)
    out.push(
      `has a wildcard ('*', '?' or '.', which matches any one character) in ${wild.join(", ")}: it matches more than one context`,
    );
  const unreadable = Object.keys(rules).flatMap((k) => {
    const path = parseClaimPath(k);
    return path.ok ? [] : [path.error];
  });
  if (unreadable.length)
    out.push(
      `has a rule key Pulumi's documented claim paths cannot read (${unreadable.join("; ")})`,
    );
  const missing = REQUIRED_PINS.filter((k) => !pinned(rules[k]));
  if (missing.length) out.push(`does not pin ${missing.join(", ")}`);
  if (!reviewed && !CONTEXT_PINS.some((k) => exactPin(rules, k)))
    out.push(
      `pins none of ${CONTEXT_PINS.join(", ")}: any workflow of the repository, pull requests included, obtains the token`,
    );
  if ((tokenType === "organization" || tokenType === "personal") && !pinnedEnvironment(rules))
    out.push(
      `hands ${tokenType === "organization" ? "an organization admin token" : "a person's token (all of their access, an admin's included)"} ` +
        "to a run no environment reviewer approved (pins no environment; the bootstrap's token " +
        "is pinned to its reviewed GitHub environment)",
    );
  else if (tokenType === "team" && !pinnedEnvironment(rules))
    out.push(
      "hands a team token to a run no environment reviewer approved (pins no environment; every " +
        "policy the program generates pins its tier's GitHub environment, whose reviewers are a " +
        "protected tier's approval)",
    );
  const pr = pullRequestPins(rules);
  if (pr.length && !reviewed)
    out.push(
      `admits pull-request runs (${pr.join(", ")}): a pull request's code obtains the token`,
    );
  return out;
}

/** The rules that select pull-request runs (whose code nobody has reviewed yet). */
function pullRequestPins(rules: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  if (pinned(rules.base_ref)) out.push(`base_ref = ${JSON.stringify(rules.base_ref)}`);
  if (typeof rules.event_name === "string" && /^pull_request/.test(rules.event_name))
    out.push(`event_name = ${JSON.stringify(rules.event_name)}`);
  for (const k of ["ref", "job_workflow_ref", "sub"])
    if (typeof rules[k] === "string" && /(refs\/pull\/|:pull_request)/.test(rules[k] as string))
      out.push(`${k} = ${JSON.stringify(rules[k])}`);
  return out;
}

/** Which field names the token of a policy, per token type (a Map: a token type is data). */
const TOKEN_FIELD: ReadonlyMap<string, string> = new Map([
  ["team", "teamName"],
  ["personal", "userLogin"],
  ["runner", "runnerID"],
  ["organization", "authorizedPermissions"],
]);

export function checkAdoptedPolicies({ v, err, warnings }: PolicyContext): void {
  const reviewedPreviews = reviewedPreviewsOf(v);
  v.adoptedPolicies.forEach((p: Loose, i) => {
    const base = `oidc.adoptedPolicies[${i}]`;
    const tokenType = str(p.tokenType);
    const field = tokenType ? TOKEN_FIELD.get(tokenType) : undefined;
    if (field && p[field] === undefined)
      err(`${base}.${field}`, `is required for a ${tokenType} token policy`);
    const decision = str(p.decision);
    const width =
      decision === "allow"
        ? policyWidth(obj(p.rules), tokenType, { teamName: p.teamName, reviewedPreviews })
        : [];
    const scope =
      decision === "allow" && tokenType === "team" ? teamScopeWidth(p.teamName) : undefined;
    if (scope) width.push(scope);
    const branch = decision === "allow" ? unprotectedRef(v, obj(p.rules)) : undefined;
    if (branch) width.push(branch);

    const breakGlass = isObj(p.breakGlass);
    if (width.length && !breakGlass)
      err(
        base,
        `this allow policy is wide: ${width.join("; ")}. Pin exact values, remove it ` +
          "(`npm run adopt -- --tighten` drops it), or declare breakGlass with a justification",
      );
    else if (!width.length && breakGlass)
      err(`${base}.breakGlass`, "this policy is not wide; remove breakGlass");
    else if (width.length)
      warnings.push({
        severity: "high",
        code: "adopted-oidc-policy",
        path: base,
        message:
          `break-glass: adopted OIDC policy allows ${tokenType} token ` +
          `${str(p.teamName) ?? str(p.userLogin) ?? str(p.runnerID) ?? JSON.stringify(p.authorizedPermissions ?? [])}` +
          ` although it ${width.join("; ")}`,
      });
  });
}

/** An exact, non-empty `environment` pin. */
function pinnedEnvironment(rules: Readonly<Record<string, unknown>>): boolean {
  return exactPin(rules, "environment");
}

/**
 * A `ref` pin on a branch that no ruleset of the pinned (declared) repository covers: a direct push
 * there obtains the token without review.
 */
function unprotectedRef(v: PolicyContext["v"], rules: Readonly<Record<string, unknown>>) {
  const claim = str(rules.ref) !== undefined ? "ref" : "job_workflow_ref";
  const ref = str(rules.ref) ?? str(rules.job_workflow_ref)?.split("@")[1];
  const id = str(rules.repository_id);
  if (ref === undefined || id === undefined || widening("ref", ref) !== undefined) return undefined;
  const p = v.projects.find((x) => String(x.repositoryId) === id);
  if (!p) return undefined;
  const branch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined;
  const covered = [p.defaultBranch, ...p.protectedBranches];
  if (branch !== undefined && covered.includes(branch)) return undefined;
  return (
    `pins ${claim} to ${JSON.stringify(ref)}, which no ruleset of repository "${p.repository}" covers ` +
    `(it protects ${covered.map((b) => JSON.stringify(b)).join(", ")}): a push there obtains the token`
  );
}

/** A display name only for org-wide webhooks: scoped ones are named per stack or environment. */
export function checkWebhookDisplayNames({ v, err }: PolicyContext): void {
  v.webhooks.forEach((w, wi) => {
    if (w.displayName !== undefined && w.scope !== undefined)
      err(
        `audit.webhooks[${wi}].displayName`,
        "only org-wide webhooks take a displayName (scoped ones are named after each stack or environment); remove it or the scope",
      );
  });
}
