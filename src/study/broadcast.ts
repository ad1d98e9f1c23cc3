import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rawRows } from '../../db/client';
import { chats, groups, mainClassrooms, outbox } from '../../db/schema';

export type Classroom = { chatId: number; platform: string; externalId: string; title: string | null; groupId: number | null };

const ROOM_FIELDS = { chatId: chats.id, platform: chats.platform, externalId: chats.externalId, title: chats.title, groupId: chats.groupId };

/** The branch's main classroom (主课堂), if the secretary set one and the bot is still in it. */
export async function mainClassroom(db: Db, branchId: number): Promise<Classroom | null> {
  const [row] = await db
    .select(ROOM_FIELDS)
    .from(mainClassrooms)
    .innerJoin(chats, eq(chats.id, mainClassrooms.chatId))
    .where(and(eq(mainClassrooms.branchId, branchId), eq(chats.active, true)));
  return row ?? null;
}

/**
 * Every classroom a post for this scope reaches: the group's bound chats (its sub-classrooms), or for the whole
 * branch every group's bound chats plus the main classroom — one query however many groups there are.
 */
export async function classroomsInScope(db: Db, branchId: number, groupId: number | null): Promise<Classroom[]> {
  const inScope = groupId !== null ? eq(chats.groupId, groupId) : eq(groups.branchId, branchId);
  const rooms = await db
    .select(ROOM_FIELDS)
    .from(chats)
    .innerJoin(groups, eq(groups.id, chats.groupId))
    .where(and(inScope, eq(chats.active, true), eq(chats.kind, 'group')))
    .orderBy(chats.id);
  if (groupId !== null) return rooms;
  const main = await mainClassroom(db, branchId);
  return main && !rooms.some((r) => r.chatId === main.chatId) ? [main, ...rooms] : rooms;
}

export type Broadcast = { text: string; dedupKey: string; purpose: string; purposeRef?: Record<string, unknown> };

/**
 * Writes one outbox row per classroom in a single INSERT … SELECT over the chats: a branch may have a thousand
 * classrooms, and row by row that is a thousand round trips (and the text sent a thousand times). Each row's
 * key is the post's key plus the room, so a second call — a retried job, a repeated command — writes nothing
 * twice. Returns the rows written.
 */
export async function broadcast(db: Db, now: Date, rooms: Classroom[], post: Broadcast): Promise<number> {
  if (rooms.length === 0) return 0;
  const at = now.toISOString();
  const ref = post.purposeRef ? JSON.stringify(post.purposeRef) : null;
  const rows = await rawRows<{ id: unknown }>(
    db,
    sql`insert into ${outbox} (dedup_key, platform, chat_external_id, text, purpose, purpose_ref, available_at, created_at)
        select ${post.dedupKey} || ':' || c.platform || ':' || c.external_id, c.platform, c.external_id, ${post.text}, ${post.purpose},
               ${ref}::jsonb, ${at}::timestamptz, ${at}::timestamptz
        from ${chats} c where c.id in (${sql.join(
          rooms.map((r) => sql`${r.chatId}`),
          sql`, `,
        )})
        on conflict (dedup_key) do nothing
        returning id`,
  );
  return rows.length;
}
