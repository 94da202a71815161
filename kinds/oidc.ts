/** OIDC issuers: the CIs Pulumi Cloud trusts, with the policies that say which token a run gets. */
import { issuerUrlKey } from "../model/oidc";
import { calls, PS_COSTS, simple } from "./cost";
import { parts, PS } from "./ids";
import { s } from "./helpers";
import { readIssuers } from "./read";
import type { ManagedArea, ManagedType } from "./types";

/** `{organization}/{issuerId}`. */
export const oidcIssuerId = (org: string, issuerId: string) =>
  parts("/", [org, issuerId], "OidcIssuer");

export const oidcIssuer: ManagedType = {
  token: "pulumiservice:index:OidcIssuer",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: [
      "GET /api/orgs/{orgName}/oidc/issuers",
      "GET /api/orgs/{orgName}/auth/policies/oidcissuers/{issuerId}",
    ],
    codes: [
      "oidc-issuer-missing",
      "oidc-issuer-undeclared",
      "oidc-issuer-expiration",
      "oidc-policy-wildcard",
      "oidc-policy-unpinned",
      "oidc-policy-undeclared",
      "oidc-policy-missing",
      "oidc-policy-changed",
      "oidc-context-admitted",
    ],
    severity:
      "every CI's issuer through the matcher: high (wildcard, unpinned, an allow admitting more, a deny refusing less or missing, undeclared allow), medium, low",
  },
  importId: {
    format: "{organization}/{issuerId}",
    source: `${PS}oidc_issuer.go (Read, splitOidcIssuerID)`,
    importable: true,
  },
  cost: simple(
    "pulumi",
    calls(3, 2),
    calls(3, 2),
    calls(2),
    `${PS_COSTS}/resources/oidc_issuer.go Create (RegisterOidcIssuer, GetAuthPolicies, UpdateAuthPolicies), Update (UpdateOidcIssuer, GetAuthPolicies, UpdateAuthPolicies), Read (GetOidcIssuer, GetAuthPolicies)`,
  ),
  replaces: ["organization", "url"],
  // The live name, and the live thumbprints unless declared: an import then shows no difference.
  importInputs: (props, _model, entry) => {
    const live = entry.live ?? {};
    return {
      ...props,
      ...(typeof live.name === "string" ? { name: live.name } : {}),
      ...(Array.isArray(live.thumbprints) && props.thumbprints === undefined
        ? { thumbprints: live.thumbprints }
        : {}),
    };
  },
  lookup: (_r, i, ctx) => {
    const issuer = ctx.live.oidcIssuers.find((x) => issuerUrlKey(x.url) === issuerUrlKey(s(i.url)));
    if (!issuer) return undefined;
    return {
      id: oidcIssuerId(ctx.org, issuer.id),
      match: { organization: ctx.org, url: s(i.url) },
      live: {
        name: issuer.name,
        maxExpirationSeconds: issuer.maxExpiration ?? null,
        thumbprints: [...issuer.thumbprints],
        // Not a policy with a `__proto__` rule: the config (which holds this record) refuses
        // that key anywhere; adopt reports the policy (adopt/extras.ts).
        policies: issuer.policies
          .filter((p) => !Object.keys(p.rules ?? {}).includes("__proto__"))
          .map((p) => {
            const { authorizedPermissions, ...rest } = p;
            return authorizedPermissions?.length ? { ...rest, authorizedPermissions } : rest;
          }),
      },
    };
  },
};

export const oidc: ManagedArea = {
  name: "oidc",
  summary: "OIDC issuers and their authorization policies",
  types: [oidcIssuer],
  live: { reads: "every issuer with its policies", read: readIssuers },
  audit: ["oidc"],
  propose: "adopt/extras.ts",
};
