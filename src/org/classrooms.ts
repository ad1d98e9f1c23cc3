import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { chats } from '../../db/schema';

/** Whether a group has a bound chat the bot still posts to. */
export async function hasClassroom(db: Db, groupId: number): Promise<boolean> {
  const rows = await db
    .select({ id: chats.id })
    .from(chats)
    .where(and(eq(chats.groupId, groupId), eq(chats.active, true), eq(chats.kind, 'group')))
    .limit(1);
  return rows.length > 0;
}
