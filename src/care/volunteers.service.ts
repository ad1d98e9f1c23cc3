import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { members, roles, volunteerDuty } from '../../db/schema';

export async function setDuty(db: Db, memberId: number, onDuty: boolean, now: Date): Promise<void> {
  await db
    .insert(volunteerDuty)
    .values({ memberId, onDuty, changedAt: now })
    .onConflictDoUpdate({ target: volunteerDuty.memberId, set: { onDuty, changedAt: now } });
}

/** Every active volunteer of the branch with their duty flag (off until they say otherwise). */
export async function volunteers(db: Db, branchId: number): Promise<{ id: number; name: string; onDuty: boolean }[]> {
  const rows = await db
    .select({ id: members.id, name: members.name, onDuty: volunteerDuty.onDuty })
    .from(roles)
    .innerJoin(members, eq(members.id, roles.memberId))
    .leftJoin(volunteerDuty, eq(volunteerDuty.memberId, members.id))
    .where(and(eq(roles.role, 'volunteer'), eq(members.branchId, branchId), eq(members.active, true)))
    .orderBy(asc(members.name));
  return rows.map((r) => ({ ...r, onDuty: r.onDuty ?? false }));
}

export const onDutyIds = async (db: Db, branchId: number): Promise<number[]> =>
  (await volunteers(db, branchId)).filter((v) => v.onDuty).map((v) => v.id);
