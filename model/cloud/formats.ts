/**
 * The identifier formats of the cloud identities an ESC environment logs in as, and the limits of
 * the trust documents each cloud accepts. Pure data and predicates; every value is narrower than
 * what the cloud accepts (docs/assumptions.md, "Cloud OIDC (ESC)", names the source of each).
 */

/** AWS partitions whose ARNs the config accepts (aws, China, GovCloud). */
export const AWS_PARTITIONS = ["aws", "aws-cn", "aws-us-gov"] as const;

/**
 * An IAM role ARN: `arn:<partition>:iam::<12-digit account>:role[/<path>/]<name>`. The name is the
 * IAM API's RoleName (`[\w+=,.@-]`, 1-64); the path is narrower than IAM's (`[\u0021-\u007E]`):
 * no `*` or `?`, which read as wildcards wherever an ARN is matched.
 */
export const AWS_ROLE_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

/** A managed policy ARN (an AWS managed policy, account `aws`, or a customer managed one). */
export const AWS_POLICY_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}|aws):policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;

/** A UUID (Azure client, tenant and subscription ids), in any case. */
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A GCP project number: digits, at most 15 so it stays an exact JSON/YAML number. */
export const GCP_PROJECT_NUMBER = /^[1-9]\d{0,14}$/;

/** A workload identity pool or provider id: 4-32 of `[a-z0-9-]`, not starting with `gcp-`. */
export const GCP_WIF_ID = /^(?!gcp-)[a-z0-9-]{4,32}$/;

/**
 * A user-managed service account email: `<6-30 id>@<6-30 project id>.iam.gserviceaccount.com`.
 * Default and Google-managed service accounts are refused (fail closed: their trust is not ours).
 */
export const GCP_SERVICE_ACCOUNT =
  /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;

/** AssumeRoleWithWebIdentity DurationSeconds: 900 to 43200 (15 minutes to 12 hours). */
export const AWS_MIN_SESSION_MINUTES = 15;
export const AWS_MAX_SESSION_MINUTES = 12 * 60;

/** IAM "Role trust policy length" default quota, characters, white space not counted. */
export const AWS_TRUST_POLICY_MAX = 2048;
/** Entra federated identity credential: issuer, subject and audience, at most 600 characters. */
export const AZURE_FIELD_MAX = 600;
/** Entra: at most 20 federated identity credentials per application. */
export const AZURE_MAX_CREDENTIALS = 20;
/** Entra: a federated identity credential's name, at most 120 characters, URL friendly. */
export const AZURE_NAME_MAX = 120;
/** GCP: the mapped `google.subject` cannot exceed 127 bytes. */
export const GCP_SUBJECT_MAX_BYTES = 127;
/** GCP: an attribute condition is at most 4096 characters. */
export const GCP_CONDITION_MAX = 4096;

/** The role's identity in its account: role names are unique in an account whatever their case. */
export function awsRoleKey(arn: string): string | undefined {
  const m = AWS_ROLE_ARN.exec(arn);
  return m ? `aws:${m[1]}:${m[2]}:${m[4].toLowerCase()}` : undefined;
}

/** The partition and account of a role ARN. */
export function awsAccount(arn: string): { partition: string; account: string } | undefined {
  const m = AWS_ROLE_ARN.exec(arn);
  return m ? { partition: m[1], account: m[2] } : undefined;
}
