import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { meetingAttendance } from '../../db/schema';
import { onLeave } from '../roster/roster';
import { localDate } from '../time';
import type { Meeting } from './meetings.service';

/** People (of those given) who need no reminder: signed in, excused, or on approved leave on the meeting's day. */
export async function leaveOrSignedIn(db: Db, m: Meeting, memberIds: number[]): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set();
  const rows = await db
    .select({ memberId: meetingAttendance.memberId })
    .from(meetingAttendance)
    .where(and(eq(meetingAttendance.meetingId, m.id), inArray(meetingAttendance.memberId, memberIds)));
  const away = await onLeave(db, memberIds, localDate(m.startsAt, m.tz));
  return new Set([...rows.map((r) => r.memberId), ...away]);
}
