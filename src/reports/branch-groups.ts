import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { branches, groups } from '../../db/schema';
import type { GroupInScope } from '../org/authz.group';
import { groupSettings } from '../org/settings';

/** Every group of a branch with its settings, in the order they were made. */
export async function branchGroups(db: Db, branchId: number): Promise<GroupInScope[]> {
  const rows = await db.select().from(groups).where(eq(groups.branchId, branchId)).orderBy(asc(groups.id));
  return rows.map((g) => ({ id: g.id, name: g.name, branchId: g.branchId, config: groupSettings(g.settings) }));
}

export async function branchName(db: Db, branchId: number): Promise<string> {
  const [row] = await db.select({ name: branches.name }).from(branches).where(eq(branches.id, branchId));
  return row?.name ?? '';
}
