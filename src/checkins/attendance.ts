import { isRequiredDay } from '../calendar/required-days';
import type { CheckinDays, WorkCalendar } from '../calendar/required-days';
import type { LeaveSpan } from '../roster/roster';
import { coversDay } from '../roster/roster';
import { datesBetween, shiftDate } from '../time';
import type { LocalDate } from '../time';

export type DayStatus = 'reported' | 'late' | 'leave' | 'missed' | 'rest' | 'open';

export type AttendanceSummary = { required: number; reported: number; late: number; leave: number; missed: number };

export type MemberHistory = {
  reported: Map<LocalDate, { late: boolean }>;
  leave: LeaveSpan[];
  rule: CheckinDays;
  calendar: WorkCalendar;
  /** The member's first day (in the group's zone): earlier days were owed by nobody. */
  joined?: LocalDate;
};

/**
 * What a day was for a member. `today` is not missed yet: the day is still open. A report on a rest day is kept
 * (and shown where reports are listed) but the day stays a rest day: it was not required, so it does not count.
 */
export function dayStatus(h: MemberHistory, date: LocalDate, today: LocalDate): DayStatus {
  if (!isRequiredDay(date, h.rule, h.calendar) || (h.joined && date < h.joined)) return 'rest';
  const report = h.reported.get(date);
  if (report) return report.late ? 'late' : 'reported';
  if (h.leave.some((l) => coversDay(l, date))) return 'leave';
  return date >= today ? 'open' : 'missed';
}

/** Required days and what became of them; a day with approved leave is excused, not required. */
export function summarise(h: MemberHistory, from: LocalDate, to: LocalDate, today: LocalDate): AttendanceSummary {
  const s: AttendanceSummary = { required: 0, reported: 0, late: 0, leave: 0, missed: 0 };
  for (const date of datesBetween(from, to)) {
    const status = dayStatus(h, date, today);
    const required = status !== 'rest' && status !== 'leave';
    if (required) s.required++;
    if (status === 'reported' || status === 'late') s.reported++;
    if (status === 'late') s.late++;
    if (status === 'leave') s.leave++;
    if (status === 'missed') s.missed++;
  }
  return s;
}

/**
 * Required days in a row, ending with `today`, on which the member said nothing (days off and leave are
 * skipped over); with the first of them, which keys the alert so each silence is reported once.
 */
export function silentStreak(
  h: MemberHistory,
  today: LocalDate,
  notBefore: LocalDate = shiftDate(today, -59),
): { days: number; since: LocalDate | null } {
  let days = 0;
  let since: LocalDate | null = null;
  // Days before the member joined are not silence.
  for (let date = today; date >= notBefore; date = shiftDate(date, -1)) {
    const status = dayStatus(h, date, shiftDate(today, 1));
    if (status === 'rest' || status === 'leave') continue;
    if (status !== 'missed') break;
    days++;
    since = date;
  }
  return { days, since };
}

/** Consecutive required days with a report, ending today or yesterday. */
export function reportStreak(h: MemberHistory, today: LocalDate, lookbackDays = 366): number {
  let streak = 0;
  for (let i = 0, date = today; i < lookbackDays; i++, date = shiftDate(date, -1)) {
    // Only required days count: a report sent on a Saturday off is welcome but is no 应报日.
    if (!isRequiredDay(date, h.rule, h.calendar)) continue;
    const status = dayStatus(h, date, today);
    if (status === 'rest' || status === 'leave' || status === 'open') continue;
    if (status === 'missed') break;
    streak++;
  }
  return streak;
}
