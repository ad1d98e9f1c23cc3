import { and, desc, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { homeVisits, members } from '../../db/schema';

export async function addVisit(db: Db, v: { memberId: number; visitorId: number; ticketId: number | null; text: string }, now: Date) {
  const [row] = await db
    .insert(homeVisits)
    .values({ ...v, at: now })
    .returning();
  if (!row) throw new Error('visit insert returned nothing');
  return row;
}

export async function visitsOf(db: Db, memberId: number) {
  return db
    .select({ at: homeVisits.at, text: homeVisits.text, visitor: members.name })
    .from(homeVisits)
    .innerJoin(members, eq(members.id, homeVisits.visitorId))
    .where(eq(homeVisits.memberId, memberId))
    .orderBy(desc(homeVisits.at))
    .limit(10);
}

/** Visits of the branch in [from, to). */
export async function visitsBetween(db: Db, branchId: number, from: Date, to: Date) {
  return db
    .select({ memberId: homeVisits.memberId, at: homeVisits.at })
    .from(homeVisits)
    .innerJoin(members, eq(members.id, homeVisits.memberId))
    .where(and(eq(members.branchId, branchId), gte(homeVisits.at, from), lt(homeVisits.at, to)));
}
