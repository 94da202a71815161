/**
 * The Azure DevOps unit's binding: the issuer and the stable ids its OIDC policies pin, from the project
 * tier's identity block, for the deploy or the preview identity (undefined when the block lacks it).
 */
import type { CiBinding, StackContext } from "../../access/types";
import { azureDevopsIssuer, azureDevopsSubject, entraIssuer } from "./unit";

export function azureDevopsBinding(
  ctx: StackContext,
  purpose: "deploy" | "preview",
): CiBinding | undefined {
  const e = ctx.entry;
  const a = e.azureDevops;
  const sc = purpose === "deploy" ? a?.serviceConnection : a?.previewServiceConnection;
  if (!a || !sc) return undefined;
  const entra = sc.issuer === "entra";
  // Validation refuses an Entra connection without its tenant and subject (config/policy/azureIssuers.ts).
  if (entra && (!sc.tenantId || !sc.subject)) return undefined;
  return {
    system: "azure-devops",
    issuer: entra ? entraIssuer(sc.tenantId as string) : azureDevopsIssuer(a.organizationId),
    issuerKind: entra ? "entra" : "azure-devops",
    subject: entra
      ? (sc.subject as string)
      : azureDevopsSubject(a.organization, a.project, sc.name),
    organizationId: a.organizationId,
    organization: a.organization,
    project: a.project,
    serviceConnection: { name: sc.name, id: sc.id },
  };
}

/** What this CI's tokens cannot prove, which the plan reports for each of its pipelines. */
export const azureDevopsClaimsNote = (where: string) =>
  `${where}: Azure DevOps tokens carry only the service connection (sub) and a fixed audience ` +
  "(api://AzureADTokenExchange); the service connection's approvals, branch control check and " +
  "pipeline permissions are the gate, and nothing in the token shows they are configured";

/** What tells a preview identity's tokens apart from another pipeline's: its service connection. */
export const azureDevopsPreviewKey = (b: CiBinding) =>
  b.system === "azure-devops" ? b.serviceConnection.name : "";
