/**
 * The issuers of the CIs other than GitHub Actions, built from the identities' bindings by each
 * CI's unit, and their part of the context table: every identity's intended context and the
 * attacks, in that CI's claim shapes, with the tokens the simulated issuers grant (across every
 * issuer of the org: a token goes to the issuer its `iss` names) and the tokens they should grant.
 */
import type { AccessModel, CiBinding, MachineIdentity } from "../access";
import type { ContextRow } from "./github";
import { GithubIds } from "./github/issuer";
import {
  assertExact,
  ciIdentitiesByIssuer,
  CiUnit,
  githubIssuer,
  identityLabel,
  issuerName,
  IssuerPolicies,
  orgCandidates,
  tokensAcross,
} from "./issuers";
import { CI_UNITS_LIST } from "../ci/units";
import { OidcPolicy, tokenLabel } from "./policies";

type AnyUnit = CiUnit<CiBinding, unknown>;

/** The unit of each non-GitHub CI. */
export const CI_UNITS = Object.fromEntries(
  CI_UNITS_LIST.map((u) => [u.facts.system, u.oidc as unknown as AnyUnit]),
) as Readonly<Record<CiBinding["system"], AnyUnit>>;

/** One issuer per issuer URL of the non-GitHub identities, in order of first use. */
export function ciIssuers(model: AccessModel): IssuerPolicies[] {
  const out: IssuerPolicies[] = [];
  for (const [url, { ci, identities }] of ciIdentitiesByIssuer(model)) {
    const unit = CI_UNITS[ci as CiBinding["system"]];
    const sorted = [...identities].sort((a, b) => (a.team < b.team ? -1 : a.team > b.team ? 1 : 0));
    const policies: OidcPolicy[] = sorted.flatMap((i) =>
      unit.policies(i, i.binding as CiBinding, model.organization),
    );
    assertExact(policies, url);
    out.push({ ci, url, name: issuerName(ci, url), policies });
  }
  return out;
}

/** Every issuer of the organization: GitHub Actions first, then the other CIs'. */
export function buildIssuers(model: AccessModel, ids: GithubIds): IssuerPolicies[] {
  return [githubIssuer(model, ids), ...ciIssuers(model)];
}

/** The context table of the non-GitHub identities, across every issuer. */
export function simulateCiPipelines(
  model: AccessModel,
  issuers: readonly IssuerPolicies[],
): ContextRow[] {
  const candidates = orgCandidates(model);
  const rows: ContextRow[] = [];
  for (const p of model.pipelines)
    for (const identity of [p.deploy, p.preview]) {
      const b = identity?.binding;
      if (!identity || !b) continue;
      const unit = CI_UNITS[b.system];
      for (const s of unit.scenarios(identity, b, model.organization))
        rows.push({
          pipeline: p.key,
          context: `${identity.purpose}: ${s.context}${s.label === "intended" ? "" : ` (${s.label})`} [${b.system}]`,
          claims: s.claims,
          tokens: tokensAcross(issuers, s.claims, candidates).map(tokenLabel),
          expected: expectedFor(model, s.shape, s.claims.iss),
        });
    }
  return rows;
}

/** The identities meant to obtain a token in `shape`: those of the issuer it names, by oracle. */
function expectedFor(model: AccessModel, shape: unknown, iss: unknown): string[] {
  return model.identities
    .filter((i): i is MachineIdentity & { binding: CiBinding } => i.binding?.issuer === iss)
    .filter((i) => CI_UNITS[i.binding.system].intended(i, i.binding, shape, model.organization))
    .map(identityLabel);
}
