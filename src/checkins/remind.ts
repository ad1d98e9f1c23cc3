import type { Db } from '../../db/client';
import { notifyMember, postToGroup } from '../outbox/enqueue';
import type { LocalDate } from '../time';
import { checkinTexts } from './checkins.text';
import { unreportedMembers } from './checkins.service';
import type { GroupInScope } from './scope';

/**
 * Reminds only the silent: one @-mention post in each classroom and a private message to each.
 * `key` makes the reminder once-only (a scheduled slot, or one manual /remind).
 */
export async function remindSilent(db: Db, now: Date, group: GroupInScope, date: LocalDate, key: string): Promise<number> {
  const silent = await unreportedMembers(db, [group.id], date);
  if (silent.length === 0) return 0;
  const t = checkinTexts(group.config.lang);
  await postToGroup(db, now, group.id, {
    text: t.groupReminder(date, silent.length),
    dedupKey: `${key}:g${group.id}:${date}`,
    mentionMemberIds: silent.map((m) => m.memberId),
    purpose: 'checkin.remind',
  });
  for (const m of silent) {
    await notifyMember(db, now, m.memberId, (lang) => checkinTexts(lang).reminder(date), `${key}:g${group.id}:${date}:private`, 'checkin.remind');
  }
  return silent.length;
}
