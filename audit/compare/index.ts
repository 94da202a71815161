/**
 * The audit's comparison: a snapshot of the live organization (what audit/read.ts reads from the
 * Pulumi Cloud REST API and ESC) against the access model, giving findings with a severity. Pure:
 * no I/O and no Pulumi imports, so the tests build live snapshots from the model
 * (`impliedSnapshot`), mutate them and check each drift is reported exactly once.
 *
 * What is compared (finding codes in AUDIT_CODES):
 * - teams and members (the bootstrap identity that Pulumi Cloud adds to every team it creates, the
 *   "deployer", is ignored as a member);
 * - every team stack and environment permission against the declared grants: undeclared, missing,
 *   above or below the declared level, and any human team that can write a protected stack or open
 *   a protected environment; declared break-glass grants are reported as such (info);
 * - stacks and environments of a tier (their name is a tier's name or a declared stack or
 *   environment name) that no config declares;
 * - org defaults against `defaults`;
 * - OIDC policies: wildcards and missing pins on any allow policy, and the GitHub issuer's policies
 *   against `buildOidcPolicies(model, ids)`. The numeric GitHub ids come from the config when
 *   pinned (`github.ownerId`, `projects[].repositoryId`), otherwise from the live allow policies of
 *   each identity (its `repository_id` and `repository_owner_id`), used only when they agree. Live
 *   ids catch every policy change except one that swaps the ids in all of an identity's policies at
 *   once: pin the ids in config to catch that too;
 * - protected-tier environment definitions that hold static cloud credentials;
 * - the audit log: who opened protected environments, and who updated protected stacks outside the
 *   pipelines' identities;
 * - the guardrails' policy groups: each exists in its mode, applies the pack with the declared
 *   levels and settings, and covers exactly the declared stacks.
 */
export type {
  ActivityRow,
  ActorKind,
  AuditFinding,
  CompareOptions,
  CompareResult,
  LiveAuditEvent,
  LiveIssuer,
  LiveMember,
  LiveOrgDefaults,
  LivePolicy,
  LivePolicyGroup,
  LiveDeployment,
  LiveCollaborators,
  LiveStackTags,
  LiveRole,
  LiveSnapshot,
  LiveTeam,
  LiveWebhook,
  Section,
} from "./types";
export { AUDIT_CODES } from "./codes";
export type { AuditCode } from "./codes";
export {
  durationSeconds,
  goDuration,
  sortFindings,
  STACK_PERMISSION_NUMBER,
  stackPermissionName,
} from "./helpers";
export { compareAccess } from "./compareAccess";
export { compareGuardrails } from "./guardrails";
export { staticCredentialPaths } from "./definitions";
export { normalizeEvent, OPEN_EVENTS, UPDATE_EVENTS } from "./auditLog";
export { cleanDefinitionYaml, impliedRoleId, impliedSnapshot } from "./implied";
export { flattenDescriptor, roleDifferences } from "./roles";
export { classifyIssuers } from "./issuers";
