/**
 * Cloud reach (model/cloud/reach.ts) over the whole model: no human team reaches the cloud identity
 * of a protected tier except through a declared break-glass open, and nobody may edit a login
 * environment.
 */
import { AccessModel } from "../access";
import { ConfigIssue } from "../config";
import { CloudReach, cloudReach, ReachGrant } from "../cloud/reach";

/** Every environment grant of the model, tier and login environments, as the reach reads them. */
export function reachGrants(model: AccessModel): ReachGrant[] {
  return [
    ...model.grants.map((g) => ({
      team: g.team,
      kind: g.identity,
      environment: `${g.environment.project}/${g.environment.name}`,
      permission: g.environmentPermission,
      ...(g.breakGlass ? { breakGlass: g.breakGlass } : {}),
    })),
    ...model.cloud.flatMap((c) =>
      c.grants.map((g) => ({
        team: g.team,
        kind: g.identity,
        environment: `${c.environment.project}/${c.environment.name}`,
        permission: g.permission,
        ...(g.breakGlass ? { breakGlass: g.breakGlass } : {}),
      })),
    ),
    // Custom roles that open environments (Pulumi Deployments' default deployment role).
    ...model.roles.flatMap((r) =>
      r.environmentScopes.includes("environment:open")
        ? r.environments.map((e) => ({
            team: `role "${r.name}"`,
            kind: "machine" as const,
            environment: `${e.project}/${e.name}`,
            permission: "open",
          }))
        : [],
    ),
  ];
}

export function modelCloudReach(model: AccessModel): CloudReach {
  return cloudReach(
    model.cloud.flatMap((c) => c.identities),
    reachGrants(model),
  );
}

export function checkCloudReach(model: AccessModel, errors: ConfigIssue[]): void {
  for (const r of modelCloudReach(model).refusals) errors.push(r);
}
