/**
 * Safe HTML building for the access report. Every value interpolated into `h` is escaped unless it
 * is already `Html` (built by `h` itself), so text from the config (descriptions, justifications,
 * finding messages: free text) can never become markup. Element ids come from `Ids`, which allows
 * only `[A-Za-z0-9_-]`, so ids and `href="#..."` links need no further escaping.
 *
 * The templates quote every attribute with `"`, and never interpolate into `<style>` or an
 * attribute that takes a URL other than a `#` link to an id.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for element content and double- or single-quoted attribute values. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** Markup that is already safe: only `h` and `joinHtml` make it. */
export class Html {
  private constructor(readonly text: string) {}
  /** Internal: wraps text this module has escaped or built. */
  static trusted(text: string): Html {
    return new Html(text);
  }
  toString(): string {
    return this.text;
  }
}

/** What a template accepts: text is escaped; booleans, null and undefined render as nothing. */
export type Part = Html | string | number | boolean | null | undefined | readonly Part[];

function part(v: Part): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return (v as readonly Part[]).map(part).join("");
  if (v === null || v === undefined || typeof v === "boolean") return "";
  return esc(String(v));
}

/** Tagged template: `h\`<td>${name}</td>\`` escapes `name`. */
export function h(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return Html.trusted(out);
}

/** Joins the parts that render as something with a separator (escaped text too). */
export const joinHtml = (parts: readonly Part[], separator: string): Html =>
  Html.trusted(
    parts
      .map(part)
      .filter((t) => t !== "")
      .join(esc(separator)),
  );

/**
 * Page-unique element ids from arbitrary keys: the same key always gets the same id; different
 * keys never share one, even when they slug alike (`a/b` and `a-b`).
 */
export class Ids {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  id(prefix: string, key: string): string {
    const full = `${prefix}\u0000${key}`;
    const known = this.byKey.get(full);
    if (known) return known;
    const base = `${prefix}-${key.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "x"}`;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}-${n}`;
    this.taken.add(id);
    this.byKey.set(full, id);
    return id;
  }

  /** The id of a key if one was made (for links to elements that may not exist). */
  find(prefix: string, key: string): string | undefined {
    return this.byKey.get(`${prefix}\u0000${key}`);
  }
}

/** "1 finding" / "3 findings". */
export const plural = (n: number, word: string, many = `${word}s`): string =>
  `${n} ${n === 1 ? word : many}`;
