import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { chats, members, roles } from '../../db/schema';
import type { InboundMessage } from '../chat/types';
import type { Actor, ChatContext, RoleGrant } from '../commands/types';
import { asLang } from '../i18n';

export async function loadActor(db: Db, memberId: number): Promise<Actor | null> {
  const [member] = await db
    .select()
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.active, true)));
  if (!member) return null;
  const grants = await db.select({ role: roles.role, groupId: roles.groupId }).from(roles).where(eq(roles.memberId, memberId));
  return { memberId, branchId: member.branchId, name: member.name, lang: asLang(member.lang), roles: grants as RoleGrant[] };
}

/**
 * The chat row for a message (`known`: as read at its start, null the first time the bot hears from that chat).
 * It is written only when something changed (a new title, the bot back in a chat it had left, a new chat), so
 * messages from one busy chat do not queue behind each other's row lock.
 */
export async function syncChat(
  db: Db,
  msg: InboundMessage,
  known: Pick<typeof chats.$inferSelect, 'id' | 'platform' | 'externalId' | 'kind' | 'title' | 'groupId' | 'active'> | null,
): Promise<ChatContext> {
  const renamed = msg.chatTitle !== undefined && msg.chatTitle !== known?.title;
  const row =
    known && !renamed && known.active
      ? known
      : (
          await db
            .insert(chats)
            .values({ platform: msg.platform, externalId: msg.chatId, kind: msg.chatKind, title: msg.chatTitle ?? null })
            .onConflictDoUpdate({
              target: [chats.platform, chats.externalId],
              set: { title: sql`coalesce(excluded.title, ${chats.title})`, active: true },
            })
            .returning()
        )[0];
  if (!row) throw new Error('chat upsert returned nothing');
  return { id: row.id, platform: row.platform, externalId: row.externalId, kind: row.kind, groupId: row.groupId };
}

/** The group a person reports to (as member or leader), if any. */
export function homeGroupId(actor: Actor): number | null {
  return actor.roles.find((g) => g.role === 'member' || g.role === 'leader')?.groupId ?? null;
}

export const isSecretary = (actor: Actor): boolean => actor.roles.some((g) => g.role === 'secretary');

export const isLeader = (actor: Actor): boolean => actor.roles.some((g) => g.role === 'leader');

/** The groups a person leads (usually one; none for a member or a secretary who leads no group). */
export const ledGroupIds = (actor: Actor): number[] => actor.roles.filter((g) => g.role === 'leader').map((g) => g.groupId);

export function leadsGroup(actor: Actor, groupId: number): boolean {
  return actor.roles.some((g) => g.role === 'leader' && g.groupId === groupId);
}
