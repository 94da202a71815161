/**
 * Pulumi Deployments of the declared stacks (issue 25): each pulumi-deployments pipeline's
 * settings against what the bootstrap writes (model/access/deploymentSettings.ts), settings on a
 * stack that does not deploy with Deployments, and the drift schedules.
 *
 * Severity follows the invariant: on a protected tier, a setting that lets someone deploy it from
 * elsewhere (another branch or repository, a tag, a pull request, the GitHub App's triggers under
 * `trigger: api`, commands or an image or machine outside the reviewed code) is high; narrowing
 * ones (a trigger switched off) and anything on other tiers are medium. A lost drift schedule,
 * a detective control, is medium.
 */
import { AccessModel, declaredDeploymentSettings, PipelineSpec } from "../../model/access";
import type { Severity } from "../../model/config";
import { githubNameKey } from "../../model/names";
import { stackKey } from "./helpers";
import { Add, LiveDeployment } from "./types";

type Settings = NonNullable<LiveDeployment["settings"]>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** One compared field: its name, the declared and live values, and whether a change widens. */
interface Field {
  readonly name: string;
  readonly declared: unknown;
  readonly live: unknown;
  /** A difference lets someone deploy the stack from elsewhere (high on a protected tier). */
  readonly widens: boolean;
}

function fieldsOf(p: PipelineSpec, owner: string, s: Settings): Field[] {
  const d = declaredDeploymentSettings(p, owner);
  const f = (name: string, declared: unknown, live: unknown, widens: boolean): Field => ({
    name,
    declared,
    live,
    widens,
  });
  return [
    f("sourceContext.git.branch", d.sourceContext.git.branch, s.branch, true),
    f("sourceContext.git.repoDir", d.sourceContext.git.repoDir ?? "", s.repoDir ?? "", false),
    f("vcs.provider", d.vcs.provider, s.provider, true),
    // GitHub owner and repository names are case-insensitive (docs/assumptions.md, GitHub names).
    f(
      "vcs.repository",
      githubNameKey(d.vcs.repository),
      s.repository && githubNameKey(s.repository),
      true,
    ),
    f("vcs.deployCommits", d.vcs.deployCommits, s.deployCommits === true, s.deployCommits === true),
    f(
      "vcs.previewPullRequests",
      d.vcs.previewPullRequests,
      s.previewPullRequests === true,
      s.previewPullRequests === true,
    ),
    f("vcs.pullRequestTemplate", false, s.pullRequestTemplate === true, true),
    f("vcs.deployTags", false, s.deployTags === true, true),
    f("vcs.tagFilters", [], s.tagFilters, true),
    f("vcs.paths", [...d.vcs.paths].sort(), [...s.paths].sort(), false),
    f("operationContext.preRunCommands", [], s.preRunCommands, true),
    f("executorContext.executorImage", "", s.executorImage ?? "", true),
    f("agentPoolID", "", s.agentPoolID ?? "", true),
  ];
}

/** Compares the Deployments settings and drift schedules with the model. */
export function compareDeployments(
  model: AccessModel,
  live: readonly LiveDeployment[],
  add: Add,
): void {
  const byStack = new Map(live.map((d) => [stackKey(d.project, d.stack), d]));
  const pipelines = new Map(
    model.pipelines
      .filter((p) => p.mode === "pulumi-deployments" && !p.bootstrap)
      .map((p) => [stackKey(p.project, p.stack), p]),
  );
  for (const s of model.stacks) {
    const key = stackKey(s.project, s.stack);
    const got = byStack.get(key);
    const p = pipelines.get(key);
    const subject = `stack:${key}`;
    if (!got) continue;
    if (!p) {
      if (got.settings)
        add({
          severity: s.protected ? "high" : "medium",
          code: "deployment-settings-changed",
          subject,
          message: `stack ${key} has Pulumi Deployments settings, but the config deploys it ${s.protected ? "only from its pipeline (protected tier)" : "without Deployments"}: anyone who can start a deployment runs it from ${got.settings.repository ?? "?"}@${got.settings.branch ?? "?"}. Delete the settings`,
          declared: null,
          live: got.settings,
        });
      continue;
    }
    if (!got.settings) {
      add({
        severity: "medium",
        code: "deployment-settings-missing",
        subject,
        message: `stack ${key} deploys with Pulumi Deployments but has no deployment settings: run the bootstrap (pulumi up) to restore them`,
      });
      continue;
    }
    for (const x of fieldsOf(p, model.github.owner, got.settings)) {
      if (same(x.declared, x.live)) continue;
      const severity: Severity = s.protected && x.widens ? "high" : "medium";
      add({
        severity,
        code: "deployment-settings-changed",
        subject: `${subject} ${x.name}`,
        message:
          `the Deployments setting ${x.name} of ${key} is ${JSON.stringify(x.live)}, declared ` +
          `${JSON.stringify(x.declared)}` +
          (severity === "high"
            ? ": it lets a deployment of this protected stack run from outside the reviewed branch and code"
            : ""),
        declared: x.declared,
        live: x.live,
      });
    }
  }
  compareDriftSchedules(model, byStack, add);
}

function compareDriftSchedules(
  model: AccessModel,
  byStack: ReadonlyMap<string, LiveDeployment>,
  add: Add,
): void {
  for (const d of model.driftSchedules) {
    const key = stackKey(d.project, d.stack);
    const got = byStack.get(key);
    if (!got) continue;
    const subject = `stack:${key} drift`;
    if (got.driftSchedules.length === 0) {
      add({
        severity: "medium",
        code: "drift-schedule-missing",
        subject,
        message: `stack ${key} has no drift schedule (declared ${d.schedule}): drift goes unnoticed`,
        declared: d.schedule,
      });
      continue;
    }
    // The one that matches best: active, then on the declared cron.
    const live = [...got.driftSchedules].sort(
      (a, b) =>
        Number(a.paused) - Number(b.paused) ||
        Number(b.cron === d.schedule) - Number(a.cron === d.schedule),
    )[0];
    const diffs: [string, unknown, unknown][] = [
      ["paused", false, live.paused],
      ["scheduleCron", d.schedule, live.cron],
      ["autoRemediate", d.autoRemediate, live.autoRemediate],
    ];
    for (const [field, declared, value] of diffs)
      if (!same(declared, value))
        add({
          severity: "medium",
          code: "drift-schedule-changed",
          subject: `${subject} ${field}`,
          message: `the drift schedule of ${key}: ${field} is ${JSON.stringify(value)}, declared ${JSON.stringify(declared)}`,
          declared,
          live: value,
        });
  }
}
