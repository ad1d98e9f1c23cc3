import { TZDate } from '@date-fns/tz';
import { addDays, endOfMonth, format, parseISO } from 'date-fns';

/** A calendar day as YYYY-MM-DD: the unit check-ins, leave and slots are keyed by. */
export type LocalDate = string;

export type LocalParts = { date: LocalDate; time: string; minutes: number; weekday: number };

/**
 * A pure function's last answers, a bounded few. The scheduler asks the same handful of questions once per group
 * and job every minute ("what day is it in Asia/Shanghai", "when is 08:00 there today"); each costs 20–70 µs of
 * time-zone arithmetic, which for 10,000 groups was seconds of every tick.
 */
function remembered<A extends unknown[], R>(f: (...args: A) => R, key: (...args: A) => string, max = 4096): (...args: A) => R {
  const known = new Map<string, R>();
  return (...args) => {
    const k = key(...args);
    if (known.has(k)) return known.get(k) as R;
    const answer = f(...args);
    // Forgetting all at once is enough: a tick needs a few dozen answers, a command one or two.
    if (known.size >= max) known.clear();
    known.set(k, answer);
    return answer;
  };
}

const partsAt = remembered(
  (ms: number, tz: string): LocalParts => {
    const z = new TZDate(ms, tz);
    const hours = z.getHours();
    const mins = z.getMinutes();
    return {
      date: format(z, 'yyyy-MM-dd'),
      time: format(z, 'HH:mm'),
      minutes: hours * 60 + mins,
      weekday: z.getDay(),
    };
  },
  (ms, tz) => `${ms}|${tz}`,
);

/** The wall-clock day and time at `now` in `tz`. */
export const localParts = (now: Date, tz: string): LocalParts => ({ ...partsAt(now.getTime(), tz) });

export const localDate = (now: Date, tz: string): LocalDate => localParts(now, tz).date;

const instantMs = remembered(
  (date: LocalDate, hhmm: string, tz: string): number => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
    return new TZDate(y, m - 1, d, hh, mm, tz).getTime();
  },
  (date, hhmm, tz) => `${date} ${hhmm} ${tz}`,
);

/** The instant at which the wall clock in `tz` shows `date` `hh:mm` (a fresh Date: callers may change theirs). */
export const zonedInstant = (date: LocalDate, hhmm: string, tz: string): Date => new Date(instantMs(date, hhmm, tz));

export const shiftDate = remembered(
  (date: LocalDate, days: number): LocalDate => format(addDays(parseISO(date), days), 'yyyy-MM-dd'),
  (date, days) => `${date}|${days}`,
);

export function datesBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = from; d <= to; d = shiftDate(d, 1)) out.push(d);
  return out;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Dates people mean: from 2000 to two years after today; anything else is a typo (2206 for 2026), not a plan. */
export const DATE_WINDOW = { firstYear: 2000, yearsAhead: 2 } as const;

export function isValidLocalDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = parseISO(s);
  if (Number.isNaN(d.getTime()) || format(d, 'yyyy-MM-dd') !== s) return false;
  const latest = new Date();
  latest.setFullYear(latest.getFullYear() + DATE_WINDOW.yearsAhead);
  return d.getFullYear() >= DATE_WINDOW.firstYear && d <= latest;
}

/** "2026-11-27 08:00" in the group's zone, for user-facing text. */
export function formatLocal(now: Date, tz: string): string {
  const p = localParts(now, tz);
  return `${p.date} ${p.time}`;
}

export const weekdayOf = (date: LocalDate): number => parseISO(date).getDay();

/** First and last day of a YYYY-MM month. */
export function monthRange(month: string): { from: LocalDate; to: LocalDate } {
  const first = parseISO(`${month}-01`);
  return { from: format(first, 'yyyy-MM-dd'), to: format(endOfMonth(first), 'yyyy-MM-dd') };
}

/** A calendar date as typed (2026-12-03, 2026-12-3, 2026/12/03, 2026.12.3) as YYYY-MM-DD; null when it is not one. */
export function typedDate(typed: string): LocalDate | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(typed.trim());
  const date = m ? `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}` : null;
  return date && isValidLocalDate(date) ? date : null;
}

export const isValidMonth = (s: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

/** A word shaped like a month (2026-12, 2026/12, 2026年12月, 12月), or one that starts like it (2026-13, 2026-12-01) and is refused. */
export const MONTH_WORD = /^(?:\d{4}[-/.年]|\d{1,2}月$)/;

/** A month that exists, however it is written (whichever year a bare 12月 turns out to be). */
export const isMonthWord = (word: string): boolean => monthOf(word, '2000-12-31') !== null;

/**
 * A month as people write it, as YYYY-MM: 2026-12, 2026/1, 2026年12月, or 12月 (this year's, or last year's
 * when this year's is still to come). Null when the month does not exist.
 */
export function monthOf(word: string, today: LocalDate): string | null {
  const full = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(word);
  const bare = /^(\d{1,2})月$/.exec(word);
  const month = Number(full?.[2] ?? bare?.[1]);
  if (!(month >= 1 && month <= 12)) return null;
  const thisYear = Number(today.slice(0, 4));
  const year = full ? Number(full[1]) : month > Number(today.slice(5, 7)) ? thisYear - 1 : thisYear;
  const out = `${year}-${String(month).padStart(2, '0')}`;
  return isValidMonth(out) ? out : null;
}
