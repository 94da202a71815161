/** The import ID builders of every area, by service (as model/adopt named them). */
import { approvalRuleId } from "./approvals";
import { organizationRoleId, teamRoleAssignmentId } from "./customRoles";
import { deploymentSettingsId, driftScheduleId } from "./deployments";
import { environmentId } from "./environments";
import { githubTeamId, teamMembersId, teamRepositoryId } from "./githubTeams";
import { teamEnvironmentPermissionId, teamStackPermissionId } from "./grants";
import { policyGroupId, policyPackId } from "./guardrails";
import { organizationMemberId } from "./membership";
import { oidcIssuerId } from "./oidc";
import {
  actionsPermissionsId,
  deploymentPolicyId,
  repositoryEnvironmentId,
  repositoryFileId,
  rulesetId,
  workflowPermissionsId,
} from "./repositories";
import { stackId, stackTagsId } from "./stacks";
import { teamId } from "./teams";
import { webhookId } from "./webhooks";

export const pulumiIds = {
  team: teamId,
  stack: stackId,
  stackTags: stackTagsId,
  teamStackPermission: teamStackPermissionId,
  teamEnvironmentPermission: teamEnvironmentPermissionId,
  environment: environmentId,
  oidcIssuer: oidcIssuerId,
  webhook: webhookId,
  deploymentSettings: deploymentSettingsId,
  driftSchedule: driftScheduleId,
  approvalRule: approvalRuleId,
  organizationRole: organizationRoleId,
  teamRoleAssignment: teamRoleAssignmentId,
  policyPack: policyPackId,
  policyGroup: policyGroupId,
  organizationMember: organizationMemberId,
};

export const githubIds = {
  team: githubTeamId,
  teamMembers: teamMembersId,
  teamRepository: teamRepositoryId,
  repositoryEnvironment: repositoryEnvironmentId,
  deploymentPolicy: deploymentPolicyId,
  ruleset: rulesetId,
  repositoryFile: repositoryFileId,
  workflowPermissions: workflowPermissionsId,
  actionsPermissions: actionsPermissionsId,
};
