/**
 * Names are data, never object keys. The raw config comes from YAML or JSON, where a mapping key
 * such as `__proto__` or `constructor` is an ordinary string; in a plain JavaScript object the
 * same key reaches the prototype (a lookup of role "constructor" finds `Object`, an assignment to
 * `__proto__` is silently dropped). So before anything reads it, the raw config is copied into
 * null-prototype objects, and every reserved name used as a key of a name-keyed map (or
 * `__proto__` anywhere) is reported with its path.
 */
import { isReservedName, reservedNameMessage } from "../names";
import { ConfigIssue, formatPath } from "./messages";

/** A deep copy of `raw` in which every mapping is a null-prototype object (arrays stay arrays). */
export function nullPrototypeCopy(raw: unknown): unknown {
  if (Array.isArray(raw)) return raw.map(nullPrototypeCopy);
  if (raw === null || typeof raw !== "object") return raw;
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(raw))
    out[key] = nullPrototypeCopy((raw as Record<string, unknown>)[key]);
  return out;
}

/** A null-prototype copy of a record (zod's output records are plain objects). */
export function nullPrototype<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = Object.create(null);
  for (const key of Object.keys(record)) out[key] = record[key];
  return out;
}

/** Paths (as property-key lists) of the maps whose keys are names, relative to the config root. */
const NAME_KEYED_MAPS: readonly (readonly (string | "*")[])[] = [
  ["roles"],
  ["teams", "*", "access"],
  ["tiers", "*", "roles"],
  ["projects", "*", "tiers"],
  ["guardrails", "optOut"],
];

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Every mapping at `pattern` ("*" walks the items of a list), with its path. */
function mapsAt(
  root: unknown,
  pattern: readonly string[],
): { path: PropertyKey[]; map: Record<string, unknown> }[] {
  let level: { path: PropertyKey[]; value: unknown }[] = [{ path: [], value: root }];
  for (const part of pattern) {
    const next: typeof level = [];
    for (const { path, value } of level) {
      if (part === "*") {
        if (Array.isArray(value))
          value.forEach((v, i) => next.push({ path: [...path, i], value: v }));
      } else if (isMapping(value) && Object.prototype.hasOwnProperty.call(value, part))
        next.push({ path: [...path, part], value: value[part] });
    }
    level = next;
  }
  return level
    .filter((l): l is { path: PropertyKey[]; value: Record<string, unknown> } => isMapping(l.value))
    .map((l) => ({ path: l.path, map: l.value }));
}

/** `__proto__` as a key anywhere in the input: it never means anything here. */
function protoKeys(value: unknown, path: PropertyKey[], out: ConfigIssue[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => protoKeys(v, [...path, i], out));
    return;
  }
  if (!isMapping(value)) return;
  for (const key of Object.keys(value)) {
    if (key === "__proto__")
      out.push({ path: formatPath([...path, key]), message: reservedNameMessage(key) });
    protoKeys(value[key], [...path, key], out);
  }
}

/**
 * Reserved names used as keys: in the name-keyed maps (roles, team access, tier roles, project
 * tiers) every reserved name, whatever its case, and `__proto__` anywhere.
 */
export function reservedKeyIssues(raw: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  protoKeys(raw, [], out);
  const seen = new Set(out.map((i) => i.path));
  for (const pattern of NAME_KEYED_MAPS)
    for (const { path, map } of mapsAt(raw, pattern))
      for (const key of Object.keys(map)) {
        const p = formatPath([...path, key]);
        if (isReservedName(key) && !seen.has(p)) {
          seen.add(p);
          out.push({ path: p, message: reservedNameMessage(key) });
        }
      }
  return out;
}
