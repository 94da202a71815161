/**
 * The GitLab CI unit, every part: its facts (./unit.ts), binding (./binding.ts), policy (./policy.ts),
 * pipeline file (./pipeline.ts) and OIDC part (model/oidc/gitlab/). model/ci/units.ts lists it.
 */
import { gitlab as oidc } from "../../oidc/gitlab";
import type { CiUnitParts } from "../parts";
import { gitlabBinding } from "./binding";
import { gitlabPolicy } from "./policy";
import { renderGitlabCi } from "./pipeline";
import { gitlabFacts } from "./unit";

export const gitlabUnit = {
  facts: gitlabFacts,
  binding: { binding: gitlabBinding, pinsProtectedRef: true },
  policy: gitlabPolicy,
  render: renderGitlabCi,
  oidc,
} as const satisfies CiUnitParts<typeof gitlabFacts>;
