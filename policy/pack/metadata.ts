/**
 * The pack's metadata: its name, and each policy's name, description, severity and config schema.
 * Plain data with no Pulumi imports, read by the policies (./policies.ts) and by the bootstrap,
 * which publishes the same metadata with the pack (the `policies` input of the PolicyPack
 * resource, so publishing needs no policy analyzer) and fills the policy groups' config from it.
 *
 * Each policy's enforcement level comes from the policy group's config; the pack's own default
 * is advisory, so attaching it somewhere without config blocks nothing.
 */

export const PACK_NAME = "secure-org-guardrails";
export const PACK_DISPLAY_NAME = "secure-org guardrails";

export const POLICY_NAMES = [
  "no-pulumi-tokens",
  "no-pulumi-access-management",
  "no-plaintext-secrets",
  "protect-stateful-resources",
] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export type EnforcementLevel = "advisory" | "mandatory" | "disabled";
export const DEFAULT_ENFORCEMENT: EnforcementLevel = "advisory";

/** A JSON schema object for one policy's settings, as Pulumi Cloud validates group config. */
export interface ConfigSchema {
  readonly type: "object";
  readonly properties: Record<string, Record<string, unknown>>;
  readonly required?: readonly string[];
}

const platformStacksSchema: ConfigSchema = {
  type: "object",
  properties: {
    platformStacks: {
      type: "array",
      items: { type: "string" },
      description:
        "The stacks (project/stack) allowed to manage Pulumi Cloud access: the bootstrap's",
    },
  },
};

export interface PolicyMetadata {
  readonly name: PolicyName;
  readonly displayName: string;
  readonly description: string;
  readonly severity: "low" | "medium" | "high" | "critical";
  readonly remediationSteps: string;
  readonly configSchema?: ConfigSchema;
}

export const POLICY_METADATA: Readonly<Record<PolicyName, PolicyMetadata>> = {
  "no-pulumi-tokens": {
    name: "no-pulumi-tokens",
    displayName: "No long-lived Pulumi tokens",
    description:
      "Pulumi access tokens (personal, organization, team) may be created only by the platform " +
      "stacks: a token's secret lands in the stack's state, readable by anyone who can read it.",
    severity: "critical",
    remediationSteps:
      "Obtain a short-lived token by OIDC (pulumi/auth-actions, pulumi login --oidc-token) instead.",
    configSchema: platformStacksSchema,
  },
  "no-pulumi-access-management": {
    name: "no-pulumi-access-management",
    displayName: "No Pulumi Cloud access management outside the platform",
    description:
      "Teams, members, roles, grants, OIDC issuers and policies, SAML, deployment settings, " +
      "policy groups and other organization settings may be managed only by the platform stacks.",
    severity: "critical",
    remediationSteps:
      "Declare the access in the secure-org config and let the bootstrap create it.",
    configSchema: platformStacksSchema,
  },
  "no-plaintext-secrets": {
    name: "no-plaintext-secrets",
    displayName: "No secret-looking values in plaintext",
    description:
      "Resource inputs and stack config values that look like credentials (private keys, tokens, " +
      "API keys, passwords in URLs or connection strings) must be secrets.",
    severity: "high",
    remediationSteps:
      "Set config with `pulumi config set --secret`; pass the value with pulumi.secret() and list " +
      "the property in the resource option additionalSecretOutputs.",
  },
  "protect-stateful-resources": {
    name: "protect-stateful-resources",
    displayName: "Stateful resources are protected",
    description:
      "Databases, buckets, volumes, keys and secret stores must be marked protect: true, so that " +
      "no update deletes or replaces them by accident.",
    severity: "high",
    remediationSteps: "Set the resource option protect: true (unprotect deliberately to delete).",
    configSchema: {
      type: "object",
      properties: {
        extraTypes: {
          type: "array",
          items: { type: "string" },
          description: "Resource types to protect besides the built-in list",
        },
      },
    },
  },
};
