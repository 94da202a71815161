/**
 * Shared helpers of the CI units' unit-level specs (test/oidc/unit{Gitlab,Circleci,Jenkins,Azure}.spec.ts,
 * issue 33): the documented example tokens (test/fixtures/oidc-claims/*.json), a hand-made
 * identity, and the checks each spec runs: each pin dropped alone, the oracle's directions, the
 * scenarios agreeing with the oracle. Nothing runs while mocha loads a spec.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { CiBinding, MachineIdentity } from "../../model/access";
import { tokenLabel, tokensFor, OidcPolicy, TokenRequest } from "../../model/oidc";
import type { CiUnit } from "../../model/oidc/unitTypes";
import { IssuerPolicies, tokensAcross } from "../../model/oidc/issuers";

export const AUD = "urn:pulumi:org:acme";

/** The documented example token of a CI (test/fixtures/oidc-claims/<ci>.json). */
export function documented(ci: string): Record<string, unknown> {
  const file = path.join(__dirname, "..", "fixtures", "oidc-claims", `${ci}.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { claims: Record<string, unknown> }).claims;
}

export function identity(
  binding: CiBinding,
  over: Partial<MachineIdentity> = {},
): MachineIdentity & { binding: CiBinding } {
  return {
    team: "billing-prod-deploy",
    ci: binding.system,
    binding,
    tokenType: "team",
    purpose: "deploy",
    project: "billing",
    tier: "prod",
    repository: "billing-infra",
    branch: "main",
    events: ["push"],
    may: [],
    ...over,
  } as MachineIdentity & { binding: CiBinding };
}

export const CANDIDATES = (team: string): TokenRequest[] => [
  { tokenType: "team", team },
  { tokenType: "team", team: "someone-else" },
  { tokenType: "organization", permission: "admin" },
];
export const granted = (
  policies: readonly OidcPolicy[],
  claims: Record<string, unknown>,
  team: string,
) => tokensFor(policies, claims, CANDIDATES(team)).map(tokenLabel);

/** The claim a rule key reads: quoted keys (CircleCI's dotted names) name one top-level claim. */
export const claimOf = (key: string) => (key.startsWith('"') ? (JSON.parse(key) as string) : key);

/**
 * Each pin of `allow`, dropped alone, admits `claims` with that one claim set to its foreign
 * value; with the pin, that claim set obtains nothing. `foreign` names every pin.
 */
export function assertEachPinMatters(
  allow: OidcPolicy,
  claims: Record<string, unknown>,
  foreign: Readonly<Record<string, unknown>>,
): void {
  const team = allow.teamName as string;
  assert.deepEqual(Object.keys(foreign).sort(), Object.keys(allow.rules).sort(), "every pin");
  assert.deepEqual(granted([allow], claims, team), [`team:${team}`], "the documented token");
  for (const [key, value] of Object.entries(foreign)) {
    const hostile = { ...claims, [claimOf(key)]: value };
    assert.deepEqual(granted([allow], hostile, team), [], `${key}: refused with the pin`);
    const rest = { ...allow.rules };
    delete rest[key];
    assert.deepEqual(
      granted([{ ...allow, rules: rest }], hostile, team),
      [`team:${team}`],
      `${key}: admitted without the pin`,
    );
  }
}

/** The oracle is true for `shape` and false when any one field takes its value in `other`. */
export function assertOracleDirections<B extends CiBinding, C extends object>(
  unit: CiUnit<B, C>,
  who: MachineIdentity,
  b: B,
  shape: C,
  other: Partial<Record<keyof C, unknown>>,
): void {
  assert.equal(unit.intended(who, b, shape, "acme"), true, "intended");
  for (const [k, v] of Object.entries(other))
    assert.equal(unit.intended(who, b, { ...shape, [k]: v } as C, "acme"), false, `${k} differs`);
  assert.equal(unit.intended(who, b, shape, "someone-else"), false, "another organization");
}

/** Every scenario's claims obtain the identity's token exactly when the oracle says so. */
export function assertScenariosAgree<B extends CiBinding, C>(
  unit: CiUnit<B, C>,
  who: MachineIdentity,
  b: B,
): string[] {
  // The issuer the binding names, with the identity's policies: a token goes to the issuer its
  // `iss` names, or nowhere.
  const issuer: IssuerPolicies = {
    ci: b.system,
    url: b.issuer,
    name: b.system,
    policies: unit.policies(who, b, "acme"),
  };
  const scenarios = unit.scenarios(who, b, "acme");
  for (const s of scenarios)
    assert.deepEqual(
      tokensAcross([issuer], s.claims, CANDIDATES(who.team)).map(tokenLabel),
      unit.intended(who, b, s.shape, "acme") ? [`team:${who.team}`] : [],
      `${s.label}: ${s.context}`,
    );
  assert.equal(scenarios[0].label, "intended");
  assert.equal(scenarios.filter((s) => s.label === "intended").length, 1);
  return scenarios.map((s) => s.label);
}
