/**
 * The guardrails model (issue 18): which policy groups exist, in which mode, which stacks each
 * covers and with which settings for each policy of the pack. The component
 * (components/guardrails.ts) turns it into a PolicyPack and PolicyGroups, the plan prints it and
 * the audit compares the live policy groups with it.
 *
 * - the mandatory group (mode `preventative`: a mandatory violation stops `pulumi up`) covers
 *   every stack of a protected tier, except the tiers `guardrails.optOut` names with a reason;
 * - the advisory group (mode `audit`: reports on each update, never blocks) covers every other
 *   stack, opted-out protected tiers included;
 * - the platform stacks (the bootstrap project's) may manage tokens and access: the policies'
 *   `platformStacks` setting names them.
 */
import {
  GUARDRAIL_POLICIES,
  GuardrailLevel,
  guardrailLevel,
  GuardrailPolicy,
  GuardrailsConfig,
} from "../config/guardrails";
import { GuardrailGroupSpec, GuardrailsSpec, GuardrailStack, StackSpec } from "./types";

export type { GuardrailGroupSpec, GuardrailsSpec, GuardrailStack } from "./types";

/** The pack's name in Pulumi Cloud (the same as policy/pack/metadata.ts; a test keeps them equal). */
export const GUARDRAILS_PACK = "secure-org-guardrails";
export const MANDATORY_GROUP = "secure-org-guardrails-mandatory";
export const ADVISORY_GROUP = "secure-org-guardrails-advisory";
/** The level a policy has where a group's config names none (the pack's own default). */
export const PACK_DEFAULT_LEVEL: GuardrailLevel = "advisory";

const stackRef = (s: StackSpec): GuardrailStack => ({
  key: s.key,
  project: s.project,
  stack: s.stack,
  tier: s.tier,
});

function levelsFor(g: GuardrailsConfig, tier: "protected" | "unprotected") {
  return Object.fromEntries(
    GUARDRAIL_POLICIES.map((p) => [p, guardrailLevel(g, p, tier)]),
  ) as Record<GuardrailPolicy, GuardrailLevel>;
}

export function buildGuardrails(g: GuardrailsConfig, stacks: readonly StackSpec[]): GuardrailsSpec {
  const optedOut = new Set(Object.keys(g.optOut));
  const inMandatory = (s: StackSpec) => s.protected && !optedOut.has(s.tier);
  const groups: GuardrailGroupSpec[] = !g.enabled
    ? []
    : [
        {
          name: MANDATORY_GROUP,
          kind: "mandatory" as const,
          mode: "preventative" as const,
          stacks: stacks.filter(inMandatory).map(stackRef),
          levels: levelsFor(g, "protected"),
        },
        {
          name: ADVISORY_GROUP,
          kind: "advisory" as const,
          mode: "audit" as const,
          stacks: stacks.filter((s) => !inMandatory(s)).map(stackRef),
          levels: levelsFor(g, "unprotected"),
        },
      ].filter((group) => group.stacks.length > 0);
  return {
    enabled: g.enabled,
    ...(g.enabled ? {} : { reason: g.reason }),
    pack: GUARDRAILS_PACK,
    platformStacks: stacks
      .filter((s) => !s.managed || s.platform)
      .map((s) => `${s.project}/${s.stack}`),
    protectedTypes: g.protectedTypes,
    groups,
    optOut: Object.entries(g.optOut).map(([tier, o]) => ({ tier, reason: o.reason })),
  };
}

/**
 * A group's configuration of the pack, as the PolicyGroup's `policyPacks[].config` takes it: per
 * policy its enforcement level and settings (validated by Pulumi Cloud against the schemas
 * published with the pack).
 */
export function groupPackConfig(
  spec: GuardrailsSpec,
  group: GuardrailGroupSpec,
): Record<GuardrailPolicy, Record<string, unknown>> {
  const platformStacks = [...spec.platformStacks];
  return {
    "no-pulumi-tokens": { enforcementLevel: group.levels["no-pulumi-tokens"], platformStacks },
    "no-pulumi-access-management": {
      enforcementLevel: group.levels["no-pulumi-access-management"],
      platformStacks,
    },
    "no-plaintext-secrets": { enforcementLevel: group.levels["no-plaintext-secrets"] },
    "protect-stateful-resources": {
      enforcementLevel: group.levels["protect-stateful-resources"],
      extraTypes: [...spec.protectedTypes],
    },
  };
}
