/**
 * The login environments of a tier (model/cloud/): one ESC environment per tier environment that
 * logs in to a cloud, with the definition secure-org owns (never `ignoreChanges`: a change made
 * in the console is reverted on the next run), and the tier environment's grants capped at open.
 * Children of the tier component, named `<project>/<tier>/cloud-environment` and
 * `<project>/<tier>/cloud-grant/<team>`: never rename them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import { CloudEnvironmentSpec } from "../model/cloud/environments";
import { TeamHandle } from "./secureTeam";

export interface CloudLoginArgs {
  readonly organization: string;
  readonly cloud: readonly CloudEnvironmentSpec[];
  readonly teams: ReadonlyMap<string, TeamHandle>;
}

/** The login environments and their grants, parented to the tier component. */
export function createCloudLogins(
  tier: pulumi.ComponentResource,
  args: CloudLoginArgs,
): Map<string, ps.Environment> {
  const out = new Map<string, ps.Environment>();
  for (const c of args.cloud) {
    const env = new ps.Environment(
      `${c.key}/cloud-environment`,
      {
        organization: args.organization,
        project: c.environment.project,
        name: c.environment.name,
        yaml: new pulumi.asset.StringAsset(c.yaml),
      },
      { parent: tier, retainOnDelete: true, protect: c.protected },
    );
    out.set(c.key, env);
    for (const g of c.grants) {
      const team = args.teams.get(g.team);
      if (!team) throw new Error(`cloud grant references undeclared team ${g.team}`);
      new ps.TeamEnvironmentPermission(
        `${c.key}/cloud-grant/${g.team}`,
        {
          organization: args.organization,
          project: c.environment.project,
          environment: c.environment.name,
          team: team.teamName,
          permission: g.permission,
          maxOpenDuration: g.maxOpenDuration,
        },
        { parent: tier, dependsOn: [...(team.team ? [team.team] : []), env] },
      );
    }
  }
  return out;
}
