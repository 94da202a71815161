/**
 * The CircleCI unit, every part: its facts (./unit.ts), binding (./binding.ts), policy (./policy.ts),
 * pipeline file (./config.ts) and OIDC part (model/oidc/circleci/). model/ci/units.ts lists it.
 */
import { circleci as oidc } from "../../oidc/circleci";
import type { CiUnitParts } from "../parts";
import { circleciBinding, circleciPreviewKey } from "./binding";
import { circleciPolicy } from "./policy";
import { renderCircleciConfig } from "./config";
import { circleciFacts } from "./unit";

export const circleciUnit = {
  facts: circleciFacts,
  binding: { binding: circleciBinding, previewKey: circleciPreviewKey },
  policy: circleciPolicy,
  render: renderCircleciConfig,
  oidc,
} as const satisfies CiUnitParts<typeof circleciFacts>;
