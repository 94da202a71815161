/**
 * What `index.ts` does, as a function: load and validate the `secure-org:*` config entries (every
 * problem at once), check the mass-removal guard, then build the organization. Nothing is
 * registered when the config is invalid or the guard stops the change.
 */
import { BuildOrgOptions, buildOrg, Org } from "./org";
import { buildShard, ShardOrg } from "./shard";
import { BaselineSource, guardRemovals } from "./adoption";
import { buildAccessModel } from "../model/access";
import { ConfigError, ConfigOwner } from "../model/config";
import { ConfigEntry, loadOrgConfig } from "../model/load";
import { buildShardAccess, coreStackName, shardStackName } from "../model/access/shards";

/** The stack (and Pulumi project) whose config this is: the running stack's, for `pulumi up`. */
export interface OwnerOption {
  readonly owner?: ConfigOwner;
}

export function programFromEntries(
  entries: Readonly<Record<string, ConfigEntry>>,
  options: Omit<BuildOrgOptions, "warnings"> & { baseline?: BaselineSource } & OwnerOption = {},
  warn: (message: string) => void = () => undefined,
): Org {
  const { owner, ...rest } = options;
  const loaded = loadOrgConfig(entries, owner);
  if (!loaded.ok) throw new ConfigError(loaded.errors);
  for (const w of loaded.warnings) warn(`${w.path}: ${w.message}`);
  // Throws a GuardError, before anything is registered, when the change removes too much.
  const guard = guardRemovals(loaded.config, buildAccessModel(loaded.config), rest.baseline);
  if (guard && guard.removals > 0) warn(guard.message);
  const buildOptions: BuildOrgOptions = { warn, ...rest, warnings: loaded.warnings };
  return buildOrg(loaded.config, buildOptions);
}

/**
 * A shard's `pulumi up`: the organization config (the core stack's), validated as a whole, then
 * the shard whose stack is `stack`. `shardOf` is the core stack the shard's stack file names
 * (`secure-org:shardOf`): the config read must be that core's, not another organization's.
 */
export function shardFromEntries(
  entries: Readonly<Record<string, ConfigEntry>>,
  stack: string,
  options: Omit<BuildOrgOptions, "warnings" | "secret" | "deployer"> & OwnerOption = {},
  warn: (message: string) => void = () => undefined,
  shardOf?: string,
  ownSecrets: readonly string[] = [],
): ShardOrg {
  const { owner, ...rest } = options;
  const loaded = loadOrgConfig(entries, owner);
  if (!loaded.ok) throw new ConfigError(loaded.errors);
  if (loaded.config.shards.length && shardOf !== undefined) {
    const core = coreStackName(loaded.config);
    if (core !== shardOf)
      throw new Error(
        `secure-org:shardOf names stack ${shardOf}, but Pulumi.${shardOf}.yaml is the config of core stack ${core}: set secure-org:shardOf to the core stack whose config declares this shard`,
      );
  }
  const shard = loaded.config.shards.find((s) => shardStackName(loaded.config, s.name) === stack);
  if (!shard)
    throw new Error(
      `stack ${stack} is no shard of this organization; its shards deploy stacks ${loaded.config.shards
        .map((s) => shardStackName(loaded.config, s.name))
        .join(", ")}`,
    );
  // The secrets of the webhooks shards create (scoped to tiers, stacks or environments).
  const declared = new Set(buildShardAccess(loaded.config)?.sharding.secretKeys ?? []);
  const stray = ownSecrets.filter((k) => !declared.has(k));
  if (stray.length)
    throw new Error(
      `stack ${stack}'s config holds ${stray.map((k) => `secure-org:${k}`).join(", ")}, which no webhook a shard creates signs with; remove ${stray.length > 1 ? "them" : "it"} (a shard's stack holds only its webhooks' secrets: ${[...declared].map((k) => `secure-org:${k}`).join(", ") || "none"})`,
    );
  for (const w of loaded.warnings) warn(`${w.path}: ${w.message}`);
  return buildShard(loaded.config, shard.name, { ...rest, warnings: loaded.warnings });
}
