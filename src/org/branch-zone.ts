import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groups } from '../../db/schema';
import { groupSettings, SETTING_DEFAULTS } from './settings';

/**
 * The wall clock for a branch-wide question ("this month", a quarter's slot): its first group's zone, else the
 * default. Each row is still shown on its own group's clock.
 */
export async function branchZone(db: Db, branchId: number): Promise<string> {
  const [g] = await db.select({ settings: groups.settings }).from(groups).where(eq(groups.branchId, branchId)).orderBy(asc(groups.id)).limit(1);
  return g ? groupSettings(g.settings).tz : SETTING_DEFAULTS.tz;
}
