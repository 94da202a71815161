/**
 * Every OIDC issuer the organization trusts: GitHub Actions (always; see `policies.ts`) and one per
 * issuer URL of the other CIs (an instance or organization of each CI unit), each with the exact
 * allow policies of the identities whose tokens it signs and the denies for what a writer can
 * start. The CI units (`model/oidc/<ci>/`) say how their tokens look; this file assembles them and simulates a
 * token exchange across issuers (a token goes to the issuer its `iss` names, or nowhere).
 */
import type { AccessModel, MachineIdentity } from "../access";
import type { CiSystem } from "../config";
import { GITHUB_ISSUER_URL, GithubIds } from "./github/issuer";
import { buildOidcPolicies, OidcPolicy, requestFor, tokenLabel } from "./policies";
import { assertExactValue, hasRunWildcard, issuerFor } from "./matcher";
import { Decision, evaluate, TokenRequest, tokensFor } from "./simulator";

/** One issuer: its URL, the CI it belongs to, a stable name, and its policies. */
export interface IssuerPolicies {
  readonly ci: CiSystem;
  readonly url: string;
  /** Its `OidcIssuer.name` (and logical name suffix); stable for a given URL. */
  readonly name: string;
  readonly policies: OidcPolicy[];
}

export type { CiScenario, CiUnit } from "./unitTypes";

/** `<ci>` and `https://ci.example.com` -> `<ci>-ci-example-com`: a stable, readable issuer name. */
export function issuerName(ci: CiSystem, url: string): string {
  const rest = url
    .replace(/^https:\/\//, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${ci}-${rest}`.slice(0, 100);
}

/** The identities of the model that a non-GitHub issuer signs for, by issuer URL (model order). */
export function ciIdentitiesByIssuer(
  model: AccessModel,
): Map<string, { ci: CiSystem; identities: MachineIdentity[] }> {
  const out = new Map<string, { ci: CiSystem; identities: MachineIdentity[] }>();
  for (const identity of model.identities) {
    const b = identity.binding;
    if (!b) continue;
    const entry = out.get(b.issuer) ?? { ci: b.system, identities: [] };
    if (entry.ci !== b.system)
      throw new Error(`issuer ${b.issuer} is declared for both ${entry.ci} and ${b.system}`);
    entry.identities.push(identity);
    out.set(b.issuer, entry);
  }
  return out;
}

/** Every wildcard in a rule value is refused: each policy pins exact values. */
export function assertExact(policies: readonly OidcPolicy[], issuer: string): void {
  policies.forEach((p, i) => {
    for (const [claim, value] of Object.entries(p.rules))
      if (hasRunWildcard(value))
        assertExactValue(value, `issuer ${issuer}: policy ${i} rule ${claim}`);
  });
}

/**
 * Token candidates of the whole organization: every machine team of the model, then the
 * organization admin token.
 */
export function orgCandidates(model: AccessModel): TokenRequest[] {
  return [
    ...model.identities
      .filter((i) => i.tokenType === "team")
      .map((i) => ({ tokenType: "team" as const, team: i.team })),
    { tokenType: "organization", permission: "admin" },
  ];
}

/** How Pulumi Cloud decides one exchange across issuers: the token's `iss` picks the issuer. */
export function evaluateAcross(
  issuers: readonly IssuerPolicies[],
  claims: Readonly<Record<string, unknown>>,
  request: TokenRequest,
): Decision {
  const issuer = issuerFor(issuers, claims.iss);
  if (!issuer)
    return {
      allowed: false,
      certain: false,
      unsettled: [],
      reason: `${tokenLabel(request)} denied: no registered issuer is ${JSON.stringify(claims.iss)}`,
    };
  return evaluate(issuer.policies, claims, request);
}

/** The candidates an exchange of `claims` would obtain, across issuers. */
export function tokensAcross(
  issuers: readonly IssuerPolicies[],
  claims: Readonly<Record<string, unknown>>,
  candidates: readonly TokenRequest[],
): TokenRequest[] {
  const issuer = issuerFor(issuers, claims.iss);
  return issuer ? tokensFor(issuer.policies, claims, candidates) : [];
}

/** The GitHub Actions issuer (always present, so its logical name never changes). */
export function githubIssuer(model: AccessModel, ids: GithubIds): IssuerPolicies {
  return {
    ci: "github-actions",
    url: GITHUB_ISSUER_URL,
    name: "github-actions",
    policies: buildOidcPolicies(model, ids),
  };
}

/** The label of an identity's token, as the context table prints it. */
export const identityLabel = (identity: MachineIdentity) => tokenLabel(requestFor(identity));
