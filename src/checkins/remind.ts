import type { Db } from '../../db/client';
import { notifyMember, postToGroup, privateChatOf } from '../outbox/enqueue';
import type { LocalDate } from '../time';
import { checkinTexts } from './checkins.text';
import { unreportedMembers } from './checkins.service';
import type { GroupInScope } from '../org/authz.group';

/**
 * Reminds only the silent: one @-mention post in each classroom and a private message to each who can be
 * reached (has joined); returns who could not be.
 * `key` makes the reminder once-only (a scheduled slot, or one manual /remind).
 */
export async function remindSilent(
  db: Db,
  now: Date,
  group: GroupInScope,
  date: LocalDate,
  key: string,
): Promise<{ reminded: number; unreachable: string[] }> {
  const silent = await unreportedMembers(db, [group.id], date);
  const unreachable: string[] = [];
  if (silent.length === 0) return { reminded: 0, unreachable };
  const t = checkinTexts(group.config.lang);
  await postToGroup(db, now, group.id, {
    text: t.groupReminder(date, silent.length),
    dedupKey: `${key}:g${group.id}:${date}`,
    mentionMemberIds: silent.map((m) => m.memberId),
    purpose: 'checkin.remind',
  });
  for (const m of silent) {
    const text = (lang: 'zh' | 'en') => checkinTexts(lang).reminder(date);
    // No account means the member never joined: a private reminder cannot reach them.
    if (!(await privateChatOf(db, m.memberId))) unreachable.push(m.name);
    else await notifyMember(db, now, m.memberId, text, `${key}:g${group.id}:${date}:private`, 'checkin.remind');
  }
  return { reminded: silent.length, unreachable };
}
