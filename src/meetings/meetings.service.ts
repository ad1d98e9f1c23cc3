import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { meetingAttendance, meetings, members, roles } from '../../db/schema';
import type { Role } from '../commands/types';
import type { Lang } from '../i18n';
import { getGroup } from '../org/org.service';
import { formatLocal } from '../time';
import { modeName, typeName } from './meeting-types';
import type { MeetingInfo } from './meetings.text';

export type Meeting = typeof meetings.$inferSelect;
export type Expected = { memberId: number; name: string; lang: string; groupId: number | null };

/** Sign-in opens this long before the start and closes at the end. */
export const SIGNIN_EARLY_MS = 30 * 60_000;

export async function createMeeting(db: Db, values: Omit<typeof meetings.$inferInsert, 'id'>): Promise<Meeting> {
  const [row] = await db.insert(meetings).values(values).returning();
  if (!row) throw new Error('meeting insert returned nothing');
  return row;
}

export async function getMeeting(db: Db, branchId: number, id: number): Promise<Meeting | null> {
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, id), eq(meetings.branchId, branchId)));
  return row ?? null;
}

/**
 * Who is expected: a group's meeting — its Party members (members and leader); 支委会 — the committee, which we
 * take to be the secretaries and the group leaders; any other branch meeting — every Party member of the branch
 * and the secretaries. Non-Party staff (群众) are welcome but never counted absent.
 */
export async function expectedMembers(db: Db, m: Pick<Meeting, 'branchId' | 'groupId' | 'type'>, onlyMemberId?: number): Promise<Expected[]> {
  const wanted: Role[] =
    m.groupId !== null ? ['member', 'leader'] : m.type === 'committee' ? ['leader', 'secretary'] : ['member', 'leader', 'secretary'];
  const rows = await db
    .select({ memberId: members.id, name: members.name, lang: members.lang, role: roles.role, groupId: roles.groupId })
    .from(roles)
    .innerJoin(members, eq(members.id, roles.memberId))
    .where(
      and(
        eq(members.branchId, m.branchId),
        eq(members.active, true),
        ne(members.partyStatus, '群众'),
        inArray(roles.role, wanted),
        m.groupId !== null ? eq(roles.groupId, m.groupId) : undefined,
        onlyMemberId !== undefined ? eq(members.id, onlyMemberId) : undefined,
      ),
    )
    .orderBy(asc(members.id));
  const byId = new Map<number, Expected>();
  for (const r of rows) {
    const groupId = r.role === 'secretary' ? null : r.groupId;
    const seen = byId.get(r.memberId);
    if (!seen || (seen.groupId === null && groupId !== null)) byId.set(r.memberId, { memberId: r.memberId, name: r.name, lang: r.lang, groupId });
  }
  return [...byId.values()];
}

export async function attendanceOf(db: Db, meetingId: number) {
  return db
    .select({ a: meetingAttendance, name: members.name })
    .from(meetingAttendance)
    .innerJoin(members, eq(members.id, meetingAttendance.memberId))
    .where(eq(meetingAttendance.meetingId, meetingId))
    .orderBy(asc(members.id));
}

/** One person's row, if any (a sign-in must not read a 100,000-person meeting's every row). */
export async function attendanceOfMember(db: Db, meetingId: number, memberId: number) {
  const [row] = await db
    .select()
    .from(meetingAttendance)
    .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.memberId, memberId)));
  return row ?? null;
}

export type AttendanceRow = Omit<typeof meetingAttendance.$inferInsert, 'meetingId' | 'memberId'>;

/** One row per person: a later sign-in replaces an excuse; the caller decides whether a change is allowed. */
export async function saveAttendance(db: Db, meetingId: number, memberId: number, row: AttendanceRow): Promise<void> {
  await db
    .insert(meetingAttendance)
    .values({ meetingId, memberId, ...row })
    .onConflictDoUpdate({ target: [meetingAttendance.meetingId, meetingAttendance.memberId], set: { ...row } });
}

export async function scopeName(db: Db, lang: Lang, m: Pick<Meeting, 'groupId'>): Promise<string> {
  if (m.groupId === null) return lang === 'en' ? 'whole branch' : '全支部';
  return (await getGroup(db, m.groupId))?.name ?? `#${m.groupId}`;
}

/** "2026-12-08 20:00–22:00" on the wall clock of the meeting's zone. */
export function whenText(m: Pick<Meeting, 'startsAt' | 'endsAt' | 'tz'>): string {
  const start = formatLocal(m.startsAt, m.tz);
  const end = formatLocal(m.endsAt, m.tz);
  return `${start}–${end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end}`;
}

export async function meetingInfo(db: Db, lang: Lang, m: Meeting): Promise<MeetingInfo> {
  return {
    id: m.id,
    type: typeName(lang, m.type),
    topic: m.topic,
    when: whenText(m),
    mode: modeName(lang, m.mode),
    link: m.link,
    scope: await scopeName(db, lang, m),
  };
}
