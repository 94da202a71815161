/**
 * This program's component resource types: the one place the `secure-org:index:<Name>` token is
 * written. Each component passes `componentType("<Name>")` to its `super(...)`, and the schema
 * check's allow-list of types without a provider schema is `COMPONENT_TYPES`.
 */

/** The components, in the order the schema check lists them. */
export const COMPONENT_NAMES = [
  "SecureOrg",
  "SecureTeam",
  "EnvironmentTier",
  "BreakGlass",
  "OidcTrust",
  "DeploymentPipeline",
  "RepositoryEnvironments",
  "BranchProtection",
  "OrgMembership",
  "CustomRoles",
  "Guardrails",
] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** A component's Pulumi type token. */
export const componentType = <N extends ComponentName>(name: N): `secure-org:index:${N}` =>
  `secure-org:index:${name}`;

/** Every component type token (resources of these types have no provider schema). */
export const COMPONENT_TYPES: readonly string[] = COMPONENT_NAMES.map(componentType);
