/**
 * Every schedule this program writes, checked against the grammar of the service that runs it
 * (issue 24): the scheduled audit's cron runs on GitHub Actions; a tier's drift schedule runs on
 * GitHub Actions (the drift-check workflow of its github-actions stacks) and on Pulumi
 * Deployments (the DriftSchedule of its Deployments stacks), so it must satisfy both when the
 * tier uses both. Other CIs get no schedule from this program. A cron the schema already refused
 * for its shape is not reported twice.
 */
import { CRON_CHARACTERS, CRON_FIELDS } from "../../names";
import { CRON_RUNNER_LABELS, CronRunner, cronProblems } from "../cron";
import { isObj, LenientTier, str, View } from "../view";
import { PolicyContext, Report, tierUses } from "./shared";

export function checkSchedules({ v, err }: PolicyContext): void {
  if (v.auditCron !== undefined)
    report(err, "audit.schedule.cron", v.auditCron, ["github-actions"]);
  v.tiers.forEach((t, i) => {
    if (!isObj(t.driftDetection)) return;
    const cron = str(t.driftDetection.schedule);
    if (cron !== undefined)
      report(err, `tiers[${i}].driftDetection.schedule`, cron, driftRunners(v, t));
  });
}

/**
 * Who runs a tier's drift schedule: GitHub Actions for the github-actions stacks on GitHub
 * Actions, Pulumi Deployments for its Deployments stacks; both when none does (fail closed).
 */
export function driftRunners(v: View, t: LenientTier): CronRunner[] {
  const runners = new Set<CronRunner>();
  for (const use of tierUses(v, t)) {
    if (use.mode === "pulumi-deployments") runners.add("pulumi-deployments");
    else if (use.mode === "github-actions" && use.ci === "github-actions")
      runners.add("github-actions");
  }
  return runners.size ? [...runners] : ["github-actions", "pulumi-deployments"];
}

/** One error per problem, naming every service that refuses it. */
function report(err: Report, path: string, cron: string, runners: readonly CronRunner[]): void {
  if (!CRON_FIELDS.test(cron) || !CRON_CHARACTERS.test(cron)) return; // the schema's message
  const refusedBy = new Map<string, string[]>();
  for (const runner of runners)
    for (const problem of cronProblems(cron, runner))
      refusedBy.set(problem, [...(refusedBy.get(problem) ?? []), CRON_RUNNER_LABELS[runner]]);
  for (const [problem, by] of refusedBy)
    err(
      path,
      `"${cron}" is refused by ${by.join(" and ")}, which run${by.length > 1 ? "" : "s"} this ` +
        `schedule: ${problem}`,
    );
}
