/**
 * The access model: validated config -> every team, stack, environment, grant, machine identity,
 * pipeline, repository protection and webhook the bootstrap declares, each with the reason it
 * exists. Pure data; components turn it into resources, the plan prints it, the audit compares the
 * live org with it.
 */
export type {
  AccessModel,
  ApprovalSpec,
  AuditSpec,
  BreakGlassSpec,
  CiBinding,
  DriftSpec,
  EnvironmentRef,
  Grant,
  IdentityKind,
  MachineIdentity,
  PipelineSpec,
  RepositorySpec,
  StackSpec,
  TeamSpec,
  WebhookSpec,
} from "./types";
export { ENV_RANK, REPO_RANK, STACK_RANK } from "./types";
export { AUDIT_TIMEOUT_MINUTES } from "./audit";
export {
  ADVISORY_GROUP,
  buildGuardrails,
  groupPackConfig,
  GUARDRAILS_PACK,
  MANDATORY_GROUP,
  PACK_DEFAULT_LEVEL,
} from "./guardrails";
export type { GuardrailGroupSpec, GuardrailsSpec, GuardrailStack } from "./guardrails";
export { buildAccessModel } from "./build";
export type { MemberSpec } from "./members";
export { AUDITOR_ROLE_NAME, DEPLOYMENT_ROLE_NAME, roleDescriptor } from "./roles";
export type { PermissionDescriptor, RoleSpec } from "./roles";
export { roleFor } from "./grants";
export { registeredEnvironments } from "./environments";
export { checkNameFor, pipelineKey } from "./pipelines";
export { declaredDeploymentSettings } from "./deploymentSettings";
export type { DeclaredDeploymentSettings } from "./deploymentSettings";
export {
  ENVIRONMENT_PERMISSIONS_THAT_DECRYPT,
  environmentDecrypts,
  grantDecrypts,
  STACK_PERMISSIONS_THAT_DECRYPT,
  stackDecrypts,
} from "./decrypts";
