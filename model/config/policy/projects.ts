/**
 * Policy for projects: one bootstrap project at most, living in the platform repository and never
 * deploying itself through Pulumi Deployments; each project deploys to declared tiers, with one
 * stack and one ESC environment per tier, and switches modes only between pipelines.
 */
import { obj, str, View } from "../view";
import { isPipeline, list, PolicyContext } from "./shared";

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
    if (p.bootstrap && v.github.platformRepository && p.repository !== v.github.platformRepository)
      err(
        `${base}.repository`,
        `the bootstrap project lives in github.platformRepository ("${v.github.platformRepository}")`,
      );
  });
}

/** The tiers of one project: declared, distinct stacks and environments, allowed mode overrides. */
function checkProjectTiers({ err, tierByName }: PolicyContext, p: ProjectView, base: string): void {
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
    if (stacks.has(stack))
      err(`${tp}.stack`, `stack "${stack}" is already used by tier ${stacks.get(stack)}`);
    if (envs.has(env))
      err(`${tp}.environment`, `environment "${env}" is already used by tier ${envs.get(env)}`);
    stacks.set(stack, tn);
    envs.set(env, tn);
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
    }
  }
}
