/**
 * What `index.ts` does, as a function: load and validate the `secure-org:*` config entries (every
 * problem at once), then build the organization. Nothing is registered when the config is invalid.
 */
import { BuildOrgOptions, buildOrg, Org } from "./org";
import { buildShard, ShardOrg } from "./shard";
import { ConfigError } from "../model/config";
import { ConfigEntry, loadOrgConfig } from "../model/load";
import { shardStackName } from "../model/access/shards";

export function programFromEntries(
  entries: Readonly<Record<string, ConfigEntry>>,
  options: Omit<BuildOrgOptions, "warnings"> = {},
  warn: (message: string) => void = () => undefined,
): Org {
  const loaded = loadOrgConfig(entries);
  if (!loaded.ok) throw new ConfigError(loaded.errors);
  for (const w of loaded.warnings) warn(`${w.path}: ${w.message}`);
  return buildOrg(loaded.config, { ...options, warnings: loaded.warnings });
}

/**
 * A shard's `pulumi up`: the organization config (the core stack's), validated as a whole, then
 * the shard whose stack is `stack`.
 */
export function shardFromEntries(
  entries: Readonly<Record<string, ConfigEntry>>,
  stack: string,
  options: Omit<BuildOrgOptions, "warnings" | "secret" | "deployer"> = {},
  warn: (message: string) => void = () => undefined,
): ShardOrg {
  const loaded = loadOrgConfig(entries);
  if (!loaded.ok) throw new ConfigError(loaded.errors);
  const shard = loaded.config.shards.find((s) => shardStackName(loaded.config, s.name) === stack);
  if (!shard)
    throw new Error(
      `stack ${stack} is no shard of this organization; its shards deploy stacks ${loaded.config.shards
        .map((s) => shardStackName(loaded.config, s.name))
        .join(", ")}`,
    );
  for (const w of loaded.warnings) warn(`${w.path}: ${w.message}`);
  return buildShard(loaded.config, shard.name, { ...options, warnings: loaded.warnings });
}
