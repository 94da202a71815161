/**
 * Free text whose presence is a control (a break-glass justification, the reason a guardrail is
 * waived, an acknowledgement): what counts is what a reviewer can see.
 *
 * A character is visible when it is not white space, not a control, format, surrogate, private-use
 * or unassigned code point, not a combining mark on its own, not a default-ignorable code point
 * (zero-width spaces and joiners, variation selectors, tag characters) and not one of the letters
 * and symbols that render as blank (Hangul fillers, the braille blank, ...). Bidirectional
 * overrides and isolates are refused outright in such text: they make a reviewer read something
 * other than what is stored ("Trojan Source").
 */

/** Code points that are letters or symbols by category but render as nothing. */
const BLANK_LOOKING = new Set([
  0x115f, // HANGUL CHOSEONG FILLER
  0x1160, // HANGUL JUNGSEONG FILLER
  0x3164, // HANGUL FILLER
  0xffa0, // HALFWIDTH HANGUL FILLER
  0x2800, // BRAILLE PATTERN BLANK
  0x180e, // MONGOLIAN VOWEL SEPARATOR (format in older Unicode versions)
  0x1d159, // MUSICAL SYMBOL NULL NOTEHEAD
  0x1d173, // MUSICAL SYMBOL BEGIN BEAM .. END PHRASE (format-like)
  0x1d174,
  0x1d175,
  0x1d176,
  0x1d177,
  0x1d178,
  0x1d179,
  0x1d17a,
]);

const INVISIBLE =
  /[\p{White_Space}\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{M}\p{Zl}\p{Zp}\p{Zs}\p{Default_Ignorable_Code_Point}]/u;

/** Bidirectional embedding, override and isolate controls (LRE..RLO, LRI..PDI, and the marks). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

/** Whether `text` holds bidirectional controls (never acceptable in text a reviewer reads). */
export const hasBidiControls = (text: string) => BIDI_CONTROLS.test(text);

export function isVisibleCharacter(ch: string): boolean {
  const cp = ch.codePointAt(0) as number;
  return !BLANK_LOOKING.has(cp) && !INVISIBLE.test(ch);
}

/** How many characters of `text` a reader can see (each code point counted once). */
export function visibleLength(text: string): number {
  let n = 0;
  for (const ch of text) if (isVisibleCharacter(ch)) n++;
  return n;
}

/** Why `text` does not count as a written reason of at least `min` visible characters, if so. */
export function checkReasonText(text: string, min: number): string | undefined {
  if (BIDI_CONTROLS.test(text))
    return (
      "contains bidirectional control characters (U+202A-U+202E, U+2066-U+2069, ...), which make " +
      "the text read differently from what is stored; remove them"
    );
  const visible = visibleLength(text);
  if (visible < min)
    return (
      `write at least ${min} visible characters (this has ${visible}; spaces, zero-width and other ` +
      "invisible characters do not count): who needs it and why"
    );
  const words = wordCharacters(text);
  if (words < Math.ceil(min / 2))
    return (
      `write words: at least ${Math.ceil(min / 2)} letters or digits (this has ${words}; ` +
      "punctuation and symbols alone do not explain who needs it and why)"
    );
  return undefined;
}

/** Visible letters and digits. */
function wordCharacters(text: string): number {
  let n = 0;
  for (const ch of text) if (isVisibleCharacter(ch) && /[\p{L}\p{N}]/u.test(ch)) n++;
  return n;
}
