/**
 * Which resource types each policy looks at. Plain data and predicates, no Pulumi imports: the
 * policies (../policies.ts) and the tests read the same lists.
 *
 * The Pulumi Cloud types come from the pulumiservice provider 1.3.0 schema (both its `index`
 * surface and the generated `api/*` surface). A new token type is caught by its shape as well as
 * by name (any pulumiservice type in `api/tokens`, or whose name ends in `Token`), so a provider
 * release that adds one does not slip past before this list is updated.
 */

/** Long-lived Pulumi Cloud access tokens: their secret value lands in the stack's state. */
export const TOKEN_TYPES: readonly string[] = [
  "pulumiservice:index:AccessToken",
  "pulumiservice:index:OrgAccessToken",
  "pulumiservice:index:TeamAccessToken",
  "pulumiservice:api/tokens:OrgToken",
  "pulumiservice:api/tokens:PersonalToken",
  "pulumiservice:api/tokens:TeamToken",
];

/** What an access-management type controls, for the violation message. */
export type AccessCategory =
  | "identities and membership"
  | "roles and grants"
  | "authentication (OIDC, SAML)"
  | "deploy routes"
  | "organization governance";

/**
 * Pulumi Cloud types that decide who can do what in the organization, or weaken the controls
 * around that (policy groups, audit log export). Only the platform stacks may declare them.
 */
export const ACCESS_TYPES: ReadonlyMap<string, AccessCategory> = new Map<string, AccessCategory>([
  ["pulumiservice:index:Team", "identities and membership"],
  ["pulumiservice:api/teams:Team", "identities and membership"],
  ["pulumiservice:index:OrganizationMember", "identities and membership"],
  ["pulumiservice:api:OrganizationMember", "identities and membership"],
  ["pulumiservice:api/services:Service", "identities and membership"],
  ["pulumiservice:api/services:Item", "identities and membership"],
  ["pulumiservice:index:TeamStackPermission", "roles and grants"],
  ["pulumiservice:index:TeamEnvironmentPermission", "roles and grants"],
  ["pulumiservice:index:TeamRoleAssignment", "roles and grants"],
  ["pulumiservice:index:OrganizationRole", "roles and grants"],
  ["pulumiservice:api:Role", "roles and grants"],
  ["pulumiservice:api/teams:Role", "roles and grants"],
  ["pulumiservice:index:OidcIssuer", "authentication (OIDC, SAML)"],
  ["pulumiservice:api/auth:OidcIssuer", "authentication (OIDC, SAML)"],
  ["pulumiservice:api/auth:Policy", "authentication (OIDC, SAML)"],
  ["pulumiservice:api/auth:SAML", "authentication (OIDC, SAML)"],
  ["pulumiservice:index:DeploymentSettings", "deploy routes"],
  ["pulumiservice:api/deployments:Settings", "deploy routes"],
  ["pulumiservice:index:PolicyPack", "organization governance"],
  ["pulumiservice:index:PolicyGroup", "organization governance"],
  ["pulumiservice:api:PolicyGroup", "organization governance"],
  ["pulumiservice:api:PolicyGroupStackAttachment", "organization governance"],
  ["pulumiservice:api:PolicyGroupInsightsAccountAttachment", "organization governance"],
  ["pulumiservice:api:AuditLogExportConfiguration", "organization governance"],
  ["pulumiservice:api/integrations:GitHubIntegration", "organization governance"],
  ["pulumiservice:api/integrations:GitHubEnterpriseIntegration", "organization governance"],
  ["pulumiservice:api/integrations:GitLabIntegration", "organization governance"],
  ["pulumiservice:api/integrations:BitBucketIntegration", "organization governance"],
  ["pulumiservice:api/integrations:AzureDevOpsIntegration", "organization governance"],
  ["pulumiservice:api/integrations:CustomVCSIntegration", "organization governance"],
  ["pulumiservice:api/integrations:CustomVCSRepository", "organization governance"],
]);

/** `pkg:module:Name` -> its three parts; undefined when the token is not of that shape. */
export function splitType(type: string): { pkg: string; module: string; name: string } | undefined {
  const m = /^([^:]+):([^:]*):([^:]+)$/.exec(type);
  return m ? { pkg: m[1], module: m[2], name: m[3] } : undefined;
}

/** Whether a resource type is a long-lived Pulumi token, by name or by shape. */
export function isTokenType(type: string): boolean {
  if (TOKEN_TYPES.includes(type)) return true;
  const t = splitType(type);
  if (!t || t.pkg !== "pulumiservice") return false;
  return t.module === "api/tokens" || /Token$/.test(t.name);
}

/** The access-management category of a type, if it is one. */
export function accessCategory(type: string): AccessCategory | undefined {
  return ACCESS_TYPES.get(type);
}

/**
 * Stateful resources: deleting or replacing one loses data (databases, buckets, volumes, keys,
 * secrets stores). On protected tiers they must be `protect`ed. Extend the list with
 * `guardrails.protectedTypes` in the secure-org config.
 */
export const STATEFUL_TYPES: readonly string[] = [
  // AWS
  "aws:rds/instance:Instance",
  "aws:rds/cluster:Cluster",
  "aws:dynamodb/table:Table",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:efs/fileSystem:FileSystem",
  "aws:ebs/volume:Volume",
  "aws:kms/key:Key",
  "aws:secretsmanager/secret:Secret",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:docdb/cluster:Cluster",
  "aws:neptune/cluster:Cluster",
  "aws:redshift/cluster:Cluster",
  "aws:opensearch/domain:Domain",
  "aws:backup/vault:Vault",
  // Azure (azure-native)
  "azure-native:storage:StorageAccount",
  "azure-native:sql:Server",
  "azure-native:sql:Database",
  "azure-native:dbforpostgresql:FlexibleServer",
  "azure-native:dbformysql:FlexibleServer",
  "azure-native:documentdb:DatabaseAccount",
  "azure-native:keyvault:Vault",
  // Google Cloud
  "gcp:sql/databaseInstance:DatabaseInstance",
  "gcp:storage/bucket:Bucket",
  "gcp:kms/cryptoKey:CryptoKey",
  "gcp:bigquery/dataset:Dataset",
  "gcp:spanner/instance:Instance",
  "gcp:redis/instance:Instance",
  "gcp:firestore/database:Database",
];

/** A resource type token as the config may name one: `package:module:Type`. */
export const TYPE_TOKEN = /^[A-Za-z][A-Za-z0-9-]*:[A-Za-z0-9_./-]*:[A-Za-z][A-Za-z0-9_]*$/;
