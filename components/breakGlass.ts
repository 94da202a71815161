import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";
import { BreakGlassSpec } from "../model/access";
import { breakGlassEnvironmentYaml, gateRequest } from "../model/access/breakGlass";
import { TeamHandle } from "./secureTeam";
import { componentType } from "./types";

export const BREAK_GLASS_TYPE = componentType("BreakGlass");

export interface BreakGlassArgs {
  readonly organization: string;
  readonly spec: BreakGlassSpec;
  /** Teams by name; grants and the gate wait for the teams this stack creates. */
  readonly teams: ReadonlyMap<string, TeamHandle>;
}

/**
 * A per-use break-glass (model/access/breakGlass.ts): the environment `<project>/<env>-breakglass`
 * with its own starter definition (kept, never overwritten, never deleted with the config), its
 * ESC open gate (`api:Gate`, action `open`, approver teams, no self-approval), and `open` on it for
 * each requesting team, bounded by the declared duration. Nothing on the tier's own environment,
 * which the pipelines keep opening without a gate.
 */
export class BreakGlass extends pulumi.ComponentResource {
  public readonly environment: ps.Environment;
  public readonly gate: ps.api.Gate;

  constructor(name: string, args: BreakGlassArgs, opts?: pulumi.ComponentResourceOptions) {
    super(BREAK_GLASS_TYPE, name, {}, opts);
    const { organization, spec } = args;
    const teamOf = (t: string) => {
      const team = args.teams.get(t);
      if (!team) throw new Error(`break-glass ${spec.key} references undeclared team ${t}`);
      return team;
    };
    this.environment = new ps.Environment(
      `${name}/environment`,
      {
        organization,
        project: spec.environment.project,
        name: spec.environment.name,
        yaml: new pulumi.asset.StringAsset(breakGlassEnvironmentYaml(spec)),
      },
      { parent: this, retainOnDelete: true, protect: true, ignoreChanges: ["yaml"] },
    );
    const approvers = spec.approvers.map(teamOf).flatMap((t) => (t.team ? [t.team] : []));
    this.gate = new ps.api.Gate(
      `${name}/gate`,
      { orgName: organization, ...gateRequest(spec) },
      { parent: this, dependsOn: [this.environment, ...approvers] },
    );
    for (const t of spec.requesters) {
      const team = teamOf(t);
      // After the gate: the grant never exists without the gate in front of it.
      new ps.TeamEnvironmentPermission(
        `${name}/grant/${t}`,
        {
          organization,
          project: spec.environment.project,
          environment: spec.environment.name,
          team: team.teamName,
          permission: "open",
          maxOpenDuration: spec.maxDuration,
        },
        { parent: this, dependsOn: [this.gate, ...(team.team ? [team.team] : [])] },
      );
    }
    this.registerOutputs({ environment: `${spec.environment.project}/${spec.environment.name}` });
  }
}
