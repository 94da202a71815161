/**
 * Policy for projects: one bootstrap project at most, living in the platform repository and never
 * deploying itself through Pulumi Deployments or another CI than GitHub Actions; each project deploys to declared tiers, with one
 * stack and one ESC environment per tier, and switches modes only between pipelines.
 */
import { sameGithubName } from "../../names";
import { LenientTier, obj, str, View } from "../view";
import { ciOf, isPipeline, list, PolicyContext } from "./shared";

type ProjectView = View["projects"][number];

/** Projects: tiers, repositories, bootstrap. */
export function checkProjects(ctx: PolicyContext): void {
  const { v, err } = ctx;
  const bootstraps = v.projects.map((p, i) => [p, i] as const).filter(([p]) => p.bootstrap);
  if (bootstraps.length > 1)
    for (const [, i] of bootstraps.slice(1))
      err(`projects[${i}].bootstrap`, "only one project can be the bootstrap program");
  v.projects.forEach((p, pi) => {
    const base = `projects[${pi}]`;
    checkProjectTiers(ctx, p, base);
    if (
      p.bootstrap &&
      v.github.platformRepository &&
      !sameGithubName(p.repository ?? "", v.github.platformRepository)
    )
      err(
        `${base}.repository`,
        `the bootstrap project lives in github.platformRepository ("${v.github.platformRepository}")`,
      );
  });
}

/** The tiers of one project: declared, distinct stacks and environments, allowed mode overrides. */
function checkProjectTiers(ctx: PolicyContext, p: ProjectView, base: string): void {
  const { err, tierByName } = ctx;
  const tierNames = Object.keys(p.tiers);
  if (tierNames.length === 0)
    err(`${base}.tiers`, "list at least one tier this project deploys to");
  const stacks = new Map<string, string>();
  const envs = new Map<string, string>();
  for (const tn of tierNames) {
    const tp = `${base}.tiers.${tn}`;
    const t = tierByName.get(tn);
    if (!t) {
      err(tp, `unknown tier "${tn}"; declared tiers: ${list(new Set(tierByName.keys()))}`);
      continue;
    }
    const pt = obj(p.tiers[tn]);
    const stack = str(pt.stack) ?? tn;
    const env = str(pt.environment) ?? tn;
    // Whether Pulumi Cloud folds the case of stack and environment names is not settled by its
    // docs (docs/assumptions.md): fail closed and take two spellings for one name.
    const stackKey = stack.toLowerCase();
    const envKey = env.toLowerCase();
    if (stacks.has(stackKey))
      err(`${tp}.stack`, `stack "${stack}" is already used by tier ${stacks.get(stackKey)}`);
    if (envs.has(envKey))
      err(`${tp}.environment`, `environment "${env}" is already used by tier ${envs.get(envKey)}`);
    stacks.set(stackKey, tn);
    envs.set(envKey, tn);
    const override = str(pt.mode);
    if (override !== undefined && !isPipeline(t.deploy.mode))
      err(
        `${tp}.mode`,
        `tier "${tn}" deploys "${t.deploy.mode}"; a project can only switch between pipeline modes`,
      );
    if (p.bootstrap) {
      if ((override ?? t.deploy.mode) === "pulumi-deployments")
        err(
          `${tp}`,
          `the bootstrap project cannot deploy through Pulumi Deployments on tier "${tn}": a stack ` +
            'must not manage its own deployment settings. Use "github-actions"',
        );
      const ci = ciOf(pt, t, override ?? t.deploy.mode).ci;
      if (ci !== undefined && ci !== "github-actions")
        err(
          `${tp}.ci`,
          `the bootstrap deploys with an organization token, pinned to its workflow in the ` +
            `platform repository's reviewed GitHub environment; a ${ci} pipeline has neither, so ` +
            "its token would be the CI's to give. Remove ci (the bootstrap runs on GitHub Actions)",
        );
      if (!t.protected)
        err(
          `${tp}`,
          `the bootstrap deploys with an organization token, so it may deploy only from a protected ` +
            `tier, whose GitHub environment has required reviewers; tier "${tn}" is not protected. ` +
            "Deploy the bootstrap from a protected tier",
        );
    }
    checkDeployBranch(ctx, p, t, tp);
  }
}

/**
 * A protected tier deploys only from a branch the repository's rulesets protect (the default
 * branch, or one listed in protectedBranches): a direct push to any other branch would deploy
 * without review, through the GitHub Actions identity or Pulumi Deployments alike. And its name
 * has no '.', which Pulumi's OIDC rule matching reads as "any character" (so `release/1.0` would
 * also match an unprotected `release/1x0`).
 */
function checkDeployBranch(
  { err }: PolicyContext,
  p: ProjectView,
  t: LenientTier,
  tp: string,
): void {
  const branch = t.deploy.branch;
  if (!t.protected || !isPipeline(t.deploy.mode) || branch === undefined) return;
  const covered = [p.defaultBranch, ...p.protectedBranches].filter((b) => typeof b === "string");
  if (!covered.includes(branch))
    err(
      tp,
      `protected tier "${t.name}" deploys from branch "${branch}", which the ruleset of repository ` +
        `"${p.repository}" does not cover (it protects ${list(covered)}): a direct push there would ` +
        `deploy without review. Deploy from the default branch, or add "${branch}" to the project's ` +
        "protectedBranches so the ruleset covers it",
    );
}
