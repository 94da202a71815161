/**
 * The GitHub Actions unit's facts: the default CI. Its value is both a project tier's `ci:` and a
 * `deploy.mode` (the program commits a hardened workflow to the GitHub repository and the deploy
 * job runs in the tier's GitHub environment), its issuer is the one every organization has, its
 * projects live on GitHub, it has a pull-request preview route, and it runs the schedules of the
 * drift-check and audit workflows.
 *
 * Its parts: ./workflow.ts and ./workflowText.ts (the pipeline file and its renderer),
 * ./hardening.ts (what every workflow must satisfy), ./pins.ts, ./trigger.ts (the caller of
 * REST-triggered deployments), and model/oidc/github/ (issuer, claims, simulator scenarios).
 */
import type { CronGrammar } from "../unit";

export const githubActionsFacts = {
  /** The value of a project tier's `ci:` (its default) and of `deploy.mode`. */
  system: "github-actions",
  /** How messages and reports name it. */
  label: "GitHub Actions",
  /** The repository hosts its projects may live on. */
  hosts: ["github"],
  /** The repository host its projects live on, and that host's domain. */
  impliedHost: "github",
  impliedHostDomain: "github.com",
  /** It has a pull-request preview route. */
  previewRoute: true,
  /** Other spellings `npm run init -- --ci` accepts. */
  initAliases: ["github", "actions"],
  /**
   * Its schedule grammar (`on.schedule`): "POSIX cron syntax", five fields (minute 0-59, hour
   * 0-23, day of the month 1-31, month 1-12 or JAN-DEC, day of the week 0-6 or SUN-SAT), the
   * operators `*` `,` `-` `/` (`20/15` steps from 20 through the field's end), no `@daily`-style
   * macros, and "The shortest interval you can run scheduled workflows is once every 5 minutes"
   * (docs.github.com, Events that trigger workflows, `schedule`).
   */
  cron: { label: "GitHub Actions", names: true, minIntervalMinutes: 5 },
} as const satisfies { readonly cron: CronGrammar; readonly [fact: string]: unknown };

/** The default CI's value (a project tier's `ci:` when none is given, and a deploy mode). */
export const DEFAULT_CI = githubActionsFacts.system;
export type DefaultCi = typeof DEFAULT_CI;

/** Whether a project tier's `ci:` (absent: the default) is the default CI. */
export const isDefaultCi = (ci: string | undefined): boolean =>
  ci === undefined || ci === DEFAULT_CI;
