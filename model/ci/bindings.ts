/**
 * The registry of CI units' identity parts: for each CI other than GitHub Actions, how its
 * binding (issuer and pinned ids) is read from the project tier's identity block, and what its
 * tokens cannot prove (reported by the plan). Exhaustive over the units of model/ci/registry.ts.
 */
import type { CiBinding, StackContext } from "../access/types";
import { azureDevopsBinding, azureDevopsClaimsNote } from "./azure-devops/binding";
import { circleciBinding } from "./circleci/binding";
import { gitlabBinding } from "./gitlab/binding";
import { jenkinsBinding, jenkinsClaimsNote } from "./jenkins/binding";
import type { UnitCi } from "./registry";

export interface CiBindingUnit {
  readonly binding: (ctx: StackContext, purpose: "deploy" | "preview") => CiBinding | undefined;
  readonly claimsNote?: (where: string) => string;
}

const UNITS = {
  gitlab: { binding: gitlabBinding },
  "azure-devops": { binding: azureDevopsBinding, claimsNote: azureDevopsClaimsNote },
  jenkins: { binding: jenkinsBinding, claimsNote: jenkinsClaimsNote },
  circleci: { binding: circleciBinding },
} as const satisfies Record<UnitCi, CiBindingUnit>;

/** Each unit's identity parts by its system name. */
export const CI_BINDINGS: ReadonlyMap<string, CiBindingUnit> = new Map(Object.entries(UNITS));
