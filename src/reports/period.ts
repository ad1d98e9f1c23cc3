import { datesBetween, shiftDate, weekdayOf } from '../time';
import type { LocalDate } from '../time';

export const REPORT_PERIODS = ['day', 'week', 'month'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** What a reader may type for a period, Chinese words included. */
const PERIOD_WORDS: Record<string, ReportPeriod> = {
  day: 'day',
  week: 'week',
  month: 'month',
  日: 'day',
  今日: 'day',
  今天: 'day',
  周: 'week',
  本周: 'week',
  月: 'month',
  本月: 'month',
};
export const periodOf = (word: string | undefined): ReportPeriod | undefined => (word ? PERIOD_WORDS[word.toLowerCase()] : undefined);

export type DateSpan = { from: LocalDate; to: LocalDate; days: LocalDate[] };

const span = (from: LocalDate, to: LocalDate): DateSpan => ({ from, to, days: datesBetween(from, to) });

/** Monday of the week `date` falls in (weeks start on Monday in China). */
export const mondayOf = (date: LocalDate): LocalDate => shiftDate(date, -((weekdayOf(date) + 6) % 7));

/** The period so far: today, this week from Monday, this month from the 1st — up to and including today. */
export function periodSoFar(period: ReportPeriod, today: LocalDate): DateSpan {
  if (period === 'day') return span(today, today);
  if (period === 'week') return span(mondayOf(today), today);
  return span(`${today.slice(0, 7)}-01`, today);
}

/** Monday to Sunday of the week before the one `today` is in: what the Monday digest covers. */
export function lastWeek(today: LocalDate): DateSpan {
  const monday = shiftDate(mondayOf(today), -7);
  return span(monday, shiftDate(monday, 6));
}
