import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groups } from '../../db/schema';
import { asLang } from '../i18n';
import type { Lang } from '../i18n';

export async function groupLang(db: Db, groupId: number): Promise<Lang> {
  const [row] = await db.select({ settings: groups.settings }).from(groups).where(eq(groups.id, groupId));
  return asLang(row?.settings.lang);
}
