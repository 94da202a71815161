/**
 * The config keys that adopting an existing organization adds (schema only; the policy checks are
 * in ./policy/adoption.ts):
 * - `guard`: the mass-removal guard (after peribolos' `--maximum-removal-delta`);
 * - `adopt`: the adopt record (model/adopt/record.ts);
 * - `oidc.adoptedPolicies`: OIDC policies that existed when the organization was adopted and are
 *   kept as they are, each reported; wide ones only as declared break-glass.
 */
import { z } from "zod";
import { checkReasonText } from "../text";

export { adoptRecordSchema } from "../adopt/record";

/** Default share of human memberships or team grants one change may remove. */
export const DEFAULT_MAX_REMOVAL_PERCENT = 25;

export const guardSchema = z
  .strictObject({
    /**
     * A change that removes more than this share (percent) of the human team memberships, or of
     * the team grants, compared with the baseline (or with the live organization as adopted),
     * fails before anything changes.
     */
    maxRemovalPercent: z.number().int().min(0).max(100).default(DEFAULT_MAX_REMOVAL_PERCENT),
    /**
     * The plan JSON (`npm run plan -- --json`) of what is deployed now, relative to the stack
     * file: what `pulumi up` compares with. Without it, the adopt record is the baseline.
     */
    baseline: z
      .string()
      .min(1)
      .regex(/^[^\0]+$/, "a file path")
      .optional(),
    /**
     * Lets a change with more removals through: the exact number of removals the guard counts
     * (memberships plus grants), so an acknowledgement never covers a larger removal.
     */
    acknowledgeRemovals: z.number().int().min(0).optional(),
  })
  .prefault({});

/** A justification a reviewer reads (see model/text.ts). */
const justification = z.string().superRefine((value, ctx) => {
  const problem = checkReasonText(value, 20);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A policy of the default CI's issuer that existed before adoption, kept as it is. */
export const adoptedPolicySchema = z.strictObject({
  decision: z.enum(["allow", "deny"]),
  tokenType: z.enum(["personal", "team", "organization", "runner"]),
  teamName: z.string().min(1).optional(),
  userLogin: z.string().min(1).optional(),
  runnerID: z.string().min(1).optional(),
  authorizedPermissions: z.array(z.enum(["admin", "standard"])).optional(),
  rules: z
    .record(z.string(), z.string())
    .transform((r) => {
      const out: Record<string, string> = Object.create(null);
      for (const key of Object.keys(r)) out[key] = r[key];
      return out;
    })
    .refine((r) => Object.keys(r).length > 0, {
      message: "a policy without rules matches every token request; remove it",
    }),
  /**
   * Declares a wide allow policy (a wildcard, or no pin of aud, repository_id and
   * repository_owner_id) as deliberate. Always reported; `npm run adopt -- --tighten` drops it.
   */
  breakGlass: z.strictObject({ justification }).optional(),
});

export type AdoptedPolicyConfig = z.output<typeof adoptedPolicySchema>;
