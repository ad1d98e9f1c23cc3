import { and, eq, gte, like, max } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { outbox } from '../../db/schema';
import { deliver } from '../audience/audience';
import { roomsOfGroups } from '../audience/rooms';
import type { GroupInScope } from '../org/authz.group';
import type { LocalDate } from '../time';
import { checkinTexts } from './checkins.text';
import { unreportedMembers } from './checkins.service';

/** The key a manual /remind is written under, with its time after it (a scheduled one has its slot's). */
export const MANUAL_KEY = 'remind:manual';

export type Reminded = { reminded: number; unreachable: string[] };

/**
 * Reminds only the silent of each group: one @-mention post in each classroom and a private message to each who
 * can be reached (has joined). Every group in one pass: the silent, the rooms, the mentions and the private chats
 * in one query each, the rows in multi-row inserts. `key` makes the reminder once-only (a scheduled slot, or one
 * manual /remind). Returns, per group, how many were silent and who could not be reached.
 */
export async function remindSilentGroups(
  db: Db,
  now: Date,
  days: readonly { group: GroupInScope; date: LocalDate }[],
  key: string,
): Promise<Map<number, Reminded>> {
  const silent = await unreportedMembers(
    db,
    days.map(({ group, date }) => ({ groupId: group.id, date, tz: group.config.tz })),
  );
  const rooms = await roomsOfGroups(
    db,
    days.map((d) => d.group.id),
  );
  const posts = days.flatMap(({ group, date }) => {
    const mine = silent.filter((m) => m.groupId === group.id);
    if (mine.length === 0) return [];
    return [
      {
        rooms: rooms.get(group.id) ?? [],
        text: checkinTexts(group.config.lang).groupReminder(date, mine.length),
        dedupKey: `${key}:g${group.id}:${date}`,
        mentionMemberIds: mine.map((m) => m.memberId),
        purpose: 'checkin.remind',
        // Remembered on delivery like the prompt: a reply to the reminder is a report for its day.
        purposeRef: { groupId: group.id, localDate: date },
      },
    ];
  });
  const dateOf = new Map(days.map((d) => [d.group.id, d.date]));
  const notes = silent.map((m) => {
    const date = dateOf.get(m.groupId) as LocalDate;
    return {
      memberId: m.memberId,
      text: (lang: 'zh' | 'en') => checkinTexts(lang).reminder(date),
      dedupKey: `${key}:g${m.groupId}:${date}:private`,
      purpose: 'checkin.remind',
    };
  });
  // No account means the member never joined: a private reminder cannot reach them.
  const { unreachable } = await deliver(db, now, { posts, notes });
  const away = new Set(unreachable);
  return new Map(
    days.map(({ group }) => {
      const mine = silent.filter((m) => m.groupId === group.id);
      return [group.id, { reminded: mine.length, unreachable: mine.filter((m) => away.has(m.memberId)).map((m) => m.name) }];
    }),
  );
}

/** When this group was last reminded for this day (by the schedule or by /remind), if since `after`. */
export async function lastReminder(db: Db, groupId: number, date: LocalDate, after: Date): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(outbox.createdAt) })
    .from(outbox)
    .where(and(eq(outbox.purpose, 'checkin.remind'), gte(outbox.createdAt, after), like(outbox.dedupKey, `%:g${groupId}:${date}%`)));
  return row?.at ?? null;
}

export async function remindSilent(db: Db, now: Date, group: GroupInScope, date: LocalDate, key: string): Promise<Reminded> {
  return (await remindSilentGroups(db, now, [{ group, date }], key)).get(group.id) as Reminded;
}
