/**
 * The registry of CI units' identity parts: for each unit of model/ci/registry.ts, how its
 * binding (issuer and pinned ids) is read from the project tier's identity block, and what its
 * tokens cannot prove (reported by the plan). Exhaustive over the units of model/ci/registry.ts.
 */
import type { CiBinding, StackContext } from "../access/types";
import {
  azureDevopsBinding,
  azureDevopsClaimsNote,
  azureDevopsPreviewKey,
} from "./azure-devops/binding";
import { circleciBinding, circleciPreviewKey } from "./circleci/binding";
import { gitlabBinding } from "./gitlab/binding";
import { jenkinsBinding, jenkinsClaimsNote } from "./jenkins/binding";
import type { UnitCi } from "./registry";

export interface CiBindingUnit {
  readonly binding: (ctx: StackContext, purpose: "deploy" | "preview") => CiBinding | undefined;
  readonly claimsNote?: (where: string) => string;
  /** What, besides the repository, tells a preview's tokens apart (their claims name no target branch). */
  readonly previewKey?: (b: CiBinding) => string;
  /** Whether its deploy policy pins a protected ref, so an unprotected branch the pin matches gets nothing. */
  readonly pinsProtectedRef?: boolean;
}

const UNITS = {
  gitlab: { binding: gitlabBinding, pinsProtectedRef: true },
  "azure-devops": {
    binding: azureDevopsBinding,
    claimsNote: azureDevopsClaimsNote,
    previewKey: azureDevopsPreviewKey,
  },
  jenkins: { binding: jenkinsBinding, claimsNote: jenkinsClaimsNote },
  circleci: { binding: circleciBinding, previewKey: circleciPreviewKey },
} as const satisfies Record<UnitCi, CiBindingUnit>;

/** Each unit's identity parts by its system name. */
export const CI_BINDINGS: ReadonlyMap<string, CiBindingUnit> = new Map(Object.entries(UNITS));
