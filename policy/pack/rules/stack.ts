/**
 * Which stack a resource belongs to (from its URN), whether that stack is one of the platform
 * stacks the config exempts, and the stack-config half of the plaintext-secret rule. Pure.
 */
import { scanForSecrets, SecretHit } from "./secrets";

/**
 * `urn:pulumi:<stack>::<project>::<type chain>::<name>` -> `{ stack, project }`. Undefined when the
 * URN is not of that shape (then the resource is never treated as a platform stack's).
 */
export function stackOfUrn(urn: string): { stack: string; project: string } | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? { stack: m[1], project: m[2] } : undefined;
}

/**
 * Whether the resource's stack is one of `platformStacks` (`project/stack`, exact and case
 * sensitive, as Pulumi Cloud names them). Anything that cannot be read is not a platform stack.
 */
export function isPlatformStack(urn: string, platformStacks: unknown): boolean {
  const s = stackOfUrn(urn);
  if (!s || !Array.isArray(platformStacks)) return false;
  return platformStacks.some((p) => typeof p === "string" && p === `${s.project}/${s.stack}`);
}

/** The platform stacks as the message names them. */
export function platformList(platformStacks: unknown): string {
  const list = Array.isArray(platformStacks)
    ? platformStacks.filter((p): p is string => typeof p === "string")
    : [];
  return list.length ? list.join(", ") : "none configured";
}

export interface ConfigHit extends SecretHit {
  /** The config key, `namespace:key`. */
  readonly key: string;
}

/**
 * The stack's config as the Pulumi CLI hands it to a policy pack: `PULUMI_CONFIG` (JSON object of
 * every value, secrets decrypted) and, when the CLI passes it, `PULUMI_CONFIG_SECRET_KEYS` (JSON
 * array of the keys set with `--secret`). Without the list, which values are secret is unknown.
 */
export function stackConfigFromEnv(env: Readonly<Record<string, string | undefined>>): {
  values: Record<string, string>;
  secretKeys?: ReadonlySet<string>;
} {
  const values: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(env.PULUMI_CONFIG ?? "{}");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      for (const [k, v] of Object.entries(parsed)) if (typeof v === "string") values[k] = v;
  } catch {
    // Unreadable config: nothing to check.
  }
  const rawKeys = env.PULUMI_CONFIG_SECRET_KEYS;
  if (rawKeys === undefined) return { values };
  try {
    const parsed: unknown = JSON.parse(rawKeys);
    if (Array.isArray(parsed))
      return { values, secretKeys: new Set(parsed.filter((k) => typeof k === "string")) };
  } catch {
    // Fall through: unknown.
  }
  return { values };
}

/**
 * Secret-looking values among the plaintext config keys. A structured value (an object or list,
 * passed as JSON text) is scanned inside. `path` is where inside the value (empty for the value).
 */
export function plaintextConfigSecrets(
  values: Readonly<Record<string, string>>,
  secretKeys: ReadonlySet<string>,
): ConfigHit[] {
  const hits: ConfigHit[] = [];
  for (const key of Object.keys(values).sort()) {
    if (secretKeys.has(key)) continue;
    // The key's own name (after `namespace:`) is the property name of its value.
    const name = key.includes(":") ? key.slice(key.indexOf(":") + 1) : key;
    for (const h of scanForSecrets(values[key], { key: name })) hits.push({ ...h, key });
  }
  return hits;
}
