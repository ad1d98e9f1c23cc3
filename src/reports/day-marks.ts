import type { Db } from '../../db/client';
import { dayStatus } from '../checkins/attendance';
import { loadHistories } from '../checkins/history';
import type { GroupInScope } from '../org/authz.group';
import { groupRoster } from '../org/org.service';
import { localDate } from '../time';
import type { LocalDate } from '../time';
import type { DayMark } from './marks';

export type MemberDays = { memberId: number; name: string; marks: DayMark[] };

/**
 * Each member of a group, one mark per day, on the group's own calendar and clock: a day before the member
 * joined or still in the future is 'none', today is 'open' until reported.
 */
export async function groupDayMarks(db: Db, group: GroupInScope, days: LocalDate[], now: Date): Promise<MemberDays[]> {
  const [from, to] = [days[0], days.at(-1)];
  if (!from || !to) return [];
  const roster = await groupRoster(db, [group.id]);
  const today = localDate(now, group.config.tz);
  const histories = await loadHistories(
    db,
    roster.map((m) => m.memberId),
    from,
    to,
    group.config.days,
  );
  return roster.map((m) => {
    const joined = localDate(m.createdAt, group.config.tz);
    const h = histories.get(m.memberId);
    const marks = days.map((d): DayMark => (!h || d < joined || d > today ? 'none' : dayStatus(h, d, today)));
    return { memberId: m.memberId, name: m.name, marks };
  });
}

export type DayTally = { required: number; reported: number; late: number; missed: number; open: number; leave: number };

const emptyTally = (): DayTally => ({ required: 0, reported: 0, late: 0, missed: 0, open: 0, leave: 0 });

/** Adds one mark: a required day is one that was reported, missed or is still open; leave and rest are not. */
function count(t: DayTally, mark: DayMark): void {
  if (mark === 'reported' || mark === 'late') t.reported++;
  if (mark === 'late') t.late++;
  if (mark === 'missed') t.missed++;
  if (mark === 'open') t.open++;
  if (mark === 'leave') t.leave++;
  if (mark === 'reported' || mark === 'late' || mark === 'missed' || mark === 'open') t.required++;
}

/** Totals over every member and day. */
export function tallyMarks(rows: MemberDays[]): DayTally {
  const t = emptyTally();
  for (const r of rows) for (const m of r.marks) count(t, m);
  return t;
}

/** Per day: reported / required in percent, null on a day nobody had to report (or in the future). */
export function dailyRates(rows: MemberDays[], days: number): (number | null)[] {
  return Array.from({ length: days }, (_, i) => {
    const t = emptyTally();
    for (const r of rows) count(t, r.marks[i] ?? 'none');
    return t.required === 0 ? null : Math.round((t.reported / t.required) * 100);
  });
}
