/**
 * Reads the adoption needs beyond the audit's (cloud/client.ts has teams, stacks, OIDC issuers
 * and the audit log): organization members, a stack's tags, webhooks (org, stack and environment),
 * deployment settings, scheduled deployments and change gates (ESC approval rules). Paths and
 * response shapes are those of the OpenAPI spec (operation ids in each comment); only the fields
 * the adoption reads are typed.
 */
import { apiPath, PulumiCloudClient } from "./client";
import { PulumiCloudError } from "./errors";

/** `ListOrganizationMembers` entries. */
export interface OrgMember {
  role:
    | "none"
    | "member"
    | "admin"
    | "potential-member"
    | "stack-collaborator"
    | "billing-manager"
    | string;
  user: { name: string; githubLogin: string; avatarUrl: string };
  knownToPulumi?: boolean;
  virtualAdmin?: boolean;
}

/** `WebhookResponse` (a `Webhook` plus `hasSecret`). */
export interface WebhookInfo {
  name?: string;
  displayName: string;
  payloadUrl: string;
  active: boolean;
  organizationName: string;
  projectName?: string;
  stackName?: string;
  envName?: string;
  format?: string;
  filters?: string[] | null;
  groups?: string[] | null;
  hasSecret?: boolean;
}

/** `GetStack` (`AppStack`), the fields used. */
export interface StackInfo {
  orgName: string;
  projectName: string;
  stackName: string;
  tags?: Record<string, string> | null;
}

/** `GetDeploymentSettings`, the fields used. */
export interface DeploymentSettingsInfo {
  sourceContext?: { git?: { branch?: string; repoDir?: string; repoUrl?: string } };
  vcs?: {
    provider: string;
    repository?: string;
    deployCommits?: boolean;
    deployTags?: boolean;
    tagFilters?: string[] | null;
    previewPullRequests?: boolean;
    pullRequestTemplate?: boolean;
    paths?: string[] | null;
  };
  /** `OperationContext`: commands run before Pulumi, on the deployment's credentials. */
  operationContext?: { preRunCommands?: string[] | null };
  /** `ExecutorContext`: the image the deployment runs in. */
  executorContext?: { executorImage?: { reference?: string } };
  /** A self-hosted agent pool the deployment runs on. */
  agentPoolID?: string;
  gitHub?: DeploymentSettingsInfo["vcs"];
}

/** `ListScheduledDeployment` entries (`ScheduledAction`). */
export interface ScheduledAction {
  id: string;
  kind: string;
  scheduleCron?: string;
  paused: boolean;
  definition: Record<string, unknown>;
}

/** `ListGates` entries (`ChangeGate`) with an approval rule. */
export interface ChangeGate {
  id: string;
  name: string;
  enabled: boolean;
  rule: {
    ruleType: string;
    numApprovalsRequired?: number;
    allowSelfApproval?: boolean;
    requireReapprovalOnChange?: boolean;
    eligibleApprovers?: {
      eligibilityType: string;
      name?: string;
      user?: { githubLogin: string };
      permission?: string;
    }[];
  };
  target: { entityType: string; qualifiedName?: string; actionTypes: string[] };
}

/** `GET /api/orgs/{org}/members` (ListOrganizationMembers), every page. */
export function listOrgMembers(cloud: PulumiCloudClient, org: string): Promise<OrgMember[]> {
  return cloud.paginate<OrgMember>(apiPath`/api/orgs/${org}/members`, "members", {
    query: { type: "backend" },
    operation: "list organization members",
    requires: "organization admin (listing members with their roles)",
  });
}

/** `GET /api/stacks/{org}/{project}/{stack}` (GetStack). */
export function getStack(
  cloud: PulumiCloudClient,
  org: string,
  project: string,
  stack: string,
): Promise<StackInfo> {
  return cloud.request<StackInfo>("GET", apiPath`/api/stacks/${org}/${project}/${stack}`, {
    operation: `read stack ${project}/${stack}`,
    requires: "stack read",
  });
}

/** `ListStackCollaboratorsResponse`: users with a direct (per-user) permission on a stack. */
export interface StackCollaborators {
  /** The stack's creator, while it keeps its permission (omitted once removed). */
  stackCreatorUserName?: string;
  /** `UserPermission`s: the stack permission codes (model/cloud/stackPermissions.ts). */
  users: { user: { name: string; githubLogin: string }; permission: number }[] | null;
}

/**
 * `GET /api/stacks/{org}/{project}/{stack}/collaborators` (ListStackPermissions): the users given
 * a permission on the stack itself ("Those inheriting permissions from the org aren't included").
 */
export async function listStackCollaborators(
  cloud: PulumiCloudClient,
  org: string,
  project: string,
  stack: string,
): Promise<StackCollaborators> {
  const res = await cloud.request<StackCollaborators | undefined>(
    "GET",
    apiPath`/api/stacks/${org}/${project}/${stack}/collaborators`,
    { operation: `list the collaborators of stack ${project}/${stack}`, requires: "stack admin" },
  );
  return { ...res, users: res?.users ?? [] };
}

/** `GET /api/orgs/{org}/hooks` (ListOrganizationWebhooks). */
export async function listOrgWebhooks(
  cloud: PulumiCloudClient,
  org: string,
): Promise<WebhookInfo[]> {
  return (
    (await cloud.request<WebhookInfo[] | null>("GET", apiPath`/api/orgs/${org}/hooks`, {
      operation: "list organization webhooks",
      requires: "organization admin",
    })) ?? []
  );
}

/** `GET /api/stacks/{org}/{project}/{stack}/hooks` (ListStackWebhooks). */
export async function listStackWebhooks(
  cloud: PulumiCloudClient,
  org: string,
  project: string,
  stack: string,
): Promise<WebhookInfo[]> {
  return (
    (await cloud.request<WebhookInfo[] | null>(
      "GET",
      apiPath`/api/stacks/${org}/${project}/${stack}/hooks`,
      { operation: `list the webhooks of stack ${project}/${stack}`, requires: "stack admin" },
    )) ?? []
  );
}

/** `GET /api/esc/environments/{org}/{project}/{env}/hooks` (ListWebhooks_esc_environments). */
export async function listEnvironmentWebhooks(
  cloud: PulumiCloudClient,
  org: string,
  project: string,
  env: string,
): Promise<WebhookInfo[]> {
  return (
    (await cloud.request<WebhookInfo[] | null>(
      "GET",
      apiPath`/api/esc/environments/${org}/${project}/${env}/hooks`,
      {
        operation: `list the webhooks of environment ${project}/${env}`,
        requires: "environment admin",
      },
    )) ?? []
  );
}

/**
 * `GET /api/stacks/{org}/{project}/{stack}/deployments/settings` (GetDeploymentSettings); undefined
 * when the stack has none (404).
 */
export async function getDeploymentSettings(
  cloud: PulumiCloudClient,
  org: string,
  project: string,
  stack: string,
): Promise<DeploymentSettingsInfo | undefined> {
  try {
    const settings = await cloud.request<DeploymentSettingsInfo | undefined>(
      "GET",
      apiPath`/api/stacks/${org}/${project}/${stack}/deployments/settings`,
      { operation: `read the deployment settings of ${project}/${stack}`, requires: "stack read" },
    );
    return settings ?? undefined;
  } catch (e) {
    if (e instanceof PulumiCloudError && e.status === 404) return undefined;
    throw e;
  }
}

/** `GET /api/stacks/{org}/{project}/{stack}/deployments/schedules` (ListScheduledDeployment). */
export async function listStackSchedules(
  cloud: PulumiCloudClient,
  org: string,
  project: string,
  stack: string,
): Promise<ScheduledAction[]> {
  try {
    const res = await cloud.request<{ schedules?: ScheduledAction[] | null } | undefined>(
      "GET",
      apiPath`/api/stacks/${org}/${project}/${stack}/deployments/schedules`,
      { operation: `list the schedules of ${project}/${stack}`, requires: "stack read" },
    );
    return res?.schedules ?? [];
  } catch (e) {
    if (e instanceof PulumiCloudError && e.status === 404) return [];
    throw e;
  }
}

/**
 * `GET /api/change-gates/{org}?entityType=environment&qualifiedName=<project>/<env>` (ListGates),
 * every page: the spec's ListGates "Currently supports listing gates for a single entity
 * specified by entityType and qualifiedName", so gates are listed environment by environment.
 */
export function listChangeGates(
  cloud: PulumiCloudClient,
  org: string,
  env: { project: string; name: string },
): Promise<ChangeGate[]> {
  return cloud.paginate<ChangeGate>(apiPath`/api/change-gates/${org}`, "gates", {
    query: { entityType: "environment", qualifiedName: `${env.project}/${env.name}` },
    operation: "list change gates (ESC approval rules)",
    requires: "organization admin",
  });
}

/** `ChangeRequest` (List_change_requests entries), the fields read. */
export interface ChangeRequestInfo {
  id: string;
  status: string;
  action: string;
  createdAt: string;
  description: string;
  createdBy: { name: string; githubLogin: string };
  entity: { entityType: string; project?: string; name?: string };
}

/** `ChangeRequestEvent` (ListEvents entries), the fields read. */
export interface ChangeRequestEventInfo {
  id: string;
  eventType: string;
  createdAt: string;
  createdBy: { name: string; githubLogin: string };
  changeRequestId: string;
  /** The revision that was latest when the event occurred (required by the spec). */
  revisionNumber?: number;
  newStatus?: string;
}

/** `GET /api/change-requests/{org}?entityType=environment` (List_change_requests), every page. */
export function listChangeRequests(
  cloud: PulumiCloudClient,
  org: string,
): Promise<ChangeRequestInfo[]> {
  return cloud.paginate<ChangeRequestInfo>(apiPath`/api/change-requests/${org}`, "changeRequests", {
    query: { entityType: "environment" },
    operation: "list change requests (ESC open requests)",
    requires: "organization admin",
  });
}

/** `CreateEnvironmentOpenRequest`: what an open request asked for (ReadOpenEnvironmentRequest). */
export interface OpenRequestDurations {
  accessDurationSeconds: number;
  grantExpirationSeconds: number;
}

/** `GET /api/esc/environments/{org}/{project}/{env}/open/request/{id}` (ReadOpenEnvironmentRequest). */
export function readOpenRequest(
  cloud: PulumiCloudClient,
  org: string,
  env: { project: string; name: string },
  id: string,
): Promise<OpenRequestDurations> {
  return cloud.request<OpenRequestDurations>(
    "GET",
    apiPath`/api/esc/environments/${org}/${env.project}/${env.name}/open/request/${id}`,
    { operation: "read an ESC open request", requires: "organization admin" },
  );
}

/** `GET /api/change-requests/{org}/{id}/events` (ListEvents), every page. */
export function listChangeRequestEvents(
  cloud: PulumiCloudClient,
  org: string,
  id: string,
): Promise<ChangeRequestEventInfo[]> {
  return cloud.paginate<ChangeRequestEventInfo>(
    apiPath`/api/change-requests/${org}/${id}/events`,
    "events",
    { operation: "list change request events", requires: "organization admin" },
  );
}

/** A drift schedule's detection cron and remediation, from a scheduled action's definition. */
export function driftOf(
  action: ScheduledAction,
): { cron: string; autoRemediate: boolean } | undefined {
  // The provider's StackScheduleDefinition: request.operation, and the remediation flag in
  // request.operationContext.options (pulumiapi/stack_schedules.go).
  const request = (action.definition?.request ?? {}) as {
    operation?: string;
    operationContext?: { options?: { remediateIfDriftDetected?: boolean } };
  };
  if (action.kind !== "deployment" || !action.scheduleCron) return undefined;
  if (request.operation !== "detect-drift") return undefined;
  return {
    cron: action.scheduleCron,
    autoRemediate: request.operationContext?.options?.remediateIfDriftDetected === true,
  };
}
