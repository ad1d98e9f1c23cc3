import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groups } from '../../db/schema';
import type { Actor, ChatContext, GroupRow } from '../commands/types';
import { asLang } from '../i18n';
import type { Lang } from '../i18n';
import { homeGroupId } from './identity';

export async function groupLang(db: Db, groupId: number): Promise<Lang> {
  const [row] = await db.select({ settings: groups.settings }).from(groups).where(eq(groups.id, groupId));
  return asLang(row?.settings.lang);
}

/**
 * The language a command is answered in. A member's own `lang en` wins; otherwise the group's `lang`: the group a
 * classroom belongs to when asked there, the member's own group when asked privately. Chinese is the default, so a
 * member's record (which is `zh` unless changed) never holds an English group back to Chinese. Groups already
 * read for the message (`known`) are not read again.
 */
export async function replyLang(db: Db, actor: Actor | null, chat: ChatContext, known?: ReadonlyMap<number, GroupRow>): Promise<Lang> {
  if (actor?.lang === 'en') return 'en';
  const groupId = chat.groupId ?? (actor ? homeGroupId(actor) : null);
  if (!groupId) return 'zh';
  const group = known?.get(groupId);
  return group ? asLang(group.settings.lang) : groupLang(db, groupId);
}
