/**
 * What an ESC login presents to a cloud, and the trust documents that accept exactly it: the
 * subject and audience of the token, an AWS IAM role trust policy and OIDC provider, an Entra
 * federated identity credential, a GCP workload identity provider and its service account binding.
 * Pure: plain strings in, plain JSON out, so the plan, the policy checks and the tests share it.
 *
 * The subject comes from `subjectAttributes: [rootEnvironment.name, currentEnvironment.name]`:
 * `pulumi:environments:pulumi.organization.login:<org>:rootEnvironment.name:<opened env>:
 * currentEnvironment.name:<env defining the login>`. Pinning both names means the token of an
 * environment that imports the login environment (another root) matches nothing, and neither does
 * a login an app team writes into its own environment (another current environment).
 */
import { AWS_TRUST_POLICY_MAX, awsAccount, GCP_SUBJECT_MAX_BYTES } from "./formats";

export type Cloud = "aws" | "azure" | "gcp";
export const CLOUDS: readonly Cloud[] = ["aws", "azure", "gcp"];

/** The issuer of `aws-login`, `azure-login` and `gcp-login` tokens. */
export const ESC_ISSUER = "https://api.pulumi.com/oidc";
/** The issuer as IAM condition keys and provider ARNs name it (no scheme). */
export const ESC_ISSUER_HOST = "api.pulumi.com/oidc";
/** The subject attributes every generated login lists, in this order. */
export const SUBJECT_ATTRIBUTES = ["rootEnvironment.name", "currentEnvironment.name"] as const;
/** The fixed start of a subject built from `subjectAttributes`. */
export const SUBJECT_PREFIX = "pulumi:environments:pulumi.organization.login:";

/** The audience of an ESC login token outside the legacy `default` project. */
export const escAudience = (cloud: Cloud, organization: string) => `${cloud}:${organization}`;

/** The subject of a login defined in `current` when `root` is opened (full `project/name`s). */
export const escSubject = (organization: string, root: string, current: string) =>
  `${SUBJECT_PREFIX}${organization}:rootEnvironment.name:${root}:currentEnvironment.name:${current}`;

/** Whether a subject or audience value holds a character some cloud reads as a pattern. */
export const hasWildcard = (value: string) => /[*?[\]{}]/.test(value);

// ---------------------------------------------------------------------------------------------
// AWS

export interface AwsTrustPolicy {
  readonly Version: "2012-10-17";
  readonly Statement: readonly {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Principal: { readonly Federated: string };
    readonly Action: "sts:AssumeRoleWithWebIdentity";
    readonly Condition: {
      readonly StringEquals: Readonly<Record<string, string | readonly string[]>>;
    };
  }[];
}

/** The IAM OIDC provider ARN of the ESC issuer in the role's account. */
export function awsProviderArn(roleArn: string): string {
  const a = awsAccount(roleArn);
  if (!a) throw new Error(`not an IAM role ARN: ${roleArn}`);
  return `arn:${a.partition}:iam::${a.account}:oidc-provider/${ESC_ISSUER_HOST}`;
}

/** A role trust policy that accepts exactly `subjects` with `audience` (StringEquals only). */
export function awsTrustPolicy(
  roleArn: string,
  audience: string,
  subjects: readonly string[],
): AwsTrustPolicy {
  if (subjects.length === 0) throw new Error("a trust policy needs a subject");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "SecureOrgEscLogin",
        Effect: "Allow",
        Principal: { Federated: awsProviderArn(roleArn) },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${ESC_ISSUER_HOST}:aud`]: audience,
            [`${ESC_ISSUER_HOST}:sub`]: subjects.length === 1 ? subjects[0] : [...subjects],
          },
        },
      },
    ],
  };
}

/** The length IAM counts against the trust policy quota: the JSON without white space. */
export const awsPolicyLength = (policy: unknown) =>
  JSON.stringify(policy).replace(/\s/g, "").length;

/** Why a trust policy would be refused by IAM's default quota, or undefined. */
export function awsTrustProblem(policy: AwsTrustPolicy): string | undefined {
  const n = awsPolicyLength(policy);
  return n > AWS_TRUST_POLICY_MAX
    ? `its trust policy would be ${n} characters, over IAM's default quota of ${AWS_TRUST_POLICY_MAX}`
    : undefined;
}

/** The parameters of IAM CreateOpenIDConnectProvider for the ESC issuer in one account. */
export function awsOidcProvider(account: string, partition: string, audiences: readonly string[]) {
  return {
    Arn: `arn:${partition}:iam::${account}:oidc-provider/${ESC_ISSUER_HOST}`,
    Url: ESC_ISSUER,
    ClientIDList: [...audiences],
  };
}

// ---------------------------------------------------------------------------------------------
// Azure

/** An Entra federated identity credential (Microsoft Graph `federatedIdentityCredential`). */
export interface AzureFederatedCredential {
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly description: string;
  readonly audiences: readonly string[];
}

/** A credential name (at most 120 characters, URL friendly) for one environment. */
export function azureCredentialName(project: string, environment: string): string {
  const base = `secure-org-${project}-${environment}`.replace(/[^A-Za-z0-9-]/g, "-");
  return base.length <= 120 ? base : base.slice(0, 120);
}

export function azureFederatedCredential(
  name: string,
  subject: string,
  audience: string,
  description: string,
): AzureFederatedCredential {
  return { name, issuer: ESC_ISSUER, subject, description, audiences: [audience] };
}

// ---------------------------------------------------------------------------------------------
// Google Cloud

/** A workload identity pool provider (IAM REST `WorkloadIdentityPoolProvider`). */
export interface GcpProvider {
  readonly name: string;
  readonly displayName: string;
  readonly attributeMapping: Readonly<Record<string, string>>;
  readonly attributeCondition: string;
  readonly oidc: { readonly issuerUri: string; readonly allowedAudiences: readonly string[] };
}

/** A CEL string literal (double quotes; backslash and quote escaped). */
export const celString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

export function gcpProviderName(projectNumber: string, pool: string, provider: string): string {
  return `projects/${projectNumber}/locations/global/workloadIdentityPools/${pool}/providers/${provider}`;
}

/** A provider that accepts exactly `subject` with `audience` and maps it to google.subject. */
export function gcpProvider(
  projectNumber: string,
  pool: string,
  provider: string,
  audience: string,
  subject: string,
): GcpProvider {
  return {
    name: gcpProviderName(projectNumber, pool, provider),
    displayName: provider.slice(0, 32),
    attributeMapping: { "google.subject": "assertion.sub" },
    attributeCondition: `assertion.sub == ${celString(subject)}`,
    oidc: { issuerUri: ESC_ISSUER, allowedAudiences: [audience] },
  };
}

/** The principal a provider's token becomes: the one subject, never a principalSet. */
export function gcpPrincipal(projectNumber: string, pool: string, subject: string): string {
  return `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${pool}/subject/${subject}`;
}

/** The binding on the service account that lets exactly these principals impersonate it. */
export function gcpServiceAccountBinding(serviceAccount: string, principals: readonly string[]) {
  return {
    resource: `projects/-/serviceAccounts/${serviceAccount}`,
    bindings: [{ role: "roles/iam.workloadIdentityUser", members: [...principals] }],
  };
}

/** Why GCP would refuse to map this subject, or undefined. */
export function gcpSubjectProblem(subject: string): string | undefined {
  const n = Buffer.byteLength(subject, "utf8");
  return n > GCP_SUBJECT_MAX_BYTES
    ? `its subject is ${n} bytes and google.subject holds at most ${GCP_SUBJECT_MAX_BYTES}; ` +
        "use a shorter project or environment name"
    : undefined;
}
