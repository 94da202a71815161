/**
 * Which registered resources already exist: each resource the proposal's program registers (from
 * its offline plan) is looked up in the live organization by its identifying inputs, with its
 * managed area's lookup (kinds/); when it exists, the adopt record gets its import ID, the
 * identifying inputs the import depends on (`match`), and the live values of the inputs the plan
 * compares (`live`).
 */
import { AdoptImport } from "../model/adopt";
import { LOOKUPS, LookupContext } from "../kinds";
import type { RecordedResource } from "../plan/mockRun";

/** The import entries of every registered resource that already exists. */
export function importsFor(
  resources: readonly RecordedResource[],
  ctx: Omit<LookupContext, "siblings">,
): AdoptImport[] {
  const byParent = new Map<string, RecordedResource[]>();
  for (const r of resources)
    if (r.custom && r.parent) byParent.set(r.parent, [...(byParent.get(r.parent) ?? []), r]);
  const taken = new Set<string>();
  const full: LookupContext = {
    ...ctx,
    siblings: (r) => (r.parent ? (byParent.get(r.parent) ?? []) : []),
    taken,
  };
  const out: AdoptImport[] = [];
  for (const r of resources) {
    const lookup = r.custom ? LOOKUPS[r.type] : undefined;
    const found = lookup?.(r, r.inputs, full);
    // Two resources importing one live entity would both manage it: only the first imports.
    if (!found || taken.has(`${r.type}\u0000${found.id}`)) continue;
    taken.add(`${r.type}\u0000${found.id}`);
    out.push({ type: r.type, name: r.name, ...found });
  }
  return out;
}
