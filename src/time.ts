import { TZDate } from '@date-fns/tz';
import { addDays, endOfMonth, format, parseISO } from 'date-fns';

/** A calendar day as YYYY-MM-DD: the unit check-ins, leave and slots are keyed by. */
export type LocalDate = string;

export type LocalParts = { date: LocalDate; time: string; minutes: number; weekday: number };

/** The wall-clock day and time at `now` in `tz`. */
export function localParts(now: Date, tz: string): LocalParts {
  const z = new TZDate(now.getTime(), tz);
  const hours = z.getHours();
  const mins = z.getMinutes();
  return {
    date: format(z, 'yyyy-MM-dd'),
    time: format(z, 'HH:mm'),
    minutes: hours * 60 + mins,
    weekday: z.getDay(),
  };
}

export const localDate = (now: Date, tz: string): LocalDate => localParts(now, tz).date;

/** The instant at which the wall clock in `tz` shows `date` `hh:mm`. */
export function zonedInstant(date: LocalDate, hhmm: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, tz).getTime());
}

export function shiftDate(date: LocalDate, days: number): LocalDate {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

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

export const isValidMonth = (s: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
