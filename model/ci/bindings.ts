/**
 * The registry of CI units' identity parts: for each unit of model/ci/units.ts, how its binding
 * (issuer and pinned ids) is read from the project tier's identity block, and what its tokens
 * cannot prove (reported by the plan).
 */
import type { CiBindingUnit } from "./parts";
import { perUnit } from "./units";

export type { CiBindingUnit } from "./parts";

/** Each unit's identity parts by its system name. */
export const CI_BINDINGS: ReadonlyMap<string, CiBindingUnit> = perUnit((u) => u.binding);
