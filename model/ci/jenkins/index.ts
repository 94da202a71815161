/**
 * The Jenkins unit, every part: its facts (./unit.ts), binding (./binding.ts), policy (./policy.ts),
 * pipeline file (./jenkinsfile.ts) and OIDC part (model/oidc/jenkins/). model/ci/units.ts lists it.
 */
import { jenkins as oidc } from "../../oidc/jenkins";
import type { CiUnitParts } from "../parts";
import { jenkinsBinding, jenkinsClaimsNote } from "./binding";
import { jenkinsPolicy } from "./policy";
import { renderJenkinsfile } from "./jenkinsfile";
import { jenkinsFacts } from "./unit";

export const jenkinsUnit = {
  facts: jenkinsFacts,
  binding: { binding: jenkinsBinding, claimsNote: jenkinsClaimsNote },
  policy: jenkinsPolicy,
  render: renderJenkinsfile,
  oidc,
} as const satisfies CiUnitParts<typeof jenkinsFacts>;
