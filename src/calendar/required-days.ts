import chineseDays from 'chinese-days';
import type { LocalDate } from '../time';
import { weekdayOf } from '../time';

import type { CheckinDays } from '../org/settings';

export type { CheckinDays };
export type DayKind = 'holiday' | 'workday';

/** The words chat and a calendar file both accept for a day's kind: English, or what a branch writes. */
const DAY_KIND_WORDS: Record<string, DayKind> = {
  holiday: 'holiday',
  放假: 'holiday',
  休: 'holiday',
  workday: 'workday',
  上班: 'workday',
  调休: 'workday',
  调休上班: 'workday',
  补班: 'workday',
};
export const dayKindFromWord = (word: string): DayKind | undefined => DAY_KIND_WORDS[word.trim().toLowerCase()];
export type CalendarEntry = { kind: DayKind; name: string | null };

/**
 * The statutory calendar as the bot uses it: the package's State Council schedule with the secretary's entries
 * (holidays and make-up workdays it does not know yet) laid over it. Load it with `loadCalendar` in `calendar.service`.
 */
export type WorkCalendar = { entries: ReadonlyMap<LocalDate, CalendarEntry> };

/** The package's data alone, for work that has no database at hand (benchmarks, fixed examples). */
export const PACKAGE_CALENDAR: WorkCalendar = { entries: new Map() };

/** Years the statutory calendar library has data for; outside them `workdays` falls back to mon-fri. */
const COVERED_YEARS = new Set(Array.from({ length: 40 }, (_, i) => 2004 + i).filter(hasData));

function hasData(year: number): boolean {
  // 1 May is a statutory holiday every year; on a weekday the library says so only with data.
  for (const day of ['05-01', '10-01', '10-02', '10-03']) {
    const date = `${year}-${day}`;
    const wd = weekdayOf(date);
    if (wd !== 0 && wd !== 6) return chineseDays.isHoliday(date);
  }
  return false;
}

export const packageCoversYear = (year: number): boolean => COVERED_YEARS.has(year);

/** A year's schedule is known when the package has it or the secretary has entered days of it. */
export function calendarCoversYear(year: number, calendar: WorkCalendar): boolean {
  if (packageCoversYear(year)) return true;
  const prefix = `${year}-`;
  for (const date of calendar.entries.keys()) if (date.startsWith(prefix)) return true;
  return false;
}

export function isRequiredDay(date: LocalDate, rule: CheckinDays, calendar: WorkCalendar): boolean {
  if (rule === 'daily') return true;
  const wd = weekdayOf(date);
  const monToFri = wd !== 0 && wd !== 6;
  if (rule === 'mon-fri') return monToFri;
  const entry = calendar.entries.get(date);
  if (entry) return entry.kind === 'workday';
  if (!packageCoversYear(Number(date.slice(0, 4)))) return monToFri;
  return chineseDays.isWorkday(date);
}

/** The holiday's or make-up day's name ("国庆节", "National Day"); empty on an ordinary day. */
export function describeDay(date: LocalDate, calendar: WorkCalendar, lang: 'zh' | 'en'): string {
  const entry = calendar.entries.get(date);
  if (entry) return entry.name ?? '';
  try {
    // The package names a special day "National Day,国庆节,3" and an ordinary one by its weekday alone.
    const [en, zh] = chineseDays.getDayDetail(date).name.split(',');
    return (zh ? (lang === 'en' ? en : zh) : '') ?? '';
  } catch {
    return '';
  }
}
