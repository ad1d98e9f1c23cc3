import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { members, roles } from '../../db/schema';
import type { Quarter } from '../orglife/quarter';
import { quarterMonths } from '../orglife/quarter';
import { membersWithFamily } from './family.service';
import { visitsBetween } from './visits.service';

export type Family = { memberId: number; name: string; registered: boolean };

/** The quarter as [start, end) instants on the wall clock of `tz`. */
export function quarterSpan(q: Quarter, tz: string): { start: Date; end: Date } {
  const months = quarterMonths(q, tz);
  return { start: (months[0] as { start: Date }).start, end: (months[2] as { end: Date }).end };
}

/** Every family of the branch (each member stationed away, i.e. in a group) with no visit logged in the quarter. */
export async function unvisitedFamilies(db: Db, branchId: number, q: Quarter, tz: string): Promise<Family[]> {
  const { start, end } = quarterSpan(q, tz);
  const visited = new Set((await visitsBetween(db, branchId, start, end)).map((v) => v.memberId));
  const registered = new Set(await membersWithFamily(db, branchId));
  const people = await db
    .selectDistinct({ id: members.id, name: members.name })
    .from(members)
    .innerJoin(roles, eq(roles.memberId, members.id))
    .where(and(eq(members.branchId, branchId), eq(members.active, true), inArray(roles.role, ['member', 'leader'])))
    .orderBy(asc(members.name));
  return people.filter((p) => !visited.has(p.id)).map((p) => ({ memberId: p.id, name: p.name, registered: registered.has(p.id) }));
}
