import type { Db } from '../../db/client';
import { loadCalendar } from '../calendar/calendar.service';
import type { CheckinDays } from '../calendar/required-days';
import { approvedLeaveBetween } from '../roster/roster';
import type { LocalDate } from '../time';
import type { MemberHistory } from './attendance';
import { reportedDays } from './checkins.service';

/** Reports and approved leave of several members over a window, ready for `attendance.ts`. */
export async function loadHistories(
  db: Db,
  memberIds: number[],
  from: LocalDate,
  to: LocalDate,
  rule: CheckinDays,
  joined: Map<number, LocalDate> = new Map(),
): Promise<Map<number, MemberHistory>> {
  const reported = await reportedDays(db, memberIds, from, to);
  const leave = await approvedLeaveBetween(db, memberIds, from, to);
  const calendar = await loadCalendar(db);
  return new Map(
    memberIds.map((id) => [
      id,
      { reported: reported.get(id) ?? new Map(), leave: leave.filter((l) => l.memberId === id), rule, calendar, joined: joined.get(id) },
    ]),
  );
}
