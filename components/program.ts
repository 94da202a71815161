/**
 * What `index.ts` does, as a function: load and validate the `secure-org:*` config entries (every
 * problem at once), then build the organization. Nothing is registered when the config is invalid.
 */
import { BuildOrgOptions, buildOrg, Org } from "./org";
import { ConfigError } from "../model/config";
import { ConfigEntry, loadOrgConfig } from "../model/load";

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
