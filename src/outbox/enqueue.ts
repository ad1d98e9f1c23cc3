import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, chats, members } from '../../db/schema';
import type { OutboxAction, OutboxFile, OutboxMention } from '../../db/schema';
import { outbox } from '../../db/schema';
import type { Lang } from '../i18n';
import { asLang } from '../i18n';

export type OutgoingMessage = {
  /** Same key, same message: a second enqueue with it is ignored. */
  dedupKey: string;
  platform: string;
  chatId: string;
  text: string;
  mentions?: OutboxMention[];
  file?: OutboxFile | null;
  actions?: OutboxAction[];
  purpose?: string;
  purposeRef?: Record<string, unknown>;
  availableAt?: Date;
};

/** Writes the message in the caller's transaction; returns false when its key was already used. */
export async function enqueue(db: Db, now: Date, msg: OutgoingMessage): Promise<boolean> {
  const rows = await db
    .insert(outbox)
    .values({
      dedupKey: msg.dedupKey,
      platform: msg.platform,
      chatExternalId: msg.chatId,
      text: msg.text,
      mentions: msg.mentions ?? [],
      file: msg.file ?? null,
      actions: msg.actions ?? [],
      purpose: msg.purpose ?? null,
      purposeRef: msg.purposeRef ?? null,
      availableAt: msg.availableAt ?? now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.dedupKey })
    .returning({ id: outbox.id });
  return rows.length > 0;
}

/** Where to reach a person privately: the account they used last (a private chat's id is the account id). */
export async function privateChatOf(db: Db, memberId: number): Promise<{ platform: string; chatId: string; lang: Lang } | null> {
  const [row] = await db
    .select({ platform: accounts.platform, chatId: accounts.externalId, lang: members.lang })
    .from(accounts)
    .innerJoin(members, eq(members.id, accounts.memberId))
    .where(eq(accounts.memberId, memberId))
    .orderBy(desc(accounts.lastSeenAt))
    .limit(1);
  return row ? { ...row, lang: asLang(row.lang) } : null;
}

/** A private message to one person in their language; false when they have no account yet. */
export async function notifyMember(
  db: Db,
  now: Date,
  memberId: number,
  text: (lang: Lang) => string,
  dedupKey: string,
  purpose?: string,
  actions?: (lang: Lang) => OutboxAction[],
): Promise<boolean> {
  const target = await privateChatOf(db, memberId);
  if (!target) return false;
  return enqueue(db, now, {
    dedupKey: `${dedupKey}:m${memberId}`,
    platform: target.platform,
    chatId: target.chatId,
    text: text(target.lang),
    actions: actions?.(target.lang),
    purpose,
  });
}

export type GroupPost = {
  /** The same for every classroom, or worded per platform (e.g. how to address the bot there). */
  text: string | ((platform: string) => string);
  dedupKey: string;
  /** People to @-mention, resolved to each chat's platform accounts. */
  mentionMemberIds?: number[];
  actions?: OutboxAction[];
  purpose?: string;
  purposeRef?: Record<string, unknown>;
};

/** Posts to every active classroom (bound chat) of a group; returns how many rows were written. */
export async function postToGroup(db: Db, now: Date, groupId: number, post: GroupPost): Promise<number> {
  const rooms = await db
    .select({ platform: chats.platform, externalId: chats.externalId })
    .from(chats)
    .where(and(eq(chats.groupId, groupId), eq(chats.active, true), eq(chats.kind, 'group')));
  const mentionAccounts = post.mentionMemberIds?.length
    ? await db
        .select({ platform: accounts.platform, externalId: accounts.externalId, name: members.name })
        .from(accounts)
        .innerJoin(members, eq(members.id, accounts.memberId))
        .where(inArray(accounts.memberId, post.mentionMemberIds))
    : [];
  let written = 0;
  for (const room of rooms) {
    const mentions = mentionAccounts.filter((a) => a.platform === room.platform).map((a) => ({ externalId: a.externalId, name: a.name }));
    const inserted = await enqueue(db, now, {
      dedupKey: `${post.dedupKey}:${room.platform}:${room.externalId}`,
      platform: room.platform,
      chatId: room.externalId,
      text: typeof post.text === 'function' ? post.text(room.platform) : post.text,
      mentions,
      actions: post.actions,
      purpose: post.purpose,
      purposeRef: post.purposeRef,
    });
    if (inserted) written++;
  }
  return written;
}
