/**
 * The Azure DevOps unit, every part: its facts (./unit.ts), binding (./binding.ts), policy (./policy.ts),
 * pipeline file (./pipeline.ts) and OIDC part (model/oidc/azure-devops/). model/ci/units.ts lists it.
 */
import { azureDevops as oidc } from "../../oidc/azure-devops";
import type { CiUnitParts } from "../parts";
import { azureDevopsBinding, azureDevopsClaimsNote, azureDevopsPreviewKey } from "./binding";
import { azureDevopsPolicy } from "./policy";
import { renderAzurePipelines } from "./pipeline";
import { azureDevopsFacts } from "./unit";

export const azureDevopsUnit = {
  facts: azureDevopsFacts,
  binding: {
    binding: azureDevopsBinding,
    claimsNote: azureDevopsClaimsNote,
    previewKey: azureDevopsPreviewKey,
  },
  policy: azureDevopsPolicy,
  render: renderAzurePipelines,
  oidc,
} as const satisfies CiUnitParts<typeof azureDevopsFacts>;
