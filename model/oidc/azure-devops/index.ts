/**
 * Azure DevOps Pipelines as an OIDC client of Pulumi Cloud. Azure DevOps issues a service
 * connection's id token only to a task that references the connection (the generated pipeline uses
 * `AzureCLI@2` with `addSpnToEnvironment`, which hands the script `idToken`), and only once the
 * pipeline may use that connection and its checks (approvals, branch control) have passed. The
 * token under the Azure DevOps issuer (workload identity federation, learn.microsoft.com "Workload
 * identity federation for Azure
 * Pipelines"):
 *
 * - `iss`: `https://vstoken.dev.azure.com/<organization id>` (the organization's stable id);
 * - `sub`: `sc://<organization>/<project>/<service connection name>` (names, not ids);
 * - `aud`: fixed, `api://AzureADTokenExchange`: a job cannot ask for Pulumi's audience.
 *
 * A connection may instead use the Microsoft Entra issuer (`https://login.microsoftonline.com/<tenant
 * id>/v2.0`, the default for new connections): its `sub` is a subject identifier Microsoft
 * generates, which no Microsoft page read here spells out, so the config gives it verbatim from the
 * connection's page and the policy pins exactly that (docs/assumptions.md, "Azure DevOps").
 *
 * Nothing else: no branch, pipeline, run or reason. So a policy can pin the issuer (organization
 * id) and the service connection, and the connection's approvals and branch control check are the
 * only gate; the plan and README say so. Traps: a project administrator who deletes the
 * connection and recreates one of the same name gets the same `sub`; the audience is shared with
 * every other relying party of Azure's token exchange (assumed accepted by Pulumi Cloud,
 * unverified).
 */
import type { CiBinding, MachineIdentity } from "../../access/types";
import { azureDevopsIssuer, azureDevopsSubject, entraIssuer } from "../../ci/azure-devops/unit";
import type { CiScenario, CiUnit } from "../unitTypes";
import { OidcPolicy } from "../policies";

type AzureBinding = Extract<CiBinding, { system: "azure-devops" }>;

/** The audience Azure DevOps puts in its federation tokens. */
export const AZURE_DEVOPS_AUDIENCE = "api://AzureADTokenExchange";

/** A token as the simulator builds it: issuer, subject, audience, and what the job is. */
export interface AzureShape {
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  /** What the scenario's job is, for the context table. */
  readonly job: string;
}

/** `sc://<org>/<project>/<service connection name>` (Azure DevOps issuer). */
export const azureSubject = (s: {
  organization: string;
  project: string;
  serviceConnection: string;
}) => azureDevopsSubject(s.organization, s.project, s.serviceConnection);

function policies(identity: MachineIdentity, b: AzureBinding): OidcPolicy[] {
  return [
    {
      decision: "allow",
      tokenType: "team",
      teamName: identity.team,
      rules: { aud: AZURE_DEVOPS_AUDIENCE, sub: b.subject },
      description:
        `${identity.project}/${identity.tier} ${identity.purpose}: the token of team ${identity.team} for a job ` +
        `that Azure DevOps organization ${b.organizationId} let use service connection ` +
        `${b.serviceConnection.name} (${b.serviceConnection.id}) of project ${b.project}` +
        (b.issuerKind === "entra" ? ` (Microsoft Entra issuer ${b.issuer})` : "") +
        (identity.purpose === "deploy"
          ? " (its approvals and branch control check gate the job)"
          : ""),
    },
  ];
}

export function azureClaims(s: AzureShape): Record<string, unknown> {
  return { iss: s.issuer, sub: s.subject, aud: s.audience };
}

const OTHER_TENANT = "00000000-0000-4000-8000-000000000000";

/** The attacks: other connections, projects, organizations, tenants, audiences, the other issuer. */
function attacks(b: AzureBinding): [string, Partial<AzureShape>][] {
  const sc = b.serviceConnection.name;
  const adoSub = azureSubject({ ...b, serviceConnection: sc });
  const common: [string, Partial<AzureShape>][] = [
    ["another audience", { audience: "urn:pulumi:org:someone-else" }],
  ];
  if (b.issuerKind === "entra")
    return [
      ["another service connection of the tenant", { subject: `${b.subject}-other` }],
      ["a subject that extends the declared one", { subject: `${b.subject}/x` }],
      ["another tenant with the same subject", { issuer: entraIssuer(OTHER_TENANT) }],
      [
        "the same connection's token from the Azure DevOps issuer",
        { issuer: azureDevopsIssuer(b.organizationId), subject: adoSub },
      ],
      ...common,
    ];
  return [
    [
      "another service connection of the project",
      { subject: azureSubject({ ...b, serviceConnection: `${sc}-other` }) },
    ],
    [
      "a service connection of the same name in another project",
      { subject: azureSubject({ ...b, project: `${b.project}-other`, serviceConnection: sc }) },
    ],
    ["another organization with the same names", { issuer: azureDevopsIssuer(OTHER_TENANT) }],
    ["a Microsoft Entra token with the same subject", { issuer: entraIssuer(OTHER_TENANT) }],
    ...common,
  ];
}

function scenarios(_identity: MachineIdentity, b: AzureBinding): CiScenario<AzureShape>[] {
  const job = `job using service connection ${b.serviceConnection.name} of ${b.organization}/${b.project}`;
  const intendedShape: AzureShape = {
    issuer: b.issuer,
    subject: b.subject,
    audience: AZURE_DEVOPS_AUDIENCE,
    job,
  };
  const list: [string, Partial<AzureShape>][] = [["intended", {}], ...attacks(b)];
  return list.map(([label, change]) => {
    const shape = { ...intendedShape, ...change };
    return { label, context: shape.job, shape, claims: azureClaims(shape) };
  });
}

/** The oracle: the token of exactly this connection, from its issuer, for Azure's audience. */
function intended(_identity: MachineIdentity, b: AzureBinding, s: AzureShape): boolean {
  return s.issuer === b.issuer && s.audience === AZURE_DEVOPS_AUDIENCE && s.subject === b.subject;
}

export const azureDevops: CiUnit<AzureBinding, AzureShape> = {
  system: "azure-devops",
  policies,
  scenarios,
  intended,
};
