/**
 * Webhook URLs are stored in plain stack config, which every reader of the platform repository
 * sees. A URL that carries a credential must come from a secret config key instead: user info
 * (`https://user:pass@host`), a token-like query parameter or fragment, or an endpoint whose URL
 * is itself the credential (Slack incoming webhooks, Microsoft Teams and Discord webhooks).
 */

/**
 * Query parameter names that carry credentials, compared without case, '-', '_' and '.':
 * anything ending in token, key, secret, sig(nature), password, credential(s) or auth, and
 * `code`, `pass`, `pwd` (`access_token`, `api-key`, `X-Amz-Signature`, `sv`+`sig` of Azure SAS).
 */
const CREDENTIAL_PARAMS =
  /(?:token|key|secret|sig|signature|password|passwd|credentials?|auth|authorization)$|^(?:code|pass|pwd)$/;

/** Hosts (and path prefixes) whose webhook URLs are bearer credentials themselves. */
const SECRET_URL_ENDPOINTS: readonly { host: RegExp; path: RegExp; what: string }[] = [
  {
    host: /^hooks\.slack\.com$/,
    path: /^\/(?:services|workflows|triggers)\//,
    what: "a Slack webhook URL",
  },
  { host: /(?:^|\.)webhook\.office\.com$/, path: /^\//, what: "a Microsoft Teams webhook URL" },
  { host: /(?:^|\.)logic\.azure\.com$/, path: /^\//, what: "an Azure Logic Apps trigger URL" },
  {
    host: /^(?:ptb\.|canary\.)?discord(?:app)?\.com$/,
    path: /^\/api\/webhooks\//,
    what: "a Discord webhook URL",
  },
  { host: /^chat\.googleapis\.com$/, path: /^\//, what: "a Google Chat webhook URL" },
];

const normalizeParam = (name: string) => name.toLowerCase().replace(/[-_.]/g, "");

/** Why `value` must not be a plain-config webhook URL, if it must not. */
export function checkWebhookUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL";
  }
  if (url.protocol !== "https:") return "must use https://";
  const fix =
    "; put the whole URL in a secret config key (`pulumi config set --secret secure-org:<key> <url>`) " +
    "and name it with urlSecretConfigKey instead of url";
  if (url.username !== "" || url.password !== "")
    return `carries credentials in the URL (user info before '@')${fix}`;
  for (const name of url.searchParams.keys())
    if (CREDENTIAL_PARAMS.test(normalizeParam(name)))
      return `carries a credential in the query parameter "${name}"${fix}`;
  if (/(?:token|key|secret|sig|password|auth)[^=&]*=/i.test(url.hash.slice(1)))
    return `carries a credential in the fragment${fix}`;
  const host = url.hostname.toLowerCase();
  for (const e of SECRET_URL_ENDPOINTS)
    if (e.host.test(host) && e.path.test(url.pathname))
      return `is ${e.what}, which is itself a credential (whoever has it can post)${fix}`;
  return undefined;
}
