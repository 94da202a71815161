/**
 * Azure DevOps Pipelines as an OIDC client of Pulumi Cloud. A job requests a token for a service
 * connection (`POST $(System.OidcRequestUri)?api-version=7.1&serviceConnectionId=<id>` with the
 * job's `System.AccessToken`); Azure DevOps only answers when the pipeline may use that service
 * connection and the connection's checks (approvals, branch control) have passed. The token
 * (workload identity federation, learn.microsoft.com "Workload identity federation for Azure
 * Pipelines"):
 *
 * - `iss`: `https://vstoken.dev.azure.com/<organization id>` (the organization's stable id);
 * - `sub`: `sc://<organization>/<project>/<service connection name>` (names, not ids);
 * - `aud`: fixed, `api://AzureADTokenExchange`: a job cannot ask for Pulumi's audience.
 *
 * Nothing else: no branch, pipeline, run or reason. So a policy can pin the issuer (organization
 * id) and the service connection, and the connection's approvals and branch control check are the
 * only gate; the plan and README say so. Traps: a project administrator who deletes the
 * connection and recreates one of the same name gets the same `sub`; the audience is shared with
 * every other relying party of Azure's token exchange (assumed accepted by Pulumi Cloud,
 * unverified).
 */
import type { CiBinding, MachineIdentity } from "../../access";
import type { CiScenario, CiUnit } from "../issuers";
import { OidcPolicy } from "../policies";

type AzureBinding = Extract<CiBinding, { system: "azure-devops" }>;

/** The only audience Azure DevOps puts in its federation tokens. */
export const AZURE_DEVOPS_AUDIENCE = "api://AzureADTokenExchange";

export interface AzureShape {
  readonly issuer: string;
  readonly organization: string;
  readonly project: string;
  readonly serviceConnection: string;
  readonly audience: string;
}

export const azureSubject = (
  s: Pick<AzureShape, "organization" | "project" | "serviceConnection">,
) => `sc://${s.organization}/${s.project}/${s.serviceConnection}`;

function policies(identity: MachineIdentity, b: AzureBinding): OidcPolicy[] {
  const sub = azureSubject({ ...b, serviceConnection: b.serviceConnection.name });
  return [
    {
      decision: "allow",
      tokenType: "team",
      teamName: identity.team,
      rules: { aud: AZURE_DEVOPS_AUDIENCE, sub },
      description:
        `${identity.project}/${identity.tier} ${identity.purpose}: the token of team ${identity.team} for a job ` +
        `that Azure DevOps organization ${b.organizationId} let use service connection ` +
        `${b.serviceConnection.name} (${b.serviceConnection.id}) of project ${b.project}` +
        (identity.purpose === "deploy"
          ? " (its approvals and branch control check gate the job)"
          : ""),
    },
  ];
}

export function azureClaims(s: AzureShape): Record<string, unknown> {
  return { iss: s.issuer, sub: azureSubject(s), aud: s.audience };
}

function scenarios(_identity: MachineIdentity, b: AzureBinding): CiScenario<AzureShape>[] {
  const intendedShape: AzureShape = {
    issuer: b.issuer,
    organization: b.organization,
    project: b.project,
    serviceConnection: b.serviceConnection.name,
    audience: AZURE_DEVOPS_AUDIENCE,
  };
  const list: [string, Partial<AzureShape>][] = [
    ["intended", {}],
    [
      "another service connection of the project",
      { serviceConnection: `${b.serviceConnection.name}-other` },
    ],
    ["a service connection of the same name in another project", { project: `${b.project}-other` }],
    [
      "another organization with the same names",
      { issuer: "https://vstoken.dev.azure.com/00000000-0000-4000-8000-000000000000" },
    ],
    ["another audience", { audience: "urn:pulumi:org:someone-else" }],
  ];
  return list.map(([label, change]) => {
    const shape = { ...intendedShape, ...change };
    return {
      label,
      context: `job using service connection ${shape.serviceConnection} of ${shape.organization}/${shape.project}`,
      shape,
      claims: azureClaims(shape),
    };
  });
}

function intended(_identity: MachineIdentity, b: AzureBinding, s: AzureShape): boolean {
  return (
    s.issuer === b.issuer &&
    s.audience === AZURE_DEVOPS_AUDIENCE &&
    s.organization === b.organization &&
    s.project === b.project &&
    s.serviceConnection === b.serviceConnection.name
  );
}

export const azureDevops: CiUnit<AzureBinding, AzureShape> = {
  system: "azure-devops",
  policies,
  scenarios,
  intended,
};
