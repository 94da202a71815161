/**
 * The parts of a CI unit (model/ci/<ci>/index.ts): its facts for the config (./unit.ts), how its
 * binding is read, what its tier entries must satisfy, its pipeline file's renderer and its OIDC
 * part (model/oidc/<ci>/). Types only: the registries (./units.ts, ./registry.ts) list the units.
 */
import type { CiBinding, PipelineSpec, StackContext } from "../access/types";
import type { CiUnit } from "../oidc/unitTypes";
import type { CiPolicyUnit } from "./policyTypes";
import type { CiRenderContext } from "./shared";
import type { CiFacts } from "./unit";

export interface CiBindingUnit {
  readonly binding: (ctx: StackContext, purpose: "deploy" | "preview") => CiBinding | undefined;
  readonly claimsNote?: (where: string) => string;
  /** What, besides the repository, tells a preview's tokens apart (their claims name no target branch). */
  readonly previewKey?: (b: CiBinding) => string;
  /** Whether its deploy policy pins a protected ref, so an unprotected branch the pin matches gets nothing. */
  readonly pinsProtectedRef?: boolean;
}

/** Renders the CI's pipeline file of one repository from the pipelines it runs there. */
export type CiRenderer = (pipelines: PipelineSpec[], ctx: CiRenderContext) => string;

/** One CI unit: every part, keyed by what uses it. */
export interface CiUnitParts<F extends CiFacts = CiFacts> {
  readonly facts: F;
  readonly binding: CiBindingUnit;
  readonly policy: CiPolicyUnit;
  readonly render: CiRenderer;
  /** Its issuer's policies, its simulator scenarios and their oracle. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each unit has its own claim shape
  readonly oidc: CiUnit<Extract<CiBinding, { system: F["system"] }>, any>;
}
