/**
 * Rule values and team scopes as Pulumi Cloud matches them: "Claim values and team scopes support
 * wildcards: `*` matches zero or more characters, `?` matches zero or one character, and `.`
 * matches exactly one character." (Pulumi docs, Administration → OIDC issuers.) Everything else is
 * literal, and a pattern matches the whole value. No escape is documented, so a literal `.`, `*`
 * or `?` cannot be written: every one is a wildcard.
 */

/** The characters that are wildcards in a rule value or team scope. */
export const WILDCARD_CHARACTERS = ["*", "?", "."] as const;
const WILDCARD = /[*?.]/;

/**
 * Whether `pattern` matches the whole of `value`. A direct NFA simulation over code points (no
 * RegExp built from data), linear in pattern length per value character. A pattern without
 * wildcards matches only its own text, i.e. the same code points: the same string (the plan's
 * OIDC simulation matches mostly such values; this was its top self-time frame, issue 31).
 */
export function matchPattern(pattern: string, value: string): boolean {
  if (!WILDCARD.test(pattern)) return pattern === value;
  const p = Array.from(pattern);
  const n = p.length;
  // Two state sets of n + 1 flags, swapped per value character; closed over `*` and `?`.
  let states = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  const close = (s: Uint8Array) => {
    for (let i = 0; i < n; i++) if (s[i] && (p[i] === "*" || p[i] === "?")) s[i + 1] = 1;
  };
  states[0] = 1;
  close(states);
  for (const ch of value) {
    next.fill(0);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!states[i]) continue;
      const t = p[i];
      if (t === "*") next[i] = 1;
      else if (t === "?" || t === "." || t === ch) next[i + 1] = 1;
      else continue;
      any = true;
    }
    if (!any) return false;
    close(next);
    [states, next] = [next, states];
  }
  return states[n] === 1;
}

/** Whether a pattern has any wildcard (`*`, `?` or `.`): it may match more than its own text. */
export const hasWildcard = (pattern: string): boolean => WILDCARD.test(pattern);

/** Whether a pattern matches exactly one value, its own text (no `*`, `?` or `.`). */
export const isExactPattern = (pattern: string): boolean => !hasWildcard(pattern);

/** The wildcard characters of a pattern, in order, with their positions (for messages). */
export function wildcardsIn(pattern: string): { index: number; char: string }[] {
  const out: { index: number; char: string }[] = [];
  Array.from(pattern).forEach((char, index) => {
    if (char === "*" || char === "?" || char === ".") out.push({ index, char });
  });
  return out;
}

/**
 * Whether a pattern's wildcards can widen it, once the parts in `fixed` (text at which only the
 * issuer itself writes, such as its own host name) are taken as literal. Each occurrence of a fixed
 * part is masked before looking for wildcards.
 */
export function widensBeyond(pattern: string, fixed: readonly string[] = []): boolean {
  let rest = pattern;
  for (const part of fixed) if (part.length) rest = rest.split(part).join("\u0000");
  return hasWildcard(rest);
}

/**
 * A value that the pattern matches but that differs from its own text (a witness that it is not
 * exact), or undefined when it matches only itself. `.` → `-` (or `x` when the original is `-`),
 * `?` → dropped, `*` → `x` appended.
 */
export function otherMatch(pattern: string): string | undefined {
  if (isExactPattern(pattern)) return undefined;
  const chars = Array.from(pattern);
  const i = chars.findIndex((c) => c === "*" || c === "?" || c === ".");
  const c = chars[i];
  const head = chars.slice(0, i).join("");
  const tail = chars
    .slice(i + 1)
    .join("")
    .replace(/[*?]/g, "")
    .replace(/\./g, "-");
  if (c === ".") return `${head}-${tail}`;
  if (c === "?") return `${head}${tail}`;
  return `${head}x${tail}`;
}

/** Whether a value could be written as an exact rule value (it has no wildcard character). */
export function assertExactValue(value: string, what: string): string {
  if (hasWildcard(value))
    throw new Error(
      `${what} = ${JSON.stringify(value)} contains ${wildcardsIn(value)
        .map((w) => `'${w.char}'`)
        .filter((x, i, a) => a.indexOf(x) === i)
        .join(
          ", ",
        )}, a wildcard in Pulumi's rule matching (it also matches ${JSON.stringify(otherMatch(value))})`,
    );
  return value;
}
