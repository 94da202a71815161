/**
 * The value rules every CI unit's config block is built from: issuer URLs, numeric ids, UUIDs and
 * names that reach an OIDC rule. Every value here ends up in an OIDC rule, an issuer URL or a
 * generated pipeline, so each is validated strictly: https URLs without credentials, query,
 * fragment or wildcard characters; numeric ids as positive integers; UUIDs in their canonical
 * lower-case form; names without '.' (which Pulumi's rule matcher reads as "any one character") or
 * anything a shell would expand.
 */
import { z } from "zod";

/** Why `value` is not a base URL an OIDC issuer (or a CI's own URL) may have, if it is not. */
export function checkIssuerUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL`;
  }
  if (url.protocol !== "https:") return `"${value}" must use https://`;
  if (url.username !== "" || url.password !== "")
    return `"${value}" carries credentials (user info before '@'); an issuer URL never does`;
  if (url.search !== "" || url.hash !== "") return `"${value}" must have no query or fragment`;
  if (/[*?\s"'`$\\]/.test(value))
    return `"${value}" contains a wildcard, quote, '$', '\\' or whitespace`;
  if (value.endsWith("/")) return `"${value}" must not end with '/'`;
  if (!/^https:\/\/[a-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~-]+)*$/.test(value))
    return `"${value}" must be https://<lower-case host>[:port][/path] with letters, digits, '.', '_', '~' and '-' in the path`;
  return undefined;
}

export const issuerUrl = z.string().superRefine((value, ctx) => {
  const problem = checkIssuerUrl(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const numericId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A canonical lower-case UUID (the ids some CIs use). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const uuid = z
  .string()
  .regex(UUID, "use the id as a lower-case UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");

/** A name that reaches an OIDC rule: no '.', no wildcard, nothing a shell or YAML expands. */
export const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const ruleName = (what: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(
      RULE_NAME,
      `use letters, digits, '_' and '-' for the ${what} (no '.', which an OIDC rule matches as any character, and no spaces)`,
    );
