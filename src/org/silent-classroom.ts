import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groups } from '../../db/schema';
import type { GoneChat } from '../outbox/claim';
import { notifyMembers } from '../audience/audience';
import { leadersAndSecretaries } from './org.service';
import { silentClassroomTexts } from './silent-classroom.text';

/**
 * A classroom (a group's bound chat) stopped taking our messages: the secretaries hear of it privately, once
 * for this loss (the key carries the moment it was noticed; a chat already marked gone is not reported again).
 */
export async function tellSecretariesClassroomSilent(db: Db, now: Date, chat: GoneChat): Promise<void> {
  if (chat.kind !== 'group' || chat.groupId === null) return;
  const [group] = await db.select({ name: groups.name, branchId: groups.branchId }).from(groups).where(eq(groups.id, chat.groupId));
  if (!group) return;
  const { secretaries } = await leadersAndSecretaries(db, chat.groupId, group.branchId);
  const room = chat.title ?? String(chat.id);
  await notifyMembers(db, now, secretaries, {
    text: (lang) => silentClassroomTexts(lang).classroomSilent(room, group.name),
    dedupKey: `classroom.silent:${chat.id}:${now.getTime()}`,
    purpose: 'classroom.silent',
  });
}
