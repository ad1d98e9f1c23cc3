import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { meetingAttendance, meetings, studyAssignees, studyItems } from '../../db/schema';
import { onLeave } from '../roster/roster';
import { deliver } from '../audience/audience';
import { createItem, deadlineText } from '../study/study.service';
import { studyTexts } from '../study/study.text';
import { localDate, shiftDate, zonedInstant } from '../time';
import { typeName } from './meeting-types';
import type { Meeting } from './meetings.service';
import { attendanceOf, expectedMembers } from './meetings.service';

/** Days the absent and excused have for their make-up study, counted from the meeting's day. */
export const MAKEUP_DAYS = 7;

/** The meeting's material: its minutes when recorded, else its topic (and link). */
export const makeupBody = (m: Pick<Meeting, 'minutes' | 'topic'>): string => (m.minutes ? `会议纪要：${m.minutes}` : `会议主题：${m.topic}`);

export async function makeupItemOf(db: Db, meetingId: number) {
  const [row] = await db.select().from(studyItems).where(eq(studyItems.meetingId, meetingId));
  return row ?? null;
}

/**
 * Makes attendance final, once (the first of the scheduled report and `/meeting report` to get here): the
 * expected who neither signed in nor were excused are excused if approved leave covered the day, else absent.
 * Then every expected person absent or excused gets the meeting's material as a make-up item (补学).
 */
export async function closeMeeting(db: Db, now: Date, m: Meeting): Promise<void> {
  const claimed = await db
    .update(meetings)
    .set({ closedAt: now })
    .where(and(eq(meetings.id, m.id), isNull(meetings.closedAt)))
    .returning({ id: meetings.id });
  if (claimed.length === 0) return;
  const expected = await expectedMembers(db, m);
  const rows = await attendanceOf(db, m.id);
  const seen = new Set(rows.map((r) => r.a.memberId));
  const missing = expected.filter((e) => !seen.has(e.memberId));
  const away = await onLeave(
    db,
    missing.map((e) => e.memberId),
    localDate(m.startsAt, m.tz),
  );
  if (missing.length) {
    await db
      .insert(meetingAttendance)
      .values(
        missing.map((e) => ({
          meetingId: m.id,
          memberId: e.memberId,
          status: away.has(e.memberId) ? ('excused' as const) : ('absent' as const),
          byLeave: away.has(e.memberId),
          at: now,
        })),
      )
      .onConflictDoNothing();
  }
  const owed = [
    ...rows.filter((r) => r.a.status === 'excused' && r.a.expected).map((r) => ({ memberId: r.a.memberId, reason: 'excused' as const })),
    ...missing.map((e) => ({ memberId: e.memberId, reason: away.has(e.memberId) ? ('excused' as const) : ('absent' as const) })),
  ];
  if (owed.length === 0) return;
  const item = await createItem(
    db,
    {
      branchId: m.branchId,
      groupId: m.groupId,
      kind: 'makeup',
      title: `${m.topic}（${typeName('zh', m.type)}）`,
      body: makeupBody(m),
      link: m.link,
      deadline: zonedInstant(shiftDate(localDate(m.endsAt, m.tz), MAKEUP_DAYS), '23:59', m.tz),
      tz: m.tz,
      meetingId: m.id,
      createdBy: m.organiserId,
    },
    now,
  );
  await db.insert(studyAssignees).values(owed.map((o) => ({ itemId: item.id, ...o })));
  const info = (reason: 'absent' | 'excused') => (lang: 'zh' | 'en') => {
    const t = studyTexts(lang);
    return t.makeupAssigned({
      id: item.id,
      title: item.title,
      why: reason === 'absent' ? t.whyAbsent() : t.whyExcused(),
      deadline: deadlineText(item) ?? '',
      body: item.body,
    });
  };
  await deliver(db, now, {
    notes: owed.map((o) => ({ memberId: o.memberId, text: info(o.reason), dedupKey: `study.makeup:i${item.id}`, purpose: 'study.makeup' })),
  });
}
