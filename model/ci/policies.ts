/**
 * The registry of CI units' policy parts: for each unit of model/ci/units.ts, what its tier
 * entries must satisfy.
 */
import type { CiPolicyUnit } from "./policyTypes";
import type { UnitFacts } from "./registry";
import { CI_UNITS_LIST, perUnit } from "./units";

/** Each unit's policy part by its system name. */
export const CI_POLICIES: ReadonlyMap<string, CiPolicyUnit> = perUnit((u) => u.policy);

/** The units' policy parts with their facts, in registry order. */
export const CI_POLICY_UNITS = CI_UNITS_LIST.map((u) => ({
  facts: u.facts as UnitFacts,
  policy: u.policy,
}));
