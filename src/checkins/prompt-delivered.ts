import { dayPrompts } from '../../db/schema';
import type { DeliveredHook } from '../feature/feature';

/** A delivered daily prompt or group reminder is remembered, so that replies to it count as check-ins for its day. */
export const rememberPrompt: DeliveredHook = async (db, d) => {
  const ref = d.purposeRef as { groupId?: number; localDate?: string } | null;
  if ((d.purpose !== 'checkin.prompt' && d.purpose !== 'checkin.remind') || !d.platformMessageId || !ref?.groupId || !ref.localDate) return;
  await db
    .insert(dayPrompts)
    .values({
      groupId: ref.groupId,
      localDate: ref.localDate,
      platform: d.platform,
      chatExternalId: d.chatId,
      platformMessageId: d.platformMessageId,
    })
    .onConflictDoNothing();
};
