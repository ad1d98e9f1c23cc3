import chineseDays from 'chinese-days';
import type { LocalDate } from '../time';
import { weekdayOf } from '../time';

export type CheckinDays = 'workdays' | 'daily' | 'mon-fri';

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

export const calendarCoversYear = (year: number): boolean => COVERED_YEARS.has(year);

export function isRequiredDay(date: LocalDate, rule: CheckinDays): boolean {
  if (rule === 'daily') return true;
  const wd = weekdayOf(date);
  const monToFri = wd !== 0 && wd !== 6;
  if (rule === 'mon-fri') return monToFri;
  if (!calendarCoversYear(Number(date.slice(0, 4)))) return monToFri;
  return chineseDays.isWorkday(date);
}

export function describeDay(date: LocalDate): string {
  try {
    return chineseDays.getDayDetail(date).name;
  } catch {
    return '';
  }
}
