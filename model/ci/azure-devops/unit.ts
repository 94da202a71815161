/**
 * The Azure DevOps unit's facts: its identity block (organization id and name, project, service
 * connections), its two issuers, the hosts its repositories live on and the file it reads.
 */
import { z } from "zod";
import type { CiFacts } from "../unit";
import { ruleName, uuid } from "../values";

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

export type AzureDevopsConfig = z.output<typeof azureDevopsBlock>;

/** The Azure DevOps issuer of an organization (learn.microsoft.com, docs/assumptions.md "Azure DevOps"). */
export const azureDevopsIssuer = (organizationId: string) =>
  `https://vstoken.dev.azure.com/${organizationId}`;

/** The Microsoft Entra issuer of a tenant (docs/assumptions.md "Azure DevOps"). */
export const entraIssuer = (tenantId: string) =>
  `https://login.microsoftonline.com/${tenantId}/v2.0`;

/** A service connection's `sub` under the Azure DevOps issuer. */
export const azureDevopsSubject = (organization: string, project: string, name: string) =>
  `sc://${organization}/${project}/${name}`;

export const azureDevopsFacts = {
  system: "azure-devops",
  blockKey: "azureDevops",
  block: azureDevopsBlock,
  hosts: ["azure-repos", "github"],
  impliedHost: "azure-repos",
  previewRoute: true,
  pipelineFile: "azure-pipelines.yml",
  runsPulumiImage: true,
  words: /azure|vsts|devops/i,
  initAliases: ["azure", "azure-pipelines"],
  initRequired: [
    "organizationId",
    "organization",
    "project",
    "serviceConnection.name",
    "serviceConnection.id",
  ],
  publishedSchema: {
    flag: "azure",
    repository: "microsoft/azure-pipelines-vscode",
    path: "service-schema.json",
    fixture: "azure-pipelines.schema.json",
    licence: "MIT",
  },
} as const satisfies CiFacts;

/** The Azure DevOps unit's binding: how its pipeline identities show up in their OIDC tokens. */
export interface AzureDevopsBinding {
  readonly system: "azure-devops";
  /** The issuer URL of the connection's tokens (the one its page shows). */
  readonly issuer: string;
  /** Which issuer that is: Azure DevOps' own (per organization) or Microsoft Entra (per tenant). */
  readonly issuerKind: "azure-devops" | "entra";
  /** The token's `sub`: `sc://<org>/<project>/<name>` (Azure DevOps) or the connection page's (Entra). */
  readonly subject: string;
  readonly organizationId: string;
  readonly organization: string;
  readonly project: string;
  /** The service connection this identity requests its token through. */
  readonly serviceConnection: { readonly name: string; readonly id: string };
}
