/**
 * The scheduled audit (`audit.schedule`): its spec and read-only machine identity, the auditor
 * team, and that team's grants (environment read on every protected tier, no stack permission).
 */
import { OrgConfig, ProjectConfig } from "../config";
import { DEFAULT_CI } from "../ci/registry";
import { AUDIT_GITHUB_ENVIRONMENT, AUDIT_WORKFLOW_PATH, AUDITOR_TEAM } from "../names";
import { AuditSpec, Grant, StackSpec, TeamSpec } from "./types";

/** Minutes before the scheduled audit job is cancelled. */
export const AUDIT_TIMEOUT_MINUTES = 30;

/** The scheduled audit, when `audit.schedule` is set. */
export function buildAudit(config: OrgConfig, stacks: readonly StackSpec[]): AuditSpec | undefined {
  const schedule = config.audit.schedule;
  if (!schedule) return undefined;
  // Config validation guarantees a bootstrap project with exactly one tier.
  const boot = config.projects.find((p) => p.bootstrap) as ProjectConfig;
  const tierName = Object.keys(boot.tiers)[0];
  const stack = stacks.find((s) => s.project === boot.name && s.tier === tierName) as StackSpec;
  const repository = config.github.platformRepository;
  return {
    identity: {
      team: AUDITOR_TEAM,
      tokenType: "team",
      purpose: "audit",
      ci: DEFAULT_CI,
      project: boot.name,
      tier: "audit",
      repository,
      branch: boot.defaultBranch,
      githubEnvironment: AUDIT_GITHUB_ENVIRONMENT,
      events: ["schedule", "workflow_dispatch"],
      workflowPath: AUDIT_WORKFLOW_PATH,
      may: [
        "read protected environment definitions (not their secrets)",
        "list teams, members and permissions and read org settings (organization member rights)",
      ],
    },
    cron: schedule.cron,
    days: schedule.days,
    stack: stack.stack,
    repository,
    branch: boot.defaultBranch,
    workDir: boot.workDir,
    nodeVersion: boot.nodeVersion,
    workflowPath: AUDIT_WORKFLOW_PATH,
    githubEnvironment: AUDIT_GITHUB_ENVIRONMENT,
    timeoutMinutes: AUDIT_TIMEOUT_MINUTES,
  };
}

/** The auditor team: a machine team without members whose token the audit workflow obtains. */
export function auditorTeam(config: OrgConfig): TeamSpec {
  return {
    name: AUDITOR_TEAM,
    kind: "machine",
    displayName: "secure-org audit (scheduled)",
    description:
      `Machine identity: the scheduled audit workflow of ${config.github.owner}/` +
      `${config.github.platformRepository} obtains this team's token by OIDC. Read-only: ` +
      "environment read on every tier, no stack permission. No human members.",
    members: [],
    formerNames: [],
    source: "audit.schedule",
  };
}

/**
 * The auditor's grants: read on the environment of every stack (every tier: a dev environment
 * that imports or logs in to a protected tier's identity is what the audit looks for; read shows
 * the definition, never its secrets), nothing on the stack.
 */
export function auditorGrants(stacks: readonly StackSpec[]): Grant[] {
  return stacks.map((s): Grant => ({
    tier: s.tier,
    project: s.project,
    stack: s.stack,
    environment: s.environment,
    team: AUDITOR_TEAM,
    identity: "machine",
    stackPermission: "none",
    environmentPermission: "read",
    reason:
      "scheduled audit: reads the definition (not its secrets) to flag static cloud " +
      "credentials, undeclared imports and cloud logins; no stack permission, since stack read " +
      "decrypts the stack's secret config",
  }));
}
