/** The Pulumi Cloud tokens an OIDC exchange asks for, and how messages name them (the matcher's). */
import type { MatchTokenType, TokenRequest } from "./matcher";

export { tokenLabel } from "./matcher";
export type { TokenRequest } from "./matcher";
export type TokenType = MatchTokenType;
export type Permission = NonNullable<TokenRequest["permission"]>;
