import { and, asc, desc, eq, gte, inArray, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { leaveRequests, members } from '../../db/schema';
import type { LeaveStatus } from '../../db/schema';
import { approvedLeaveBetween } from '../roster/roster';
import { monthRange, shiftDate } from '../time';
import type { LocalDate } from '../time';

export type LeaveRow = typeof leaveRequests.$inferSelect;

/** A pending or approved request of this member that overlaps the dates, if any. */
export async function overlapping(db: Db, memberId: number, from: LocalDate, to: LocalDate): Promise<LeaveRow | null> {
  const [row] = await db
    .select()
    .from(leaveRequests)
    .where(
      and(
        eq(leaveRequests.memberId, memberId),
        or(eq(leaveRequests.status, 'pending'), eq(leaveRequests.status, 'approved')),
        lte(leaveRequests.fromDate, to),
        gte(leaveRequests.toDate, from),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function createLeave(
  db: Db,
  input: { memberId: number; groupId: number; from: LocalDate; to: LocalDate; reason: string; approverId: number | null },
  now: Date,
): Promise<LeaveRow> {
  const [row] = await db
    .insert(leaveRequests)
    .values({
      memberId: input.memberId,
      groupId: input.groupId,
      fromDate: input.from,
      toDate: input.to,
      reason: input.reason,
      approverId: input.approverId,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error('leave insert returned nothing');
  return row;
}

export async function getLeave(db: Db, id: number): Promise<LeaveRow | null> {
  const [row] = await db.select().from(leaveRequests).where(eq(leaveRequests.id, id)).for('update');
  return row ?? null;
}

export async function decideLeave(db: Db, id: number, status: LeaveStatus, deciderId: number, note: string | null, now: Date) {
  await db
    .update(leaveRequests)
    .set({ status, approverId: deciderId, decidedAt: now, decisionNote: note })
    .where(and(eq(leaveRequests.id, id), eq(leaveRequests.status, 'pending')));
}

/** Ends the leave covering `today`: it now stops yesterday (or never started, if it began today). */
export async function endLeave(db: Db, leave: LeaveRow, today: LocalDate, now: Date) {
  const newTo = shiftDate(today, -1);
  const status: LeaveStatus = newTo < leave.fromDate ? 'ended' : 'approved';
  await db
    .update(leaveRequests)
    .set({
      toDate: newTo < leave.fromDate ? leave.fromDate : newTo,
      status,
      endedAt: now,
    })
    .where(eq(leaveRequests.id, leave.id));
}

/** The member's approved leave covering today, if any. */
export async function currentLeave(db: Db, memberId: number, today: LocalDate): Promise<LeaveRow | null> {
  const [row] = await approvedLeaveBetween(db, [memberId], today, today);
  return row ?? null;
}

/** Requests overlapping a month, with the member's name, newest first. */
export async function leavesInMonth(db: Db, month: string, filter: { memberId?: number; groupIds?: number[]; branchId: number }) {
  const { from, to } = monthRange(month);
  return db
    .select({ leave: leaveRequests, name: members.name })
    .from(leaveRequests)
    .innerJoin(members, eq(members.id, leaveRequests.memberId))
    .where(
      and(
        eq(members.branchId, filter.branchId),
        lte(leaveRequests.fromDate, to),
        gte(leaveRequests.toDate, from),
        filter.memberId ? eq(leaveRequests.memberId, filter.memberId) : undefined,
        filter.groupIds ? inArray(leaveRequests.groupId, filter.groupIds) : undefined,
      ),
    )
    .orderBy(desc(leaveRequests.fromDate), asc(leaveRequests.id));
}
