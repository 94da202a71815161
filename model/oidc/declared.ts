/**
 * The OIDC issuers the model declares, for the audit: the issuers this program manages (the GitHub
 * Actions issuer of `OidcTrust`, and one per issuer URL of the other CIs' identities: an instance
 * or organization of each CI unit, model/ci/registry.ts) and those
 * `oidc.additionalIssuers` accepts (managed elsewhere, each with a reason). Any other live issuer
 * is undeclared.
 */
import type { AccessModel } from "../access";
import { GITHUB_ISSUER_URL } from "./github";
import { ciIdentitiesByIssuer, issuerName } from "./issuers";

/** The name `OidcTrust` gives the GitHub Actions issuer. */
export const GITHUB_ISSUER_NAME = "github-actions";

export interface DeclaredIssuer {
  readonly url: string;
  /** `managed`: this program registers it and its policies; `additional`: accepted as is. */
  readonly kind: "managed" | "additional";
  /** The name the program gives a managed issuer (prefers that issuer among same-URL ones). */
  readonly name?: string;
  /** Tokens it issues live at most this long (managed issuers). */
  readonly maxExpirationSeconds?: number;
  /** Where it is declared and why. */
  readonly source: string;
  readonly reason: string;
}

/** Every issuer the model declares, managed ones first (GitHub, then the other CIs' in order). */
export function declaredIssuers(model: AccessModel): DeclaredIssuer[] {
  const ciIssuers = [...ciIdentitiesByIssuer(model)].map(([url, { ci }]): DeclaredIssuer => ({
    url,
    kind: "managed",
    name: issuerName(ci, url),
    maxExpirationSeconds: model.oidc.maxExpirationSeconds,
    source: "OidcTrust",
    reason: `the ${ci} issuer of the pipelines' identities`,
  }));
  return [
    {
      url: GITHUB_ISSUER_URL,
      kind: "managed",
      name: GITHUB_ISSUER_NAME,
      maxExpirationSeconds: model.oidc.maxExpirationSeconds,
      source: "OidcTrust",
      reason: "the GitHub Actions issuer of the pipelines' identities",
    },
    ...ciIssuers,
    ...model.oidc.additionalIssuers.map((i, n): DeclaredIssuer => ({
      url: i.url,
      kind: "additional",
      source: `oidc.additionalIssuers[${n}]`,
      reason: i.reason,
    })),
  ];
}

/** Issuer URLs compare as the one normalisation of the matcher says (matcher/issuer.ts). */
export { issuerUrlKey } from "./matcher";
