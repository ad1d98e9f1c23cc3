import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { chats, groups, mainClassrooms } from '../../db/schema';
import { asLang } from '../i18n';
import type { Lang } from '../i18n';

/** A group chat the bot posts to (a classroom), the group it is bound to, and the language it is written to in. */
export type Room = { chatId: number; platform: string; externalId: string; title: string | null; groupId: number | null; lang: Lang };

const ROOM_FIELDS = {
  chatId: chats.id,
  platform: chats.platform,
  externalId: chats.externalId,
  title: chats.title,
  groupId: chats.groupId,
  settings: groups.settings,
};
const postable = and(eq(chats.active, true), eq(chats.kind, 'group'));

/** The group's `lang` setting (Chinese unless set to en); a classroom bound to no group is written to in Chinese. */
const asRoom = ({ settings, ...room }: Omit<Room, 'lang'> & { settings: Record<string, string> | null }): Room => ({
  ...room,
  lang: asLang(settings?.lang),
});

/** Every active classroom of these groups, in one query; a group without one has an empty list. */
export async function roomsOfGroups(db: Db, groupIds: readonly number[]): Promise<Map<number, Room[]>> {
  const byGroup = new Map<number, Room[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return byGroup;
  const rows = await db
    .select(ROOM_FIELDS)
    .from(chats)
    .innerJoin(groups, eq(groups.id, chats.groupId))
    .where(and(inArray(chats.groupId, [...new Set(groupIds)]), postable))
    .orderBy(chats.id);
  for (const room of rows) byGroup.get(room.groupId as number)?.push(asRoom(room));
  return byGroup;
}

/** The branch's main classroom (主课堂), if the secretary set one and the bot is still in it. */
export async function mainClassroom(db: Db, branchId: number): Promise<Room | null> {
  const [row] = await db
    .select(ROOM_FIELDS)
    .from(mainClassrooms)
    .innerJoin(chats, eq(chats.id, mainClassrooms.chatId))
    .leftJoin(groups, eq(groups.id, chats.groupId))
    .where(and(eq(mainClassrooms.branchId, branchId), eq(chats.active, true)));
  return row ? asRoom(row) : null;
}

/**
 * Every classroom a post for this scope reaches: the group's bound chats, or for the whole branch every group's
 * bound chats plus the main classroom — one query however many groups there are.
 */
export async function roomsInScope(db: Db, branchId: number, groupId: number | null): Promise<Room[]> {
  if (groupId !== null) return (await roomsOfGroups(db, [groupId])).get(groupId) ?? [];
  const rooms = await db
    .select(ROOM_FIELDS)
    .from(chats)
    .innerJoin(groups, eq(groups.id, chats.groupId))
    .where(and(eq(groups.branchId, branchId), postable))
    .orderBy(chats.id);
  const main = await mainClassroom(db, branchId);
  const all = rooms.map(asRoom);
  return main && !all.some((r) => r.chatId === main.chatId) ? [main, ...all] : all;
}
