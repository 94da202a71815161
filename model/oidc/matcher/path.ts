/**
 * Rule keys as Pulumi Cloud reads them: a claim *path*. "A rule can target a top-level claim such
 * as `sub` or `aud`, or a nested claim by its path, such as `"kubernetes.io".pod.name`. Quote any
 * object key that contains a dot." (Pulumi docs, Administration → OIDC issuers; see
 * docs/assumptions.md). So an unquoted `.` separates segments and a segment in double quotes is
 * taken literally, dots included.
 *
 * Not settled by the docs, and therefore refused (a path this reader cannot parse is "unreadable",
 * which every caller treats as fail-closed): escapes inside quotes, a quote inside a segment, an
 * empty segment (`a..b`, a leading or trailing dot, `""`), text after a closing quote that is not a
 * dot.
 */

export type ParsedPath =
  | { readonly ok: true; readonly segments: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** Split a rule key into the claim path it names. */
export function parseClaimPath(key: string): ParsedPath {
  const segments: string[] = [];
  let i = 0;
  const fail = (error: string): ParsedPath => ({
    ok: false,
    error: `rule key ${JSON.stringify(key)}: ${error}`,
  });
  if (key.length === 0) return fail("is empty");
  for (;;) {
    let segment: string;
    if (key[i] === '"') {
      const close = key.indexOf('"', i + 1);
      if (close < 0) return fail("has an unterminated quote");
      segment = key.slice(i + 1, close);
      if (segment.includes("\\"))
        return fail("has a backslash inside quotes (escapes are not documented)");
      i = close + 1;
      if (i < key.length && key[i] !== ".")
        return fail("has text after a closing quote (expected '.' or the end)");
    } else {
      const dot = key.indexOf(".", i);
      const end = dot < 0 ? key.length : dot;
      segment = key.slice(i, end);
      if (segment.includes('"')) return fail("has a quote inside an unquoted segment");
      i = end;
    }
    if (segment.length === 0) return fail("has an empty segment");
    segments.push(segment);
    if (i >= key.length) return { ok: true, segments };
    i++; // the separating dot
    if (i >= key.length) return fail("ends with '.'");
  }
}

/**
 * The rule key that names a top-level claim called `name` (which may contain dots, like the
 * namespaced claims some CIs issue, `oidc.<ci>.com/project-id`): quoted when it contains a dot. Throws on a name no documented
 * key can name (a double quote, a backslash, empty).
 */
export function claimKey(name: string): string {
  return formatClaimPath([name]);
}

/** The rule key of a path of segments, quoting each segment that contains a dot. */
export function formatClaimPath(segments: readonly string[]): string {
  if (segments.length === 0) throw new Error("a claim path needs at least one segment");
  return segments
    .map((s) => {
      if (s.length === 0 || s.includes('"') || s.includes("\\"))
        throw new Error(`claim name ${JSON.stringify(s)} cannot be written as a rule key`);
      return s.includes(".") ? `"${s}"` : s;
    })
    .join(".");
}

export type ClaimLookup =
  | { readonly kind: "found"; readonly value: unknown }
  | { readonly kind: "missing" }
  | { readonly kind: "unreadable"; readonly reason: string };

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * The claim a rule key names in a (decoded) token payload, walking nested objects by own keys
 * only (`__proto__`, `constructor` are ordinary names). A path through a non-object is missing.
 */
export function lookupClaim(claims: Readonly<Record<string, unknown>>, key: string): ClaimLookup {
  const path = parseClaimPath(key);
  if (!path.ok) return { kind: "unreadable", reason: path.error };
  let at: unknown = claims;
  for (const segment of path.segments) {
    if (typeof at !== "object" || at === null || Array.isArray(at) || !own(at, segment))
      return { kind: "missing" };
    at = (at as Record<string, unknown>)[segment];
  }
  return { kind: "found", value: at };
}
