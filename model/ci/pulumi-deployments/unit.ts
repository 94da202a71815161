/**
 * The Pulumi Deployments unit's facts: a `deploy.mode` in which Pulumi Cloud runs the stack's
 * updates itself (deployment settings on the stack). Deployments are started by the GitHub App
 * on git events, or through the REST API by a job of the project's CI (`trigger: api`); drift
 * detection and remediation run as its `DriftSchedule`. Its previews of a pull request run that
 * pull request's code with the stack's deploy identity, and it has no gate to approve them.
 */
import type { CronGrammar } from "../unit";

export const pulumiDeploymentsFacts = {
  /** The value of `deploy.mode`. */
  mode: "pulumi-deployments",
  /** How messages and reports name it. */
  label: "Pulumi Deployments",
  /** Other spellings `npm run init -- --ci` accepts. */
  initAliases: ["deployments"],
  /** What the job that calls the REST API says it does (its comment in each CI's file). */
  triggerJobComment: [
    "# Exchanges the id token for the caller's team token, starts `pulumi up` in Pulumi Deployments",
    "# and waits for its result (a failed deployment fails this job).",
  ],
  /** How its deployments are started: the GitHub App (git events) or the REST API. */
  triggers: ["github-app", "api"],
  /**
   * Its schedule grammar (`DriftSchedule`): "standard 5-field cron syntax (MIN HOUR DOM MON DOW)
   * and is evaluated in UTC" (Pulumi Cloud OpenAPI spec, scheduleCron). Names are not documented:
   * refused (fail closed). No minimum interval is documented: none enforced.
   */
  cron: { label: "Pulumi Deployments", names: false },
} as const satisfies { readonly cron: CronGrammar; readonly [fact: string]: unknown };

/** The deploy mode in which Pulumi Cloud runs the stack's deployments. */
export const DEPLOYMENTS_MODE = pulumiDeploymentsFacts.mode;
export type DeploymentsMode = typeof DEPLOYMENTS_MODE;

/** The deployment triggers (a project tier's `trigger:`). */
export const DEPLOYMENT_TRIGGERS = pulumiDeploymentsFacts.triggers;
export type DeploymentTrigger = (typeof DEPLOYMENT_TRIGGERS)[number];
