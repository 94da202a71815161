/**
 * What `index.ts` does, as a function: load and validate the `secure-org:*` config entries (every
 * problem at once), check the mass-removal guard, then build the organization. Nothing is
 * registered when the config is invalid or the guard stops the change.
 */
import { BuildOrgOptions, buildOrg, Org } from "./org";
import { BaselineSource, guardRemovals } from "./adoption";
import { buildAccessModel } from "../model/access";
import { ConfigError } from "../model/config";
import { ConfigEntry, loadOrgConfig } from "../model/load";

export function programFromEntries(
  entries: Readonly<Record<string, ConfigEntry>>,
  options: Omit<BuildOrgOptions, "warnings"> & { baseline?: BaselineSource } = {},
  warn: (message: string) => void = () => undefined,
): Org {
  const loaded = loadOrgConfig(entries);
  if (!loaded.ok) throw new ConfigError(loaded.errors);
  for (const w of loaded.warnings) warn(`${w.path}: ${w.message}`);
  // Throws a GuardError, before anything is registered, when the change removes too much.
  const guard = guardRemovals(loaded.config, buildAccessModel(loaded.config), options.baseline);
  if (guard && guard.removals > 0) warn(guard.message);
  const buildOptions: BuildOrgOptions = { warn, ...options, warnings: loaded.warnings };
  return buildOrg(loaded.config, buildOptions);
}
