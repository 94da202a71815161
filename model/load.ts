/**
 * Turns the `secure-org:*` entries of a stack's config (from a Pulumi.<stack>.yaml file or from
 * the running program's config) into the raw object the schema validates, and checks the keys
 * that are not part of the schema: the only other keys allowed are the secrets that webhooks
 * reference by name, and those must be set with `--secret`.
 */
import { CONFIG_KEYS, ConfigIssue, ConfigOwner, Finding, OrgConfig } from "./config";
import { OrgValidation, validateOrgConfig } from "./validate";

export const NAMESPACE = "secure-org";

export interface ConfigEntry {
  readonly value: unknown;
  readonly secret: boolean;
}

export type LoadResult =
  | { ok: true; config: OrgConfig; warnings: Finding[]; secretKeys: string[] }
  | { ok: false; errors: ConfigIssue[]; warnings: Finding[] };

/**
 * `entries` is keyed by full config key (`secure-org:teams`, `github:owner`, ...). Values are
 * already parsed (YAML) or JSON strings (Pulumi's runtime config); both are accepted. `owner` is
 * the stack whose config this is (and the Pulumi project): the bootstrap deploys that stack.
 */
export function loadOrgConfig(
  entries: Readonly<Record<string, ConfigEntry>>,
  owner: ConfigOwner = {},
): LoadResult {
  const raw: Record<string, unknown> = {};
  const extra = new Map<string, ConfigEntry>();
  const errors: ConfigIssue[] = [];
  for (const [fullKey, entry] of Object.entries(entries)) {
    const sep = fullKey.indexOf(":");
    if (sep < 0 || fullKey.slice(0, sep) !== NAMESPACE) continue;
    const key = fullKey.slice(sep + 1);
    if ((CONFIG_KEYS as string[]).includes(key)) {
      if (entry.secret) {
        errors.push({
          path: key,
          message: `${fullKey} is a policy, not a secret: set it without --secret so reviewers can read it`,
        });
        continue;
      }
      raw[key] = decode(entry.value);
    } else extra.set(key, entry);
  }

  const result = validateOrgConfig(raw, owner);
  const allErrors = [...(result.ok ? [] : result.errors), ...errors];

  const referenced = referencedSecretKeys(result, raw);
  for (const [key, entry] of extra) {
    if (!referenced.has(key))
      allErrors.push({
        path: key,
        message:
          `unknown config key "${NAMESPACE}:${key}"; known keys: ${CONFIG_KEYS.join(", ")}` +
          " (or a secret named by audit.webhooks[].secretConfigKey or urlSecretConfigKey)",
      });
    else if (!entry.secret)
      allErrors.push({
        path: key,
        message: `must be a secret: run \`pulumi config set --secret ${NAMESPACE}:${key} <value>\``,
      });
  }
  for (const key of referenced)
    if (!extra.has(key))
      allErrors.push({
        path: key,
        message: `is referenced by audit.webhooks[] (secretConfigKey or urlSecretConfigKey) but not set: run \`pulumi config set --secret ${NAMESPACE}:${key} <value>\``,
      });

  if (allErrors.length > 0 || !result.ok)
    return { ok: false, errors: allErrors, warnings: result.warnings };
  return {
    ok: true,
    config: result.config,
    warnings: result.warnings,
    secretKeys: [...referenced],
  };
}

/** The secret config keys the webhooks name (`audit.webhooks[].secretConfigKey`). */
function referencedSecretKeys(result: OrgValidation, raw: Record<string, unknown>): Set<string> {
  const referenced = new Set<string>();
  if (result.ok) {
    for (const w of result.config.audit.webhooks)
      for (const key of [w.secretConfigKey, w.urlSecretConfigKey]) if (key) referenced.add(key);
  } else {
    // Still check references on a malformed config, as far as they can be read.
    const audit = raw.audit as
      { webhooks?: { secretConfigKey?: unknown; urlSecretConfigKey?: unknown }[] } | undefined;
    for (const w of Array.isArray(audit?.webhooks) ? audit.webhooks : [])
      for (const key of [w?.secretConfigKey, w?.urlSecretConfigKey])
        if (typeof key === "string") referenced.add(key);
  }
  return referenced;
}

/** Pulumi's runtime gives structured config as JSON text; YAML gives it parsed. */
function decode(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const t = value.trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      return JSON.parse(t);
    } catch {
      return value;
    }
  }
  if (t === "true" || t === "false") return t === "true";
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return value;
}

/**
 * Reads a Pulumi.<stack>.yaml document's `config:` mapping into entries. `{ secure: ... }` values
 * are secrets; their ciphertext is never decrypted here.
 */
export function entriesFromStackFile(doc: unknown): Record<string, ConfigEntry> {
  const out: Record<string, ConfigEntry> = {};
  const config = (doc as { config?: unknown } | null)?.config;
  if (config === undefined || config === null) return out;
  if (typeof config !== "object" || Array.isArray(config))
    throw new Error("the stack file's `config:` must be a mapping");
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    const secret =
      value !== null && typeof value === "object" && !Array.isArray(value) && "secure" in value;
    out[key] = { value: secret ? "[secret]" : value, secret };
  }
  return out;
}
