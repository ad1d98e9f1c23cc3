import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, members } from '../../db/schema';
import type { Lang } from '../i18n';
import { asLang } from '../i18n';

/** Where to reach a person privately: the account they used last (a private chat's id is the account id). */
export type PrivateChat = { platform: string; chatId: string; lang: Lang };

/**
 * The language a person reads, as their answers are given (`replyLang`): their own `lang en`, else their own
 * group's `lang`, else Chinese. So a member of an English group gets English notices as well as English replies.
 */
const readerLang = sql<string>`case when ${members.lang} = 'en' then 'en' else coalesce((
  select g.settings->>'lang' from roles r join groups g on g.id = r.group_id
  where r.member_id = ${members.id} and r.role in ('member', 'leader') order by r.group_id limit 1), 'zh') end`;

/** Each person's private chat, for all of them in one query; those who never joined are missing from the map. */
export async function privateChatsOf(db: Db, memberIds: readonly number[]): Promise<Map<number, PrivateChat>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([accounts.memberId], {
      memberId: accounts.memberId,
      platform: accounts.platform,
      chatId: accounts.externalId,
      lang: readerLang,
    })
    .from(accounts)
    .innerJoin(members, eq(members.id, accounts.memberId))
    .where(inArray(accounts.memberId, [...new Set(memberIds)]))
    .orderBy(accounts.memberId, desc(accounts.lastSeenAt));
  return new Map(rows.map((r) => [r.memberId as number, { platform: r.platform, chatId: r.chatId, lang: asLang(r.lang) }]));
}

/** Each person's accounts on every platform, for @-mentions in a classroom of that platform. */
export async function mentionAccountsOf(db: Db, memberIds: readonly number[]) {
  if (memberIds.length === 0) return [];
  return db
    .select({ memberId: accounts.memberId, platform: accounts.platform, externalId: accounts.externalId, name: members.name })
    .from(accounts)
    .innerJoin(members, eq(members.id, accounts.memberId))
    .where(inArray(accounts.memberId, [...new Set(memberIds)]));
}
