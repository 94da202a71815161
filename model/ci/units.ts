/**
 * Every CI unit with all its parts, one line per unit, in the registry's
 * order (model/ci/registry.ts lists their facts for the config, which cannot import the other
 * parts). The binding, policy, pipeline-file and OIDC tables derive from this list; a unit the
 * registry has and this list lacks (or the other way round, or in another order) does not compile.
 */
import { azureDevopsUnit } from "./azure-devops";
import { circleciUnit } from "./circleci";
import { gitlabUnit } from "./gitlab";
import { jenkinsUnit } from "./jenkins";
import type { CiUnitParts } from "./parts";
import type { CI_UNIT_FACTS } from "./registry";

/** The Pulumi Deployments unit's file: the caller script of REST-triggered deployments. */
export { TRIGGER_SCRIPT } from "./pulumi-deployments/trigger";

export const CI_UNIT_PARTS = [gitlabUnit, azureDevopsUnit, jenkinsUnit, circleciUnit] as const;

type Systems<T extends readonly { readonly facts: { readonly system: string } }[]> = {
  -readonly [K in keyof T]: T[K]["facts"]["system"];
};
type FactSystems<T extends readonly { readonly system: string }[]> = {
  -readonly [K in keyof T]: T[K]["system"];
};
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The units here are the registry's, in its order. */
const sameUnits: Same<Systems<typeof CI_UNIT_PARTS>, FactSystems<typeof CI_UNIT_FACTS>> = true;
void sameUnits;

/** The units, each as the tables read it. */
export const CI_UNITS_LIST: readonly CiUnitParts[] = CI_UNIT_PARTS as unknown as CiUnitParts[];

/** A table with one entry per unit, keyed by its system name, in registry order. */
export function perUnit<T>(pick: (u: CiUnitParts) => T): ReadonlyMap<string, T> {
  return new Map(CI_UNITS_LIST.map((u) => [u.facts.system, pick(u)]));
}
