/**
 * What validation reports and how it reads: `ConfigIssue` (an error, path first), `Finding` (a
 * warning a reviewer must see) and `ConfigError`. The translation of zod issues into messages is in
 * zodIssues.ts (it reads the schema, which reports through these types).
 */

export interface ConfigIssue {
  /** e.g. `tiers[2].roles.developer.stack` */
  readonly path: string;
  readonly message: string;
}

/** Severities, most severe first: the one copy of their order. */
export const SEVERITIES = ["high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];
/** A severity's place in SEVERITIES (0 the most severe), for sorting. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** Something a reviewer should see: never an error, but never silent either. */
export interface Finding {
  readonly severity: Severity;
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

export const formatIssue = (i: ConfigIssue) => `${i.path || "(root)"}: ${i.message}`;

export class ConfigError extends Error {
  constructor(public readonly issues: readonly ConfigIssue[]) {
    super(
      `invalid secure-org config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
        issues.map((i) => `  ${formatIssue(i)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** `["tiers", 2, "roles"]` -> `tiers[2].roles`; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else {
      const key = String(part);
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/**
 * ` (did you mean "x"?)` when one of `candidates` is near `value` (same letters in another case,
 * or a Levenshtein distance of at most a third of the longer word, and at least 2), else "".
 */
export function didYouMean(value: string, candidates: readonly string[]): string {
  const lower = value.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(c.toLowerCase(), lower);
    const limit = Math.max(2, Math.floor(Math.max(c.length, value.length) / 3));
    if (d <= limit && (!best || d < best.distance)) best = { name: c, distance: d };
  }
  return best ? ` (did you mean "${best.name}"?)` : "";
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
  return d[a.length][b.length];
}
