import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { CARE_TYPES, careTickets, homeVisits, members } from '../../db/schema';
import type { CareStatus, CareType } from '../../db/schema';

/** Whose families and when: the branch's (or only these members') tickets and visits in [start, end). */
export type CareScope = { branchId: number; memberIds?: readonly number[]; start: Date; end: Date };

/** Counts only — no names, no family, no text: what anyone allowed a report may see. */
export type CareFigures = { opened: number; byType: Record<CareType, number>; urgent: number; closed: number; visits: number; families: number };

const inMembers = (column: typeof careTickets.memberId | typeof homeVisits.memberId, ids: readonly number[] | undefined) =>
  ids === undefined ? undefined : inArray(column, ids.length ? [...ids] : [-1]);

/** Tickets raised and closed (done) in the span, home visits logged in it and the families they reached. */
export async function careFigures(db: Db, s: CareScope): Promise<CareFigures> {
  const raised = await db
    .select({ type: careTickets.type, urgent: careTickets.urgent })
    .from(careTickets)
    .where(
      and(
        eq(careTickets.branchId, s.branchId),
        gte(careTickets.createdAt, s.start),
        lt(careTickets.createdAt, s.end),
        inMembers(careTickets.memberId, s.memberIds),
      ),
    );
  const closed = await db
    .select({ id: careTickets.id })
    .from(careTickets)
    .where(
      and(
        eq(careTickets.branchId, s.branchId),
        eq(careTickets.status, 'done'),
        gte(careTickets.closedAt, s.start),
        lt(careTickets.closedAt, s.end),
        inMembers(careTickets.memberId, s.memberIds),
      ),
    );
  const visits = await visitsIn(db, s);
  const byType = Object.fromEntries(CARE_TYPES.map((t) => [t, raised.filter((r) => r.type === t).length])) as Record<CareType, number>;
  return {
    opened: raised.length,
    byType,
    urgent: raised.filter((r) => r.urgent).length,
    closed: closed.length,
    visits: visits.length,
    families: new Set(visits.map((v) => v.memberId)).size,
  };
}

/** The visited family's member, to keep a visit in its branch (the visitor is another member). */
const branchMember = alias(members, 'branch_member');

const visitsIn = (db: Db, s: Omit<CareScope, 'branchId'> & { branchId?: number }) =>
  db
    .select({ memberId: homeVisits.memberId, at: homeVisits.at, text: homeVisits.text, visitor: members.name })
    .from(homeVisits)
    .innerJoin(members, eq(members.id, homeVisits.visitorId))
    .where(
      and(
        gte(homeVisits.at, s.start),
        lt(homeVisits.at, s.end),
        inMembers(homeVisits.memberId, s.memberIds),
        s.branchId === undefined
          ? undefined
          : inArray(homeVisits.memberId, db.select({ id: branchMember.id }).from(branchMember).where(eq(branchMember.branchId, s.branchId))),
      ),
    )
    .orderBy(asc(homeVisits.at));

export type FamilyCareTicket = {
  id: number;
  type: CareType;
  status: CareStatus;
  text: string;
  result: string | null;
  createdAt: Date;
  volunteer: string | null;
};
export type FamilyCareVisit = { at: Date; text: string; visitor: string };

/** What one member's family was given in the span: tickets raised for it and visits to it, oldest first. */
export async function familyCare(
  db: Db,
  memberId: number,
  start: Date,
  end: Date,
): Promise<{ tickets: FamilyCareTicket[]; visits: FamilyCareVisit[] }> {
  const tickets = await db
    .select({
      id: careTickets.id,
      type: careTickets.type,
      status: careTickets.status,
      text: careTickets.text,
      result: careTickets.result,
      createdAt: careTickets.createdAt,
      volunteer: members.name,
    })
    .from(careTickets)
    .leftJoin(members, eq(members.id, careTickets.assigneeId))
    .where(and(eq(careTickets.memberId, memberId), gte(careTickets.createdAt, start), lt(careTickets.createdAt, end)))
    .orderBy(asc(careTickets.createdAt));
  const visits = await visitsIn(db, { memberIds: [memberId], start, end });
  return { tickets, visits: visits.map(({ at, text, visitor }) => ({ at, text, visitor })) };
}
