/**
 * `projects[].tiers.<tier>.cloud`: the cloud identity the project's environment on that tier logs
 * in as, through a `<environment>-cloud` ESC environment that secure-org owns (model/cloud/).
 * Formats are checked here; sharing, limits and collisions in ./policy/cloud.ts.
 */
import { z } from "zod";
import { parseDuration } from "../duration";
import { checkReasonText } from "../text";
import {
  AWS_MAX_SESSION_MINUTES,
  AWS_MIN_SESSION_MINUTES,
  AWS_POLICY_ARN,
  AWS_ROLE_ARN,
  GCP_PROJECT_NUMBER,
  GCP_SERVICE_ACCOUNT,
  GCP_WIF_ID,
  UUID,
} from "../cloud/formats";

/** Declares that this identity is deliberately shared with other environments of its tier. */
const shared = z.strictObject({
  reason: z.string().superRefine((value, ctx) => {
    const problem = checkReasonText(value, 20);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});

const uuid = (what: string) =>
  z
    .string()
    .regex(UUID, `use the ${what} as a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`)
    .transform((s) => s.toLowerCase());

const sessionDuration = z.string().superRefine((value, ctx) => {
  const parsed = parseDuration(value);
  if ("problem" in parsed) ctx.addIssue({ code: "custom", message: parsed.problem });
  else if (parsed.minutes < AWS_MIN_SESSION_MINUTES || parsed.minutes > AWS_MAX_SESSION_MINUTES)
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is outside what AWS accepts for a web identity session (15m to 12h)`,
    });
});

const aws = z.strictObject({
  roleArn: z
    .string()
    .regex(
      AWS_ROLE_ARN,
      "use an IAM role ARN such as arn:aws:iam::123456789012:role/deploy (partition aws, aws-cn or aws-us-gov, a 12-digit account, no wildcard)",
    ),
  /** How long the role session lasts; default 1h (the role's MaxSessionDuration must allow it). */
  sessionDuration: sessionDuration.default("1h"),
  /** Managed policies that further limit the session. */
  policyArns: z
    .array(
      z
        .string()
        .regex(
          AWS_POLICY_ARN,
          "use a managed policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess",
        ),
    )
    .max(10)
    .default([]),
  shared: shared.optional(),
});

const azure = z.strictObject({
  clientId: uuid("application (client) id"),
  tenantId: uuid("directory (tenant) id"),
  subscriptionId: uuid("subscription id"),
  shared: shared.optional(),
});

const gcp = z.strictObject({
  /** The project number (digits), as a string or a number. */
  projectNumber: z
    .union([z.string(), z.number()])
    .superRefine((value, ctx) => {
      const ok =
        typeof value === "number"
          ? Number.isSafeInteger(value) && GCP_PROJECT_NUMBER.test(String(value))
          : GCP_PROJECT_NUMBER.test(value);
      if (!ok)
        ctx.addIssue({
          code: "custom",
          message:
            "use the numeric project number (digits only, at most 15), not the project id; quote it if it is long",
        });
    })
    .transform((v) => String(v)),
  workloadPool: z
    .string()
    .regex(GCP_WIF_ID, "use a pool id of 4-32 lower-case letters, digits and '-', not gcp-*"),
  provider: z
    .string()
    .regex(GCP_WIF_ID, "use a provider id of 4-32 lower-case letters, digits and '-', not gcp-*"),
  serviceAccount: z
    .string()
    .regex(
      GCP_SERVICE_ACCOUNT,
      "use a user-managed service account email such as deploy@my-project.iam.gserviceaccount.com",
    ),
  shared: shared.optional(),
});

export const cloudSchema = z
  .strictObject({ aws: aws.optional(), azure: azure.optional(), gcp: gcp.optional() })
  .refine((c) => c.aws || c.azure || c.gcp, {
    message: "name at least one of aws, azure and gcp (or remove cloud)",
  });

export type CloudConfig = z.output<typeof cloudSchema>;
