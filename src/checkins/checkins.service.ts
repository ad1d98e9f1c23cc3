import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { checkinEdits, checkins, members } from '../../db/schema';
import { rosterWhere } from '../roster/roster';
import type { GroupDay, RosterMember } from '../roster/roster';
import type { LocalDate } from '../time';
import type { ParsedReport } from './report-parser';
import type { SafetyAssessment } from './safety/assess';
import type { DaySafety, SafetyStep } from './safety/day-level';
import { nextDaySafety } from './safety/day-level';

export type CheckinRow = typeof checkins.$inferSelect;

export type CheckinInput = Omit<ParsedReport, 'unsafe'> & {
  memberId: number;
  groupId: number;
  localDate: LocalDate;
  rawText: string;
  late: boolean;
  proxyBy: number | null;
  sourceChatId: number | null;
};

/** The member's record for that day, locked until the transaction ends. */
export async function checkinOn(db: Db, memberId: number, localDate: LocalDate): Promise<CheckinRow | null> {
  const [row] = await db
    .select()
    .from(checkins)
    .where(and(eq(checkins.memberId, memberId), eq(checkins.localDate, localDate)))
    .for('update');
  return row ?? null;
}

const safetyColumns = (d: DaySafety) => ({ ...d, unsafe: d.safetyLevel === 'urgent' });

/** Keeps the version being replaced and writes the new one, in one statement. */
async function replaceCheckin(db: Db, existing: CheckinRow, changes: Partial<CheckinRow>, editedBy: number, now: Date): Promise<CheckinRow> {
  const { id, ...previous } = existing;
  const kept = db.$with('kept').as(
    db
      .insert(checkinEdits)
      .values({ checkinId: id, previous: { ...previous }, editedAt: now, editedBy })
      .returning({ id: checkinEdits.id }),
  );
  const [row] = await db.with(kept).update(checkins).set(changes).where(eq(checkins.id, id)).returning();
  return row as CheckinRow;
}

/**
 * One record per member per day: a second report updates it and keeps the earlier version. The day's safety
 * follows `nextDaySafety` (append-only in meaning); the caller alerts or asks as the returned step says.
 */
export async function recordCheckin(
  db: Db,
  input: CheckinInput,
  assessment: SafetyAssessment,
  now: Date,
): Promise<{ row: CheckinRow; updated: boolean; step: SafetyStep }> {
  const existing = await checkinOn(db, input.memberId, input.localDate);
  const step = nextDaySafety(existing, input.rawText, assessment);
  const values = { ...input, ...safetyColumns(step.next), updatedAt: now };
  if (!existing) {
    const [created] = await db
      .insert(checkins)
      .values({ ...values, reportedAt: now })
      .onConflictDoNothing()
      .returning();
    if (created) return { row: created, updated: false, step };
    // Another message of the same member won the race: take it as the earlier report.
    return recordCheckin(db, input, assessment, now);
  }
  // A later report that names no place or status ("吃坏了肚子") adds to the day's; it does not blank where they are.
  const kept = { place: input.place ?? existing.place, status: input.status ?? existing.status };
  const row = await replaceCheckin(db, existing, { ...values, ...kept, late: existing.late && input.late }, input.proxyBy ?? input.memberId, now);
  return { row, updated: true, step };
}

/** The member's answer to "需要组织帮助吗？" on that day's record. */
export async function recordHelpAnswer(db: Db, existing: CheckinRow, step: SafetyStep, now: Date): Promise<CheckinRow> {
  return replaceCheckin(db, existing, { ...safetyColumns(step.next), updatedAt: now }, existing.memberId, now);
}

/** Required people of these groups who have not reported that day (leave excluded), in one query. */
/** Of each group's people expected on its day (see roster), those with no check-in for that day; all groups in one query. */
export async function unreportedMembers(db: Db, days: readonly GroupDay[]): Promise<RosterMember[]> {
  return rosterWhere(
    db,
    days,
    sql`not r.on_leave and not exists (select 1 from ${checkins} c where c.member_id = r.member_id and c.local_date = r.day::date)`,
  );
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
