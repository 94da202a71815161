/**
 * The registry of CI units' policy parts: for each unit of model/ci/registry.ts, what its tier
 * entries must satisfy. Exhaustive over the units of model/ci/registry.ts.
 */
import { azureDevopsPolicy } from "./azure-devops/policy";
import { circleciPolicy } from "./circleci/policy";
import { gitlabPolicy } from "./gitlab/policy";
import { jenkinsPolicy } from "./jenkins/policy";
import type { CiPolicyUnit } from "./policyTypes";
import { CI_UNIT_FACTS, type UnitCi } from "./registry";

const UNITS = {
  gitlab: gitlabPolicy,
  "azure-devops": azureDevopsPolicy,
  jenkins: jenkinsPolicy,
  circleci: circleciPolicy,
} as const satisfies Record<UnitCi, CiPolicyUnit>;

/** Each unit's policy part by its system name. */
export const CI_POLICIES: ReadonlyMap<string, CiPolicyUnit> = new Map(Object.entries(UNITS));

/** The units' policy parts with their facts, in registry order. */
export const CI_POLICY_UNITS = CI_UNIT_FACTS.map((facts) => ({
  facts,
  policy: UNITS[facts.system] as CiPolicyUnit,
}));
