/**
 * Builds an example (optionally edited) with the real program under mocks and returns what was
 * registered. What this cannot prove: how Pulumi Cloud or GitHub respond to these inputs (the
 * schema checks cover their shape, not their effect).
 */
import * as pulumi from "@pulumi/pulumi";
import { buildOrg, Org } from "../../components/org";
import { RecordedResource, runUnderMocks } from "../../plan/mockRun";
import { OrgConfig, Finding } from "../../model/config";
import { exampleConfig, StackDoc } from "./examples";

export interface Run {
  readonly org: Org;
  readonly resources: RecordedResource[];
  readonly byType: (type: string) => RecordedResource[];
  readonly one: (type: string, name: string) => RecordedResource;
  readonly byUrn: (urn: string | undefined) => RecordedResource | undefined;
}

export async function runConfig(config: OrgConfig, warnings: Finding[] = []): Promise<Run> {
  const { value: org, resources } = await runUnderMocks(
    (rootOptions) =>
      buildOrg(config, {
        rootOptions,
        warnings,
        secret: (k) => pulumi.secret(`secret-value-of-${k}`),
      }),
    { stack: "test", organization: config.organization },
  );
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return {
    org,
    resources,
    byType: (type) => resources.filter((r) => r.type === type),
    one: (type, name) => {
      const found = resources.filter((r) => r.type === type && r.name === name);
      if (found.length !== 1)
        throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
      return found[0];
    },
    byUrn: (urn) => (urn ? byUrn.get(urn) : undefined),
  };
}

export function runExample(stack: "prod" | "dev", edit?: (doc: StackDoc) => void): Promise<Run> {
  const { config, warnings } = exampleConfig(stack, edit);
  return runConfig(config, warnings);
}

export const T = {
  team: "pulumiservice:index:Team",
  stack: "pulumiservice:index:Stack",
  stackTags: "pulumiservice:index:StackTags",
  environment: "pulumiservice:index:Environment",
  stackGrant: "pulumiservice:index:TeamStackPermission",
  envGrant: "pulumiservice:index:TeamEnvironmentPermission",
  approval: "pulumiservice:index:ApprovalRule",
  gate: "pulumiservice:api:Gate",
  breakGlass: "secure-org:index:BreakGlass",
  drift: "pulumiservice:index:DriftSchedule",
  settings: "pulumiservice:index:DeploymentSettings",
  webhook: "pulumiservice:index:Webhook",
  issuer: "pulumiservice:index:OidcIssuer",
  ghTeam: "github:index/team:Team",
  ghMembers: "github:index/teamMembers:TeamMembers",
  ghTeamRepo: "github:index/teamRepository:TeamRepository",
  ghEnv: "github:index/repositoryEnvironment:RepositoryEnvironment",
  ghEnvPolicy:
    "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
  ghFile: "github:index/repositoryFile:RepositoryFile",
  ghRuleset: "github:index/repositoryRuleset:RepositoryRuleset",
  ghWorkflowPerms: "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
  ghActionsPerms: "github:index/actionsRepositoryPermissions:ActionsRepositoryPermissions",
  dynamic: "pulumi-nodejs:dynamic:Resource",
  secureTeam: "secure-org:index:SecureTeam",
  tier: "secure-org:index:EnvironmentTier",
  pipeline: "secure-org:index:DeploymentPipeline",
} as const;
