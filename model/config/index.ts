/**
 * The organization config: its schema (shape, defaults, names) and the policy checks that make it
 * least-privilege. Pure: no Pulumi imports, so the plan, the audit, the benchmark and the tests all
 * read the same validated object.
 *
 * Validation happens in two passes that both always run, so a user sees every mistake of this
 * round at once:
 * 1. the zod schema checks types, unknown keys, enums and names (`./schema`);
 * 2. `policyChecks` checks references, duplicates and the least-privilege rules on whatever
 *    parts of the input are well-formed enough to read (`./policy/`, reading `./view`).
 * The access-model invariants (`../invariants/`) run after, once both pass (model/validate.ts):
 * docs/configuration.md, "What is reported when".
 *
 * This index is the public API; `./messages` turns problems into path-first messages.
 */
export {
  CONFIG_KEYS,
  MAX_JOB_TOKEN_SECONDS,
  DEFAULT_ROLE_REPOSITORY_PERMISSION,
  DEPLOY_MODES,
  ENVIRONMENT_PERMISSIONS,
  HUMAN_FORBIDDEN_ENV_ON_PROTECTED,
  HUMAN_FORBIDDEN_STACK_ON_PROTECTED,
  orgConfigSchema,
  REPOSITORY_PERMISSIONS,
  STACK_PERMISSIONS,
  WEBHOOK_FILTERS,
  WEBHOOK_FORMATS,
  WEBHOOK_GROUPS,
} from "./schema";
export type {
  DeployMode,
  EnvironmentPermission,
  OrgConfig,
  ProjectConfig,
  RepositoryPermission,
  RolePolicy,
  StackPermission,
  TeamConfig,
  TierConfig,
  WebhookConfig,
} from "./schema";
export {
  CI_SYSTEMS,
  DEPLOYMENT_TRIGGERS,
  REPOSITORY_HOSTS,
  RULE_NAME,
  UUID,
  checkIssuerUrl,
} from "./ci";
export type { CiSystem, DeploymentTrigger, RepositoryHost } from "./ci";
export { repositoryHostOf } from "./policy/ci";
export { ConfigError, formatIssue, formatPath } from "./messages";
export type { ConfigIssue, Finding, Severity } from "./messages";
export { SEVERITIES, severityRank } from "./messages";
export { parseConfig, validateConfig } from "./validate";
export type { ValidationResult } from "./validate";
export type { ConfigOwner } from "./policy/shared";

/** Every name rule, exported for documentation and tests. */
export { NAME_RULES } from "../names";
