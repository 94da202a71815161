/**
 * The cron grammar of each runner of a schedule this program writes (issue 24): the two pipeline
 * modes (the default CI's `on.schedule` of the drift-check and audit workflows, and the
 * `DriftSchedule` of a Deployments stack). No other CI gets a schedule from this program. Each
 * runner's unit declares its grammar with its source (`cron` in model/ci/<unit>/unit.ts, listed
 * by the registry's CRON_GRAMMARS): whether month and weekday names are documented, and the
 * shortest documented interval. Five fields (minute hour day-of-month month day-of-week) with
 * the operators `*` `,` `-` `/` and no macros, for both.
 *
 * Beyond what either documents, fail closed on what is surely a mistake: a step larger than its
 * span (it selects only its start), a range that runs backwards, and a day that never comes
 * (31 February): the schedule would be written and never fire.
 * docs/assumptions.md, "Schedules (cron)", records each rule with its source.
 */

import { CRON_GRAMMARS, CronRunner } from "../ci/registry";

export type { CronRunner } from "../ci/registry";

/** How a cron problem names each runner. */
export const CRON_RUNNER_LABELS = Object.fromEntries(
  Object.entries(CRON_GRAMMARS).map(([runner, g]) => [runner, g.label]),
) as Readonly<Record<CronRunner, string>>;

interface FieldRule {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names GitHub documents for the field (JAN-DEC, SUN-SAT), from `min` on. */
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldRule[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of the month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  {
    name: "day of the week",
    min: 0,
    max: 6,
    names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
  },
];

/** The days of each month at most (February: 29, which fires in leap years). */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A parsed schedule: the values each field selects. */
export interface CronSchedule {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly days: readonly number[];
  readonly months: readonly number[];
  readonly weekdays: readonly number[];
}

export type CronResult = { ok: true; schedule: CronSchedule } | { ok: false; problems: string[] };

/** A field's one value: a number in range, or (where its runner documents them) a name. */
function value(
  text: string,
  f: FieldRule,
  runner: CronRunner,
  problems: string[],
): number | undefined {
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text);
    if (n < f.min || n > f.max) {
      problems.push(`${f.name} ${n} is out of range ${f.min}-${f.max}`);
      return undefined;
    }
    return n;
  }
  const named = f.names?.indexOf(text) ?? -1;
  if (named >= 0) {
    if (!CRON_GRAMMARS[runner].names) {
      problems.push(
        `${f.name} "${text}": ${CRON_RUNNER_LABELS[runner]} documents numbers only; write ${f.min + named}`,
      );
      return undefined;
    }
    return f.min + named;
  }
  problems.push(
    `${f.name} "${text}" is not a number ${f.min}-${f.max}` +
      (f.names && CRON_GRAMMARS[runner].names ? ` or one of ${f.names.join(", ")}` : ""),
  );
  return undefined;
}

/** One list item of a field: `*`, `v`, `a-b`, each optionally `/step`, or `v/step`. */
function item(text: string, f: FieldRule, runner: CronRunner, problems: string[]): number[] {
  const [base, stepText, extra] = text.split("/");
  if (extra !== undefined || base === "" || stepText === "") {
    problems.push(`${f.name} "${text}" is not a value, range or step`);
    return [];
  }
  let start: number | undefined;
  let end: number | undefined;
  // GitHub documents a name as a value only; in a range or under a step it is unsettled: refused.
  if (/[A-Z]/.test(base) && (base.includes("-") || stepText !== undefined)) {
    problems.push(
      `${f.name} "${text}": use a name (${f.names?.[0] ?? "JAN"}) as a single value; write a ` +
        "range or a step in numbers",
    );
    return [];
  }
  if (base === "*") [start, end] = [f.min, f.max];
  else {
    const [a, b, more] = base.split("-");
    if (more !== undefined || a === "" || b === "") {
      problems.push(`${f.name} "${text}" is not a value, range or step`);
      return [];
    }
    start = value(a, f, runner, problems);
    end =
      b === undefined ? (stepText === undefined ? start : f.max) : value(b, f, runner, problems);
    if (start === undefined || end === undefined) return [];
    if (start > end) {
      problems.push(`${f.name} range ${base} runs backwards (write the smaller value first)`);
      return [];
    }
  }
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d{1,2}$/.test(stepText) || Number(stepText) === 0) {
      problems.push(`${f.name} step "${stepText}" is not a whole number 1-${f.max - f.min}`);
      return [];
    }
    step = Number(stepText);
    if (step > end - start) {
      problems.push(
        `${f.name} step /${step} is larger than the span ${start}-${end} it steps over: it selects ` +
          `only ${start}; write ${start} instead`,
      );
      return [];
    }
  }
  const out: number[] = [];
  for (let v = start; v <= end; v += step) out.push(v);
  return out;
}

/** The values one field selects, or problems. */
function field(text: string, f: FieldRule, runner: CronRunner, problems: string[]): number[] {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    if (part === "") {
      problems.push(`${f.name} "${text}" has an empty list item`);
      continue;
    }
    for (const v of item(part, f, runner, problems)) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * Parses a 5-field cron expression under `runner`'s grammar. Fields are separated by single
 * spaces; any other character (a tab, an invisible or non-ASCII space) is refused.
 */
export function parseCron(expr: string, runner: CronRunner): CronResult {
  if (!/^[0-9A-Z*/,-]+( [0-9A-Z*/,-]+){4}$/.test(expr))
    return {
      ok: false,
      problems: [
        "use 5 fields separated by single spaces (minute hour day-of-month month day-of-week), " +
          "each of digits, '*', '/', ',' and '-'" +
          (CRON_GRAMMARS[runner].names ? " (or the names JAN-DEC and SUN-SAT)" : ""),
      ],
    };
  const problems: string[] = [];
  const [minutes, hours, days, months, weekdays] = expr
    .split(" ")
    .map((text, i) => field(text, FIELDS[i], runner, problems));
  if (problems.length) return { ok: false, problems };
  if (!months.some((m) => days.some((d) => d <= DAYS_IN_MONTH[m - 1])))
    problems.push(
      `day${days.length > 1 ? "s" : ""} ${days.join(",")} of month${months.length > 1 ? "s" : ""} ` +
        `${months.join(",")} never come${days.length > 1 ? "" : "s"}: the schedule would never fire`,
    );
  const schedule = { minutes, hours, days, months, weekdays };
  const { label, minIntervalMinutes } = CRON_GRAMMARS[runner];
  if (minIntervalMinutes !== undefined) {
    const gap = shortestGapMinutes(schedule);
    if (gap < minIntervalMinutes)
      problems.push(
        `runs ${gap} minute${gap === 1 ? "" : "s"} apart at its shortest; ${label} runs a ` +
          `schedule at most once every ${minIntervalMinutes} minutes`,
      );
  }
  return problems.length ? { ok: false, problems } : { ok: true, schedule };
}

/**
 * The shortest time between two runs, in minutes (at most 60 is reported as is): between two
 * minutes of one hour, or from the last minute of an hour to the first of the next one when two
 * consecutive hours run (hour 23 then hour 0 counts as consecutive whatever the days: fail closed).
 */
export function shortestGapMinutes(s: CronSchedule): number {
  let gap = Infinity;
  for (let i = 1; i < s.minutes.length; i++) gap = Math.min(gap, s.minutes[i] - s.minutes[i - 1]);
  const hours = new Set(s.hours);
  const consecutive = s.hours.some((h) => hours.has((h + 1) % 24));
  if (consecutive) gap = Math.min(gap, 60 - s.minutes[s.minutes.length - 1] + s.minutes[0]);
  return gap;
}

/** The problems of `expr` under `runner`'s grammar (none when it is valid). */
export function cronProblems(expr: string, runner: CronRunner): string[] {
  const r = parseCron(expr, runner);
  return r.ok ? [] : r.problems;
}
