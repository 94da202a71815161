/**
 * Inert Markdown: names, justifications and messages come from the config (or a baseline file)
 * and go into a pull request comment that GitHub renders. Escaped here, a value is shown as the
 * text it is and does nothing: no HTML element (`</details>`, `<img>`), no link, image, emphasis,
 * heading or list, no table cell break, no mention that notifies a user or team, and no invisible
 * or bidirectional character that makes it read as something else.
 */

/** Characters a reader cannot see or that reorder text: shown as `\u{...}`. */
const HIDDEN =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00A0\u2028\u2029\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;

/**
 * Markdown punctuation that starts an inline construct (CommonMark backslash escapes): code,
 * emphasis, links and images, strikethrough, table cells.
 */
const PUNCTUATION = /[\\`*_[\]#!~|]/g;

const hidden = (s: string) =>
  s
    .replace(/\r\n?|\n/g, " ")
    .replace(HIDDEN, (ch) => `\\u{${(ch.codePointAt(0) as number).toString(16).toUpperCase()}}`);

/** No element, no entity: `&`, `<` and `>` as entities; no mention: `@` as `＠`. */
const entities = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "\uFF20");

/**
 * One value as inert inline Markdown (one line). `@` is written as the fullwidth `＠` (U+FF20):
 * GitHub notifies anyone a comment mentions, and a backslash or an entity does not stop that.
 */
export function mdText(value: string): string {
  return (
    entities(hidden(value).replace(PUNCTUATION, (ch) => `\\${ch}`))
      // GFM's extended autolinks: `https://...` and `www.`.
      .replace(/:\/\//g, ":\\/\\/")
      .replace(/www\./gi, (w) => `${w.slice(0, 3)}\\.`)
  );
}

/**
 * One value as inert text inside an HTML element (a `<summary>`): GitHub does not read Markdown
 * there, so only entities, the mention and the hidden characters are escaped.
 */
export const htmlText = (value: string): string => entities(hidden(value));

/** A Markdown table of already-escaped cells (the header and cells must be `mdText` output). */
export function mdTableOf(headers: readonly string[], rows: readonly string[][]): string[] {
  return [
    `| ${headers.join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

/** A Markdown table of raw values: every header and cell escaped. */
export const mdTable = (headers: readonly string[], rows: readonly string[][]): string[] =>
  mdTableOf(
    headers.map(mdText),
    rows.map((r) => r.map(mdText)),
  );
