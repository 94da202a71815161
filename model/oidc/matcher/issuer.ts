/**
 * Which registered issuer a token goes to. Pulumi Cloud "matches the token's `iss` claim to a
 * registered issuer" and the issuer URL "must match the `iss` claim in the tokens the service
 * issues" (Pulumi docs, OIDC issuers): exact, so the simulator picks the issuer whose URL equals
 * `iss`. `issuerUrlKey` is the one normalisation used to tell whether two configured or live
 * issuer URLs name the same issuer (trailing slashes and case of the URL ignored), never to route
 * a token.
 */

/** Issuer URLs compare without surrounding space or trailing slashes, and case-insensitively. */
export const issuerUrlKey = (u: string): string => u.trim().replace(/\/+$/, "").toLowerCase();

/** The issuer a token's `iss` names, if one is registered (exact comparison). */
export function issuerFor<I extends { readonly url: string }>(
  issuers: readonly I[],
  iss: unknown,
): I | undefined {
  return typeof iss === "string" ? issuers.find((i) => i.url === iss) : undefined;
}
