/**
 * What a CI unit's OIDC part (model/oidc/<ci>/) provides: its policies, its scenarios and its
 * oracle. Types only, so the units import them without reaching the issuer assembly.
 */
import type { CiBinding, MachineIdentity } from "../access/types";
import type { OidcPolicy } from "./policies";

/** A context tried against the issuers: a realistic claim set and what it stands for. */
export interface CiScenario<C = unknown> {
  /** "intended", or the attack it stands for ("a merge request pipeline", ...). */
  readonly label: string;
  /** e.g. "push pipeline on main (protected) in environment prod". */
  readonly context: string;
  /** The structural context the oracle compares with each identity. */
  readonly shape: C;
  readonly claims: Record<string, unknown>;
}

/** What a CI unit provides for its identities. */
export interface CiUnit<B extends CiBinding, C> {
  readonly system: B["system"];
  /** Allow policies of one identity, then its denies. Throws on a value it cannot pin exactly. */
  policies(identity: MachineIdentity, binding: B, organization: string): OidcPolicy[];
  /** The identity's intended context and the attacks, as claim sets of this CI. */
  scenarios(identity: MachineIdentity, binding: B, organization: string): CiScenario<C>[];
  /** Whether `identity` is meant to obtain its token in `shape` (exact comparisons). */
  intended(identity: MachineIdentity, binding: B, shape: C, organization: string): boolean;
}
