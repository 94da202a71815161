/**
 * What a CI unit's policy part (model/ci/<ci>/policy.ts) may check, and with what: the config
 * policy (model/config/policy/ci.ts, ciGates.ts) calls each unit's checks at the point it used to
 * check that CI itself, so the order of the errors is unchanged.
 */
import type { LenientTier } from "../config/view";
import type { PolicyContext, Report, TierUse } from "../config/policy/shared";

/** One use of a gate: where it is declared and what it does there. */
export interface GateUse {
  readonly path: string;
  /** The project tier entry (`projects[i].tiers.<tier>`). */
  readonly entry: string;
  readonly project: number;
  readonly what: string;
}

/** Records a gate; refuses it when another entry (or another role) already uses it. */
export type ClaimGate = (key: string, use: GateUse, shown: string, sameProjectOk: boolean) => void;

/** A project tier entry on the unit's CI, as the gate check sees it. */
export interface GateEntry {
  readonly ctx: PolicyContext;
  readonly project: PolicyContext["v"]["projects"][number];
  readonly tier: LenientTier;
  readonly use: TierUse;
  readonly entry: Record<string, unknown>;
  readonly where: string;
  /** The project's repository host (declared or implied). */
  readonly host: string;
  readonly claim: ClaimGate;
}

/** The identity a block pins, for "one repository is one CI project" (two parts: id, the rest). */
export interface PinnedIdentity {
  readonly id: string;
  readonly rest: string;
}

export interface CiPolicyUnit {
  /** What the CI cannot make safe on one tier entry that runs on it. */
  readonly checkEntry?: (
    err: Report,
    t: LenientTier,
    entry: Record<string, unknown>,
    where: string,
    use: TierUse,
  ) => void;
  /** The identity its block pins, when the entry carries its block. */
  readonly identity?: (block: Record<string, unknown>) => PinnedIdentity;
  /** Whether one repository may be built by several of its identities (one job per tier). */
  readonly repositoryPerIdentity?: "project" | "job";
  /** Gates (contexts, connections) that belong to one entry, across the config. */
  readonly checkGates?: (g: GateEntry) => void;
  /** Checks over the whole config, run once after the gates. */
  readonly checkConfig?: (ctx: PolicyContext) => void;
}
