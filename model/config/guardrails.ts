/**
 * The shape of `secure-org:guardrails` (issue 18): the policy pack the bootstrap publishes and the
 * policy groups it attaches it with. Its policy checks are in ./policy/guardrails.ts, the model it
 * gives in ../access/guardrails.ts. Absent, guardrails are on with the defaults below.
 *
 * ```yaml
 * secure-org:guardrails:
 *   enforcement:                        # per policy: its level on protected / unprotected tiers
 *     no-plaintext-secrets: { unprotected: disabled }
 *   protectedTypes: [aws:lambda/function:Function]   # stateful types besides the built-in list
 *   optOut:                             # a protected tier outside the mandatory group, and why
 *     prod: { reason: "..." }
 *   # enabled: false                    # no pack, no groups; needs `reason` with protected tiers
 * ```
 */
import { z } from "zod";
import { nullPrototype } from "./reserved";

/** The pack's policies (the same names as policy/pack/metadata.ts; a test keeps them equal). */
export const GUARDRAIL_POLICIES = [
  "no-pulumi-tokens",
  "no-pulumi-access-management",
  "no-plaintext-secrets",
  "protect-stateful-resources",
] as const;
export type GuardrailPolicy = (typeof GUARDRAIL_POLICIES)[number];

export const GUARDRAIL_LEVELS = ["advisory", "mandatory", "disabled"] as const;
export type GuardrailLevel = (typeof GUARDRAIL_LEVELS)[number];

/** Levels when the config says nothing: mandatory on protected tiers, advisory elsewhere. */
export const DEFAULT_GUARDRAIL_LEVELS: Readonly<
  Record<GuardrailPolicy, { protected: GuardrailLevel; unprotected: GuardrailLevel }>
> = {
  "no-pulumi-tokens": { protected: "mandatory", unprotected: "advisory" },
  "no-pulumi-access-management": { protected: "mandatory", unprotected: "advisory" },
  "no-plaintext-secrets": { protected: "mandatory", unprotected: "advisory" },
  // Protection is a protected-tier rule: dev stacks are meant to be torn down.
  "protect-stateful-resources": { protected: "mandatory", unprotected: "disabled" },
};

const levels = z
  .strictObject({
    protected: z.enum(GUARDRAIL_LEVELS).optional(),
    unprotected: z.enum(GUARDRAIL_LEVELS).optional(),
  })
  .optional();

const typeToken = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9-]*:[A-Za-z0-9_./-]*:[A-Za-z][A-Za-z0-9_]*$/,
    'use a resource type token such as "aws:rds/instance:Instance" (package:module:Type)',
  );

export const guardrailsSchema = z
  .strictObject({
    /** Publish the pack and attach it. Turning it off needs `reason` when a tier is protected. */
    enabled: z.boolean().default(true),
    /** Why guardrails are off (read only with `enabled: false`). */
    reason: z.string().optional(),
    /** Per policy, its enforcement level on protected and on unprotected tiers. */
    enforcement: z
      .strictObject({
        "no-pulumi-tokens": levels,
        "no-pulumi-access-management": levels,
        "no-plaintext-secrets": levels,
        "protect-stateful-resources": levels,
      })
      .prefault({}),
    /** Stateful resource types to protect besides the pack's built-in list. */
    protectedTypes: z.array(typeToken).default([]),
    /** Protected tiers whose stacks stay out of the mandatory group, each with a written reason. */
    optOut: z
      .record(z.string(), z.strictObject({ reason: z.string() }))
      .transform((r) => nullPrototype(r))
      .prefault({}),
  })
  .prefault({});

export type GuardrailsConfig = z.output<typeof guardrailsSchema>;

/** A policy's effective level on protected or unprotected tiers. */
export function guardrailLevel(
  config: GuardrailsConfig,
  policy: GuardrailPolicy,
  tier: "protected" | "unprotected",
): GuardrailLevel {
  return config.enforcement[policy]?.[tier] ?? DEFAULT_GUARDRAIL_LEVELS[policy][tier];
}
