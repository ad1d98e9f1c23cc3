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
 * Each member of each group, one mark per day, on the group's own calendar and clock: a day before the member
 * joined or still in the future is 'none', today is 'open' until reported. Three queries for any number of groups
 * (roster, reports, leave), so a branch of a hundred groups costs what one group does.
 */
export async function groupsDayMarks(db: Db, groups: readonly GroupInScope[], days: LocalDate[], now: Date): Promise<Map<number, MemberDays[]>> {
  const out = new Map<number, MemberDays[]>(groups.map((g) => [g.id, []]));
  const [from, to, first] = [days[0], days.at(-1), groups[0]];
  if (!from || !to || !first) return out;
  const roster = await groupRoster(
    db,
    groups.map((g) => g.id),
  );
  // Reports and leave are the member's, whatever the group: the rule (which days are required) is the group's.
  const ids = [...new Set(roster.map((m) => m.memberId))];
  const histories = await loadHistories(db, ids, from, to, first.config.days);
  for (const g of groups) {
    const today = localDate(now, g.config.tz);
    const rows = out.get(g.id) as MemberDays[];
    for (const m of roster.filter((r) => r.groupId === g.id)) {
      const joined = localDate(m.createdAt, g.config.tz);
      const found = histories.get(m.memberId);
      const h = found && { ...found, rule: g.config.days };
      const marks = days.map((d): DayMark => (!h || d < joined || d > today ? 'none' : dayStatus(h, d, today)));
      rows.push({ memberId: m.memberId, name: m.name, marks });
    }
  }
  return out;
}

/** One group's members and their days (see groupsDayMarks). */
export async function groupDayMarks(db: Db, group: GroupInScope, days: LocalDate[], now: Date): Promise<MemberDays[]> {
  return (await groupsDayMarks(db, [group], days, now)).get(group.id) ?? [];
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
