import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groups } from '../../db/schema';
import { perTick } from '../jobs/per-tick';
import type { GroupSettings } from './settings';
import { groupSettings } from './settings';

export type ScheduledGroup = typeof groups.$inferSelect & { config: GroupSettings };

/** Every group with its settings, read once a tick for all jobs; by id, so a branch's first group comes first. */
export const groupsAtTick = perTick(async (db: Db): Promise<ScheduledGroup[]> => {
  const rows = await db.select().from(groups).orderBy(asc(groups.id));
  return rows.map((g) => ({ ...g, config: groupSettings(g.settings) }));
});

/** Each branch once, with its first group: a branch-wide slot runs on that group's clock. */
export function branchesOf(all: ScheduledGroup[]): ScheduledGroup[] {
  const first = new Map<number, ScheduledGroup>();
  for (const g of all) if (!first.has(g.branchId)) first.set(g.branchId, g);
  return [...first.values()];
}
