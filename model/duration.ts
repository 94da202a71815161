/**
 * Durations in the config (`"15m"`, `"1h"`, `"1h30m"`): hours and minutes only, so that what a
 * reviewer reads is what Pulumi Cloud enforces. Parsing is exact: no leading zeros that hide a
 * large number, no zero (which some services read as "no limit"), nothing past a cap.
 */

/** The longest any elevated session may last: break-glass environment opens. */
export const MAX_ELEVATION_MINUTES = 24 * 60;

const FORM = /^(?:([1-9]\d{0,3})h)?(?:([1-9]\d{0,4})m)?$/;

/** Minutes in `text`, or a message saying what is wrong with it. */
export function parseDuration(text: string): { minutes: number } | { problem: string } {
  const m = FORM.exec(text);
  if (!m || text.length === 0 || (m[1] === undefined && m[2] === undefined))
    return {
      problem:
        'use a duration such as "15m", "1h" or "1h30m" (hours and minutes, no leading zeros, not zero)',
    };
  const minutes = Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
  return { minutes };
}

/** `"1h30m"` for 90. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}` || "0m";
}
