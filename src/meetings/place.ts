import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { chats } from '../../db/schema';
import type { AttendancePlace, MeetingMode } from '../../db/schema';
import type { ChatContext } from '../commands/types';
import type { Lang } from '../i18n';
import { mainClassroom } from '../study/broadcast';
import type { Meeting } from './meetings.service';

export type SignInPlace = { place: AttendancePlace; placeName: string | null; mode: MeetingMode };

const MAIN_WORDS = new Set(['主课堂', '主会场', 'main', '现场']);

/**
 * Where a sign-in comes from. In a chat: the branch's main classroom, or a sub-classroom (a bound chat, named by
 * its title). In a private chat: `where` names it ("主课堂", or a sub-classroom's name); without it, someone
 * signing in to an on-site meeting is taken to be in the main classroom and anyone else to be on their own.
 * Attending in the main classroom is 现场; elsewhere it is the meeting's own remote way (传达, else 视频).
 */
export async function signInPlace(db: Db, m: Meeting, chat: ChatContext, where: string): Promise<SignInPlace> {
  const remote: MeetingMode = m.mode === 'relay' ? 'relay' : 'video';
  if (chat.kind === 'group') {
    const main = await mainClassroom(db, m.branchId);
    if (main?.chatId === chat.id) return { place: 'main', placeName: null, mode: 'onsite' };
    if (chat.groupId !== null) {
      const [row] = await db.select({ title: chats.title }).from(chats).where(eq(chats.id, chat.id));
      return { place: 'sub', placeName: row?.title ?? chat.externalId, mode: remote };
    }
  }
  const named = where.trim();
  if (MAIN_WORDS.has(named.toLowerCase()) || (!named && m.mode === 'onsite')) return { place: 'main', placeName: null, mode: 'onsite' };
  if (named) return { place: 'sub', placeName: named.slice(0, 40), mode: remote };
  return { place: 'private', placeName: null, mode: remote };
}

const MODE_WORD: Record<Lang, Record<MeetingMode, string>> = {
  zh: { onsite: '现场', video: '视频', relay: '传达' },
  en: { onsite: 'on site', video: 'video', relay: 'relay' },
};

export function placeLabel(lang: Lang, p: { place: AttendancePlace | null; placeName: string | null; mode: MeetingMode | null }): string {
  const how = MODE_WORD[lang][p.mode ?? 'onsite'];
  if (p.place === 'main') return lang === 'en' ? `main classroom (${how})` : `主课堂（${how}）`;
  if (p.place === 'sub') return lang === 'en' ? `sub-classroom "${p.placeName}" (${how})` : `分课堂「${p.placeName}」（${how}）`;
  return lang === 'en' ? `on their own (${how})` : `个人（${how}）`;
}
