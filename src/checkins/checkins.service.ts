import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { checkinEdits, checkins, members, roles } from '../../db/schema';
import type { LocalDate } from '../time';
import type { ParsedReport } from './report-parser';

export type CheckinRow = typeof checkins.$inferSelect;

export type CheckinInput = ParsedReport & {
  memberId: number;
  groupId: number;
  localDate: LocalDate;
  rawText: string;
  late: boolean;
  proxyBy: number | null;
  sourceChatId: number | null;
};

/** One record per member per day: a second report updates it and keeps the earlier version. */
export async function recordCheckin(db: Db, input: CheckinInput, now: Date): Promise<{ row: CheckinRow; updated: boolean }> {
  const values = {
    memberId: input.memberId,
    groupId: input.groupId,
    localDate: input.localDate,
    place: input.place,
    status: input.status,
    unsafe: input.unsafe,
    note: input.note,
    rawText: input.rawText,
    late: input.late,
    proxyBy: input.proxyBy,
    sourceChatId: input.sourceChatId,
    reportedAt: now,
    updatedAt: now,
  };
  const [created] = await db.insert(checkins).values(values).onConflictDoNothing().returning();
  if (created) return { row: created, updated: false };
  const [existing] = await db
    .select()
    .from(checkins)
    .where(and(eq(checkins.memberId, input.memberId), eq(checkins.localDate, input.localDate)))
    .for('update');
  if (!existing) throw new Error('check-in vanished during update');
  const { id, ...previous } = existing;
  await db.insert(checkinEdits).values({ checkinId: id, previous: { ...previous }, editedAt: now, editedBy: input.proxyBy ?? input.memberId });
  const { reportedAt: _first, ...changes } = values;
  const [row] = await db
    .update(checkins)
    .set({ ...changes, late: existing.late && input.late })
    .where(eq(checkins.id, id))
    .returning();
  return { row: row as CheckinRow, updated: true };
}

/** Required people of these groups who have not reported that day (leave excluded), in one query. */
export async function unreportedMembers(db: Db, groupIds: number[], date: LocalDate) {
  if (groupIds.length === 0) return [];
  return db
    .select({ memberId: members.id, name: members.name, groupId: roles.groupId })
    .from(roles)
    .innerJoin(members, eq(members.id, roles.memberId))
    .where(
      and(
        inArray(roles.groupId, groupIds),
        inArray(roles.role, ['member', 'leader']),
        eq(members.active, true),
        sql`not exists (select 1 from ${checkins} c where c.member_id = ${members.id} and c.local_date = ${date})`,
        sql`not exists (select 1 from leave_requests l where l.member_id = ${members.id} and l.status = 'approved' and l.from_date <= ${date} and l.to_date >= ${date})`,
      ),
    )
    .orderBy(asc(roles.groupId), asc(members.id));
}

export async function reportsOn(db: Db, groupIds: number[], date: LocalDate) {
  if (groupIds.length === 0) return [];
  return db
    .select({ checkin: checkins, name: members.name })
    .from(checkins)
    .innerJoin(members, eq(members.id, checkins.memberId))
    .where(and(inArray(checkins.groupId, groupIds), eq(checkins.localDate, date)))
    .orderBy(asc(checkins.reportedAt));
}

export async function memberReports(db: Db, memberId: number, from: LocalDate, to: LocalDate) {
  return db
    .select()
    .from(checkins)
    .where(and(eq(checkins.memberId, memberId), gte(checkins.localDate, from), lte(checkins.localDate, to)))
    .orderBy(desc(checkins.localDate));
}

/** Dates (of those given) on which each member reported. */
export async function reportedDays(db: Db, memberIds: number[], from: LocalDate, to: LocalDate) {
  if (memberIds.length === 0) return new Map<number, Map<LocalDate, { late: boolean }>>();
  const rows = await db
    .select({ memberId: checkins.memberId, localDate: checkins.localDate, late: checkins.late })
    .from(checkins)
    .where(and(inArray(checkins.memberId, memberIds), gte(checkins.localDate, from), lte(checkins.localDate, to)));
  const out = new Map<number, Map<LocalDate, { late: boolean }>>();
  for (const r of rows) {
    const days = out.get(r.memberId) ?? new Map();
    days.set(r.localDate, { late: r.late });
    out.set(r.memberId, days);
  }
  return out;
}
