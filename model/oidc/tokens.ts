/** The Pulumi Cloud tokens an OIDC exchange asks for, and how messages name them. */

export type TokenType = "team" | "organization" | "personal" | "runner";
export type Permission = "admin" | "standard";

/** The token one exchange asks for. */
export interface TokenRequest {
  tokenType: "team" | "organization";
  team?: string;
  permission?: Permission;
}

/** Label of a token request, as the plan prints it: `team:<name>` or `organization:<permission>`. */
export function tokenLabel(request: TokenRequest): string {
  return request.tokenType === "team"
    ? `team:${request.team ?? "?"}`
    : `organization:${request.permission ?? "admin"}`;
}
