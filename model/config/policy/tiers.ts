/**
 * Policy for tiers: least privilege of the roles on protected tiers (elevated grants need a
 * declared break-glass, which is always reported), and the deploy settings (pipelines, branches,
 * approvers, drift detection).
 */
import {
  EnvironmentPermission,
  HUMAN_FORBIDDEN_ENV_ON_PROTECTED,
  HUMAN_FORBIDDEN_STACK_ON_PROTECTED,
  StackPermission,
} from "../schema";
import { parseDuration } from "../../duration";
import { isObj, LenientTier, str } from "../view";
import {
  dupList,
  effectiveModes,
  isPipeline,
  list,
  PolicyContext,
  Report,
  tierUses,
} from "./shared";

type RoleView = LenientTier["roles"][string];

/** Tiers: least privilege and pipelines, tier by tier. */
export function checkTiers(ctx: PolicyContext): void {
  ctx.v.tiers.forEach((t, ti) => {
    const base = `tiers[${ti}]`;
    for (const [role, policy] of Object.entries(t.roles))
      checkRolePolicy(ctx, t, base, role, policy);
    checkDeployMode(ctx, t, base);
    const modes = effectiveModes(ctx.v, t);
    checkApprovers(ctx, t, base);
    checkPreviews(ctx, t, base, modes);
    checkDriftDetection(ctx, t, base, modes);
  });
}

/** A role on a tier: no elevated human grant on a protected tier unless declared break-glass. */
function checkRolePolicy(
  ctx: PolicyContext,
  t: LenientTier,
  base: string,
  role: string,
  policy: RoleView,
): void {
  const { err, warnings } = ctx;
  if (!t.protected) {
    if (policy.breakGlass !== undefined)
      err(
        `${base}.roles.${role}.breakGlass`,
        "break-glass only applies to protected tiers; remove it",
      );
    return;
  }
  const elevated = elevatedGrants(err, base, role, policy);
  checkBreakGlassBound(ctx, base, role, policy);
  if (policy.breakGlass !== undefined && elevated.length === 0)
    err(
      `${base}.roles.${role}.breakGlass`,
      "this role holds no elevated permission; remove breakGlass",
    );
  const standing = isObj(policy.breakGlass) && policy.breakGlass.standing === true;
  if (policy.breakGlass !== undefined && elevated.length > 0)
    warnings.push(
      standing
        ? {
            severity: "high",
            code: "break-glass",
            path: `${base}.roles.${role}`,
            message: `standing break-glass: role "${role}" holds ${elevated.join(" and ")} on protected tier "${t.name}" at any moment, without approval`,
          }
        : {
            severity: "info",
            code: "break-glass-per-use",
            path: `${base}.roles.${role}`,
            message: `break-glass per use: role "${role}" may request ${elevated.join(" and ")} on protected tier "${t.name}"'s break-glass environment, each use approved by ${approversOf(policy).join(", ")}`,
          },
    );
  if (policy.stack === "read")
    warnings.push({
      severity: "medium",
      code: "protected-stack-read",
      path: `${base}.roles.${role}.stack`,
      message:
        `role "${role}" has stack read on protected tier "${t.name}": stack read decrypts the ` +
        'stack\'s secret config. Use "none" unless the role must see outputs',
    });
}

/**
 * The elevated grants a role holds on a protected tier, in words; each one is an error unless the
 * role declares break-glass.
 */
function elevatedGrants(err: Report, base: string, role: string, policy: RoleView): string[] {
  const elevated: string[] = [];
  if (
    policy.stack &&
    HUMAN_FORBIDDEN_STACK_ON_PROTECTED.includes(policy.stack as StackPermission)
  ) {
    elevated.push(`stack "${policy.stack}"`);
    if (policy.breakGlass === undefined)
      err(
        `${base}.roles.${role}.stack`,
        `"${policy.stack}" is not allowed on a protected tier: only the pipeline deploys there. ` +
          `Use "read" or "none", or declare roles.${role}.breakGlass with a justification`,
      );
  }
  if (
    policy.environment &&
    HUMAN_FORBIDDEN_ENV_ON_PROTECTED.includes(policy.environment as EnvironmentPermission)
  ) {
    elevated.push(`environment "${policy.environment}"`);
    if (policy.breakGlass === undefined)
      err(
        `${base}.roles.${role}.environment`,
        `"${policy.environment}" is not allowed on a protected tier: it decrypts or changes prod secrets. ` +
          `Use "read" or "none", or declare roles.${role}.breakGlass with a justification`,
      );
  }
  return elevated;
}

/** Deploy mode: protected tiers deploy through a pipeline; pipeline-only settings need one. */
function checkDeployMode({ err }: PolicyContext, t: LenientTier, base: string): void {
  const d = t.deploy;
  const pipeline = isPipeline(d.mode);
  if (t.protected && d.mode === "direct")
    err(
      `${base}.deploy.mode`,
      '"direct" is not allowed on a protected tier: use "github-actions" or "pulumi-deployments"',
    );
  if (pipeline && !d.branch)
    err(
      `${base}.deploy.branch`,
      `is required for deploy mode "${d.mode}" (the branch it deploys from)`,
    );
  if (!pipeline && d.mode !== undefined) {
    if (d.approvers.length > 0)
      err(
        `${base}.deploy.approvers`,
        'approvers need a pipeline; set deploy.mode to "github-actions" or "pulumi-deployments"',
      );
    if (d.requiredApprovals !== undefined)
      err(`${base}.deploy.requiredApprovals`, "requiredApprovals needs a pipeline with approvers");
    if (d.branch !== undefined)
      err(
        `${base}.deploy.branch`,
        'a branch only applies to pipeline modes; remove it for "direct"',
      );
  }
  // Pulumi's OIDC rule matching reads '.' as "any character": a deploy identity pinned to
  // `release/1.0` would also match an unprotected `release/1x0`.
  if (t.protected && pipeline && d.branch?.includes("."))
    err(
      `${base}.deploy.branch`,
      `"${d.branch}" contains '.', which an OIDC rule matches as any character, so the deploy ` +
        "identity's ref rule would also match other, unprotected branches. Deploy protected tiers from " +
        "a branch name without '.'",
    );
  if (t.protected && pipeline && d.approvers.length === 0)
    err(`${base}.deploy.approvers`, "a protected tier needs at least one approver team");
  if (d.requiredApprovals !== undefined && d.approvers.length === 0 && pipeline)
    err(`${base}.deploy.requiredApprovals`, "set deploy.approvers too: who may approve?");
}

/** Approvers: declared teams, listed once, and GitHub teams when GitHub Actions deploys the tier. */
function checkApprovers({ v, err, teamNames }: PolicyContext, t: LenientTier, base: string): void {
  const d = t.deploy;
  d.approvers.forEach((a, ai) => {
    if (typeof a !== "string") return;
    const p = `${base}.deploy.approvers[${ai}]`;
    if (!teamNames.has(a)) err(p, `unknown team "${a}"; declared teams: ${list(teamNames)}`);
    else if (
      // Every pipeline GitHub Actions runs (Pulumi Deployments started over the REST API from a
      // GitHub Actions job included) deploys in the tier's GitHub environment, reviewed by these teams.
      tierUses(v, t).some((u) => u.ci === "github-actions") &&
      !v.teams.find((x) => x.name === a)?.githubMembers
    )
      err(
        p,
        `team "${a}" has no githubMembers: GitHub environment reviewers must be GitHub teams. ` +
          `Add githubMembers to that team`,
      );
  });
  dupList(d.approvers, `${base}.deploy.approvers`, "approver", err);
}

/** Drift detection runs through Pulumi Deployments; on an unprotected tier it is worth a note. */
function checkDriftDetection(
  { err, warnings }: PolicyContext,
  t: LenientTier,
  base: string,
  modes: ReadonlySet<string>,
): void {
  if (
    t.driftDetection !== undefined &&
    !modes.has("pulumi-deployments") &&
    !modes.has("github-actions")
  )
    err(
      `${base}.driftDetection`,
      "drift detection needs a pipeline: Pulumi Deployments runs drift schedules, and github-actions " +
        'stacks get a scheduled drift-check workflow. Set deploy.mode to "github-actions" or ' +
        '"pulumi-deployments", or remove driftDetection',
    );
  if (
    isObj(t.driftDetection) &&
    t.driftDetection.autoRemediate === true &&
    modes.has("github-actions")
  )
    err(
      `${base}.driftDetection.autoRemediate`,
      "remediation runs through Pulumi Deployments only: a github-actions drift check fails its " +
        "scheduled run and a person decides (redeploy through a reviewed change). Set autoRemediate: false",
    );
  if (t.driftDetection !== undefined && !t.protected)
    warnings.push({
      severity: "info",
      code: "drift-unprotected",
      path: `${base}.driftDetection`,
      message: `drift detection on unprotected tier "${t.name}"`,
    });
}

/** A per-use break-glass's approver teams, as declared. */
const approversOf = (policy: RoleView): string[] =>
  isObj(policy.breakGlass)
    ? (Array.isArray(policy.breakGlass.approvers) ? policy.breakGlass.approvers : []).map(String)
    : [];

/**
 * A break-glass that opens, writes or administers the environment declares how long one open
 * session may last, and no longer than `defaults.maxBreakGlassDuration` (24h at most).
 */
function checkBreakGlassBound(
  { v, err }: PolicyContext,
  base: string,
  role: string,
  policy: RoleView,
): void {
  if (!isObj(policy.breakGlass)) return;
  const key =
    policy.breakGlass.maxOpenDuration !== undefined && policy.breakGlass.maxDuration === undefined
      ? "maxOpenDuration"
      : "maxDuration";
  const path = `${base}.roles.${role}.breakGlass.${key}`;
  const declared = str(policy.breakGlass[key]);
  const envElevated =
    policy.environment !== undefined &&
    HUMAN_FORBIDDEN_ENV_ON_PROTECTED.includes(policy.environment as EnvironmentPermission);
  if (envElevated && policy.breakGlass[key] === undefined)
    err(
      path,
      `is required: environment "${policy.environment}" is an elevated grant, and each open session needs a bound ` +
        `(e.g. "1h"; at most defaults.maxBreakGlassDuration, ${v.defaults.maxBreakGlassDuration ?? "24h"})`,
    );
  const cap = parseDuration(v.defaults.maxBreakGlassDuration ?? "24h");
  const own = declared === undefined ? undefined : parseDuration(declared);
  if (own && "minutes" in own && "minutes" in cap && own.minutes > cap.minutes)
    err(
      path,
      `"${declared}" is longer than defaults.maxBreakGlassDuration ("${v.defaults.maxBreakGlassDuration ?? "24h"}"); ` +
        "shorten it, or raise the cap (24h at most)",
    );
}

/**
 * Pull-request previews run the pull request's code, which anyone who can push a branch writes.
 * On a protected tier that code must not get a token that decrypts the tier's config: refused
 * unless the previews run in a GitHub environment whose required reviewers (the tier's approvers)
 * approve each run (`reviewedPreviews`). Pulumi Deployments has no such gate, so its previews of a
 * protected stack are refused outright.
 */
function checkPreviews(
  { v, err }: PolicyContext,
  t: LenientTier,
  base: string,
  modes: ReadonlySet<string>,
): void {
  const d = t.deploy;
  const path = `${base}.deploy.previewPullRequests`;
  if (d.reviewedPreviews) {
    for (const u of tierUses(v, t))
      if (u.previews && u.ci !== undefined && u.ci !== "github-actions")
        err(
          u.ownPreviews
            ? `projects[${u.index}].tiers.${t.name}.previewPullRequests`
            : `${base}.deploy.reviewedPreviews`,
          `reviewed previews run in GitHub environments, but ${u.project} previews on ${u.ci}, where ` +
            "nothing would review them: set its previewPullRequests: false",
        );
    if (!modes.has("github-actions"))
      err(
        `${base}.deploy.reviewedPreviews`,
        "reviewed previews run in a GitHub environment: no project of this tier deploys with github-actions",
      );
    if (d.approvers.length === 0)
      err(
        `${base}.deploy.reviewedPreviews`,
        "reviewed previews need deploy.approvers: the teams that approve each preview run",
      );
    if (d.previewPullRequests === false)
      err(
        `${base}.deploy.reviewedPreviews`,
        "previewPullRequests is false: there is nothing to review",
      );
  }
  if (!t.protected) return;
  for (const u of tierUses(v, t)) {
    if (u.previews !== true) continue;
    const where = u.ownPreviews ? `projects[${u.index}].tiers.${t.name}.previewPullRequests` : path;
    if (u.mode === "pulumi-deployments")
      err(
        where,
        `Pulumi Deployments previews of ${u.project} on protected tier "${t.name}" run a pull request's ` +
          "unreviewed code with a token that is admin on the stack, and nothing can gate them: set " +
          "previewPullRequests: false",
      );
    else if (u.ci !== undefined && u.ci !== "github-actions")
      err(
        where,
        `${u.ci} previews of ${u.project} on protected tier "${t.name}" would run a merge request's ` +
          "unreviewed code with a token that decrypts the tier's config, and no claim of that CI's " +
          "tokens proves that someone approved the run (reviewed previews are GitHub environments): " +
          "set previewPullRequests: false",
      );
    else if (!d.reviewedPreviews)
      err(
        where,
        `previews of ${u.project} on protected tier "${t.name}" run a pull request's unreviewed code with ` +
          "a token that decrypts the tier's config, so anyone who can push a branch could read it: set " +
          "previewPullRequests: false, or set deploy.reviewedPreviews: true so an approver must approve " +
          "each preview run in its GitHub environment",
      );
  }
}
