/**
 * The Pulumi Cloud API operations (OpenAPI operation ids) this program reads, for the trimmed copy
 * of the OpenAPI spec the tests check the local stand-in against (`npm run refresh-schemas`).
 */
export const USED_API_OPERATIONS = [
  "GetOrganizationMetadata",
  "ListOrganizationMembers",
  "ListTeams",
  "GetTeam",
  "ListUserStacks",
  "GetStack",
  "GetDeploymentSettings",
  "ListScheduledDeployment",
  "ListStackWebhooks",
  "ListOrganizationWebhooks",
  "ListWebhooks_esc_environments",
  "ListOrgEnvironments_esc",
  "List_orgs_oidc_issuers",
  "GetAuthPolicy",
  "ListGates",
  "ListAuditLogEventsHandlerV2",
] as const;
