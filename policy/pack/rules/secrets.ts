/**
 * Secret-looking values: a small rule set tuned for few false positives. Every rule is anchored on
 * a format a credential really has (a vendor prefix, a PEM header, a password inside a URL or a
 * connection string); the one generic rule needs both a key name that says "secret" and a value
 * that looks random. Hashes, ARNs, UUIDs under neutral keys, base64 images and URLs without
 * credentials match nothing (test/policy/secrets.spec.ts holds the true positives and the bait).
 *
 * Pure: no Pulumi imports. Messages never echo the value, only where it is and what it looks like.
 */

import { CLOUD_KEY_SHAPES } from "./cloudKeys";

export interface SecretHit {
  /** Where the value is: `a.b[2]["c.d"]` (empty for a top-level string). */
  readonly path: string;
  /** The rule's id, e.g. `pem-private-key`. */
  readonly rule: string;
  /** What it looks like, for the message. */
  readonly what: string;
}

interface Rule {
  readonly id: string;
  readonly what: string;
  /** `key` is the last property name on the value's path, when there is one. */
  readonly test: (value: string, key: string | undefined) => boolean;
}

const re = (pattern: RegExp) => (value: string) => pattern.test(value);

/** Values that only stand for a secret (templates, references, masks). */
const PLACEHOLDER = /^(?:\$\{.*\}|\$\(.*\)|\{\{.*\}\}|<[^<>]*>|%[sv]|\*+|x{3,}|X{3,}|\.{3,}|…)$/;

/** A password inside a URL: `scheme://user:password@host` with a real password. */
function urlWithPassword(value: string): boolean {
  const m = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/:@?#]*):([^\s/@?#]+)@[^\s/?#]+/i.exec(value);
  if (!m) return false;
  let password = m[2];
  try {
    password = decodeURIComponent(password);
  } catch {
    // Keep the raw text.
  }
  return password.length > 0 && !PLACEHOLDER.test(password);
}

/** `Server=...;Password=...;` (ADO.NET, JDBC-style key=value lists), with a real password. */
function connectionStringPassword(value: string): boolean {
  if (!/(?:^|;)\s*(?:server|data source|host|hostname|address|addr)\s*=/i.test(value)) return false;
  const m = /(?:^|;)\s*(?:password|pwd)\s*=\s*([^;]*)/i.exec(value);
  if (!m) return false;
  const password = m[1].trim().replace(/^["']|["']$/g, "");
  return password.length > 0 && !PLACEHOLDER.test(password);
}

/** Query parameters that carry credentials (SAS signatures, access tokens, API keys). */
function credentialQueryParameter(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
  const q = value.indexOf("?");
  if (q < 0) return false;
  for (const part of value.slice(q + 1).split(/[&#]/)) {
    const [k, v = ""] = part.split("=", 2);
    if (!/^(?:sig|access_token|api_key|apikey|client_secret|password|secret|token)$/i.test(k))
      continue;
    if (v.length >= 16 && !PLACEHOLDER.test(v)) return true;
  }
  return false;
}

/** The last word of a property name, lower case: `masterUserPassword` -> `password`. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_.\-/]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Property names that hold a secret itself (not its name, id, ARN, path or length). */
export function isSecretKeyName(key: string): boolean {
  const w = keyWords(key);
  if (w.length === 0) return false;
  // A plural names a list of them: `passwords`, `tokens`.
  const last = w[w.length - 1].replace(/(?<=[a-z]{4})s$/, "");
  const pair = w.length >= 2 ? `${w[w.length - 2]}${last}` : "";
  if (["password", "passwd", "pwd", "passphrase", "secret", "token", "apikey"].includes(last))
    return true;
  return ["apikey", "privatekey", "secretkey", "accesskey", "signingkey", "clientsecret"].includes(
    pair,
  );
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...value].length;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  return h;
}

/** A value that refers to a secret kept elsewhere, or is not a secret at all. */
const REFERENCE =
  /^(?:arn:|projects\/|\/|[a-z][a-z0-9+.-]*:\/\/[^@\s]*$|secretsmanager:|ssm:|vault:|ref\+|sm:\/\/|key-vault:|\$\{|\{\{)/i;

/** The generic rule: a "secret" key name with a value that looks random. */
function secretUnderSecretKey(value: string, key: string | undefined): boolean {
  if (!key || !isSecretKeyName(key)) return false;
  const v = value.trim();
  if (v.length < 12 || /\s/.test(v) || PLACEHOLDER.test(v) || REFERENCE.test(v)) return false;
  // Random-looking: letters and digits of at least two kinds (lower, upper, digits), varied.
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((c) => c.test(v)).length;
  return classes >= 2 && entropy(v) >= 3;
}

/** A base64-encoded PEM private key (Kubernetes secrets, CI variables). */
function base64PrivateKey(value: string): boolean {
  const m = /LS0tLS1CRUdJTi[A-Za-z0-9+/=]{20,}/.exec(value);
  if (!m) return false;
  const text = Buffer.from(m[0], "base64").toString("latin1");
  return PEM_PRIVATE_KEY.test(text);
}

const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;

export const SECRET_RULES: readonly Rule[] = [
  { id: "pem-private-key", what: "a PEM private key", test: re(PEM_PRIVATE_KEY) },
  { id: "base64-private-key", what: "a base64-encoded PEM private key", test: base64PrivateKey },
  { id: "pulumi-token", what: "a Pulumi access token", test: re(/\bpul-[0-9a-f]{40}\b/) },
  {
    id: "github-token",
    what: "a GitHub token",
    test: re(/\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/),
  },
  // Static cloud keys by value shape, under any key name (./cloudKeys.ts).
  ...CLOUD_KEY_SHAPES.map((c) => ({
    id: c.id,
    what: `${c.what} (a static cloud key: log in by OIDC through ESC instead)`,
    test: (v: string) => c.test(v),
  })),
  {
    id: "aws-secret-access-key",
    what: "an AWS secret access key",
    test: (v, key) =>
      !!key && /(?:secret.?access.?key|aws.?secret)/i.test(key) && /^[A-Za-z0-9/+=]{40}$/.test(v),
  },
  { id: "google-api-key", what: "a Google API key", test: re(/\bAIza[0-9A-Za-z_-]{35}\b/) },
  { id: "slack-token", what: "a Slack token", test: re(/\bxox[abposr]-\d{6,}-[0-9A-Za-z-]{8,}/) },
  {
    id: "slack-webhook",
    what: "a Slack webhook URL",
    test: re(/https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/),
  },
  { id: "stripe-key", what: "a Stripe live key", test: re(/\b[rs]k_live_[0-9A-Za-z]{20,}\b/) },
  {
    id: "jwt",
    what: "a JSON web token",
    test: re(/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/),
  },
  { id: "url-password", what: "a URL with a password in it", test: urlWithPassword },
  {
    id: "connection-string-password",
    what: "a connection string with a password",
    test: connectionStringPassword,
  },
  {
    id: "azure-account-key",
    what: "an Azure storage account or shared access key",
    test: re(/(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{30,}={0,2}/),
  },
  {
    id: "url-credential-parameter",
    what: "a URL whose query carries a credential",
    test: credentialQueryParameter,
  },
  {
    id: "secret-under-secret-key",
    what: "a random-looking value under a property named like a secret",
    test: secretUnderSecretKey,
  },
];

/** Embedded media are data, not credentials: never scanned. */
const DATA_URI = /^data:(?:image|font|audio|video)\/[\w.+-]+;base64,/i;

/**
 * The most specific rule a string matches (rules are ordered from the most specific formats to
 * the generic one), so one value is reported once.
 */
export function matchSecret(value: string, key?: string): Rule | undefined {
  if (value.length < 8 || DATA_URI.test(value)) return undefined;
  return SECRET_RULES.find((r) => r.test(value, key));
}

/** How a walk reads a property; may throw for values unknown during preview. */
export type Reader = (obj: Record<string, unknown> | unknown[], key: string | number) => unknown;

export interface ScanOptions {
  /** Reads a property (default: plain access). */
  readonly read?: Reader;
  /** Whether a thrown error means "unknown during preview, skip it" (default: never). */
  readonly isUnknown?: (e: unknown) => boolean;
  /** Top-level properties not to scan (those the resource marks secret). */
  readonly skipTopLevel?: ReadonlySet<string>;
  /** The property name the root value is stored under (a config key), if any. */
  readonly key?: string;
}

/** A JSON object or array written as text, parsed; undefined for anything else. */
function parseJsonContainer(text: string): unknown {
  if (text.length > 1_000_000 || !/^\s*[[{]/.test(text)) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" ? v : undefined;
  } catch {
    return undefined;
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const join = (path: string, key: string | number) =>
  typeof key === "number"
    ? `${path}[${key}]`
    : IDENT.test(key)
      ? path
        ? `${path}.${key}`
        : key
      : `${path}[${JSON.stringify(key)}]`;

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** An object with `type: service_account` and a `private_key` (read without tripping unknowns). */
function isServiceAccountKey(o: Record<string, unknown>, read: Reader): boolean {
  if (!Object.prototype.hasOwnProperty.call(o, "private_key")) return false;
  try {
    return read(o, "type") === "service_account";
  } catch {
    return false;
  }
}

/**
 * Every secret-looking string in a value (resource inputs, a config value), depth first. Objects
 * other than plain objects and arrays (assets, archives, resource references) are not entered.
 */
export function scanForSecrets(root: unknown, opts: ScanOptions = {}): SecretHit[] {
  const read: Reader = opts.read ?? ((o, k) => (o as Record<string | number, unknown>)[k]);
  const hits: SecretHit[] = [];
  const visit = (value: unknown, path: string, key: string | undefined, depth: number) => {
    if (typeof value === "string") {
      // JSON text (policies, manifests, structured config) is scanned inside, with its keys.
      const inner = depth <= 32 ? parseJsonContainer(value) : undefined;
      if (inner !== undefined) visit(inner, path, key, depth + 1);
      else {
        const r = matchSecret(value, key);
        if (r) hits.push({ path, rule: r.id, what: r.what });
      }
      return;
    }
    if (depth > 32) return;
    const isArray = Array.isArray(value);
    if (!isArray && !isPlainObject(value)) return;
    const container = value as Record<string, unknown> | unknown[];
    // A GCP service account key file, as parsed JSON or as an object: one hit for the whole key.
    if (!isArray && isServiceAccountKey(container as Record<string, unknown>, read)) {
      hits.push({ path, rule: "gcp-service-account-key", what: "a GCP service account key" });
      return;
    }
    // Indices from the length: iterating the array itself would read (and trip on) unknowns.
    const keys: (string | number)[] = isArray
      ? Array.from({ length: (container as unknown[]).length }, (_, i) => i)
      : Object.keys(container);
    for (const k of keys) {
      if (depth === 0 && typeof k === "string" && opts.skipTopLevel?.has(k)) continue;
      let child: unknown;
      try {
        child = read(container, k);
      } catch (e) {
        if (opts.isUnknown?.(e)) continue;
        throw e;
      }
      visit(child, join(path, k), typeof k === "string" ? k : key, depth + 1);
    }
  };
  visit(root, "", opts.key, 0);
  return hits;
}
