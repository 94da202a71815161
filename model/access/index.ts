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
export { ENV_RANK, STACK_RANK } from "./types";
export { AUDIT_TIMEOUT_MINUTES } from "./audit";
export { buildAccessModel } from "./build";
export { roleFor } from "./grants";
export { checkNameFor, pipelineKey } from "./pipelines";
