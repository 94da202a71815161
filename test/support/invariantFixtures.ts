/**
 * The prod and multi-CI examples' config and access model, loaded once, on first use inside a
 * test, and kept for the whole process. The invariant unit specs (test/bounds/invariants*Unit,
 * Reachable, Writers, Cloud) read them from here instead of loading at module level: under
 * `npm run mutate` a spec file is re-required for every mutant, and a load at module level both
 * repeats the whole config validation per mutant and marks every invariant mutant "static", so
 * Stryker reloads everything for it. Tests edit copies (structuredClone), never these.
 */
import { AccessModel, buildAccessModel } from "../../model/access";
import type { Finding, OrgConfig } from "../../model/config";
import { loadOrgConfig } from "../../model/load";
import { entriesOf, exampleDoc } from "./examples";

export interface Fixture {
  readonly config: OrgConfig;
  readonly warnings: Finding[];
  readonly model: AccessModel;
}
const cache = new Map<string, Fixture>();

export function fixture(stack: "prod" | "multi-ci"): Fixture {
  let f = cache.get(stack);
  if (!f) {
    const r = loadOrgConfig(entriesOf(exampleDoc(stack)));
    if (!r.ok) throw new Error(`example ${stack} is invalid: ${JSON.stringify(r.errors)}`);
    f = { config: r.config, warnings: r.warnings, model: buildAccessModel(r.config, r.warnings) };
    cache.set(stack, f);
  }
  return f;
}
