/**
 * The access model's login environments (model/cloud/): the config's `cloud` blocks read as
 * `CloudUse`s, then built against the model's stacks and grants.
 */
import { OrgConfig } from "../config";
import { buildCloudEnvironments, CloudEnvironmentSpec } from "../cloud/environments";
import { CloudUse } from "../cloud/identities";
import { Grant, StackSpec } from "./types";

/** Every project tier with a `cloud` block, in config order. */
export function configCloudUses(config: OrgConfig): CloudUse[] {
  const protectedTier = new Map(config.tiers.map((t) => [t.name, t.protected]));
  return config.projects.flatMap((p, pi) =>
    Object.entries(p.tiers).flatMap(([tier, entry]) =>
      entry.cloud
        ? [
            {
              project: p.name,
              tier,
              protected: protectedTier.get(tier) ?? true,
              environment: entry.environment ?? tier,
              cloud: entry.cloud as unknown as Record<string, unknown>,
              path: `projects[${pi}].tiers.${tier}.cloud`,
            },
          ]
        : [],
    ),
  );
}

export function buildCloud(
  config: OrgConfig,
  stacks: readonly StackSpec[],
  grants: readonly Grant[],
): CloudEnvironmentSpec[] {
  return buildCloudEnvironments(config.organization, configCloudUses(config), stacks, grants);
}
