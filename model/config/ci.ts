/**
 * What a project tier says about the CI system that runs its pipeline (`ci:`) and how that CI
 * identifies itself in its OIDC tokens: GitLab (instance URL, numeric project and namespace ids),
 * Azure DevOps (organization id and name, project, service connections), Jenkins (URL, issuer,
 * multibranch job path) and CircleCI (organization, project and restricted context ids).
 *
 * Every value here ends up in an OIDC rule, an issuer URL or a generated pipeline, so each is
 * validated strictly: https URLs without credentials, query, fragment or wildcard characters;
 * numeric ids as positive integers; UUIDs in their canonical lower-case form; names without '.'
 * (which Pulumi's rule matcher reads as "any one character") or anything a shell would expand.
 */
import { z } from "zod";

export const CI_SYSTEMS = [
  "github-actions",
  "gitlab",
  "azure-devops",
  "jenkins",
  "circleci",
] as const;
export type CiSystem = (typeof CI_SYSTEMS)[number];

/** How Pulumi Deployments of a stack are started: the GitHub App (git events) or the REST API. */
export const DEPLOYMENT_TRIGGERS = ["github-app", "api"] as const;
export type DeploymentTrigger = (typeof DEPLOYMENT_TRIGGERS)[number];

/** Where a project's repository is hosted; only GitHub repositories get files committed. */
export const REPOSITORY_HOSTS = ["github", "gitlab", "azure-repos", "other"] as const;
export type RepositoryHost = (typeof REPOSITORY_HOSTS)[number];

/** The config key of each CI's identity block on a project tier. */
export const CI_BLOCK_KEYS = {
  gitlab: "gitlab",
  "azure-devops": "azureDevops",
  jenkins: "jenkins",
  circleci: "circleci",
} as const satisfies Record<Exclude<CiSystem, "github-actions">, string>;

/** Why `value` is not a base URL an OIDC issuer (or a CI's own URL) may have, if it is not. */
export function checkIssuerUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL`;
  }
  if (url.protocol !== "https:") return `"${value}" must use https://`;
  if (url.username !== "" || url.password !== "")
    return `"${value}" carries credentials (user info before '@'); an issuer URL never does`;
  if (url.search !== "" || url.hash !== "") return `"${value}" must have no query or fragment`;
  if (/[*?\s"'`$\\]/.test(value))
    return `"${value}" contains a wildcard, quote, '$', '\\' or whitespace`;
  if (value.endsWith("/")) return `"${value}" must not end with '/'`;
  if (!/^https:\/\/[a-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~-]+)*$/.test(value))
    return `"${value}" must be https://<lower-case host>[:port][/path] with letters, digits, '.', '_', '~' and '-' in the path`;
  return undefined;
}

const issuerUrl = z.string().superRefine((value, ctx) => {
  const problem = checkIssuerUrl(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const numericId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A canonical lower-case UUID (CircleCI and Azure DevOps ids). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uuid = z
  .string()
  .regex(UUID, "use the id as a lower-case UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");

/** A name that reaches an OIDC rule: no '.', no wildcard, nothing a shell or YAML expands. */
export const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const ruleName = (what: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(
      RULE_NAME,
      `use letters, digits, '_' and '-' for the ${what} (no '.', which an OIDC rule matches as any character, and no spaces)`,
    );

/** A Jenkins job path: folder and job names separated by '/'. */
const jobPath = z
  .string()
  .max(200)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_-]*)*$/,
    "use folder/job names of letters, digits, '_' and '-' separated by '/' (no '.', which an OIDC rule matches as any character)",
  );

/** A repository as CircleCI names it in `oidc.circleci.com/vcs-origin`: `github.com/<owner>/<repo>`. */
const vcsOrigin = z
  .string()
  .regex(
    /^(?:github\.com|bitbucket\.org|gitlab\.com)\/[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9_][A-Za-z0-9_-]*$/,
    "use <host>/<owner>/<repository> as CircleCI reports it (github.com, bitbucket.org or gitlab.com; no '.' in owner or repository)",
  );

/** Which issuer signs a service connection's id tokens (its page in Azure DevOps shows it). */
export const AZURE_ISSUERS = ["azure-devops", "entra"] as const;
export type AzureIssuerKind = (typeof AZURE_ISSUERS)[number];

/**
 * A subject copied from a service connection's page (Entra issuer): no wildcard Pulumi would read
 * (`*`, `?`, `.`), no space, no `sc://` (that is the Azure DevOps issuer's subject).
 */
export const ENTRA_SUBJECT = /^\/[A-Za-z0-9_/-]{1,399}$/;

const serviceConnection = z.strictObject({
  /** Its name; under the Azure DevOps issuer the token's `sub` is sc://<org>/<project>/<name>. */
  name: ruleName("service connection name"),
  /** Its id (the connection's resourceId). */
  id: uuid,
  /** The issuer of its tokens: `azure-devops` (vstoken.dev.azure.com, the default) or `entra`. */
  issuer: z.enum(AZURE_ISSUERS).optional(),
  /** Entra issuer only: the Microsoft Entra tenant (directory) id of the connection's identity. */
  tenantId: uuid.optional(),
  /** Entra issuer only: the "Subject identifier" shown on the connection's page, verbatim. */
  subject: z.string().optional(),
  /** Optional: the "Issuer" shown on the connection's page, checked against the one derived. */
  issuerUrl: z.string().optional(),
});

export const gitlabBlock = z.strictObject({
  /** The GitLab instance, which is also the issuer of its id tokens. */
  url: issuerUrl.default("https://gitlab.com"),
  /** Numeric project id (Settings > General): `project_id`. */
  projectId: numericId,
  /** Numeric id of the group or user namespace that owns the project: `namespace_id`. */
  namespaceId: numericId,
});

export const azureDevopsBlock = z.strictObject({
  /** The organization's id (Organization settings > Overview): the issuer is vstoken.dev.azure.com/<id>. */
  organizationId: uuid,
  /** The organization's name, as the token's `sub` carries it. */
  organization: ruleName("organization name"),
  /** The Azure DevOps project, as the token's `sub` carries it. */
  project: ruleName("project name"),
  /** The service connection the deploy job requests its token through (with approvals and a branch control check). */
  serviceConnection,
  /** A separate service connection for pull-request previews (unprotected tiers only). */
  previewServiceConnection: serviceConnection.optional(),
});

export const jenkinsBlock = z.strictObject({
  /** Jenkins' root URL, the prefix of every job URL (the token's `sub`). */
  url: issuerUrl,
  /** The issuer the OpenID Connect Provider plugin signs as; default `<url>/oidc`. */
  issuer: issuerUrl.optional(),
  /** The multibranch pipeline job, as folder/job names (e.g. `payments/payments-infra`). */
  jobPath,
  /** Id of the "OpenID Connect id token" credential whose audience is urn:pulumi:org:<org>. */
  credentialsId: ruleName("credentials id").default("pulumi-oidc"),
});

export const circleciBlock = z.strictObject({
  /** CircleCI organization id: the issuer is oidc.circleci.com/org/<id>. */
  organizationId: uuid,
  /** CircleCI project id: `oidc.circleci.com/project-id`. */
  projectId: uuid,
  /** The repository CircleCI builds: `oidc.circleci.com/vcs-origin` (forks differ here). */
  vcsOrigin,
  /** The restricted context the deploy job runs in (security group = approvers): `context-ids`. */
  contextId: uuid,
  /** Its name, which the workflow's `context:` names (CircleCI's config refers to contexts by name). */
  context: ruleName("context name"),
  /** An unrestricted context for pull-request previews (unprotected tiers only). */
  previewContextId: uuid.optional(),
  previewContext: ruleName("preview context name").optional(),
});

/** The keys a project tier adds for CI pipelines and REST-triggered deployments. */
export const projectTierCiKeys = {
  /** The CI system that runs this project's pipeline on the tier (default github-actions). */
  ci: z.enum(CI_SYSTEMS).optional(),
  /** For pulumi-deployments: start deployments through the GitHub App or the REST API. */
  trigger: z.enum(DEPLOYMENT_TRIGGERS).optional(),
  gitlab: gitlabBlock.optional(),
  azureDevops: azureDevopsBlock.optional(),
  jenkins: jenkinsBlock.optional(),
  circleci: circleciBlock.optional(),
};

export type GitlabConfig = z.output<typeof gitlabBlock>;
export type AzureDevopsConfig = z.output<typeof azureDevopsBlock>;
export type JenkinsConfig = z.output<typeof jenkinsBlock>;
export type CircleciConfig = z.output<typeof circleciBlock>;

/** The Azure DevOps issuer of an organization (learn.microsoft.com, docs/assumptions.md "Azure DevOps"). */
export const azureDevopsIssuer = (organizationId: string) =>
  `https://vstoken.dev.azure.com/${organizationId}`;

/** The Microsoft Entra issuer of a tenant (docs/assumptions.md "Azure DevOps"). */
export const entraIssuer = (tenantId: string) =>
  `https://login.microsoftonline.com/${tenantId}/v2.0`;

/** A service connection's `sub` under the Azure DevOps issuer. */
export const azureDevopsSubject = (organization: string, project: string, name: string) =>
  `sc://${organization}/${project}/${name}`;
