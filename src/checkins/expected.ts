import type { Db } from '../../db/client';
import { onLeave } from '../leave/leave.service';
import { groupRoster } from '../org/org.service';
import type { LocalDate } from '../time';

export type RosterMember = Awaited<ReturnType<typeof groupRoster>>[number];

/** A group's people on a day: everyone who reports to it, and those of them excused by approved leave. */
export async function rosterOnDay(db: Db, groupId: number, date: LocalDate) {
  const roster = await groupRoster(db, [groupId]);
  const away = await onLeave(
    db,
    roster.map((m) => m.memberId),
    date,
  );
  return { roster, away, expected: roster.filter((m) => !away.has(m.memberId)) };
}
