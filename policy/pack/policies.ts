/**
 * The guardrail policies: the rules in ./rules/ bound to the policy SDK. Each policy reads its
 * settings with `args.getConfig()` (validated by Pulumi Cloud against the schema in ./metadata.ts);
 * its enforcement level comes from the policy group's config. This module only defines them;
 * ./index.ts serves them (importing it here would start the analyzer's server).
 *
 * What a policy can see is limited by the policy SDK (@pulumi/policy 1.21.0):
 * - input values arrive with secrets unwrapped, so "is this input secret?" is answered by the
 *   resource's `additionalSecretOutputs` (which the generated SDKs fill for properties the
 *   provider schema marks secret, and programs can add to): a listed property is not scanned;
 * - resource options carry `protect` but not `retainOnDelete` (the analyzer protocol has no such
 *   field), so a stateful resource must be `protect`ed to pass;
 * - stack config reaches the pack as `PULUMI_CONFIG` with secrets decrypted; which keys are secret
 *   is known only when the CLI also passes `PULUMI_CONFIG_SECRET_KEYS` (it does not today, see
 *   pulumi/pulumi-policy#241), otherwise the config half reports itself not applicable.
 */
import type {
  Policies,
  PolicyConfigSchema,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";
import { POLICY_METADATA, PolicyMetadata } from "./metadata";
import { scanForSecrets } from "./rules/secrets";
import {
  isPlatformStack,
  plaintextConfigSecrets,
  platformList,
  stackConfigFromEnv,
} from "./rules/stack";
import { accessCategory, isTokenType, STATEFUL_TYPES } from "./rules/types";

type Report = (message: string, urn?: string) => void;

/** The SDK's fields of a policy, from the shared metadata. */
const base = (m: PolicyMetadata) => ({
  name: m.name,
  displayName: m.displayName,
  description: m.description,
  severity: m.severity,
  remediationSteps: m.remediationSteps,
  ...(m.configSchema ? { configSchema: sdkSchema(m.configSchema) } : {}),
});

function sdkSchema(s: NonNullable<PolicyMetadata["configSchema"]>): PolicyConfigSchema {
  return {
    properties: s.properties as PolicyConfigSchema["properties"],
    ...(s.required ? { required: [...s.required] } : {}),
  };
}

interface PlatformConfig {
  platformStacks?: unknown;
}

export const noPulumiTokens: ResourceValidationPolicy = {
  ...base(POLICY_METADATA["no-pulumi-tokens"]),
  validateResource: (args: ResourceValidationArgs, report: Report) => {
    if (!isTokenType(args.type)) return;
    const { platformStacks } = args.getConfig<PlatformConfig>();
    if (isPlatformStack(args.urn, platformStacks)) return;
    report(
      `${args.type} "${args.name}" is a long-lived Pulumi token: its secret would be stored in ` +
        `this stack's state, readable by anyone who can read the stack. Only the platform stacks ` +
        `(${platformList(platformStacks)}) may create tokens; obtain a short-lived token by OIDC ` +
        "(pulumi/auth-actions, pulumi login --oidc-token) instead.",
    );
  },
};

export const noPulumiAccessManagement: ResourceValidationPolicy = {
  ...base(POLICY_METADATA["no-pulumi-access-management"]),
  validateResource: (args: ResourceValidationArgs, report: Report) => {
    const category = accessCategory(args.type);
    if (!category) return;
    const { platformStacks } = args.getConfig<PlatformConfig>();
    if (isPlatformStack(args.urn, platformStacks)) return;
    report(
      `${args.type} "${args.name}" manages Pulumi Cloud access (${category}). Only the platform ` +
        `stacks (${platformList(platformStacks)}) may; declare it in the secure-org config and ` +
        "let the bootstrap create it.",
    );
  },
};

/** The top-level properties a resource marks secret. */
function secretProperties(args: ResourceValidationArgs): Set<string> {
  return new Set(args.opts.additionalSecretOutputs ?? []);
}

function validateInputs(args: ResourceValidationArgs, report: Report): void {
  const hits = scanForSecrets(args.props, {
    skipTopLevel: secretProperties(args),
    isUnknown: (e) => e instanceof UnknownValueError,
  });
  for (const h of hits) {
    const top = h.path.split(/[.[]/)[0];
    report(
      `${args.type} "${args.name}" input ${h.path} looks like ${h.what} but is not secret. ` +
        `Pass it with pulumi.secret() and list "${top}" in the resource option ` +
        "additionalSecretOutputs (policy packs cannot see whether an input is secret otherwise).",
    );
  }
}

function validateConfig(args: StackValidationArgs, report: Report): void {
  const { values, secretKeys } = stackConfigFromEnv(process.env);
  if (!secretKeys)
    args.notApplicable(
      "the Pulumi CLI did not tell the policy pack which config keys are secret " +
        "(PULUMI_CONFIG_SECRET_KEYS), so plaintext config cannot be told from secret config",
    );
  for (const h of plaintextConfigSecrets(values, secretKeys as ReadonlySet<string>))
    report(
      `stack config ${h.key}${h.path ? ` (at ${h.path})` : ""} looks like ${h.what} but is not ` +
        `secret. Set it with: pulumi config set --secret ${h.key} (then rotate the credential: ` +
        "the plaintext value is in the stack's history).",
    );
}

export const noPlaintextSecrets: ResourceValidationPolicy & StackValidationPolicy = {
  ...base(POLICY_METADATA["no-plaintext-secrets"]),
  validateResource: validateInputs,
  validateStack: validateConfig,
};

interface StatefulConfig {
  extraTypes?: unknown;
}

export const protectStatefulResources: ResourceValidationPolicy = {
  ...base(POLICY_METADATA["protect-stateful-resources"]),
  validateResource: (args: ResourceValidationArgs, report: Report) => {
    const { extraTypes } = args.getConfig<StatefulConfig>();
    const extra = Array.isArray(extraTypes) ? extraTypes : [];
    if (!STATEFUL_TYPES.includes(args.type) && !extra.includes(args.type)) return;
    // Read defensively: a future SDK may pass retainOnDelete; today only protect arrives.
    const opts = args.opts as { protect?: boolean; retainOnDelete?: boolean };
    if (opts.protect === true || opts.retainOnDelete === true) return;
    report(
      `${args.type} "${args.name}" holds data but is not protected: set the resource option ` +
        "protect: true (retainOnDelete alone does not count here: policy packs cannot see it), " +
        "so that no update can delete or replace it.",
    );
  },
};

/** Every policy of the pack, in the order of POLICY_NAMES. */
export const POLICIES: Policies = [
  noPulumiTokens,
  noPulumiAccessManagement,
  noPlaintextSecrets,
  protectStatefulResources,
];
