/**
 * The adopt record (`secure-org:adopt`): what `npm run adopt` found in the live organization, so
 * the program imports what already exists instead of creating it a second time.
 *
 * - `imports`: one entry per resource the proposal's program registers that already exists, keyed
 *   by the resource's type and logical name (what a Pulumi URN is made of), with the import ID in
 *   the provider's own format (see ./importIds.ts), the plain identifying inputs the registration
 *   must still carry for the import to apply (`match`: a renamed stack never imports the old one),
 *   and the live values of the inputs that an import compares (`live`).
 * - `unmanaged`: what exists and the proposal leaves alone: never imported, never removed.
 *
 * Pure: no Pulumi imports. The program applies it through one transformation on the root
 * component (components/adoption.ts), so every component, present and future, is covered.
 */
import { z } from "zod";

/** A plain identifying input value. */
const matchValue = z.union([z.string(), z.number(), z.boolean()]);

/** A record whose keys are field names, as a null-prototype object (names are data). */
const fieldMap = <V extends z.ZodType>(value: V) =>
  z.record(z.string(), value).transform((r) => {
    const out: Record<string, z.output<V>> = Object.create(null);
    for (const key of Object.keys(r)) out[key] = r[key] as z.output<V>;
    return out;
  });

export const adoptImportSchema = z.strictObject({
  /** Resource type token (`<package>:<module>:<Type>`, kinds/). */
  type: z.string().min(1),
  /** The resource's logical name in the program. */
  name: z.string().min(1),
  /** The import ID, in the format the provider's Read parses. */
  id: z.string().min(1),
  /** Plain identifying inputs; the import applies only when the registration carries them. */
  match: fieldMap(matchValue).prefault({}),
  /** Live values of inputs the plan compares; an import with a difference fails or updates. */
  live: fieldMap(z.unknown()).optional(),
});

export const adoptUnmanagedSchema = z.strictObject({
  /** What it is: `team`, `stack`, `environment`, `grant`, `webhook`, `oidc-issuer`, ... */
  kind: z.string().min(1),
  /** Which one: `payments/prod`, `team:ops stack:payments/prod`, ... */
  name: z.string().min(1),
  /** Why the proposal leaves it alone, and what to do about it. */
  reason: z.string().min(1),
});

export const adoptRecordSchema = z.strictObject({
  /** When the live organization was read (ISO 8601). */
  readAt: z.string().min(1),
  /** The Pulumi Cloud organization read. */
  organization: z.string().min(1),
  /** The GitHub organization read, when GitHub was read. */
  githubOwner: z.string().min(1).optional(),
  imports: z.array(adoptImportSchema).default([]),
  unmanaged: z.array(adoptUnmanagedSchema).default([]),
});

export type AdoptRecord = z.output<typeof adoptRecordSchema>;
export type AdoptImport = AdoptRecord["imports"][number];
export type AdoptUnmanaged = AdoptRecord["unmanaged"][number];

/** The record entry for a registration, by type and logical name. */
export const importKey = (type: string, name: string) => `${type}\u0000${name}`;

/** The record's imports by `importKey`; a later duplicate is reported by the caller. */
export function importsByKey(record: AdoptRecord | undefined): Map<string, AdoptImport> {
  const out = new Map<string, AdoptImport>();
  for (const entry of record?.imports ?? []) {
    const key = importKey(entry.type, entry.name);
    if (!out.has(key)) out.set(key, entry);
  }
  return out;
}

/**
 * Whether a registration's inputs carry the record's identifying values. Inputs that are not
 * plain values yet (Outputs, promises) cannot be compared when the program registers the resource
 * and are skipped; the import's own Read compares them.
 */
export function matchesRecord(
  entry: AdoptImport,
  inputs: Readonly<Record<string, unknown>>,
): { ok: true } | { ok: false; field: string; want: unknown; got: unknown } {
  for (const [field, want] of Object.entries(entry.match)) {
    const got = inputs[field];
    if (got !== null && typeof got === "object") continue;
    if (typeof got === "function") continue;
    if (got !== want) return { ok: false, field, want, got };
  }
  return { ok: true };
}
