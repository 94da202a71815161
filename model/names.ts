/**
 * Name rules for every value that reaches Pulumi Cloud, GitHub, a workflow file or a shell.
 *
 * Each rule is deliberately narrower than what the services accept: a value in this program ends
 * up in YAML, in OIDC claim rules and in CI steps, so anything outside `[A-Za-z0-9._/-]` is refused
 * up front instead of being escaped later.
 */

export interface NameRule {
  readonly pattern: RegExp;
  readonly max: number;
  /** What the rule allows, in words, for error messages. */
  readonly describe: string;
}

const rule = (pattern: RegExp, max: number, describe: string): NameRule => ({
  pattern,
  max,
  describe,
});

export const NAME_RULES = {
  /** Pulumi Cloud organization login. */
  organization: rule(
    /^[A-Za-z0-9][A-Za-z0-9-]*$/,
    40,
    "letters, digits and '-', starting with a letter or digit",
  ),
  /** Pulumi Cloud team name; also used as a GitHub team slug when mirrored. */
  team: rule(
    /^[a-z0-9][a-z0-9-]*$/,
    60,
    "lower-case letters, digits and '-', starting with a letter or digit",
  ),
  /** Pulumi Cloud user login. */
  pulumiUser: rule(
    /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
    39,
    "letters, digits, '_' and '-', starting with a letter or digit",
  ),
  /** GitHub user or organization login: no leading/trailing or double hyphen. */
  githubLogin: rule(
    /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/,
    39,
    "letters, digits and single '-' between them (a GitHub login)",
  ),
  /** GitHub repository name (dots are allowed by GitHub but are OIDC wildcards; see oidc.ts). */
  repository: rule(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/,
    100,
    "letters, digits, '_', '.' and '-', not starting with '.'",
  ),
  /** Pulumi project name, also the ESC project of its environments. */
  project: rule(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/,
    100,
    "letters, digits, '_', '.' and '-', not starting with '.'",
  ),
  /** Stack, ESC environment, tier and role names. */
  identifier: rule(
    /^[a-z0-9][a-z0-9_-]*$/,
    60,
    "lower-case letters, digits, '_' and '-', starting with a letter or digit",
  ),
  /** Stack or ESC environment name. */
  stack: rule(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    100,
    "letters, digits, '_', '.' and '-', starting with a letter or digit",
  ),
  /** A git branch name that is safe in YAML, shell and OIDC rules. */
  branch: rule(
    /^(?!.*\.\.)(?!.*\/\/)(?!.*\/$)(?!.*\.lock$)[A-Za-z0-9][A-Za-z0-9._/-]*$/,
    100,
    "letters, digits, '.', '_', '-' and '/' (no '..', '//', trailing '/' or '.lock')",
  ),
  /** A repository-relative directory. */
  workDir: rule(
    /^(?:\.|(?!\/)(?!.*\/$)(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_][A-Za-z0-9_./-]*?)$/,
    200,
    "a relative path of letters, digits, '.', '_', '-' and '/' with no '..' segment or trailing '/', or '.'",
  ),
} as const;

export type NameKind = keyof typeof NAME_RULES;

/**
 * Names that JavaScript objects already answer to (`constructor`, `__proto__`, `toString`, ...).
 * A team, tier, role, project or repository with such a name would be looked up on an object's
 * prototype somewhere between this config and the services, so they are refused outright,
 * whatever their case. Logins are people and are never used as keys, so they are not restricted.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(
  [...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype"].map((n) =>
    n.toLowerCase(),
  ),
);

const UNRESTRICTED_KINDS: ReadonlySet<NameKind> = new Set(["pulumiUser", "githubLogin"]);

/** Whether `value` is a reserved name (see RESERVED_NAMES). */
export const isReservedName = (value: string) => RESERVED_NAMES.has(value.toLowerCase());

/** The message for a reserved name. */
export const reservedNameMessage = (value: string) =>
  `"${value}" is a reserved name (a property of every JavaScript object, like constructor, ` +
  "__proto__, toString and valueOf); choose another name";

/** Returns an error message if `value` breaks the rule, otherwise undefined. */
export function checkName(kind: NameKind, value: string): string | undefined {
  const r = NAME_RULES[kind];
  if (value.length === 0) return "must not be empty";
  if (value.length > r.max) return `"${value}" is longer than ${r.max} characters`;
  if (!r.pattern.test(value)) return `"${value}" is not allowed: use ${r.describe}`;
  if (!UNRESTRICTED_KINDS.has(kind) && isReservedName(value)) return reservedNameMessage(value);
  return undefined;
}

/**
 * The one key GitHub names are compared by. GitHub compares owners, repositories and environment
 * names case-insensitively (docs/assumptions.md, "GitHub names"), and team slugs are lower case,
 * so two spellings that differ only in case name the same thing: every comparison, set and map of
 * such names goes through this key. Branches are not folded: rulesets match refs with fnmatch and
 * no case folding, so `Release` is not covered by a rule for `release`.
 */
export const githubNameKey = (name: string): string => name.toLowerCase();

/** Whether two GitHub names (owner, repository, team slug, environment) name the same thing. */
export const sameGithubName = (a: string, b: string): boolean =>
  githubNameKey(a) === githubNameKey(b);

/**
 * The key Pulumi Cloud logins are compared by when two spellings could be one user. Pulumi's docs
 * and REST spec do not say whether logins are case-sensitive (docs/assumptions.md, "Pulumi
 * logins"), so conflicts are detected case-insensitively (fail closed): `Bob` in members and `bob`
 * in admins are taken for one user, and the deploying identity is matched whatever its case.
 */
export const pulumiLoginKey = (login: string): string => login.toLowerCase();

/** Machine team names, derived from project and tier; never change them (they name resources). */
export const machineTeamName = (
  project: string,
  tier: string,
  purpose: "deploy" | "preview" | "drift",
) => `${project}-${tier}-${purpose}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");

/**
 * The GitHub environment a project's reviewed pull-request previews on a tier run in
 * (`reviewedPreviews`): its required reviewers approve each preview run. Named like the preview's
 * machine team, so two projects of one repository never share one (their OIDC policies pin it,
 * which is what tells their preview jobs apart). Never change it.
 */
export const previewEnvironmentName = (project: string, tier: string) =>
  machineTeamName(project, tier, "preview");

/**
 * The drift check of a default-CI stack (`driftDetection`): its GitHub environment (named like
 * its machine team) and workflow file. Never change them (they pin OIDC rules).
 */
export const driftEnvironmentName = (project: string, tier: string) =>
  machineTeamName(project, tier, "drift");
export const driftWorkflowPath = (project: string, tier: string) =>
  `.github/workflows/pulumi-${project}-${tier}-drift.yml`
    .toLowerCase()
    .replace(/[^a-z0-9./_-]/g, "-");

/** Path of the generated workflow for one project and tier. */
export const workflowPath = (project: string, tier: string) =>
  `.github/workflows/pulumi-${project}-${tier}.yml`.toLowerCase().replace(/[^a-z0-9./_-]/g, "-");

/**
 * The scheduled audit's machine identity: team, GitHub environment and workflow file in the
 * platform repository. Never change them (they name resources and pin OIDC rules).
 */
export const AUDITOR_TEAM = "secure-org-auditor";
export const AUDIT_GITHUB_ENVIRONMENT = "audit";
export const AUDIT_WORKFLOW_PATH = ".github/workflows/secure-org-audit.yml";

/**
 * The shape of a 5-field cron expression (minute hour day month weekday) of digits, '*', '/', ','
 * and '-', and the month and weekday names GitHub documents (JAN-DEC, SUN-SAT). Its grammar under
 * the service that runs it is model/config/cron.ts's.
 */
export const CRON_FIELDS = /^(\S+\s+){4}\S+$/;
export const CRON_CHARACTERS = /^[0-9A-Z*/,\- ]+$/;

/**
 * The generated caller of REST-triggered deployments, beside the pipeline that runs it: it
 * exchanges the job's OIDC token, starts a deployment and waits for its result.
 */
export const TRIGGER_SCRIPT_PATH = ".secure-org/trigger-deployment.cjs";
