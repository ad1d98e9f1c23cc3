import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { chats, groups } from '../../db/schema';
import type { AttendancePlace, MeetingMode } from '../../db/schema';
import type { ChatContext } from '../commands/types';
import { UserError } from '../commands/types';
import { joinList, type Lang } from '../i18n';
import { mainClassroom } from '../audience/rooms';
import type { Meeting } from './meetings.service';
import { meetingTexts } from './meetings.text';

export type SignInPlace = { place: AttendancePlace; placeName: string | null; mode: MeetingMode };

const MAIN_WORDS = new Set(['主课堂', '主会场', 'main', '现场']);

/**
 * Where a sign-in comes from. In a chat: the branch's main classroom, or a sub-classroom (a bound chat, named by
 * its title). In a private chat: `where` names it ("主课堂", or a sub-classroom's name); without it, someone
 * signing in to an on-site meeting is taken to be in the main classroom and anyone else to be on their own.
 * Attending in the main classroom is 现场, and so is an on-site 党小组会 in its own group's classroom (that chat is
 * where the group meets); elsewhere it is the meeting's own remote way (传达, else 视频).
 */
export async function signInPlace(db: Db, m: Meeting, chat: ChatContext, where: string, lang: Lang): Promise<SignInPlace> {
  const remote: MeetingMode = m.mode === 'relay' ? 'relay' : 'video';
  const named = where.trim();
  const isMain = MAIN_WORDS.has(named.toLowerCase());
  if (chat.kind === 'group') {
    const main = await mainClassroom(db, m.branchId);
    const here: SignInPlace | null =
      main?.chatId === chat.id
        ? { place: 'main', placeName: null, mode: 'onsite' }
        : chat.groupId !== null
          ? { place: 'sub', placeName: (await chatTitle(db, chat.id)) ?? chat.externalId, mode: ownRoom(m, chat) ? 'onsite' : remote }
          : null;
    if (here) {
      // A place named in a classroom chat must be that classroom: the chat says where the member is.
      const same = !named || (here.place === 'main' ? isMain : named === here.placeName);
      if (!same) throw new UserError(meetingTexts(lang).placeInGroup(placeLabel(lang, here)));
      return here;
    }
  }
  if (isMain || (!named && m.mode === 'onsite')) return { place: 'main', placeName: null, mode: 'onsite' };
  if (!named) return { place: 'private', placeName: null, mode: remote };
  const rooms = await subClassrooms(db, m.branchId);
  if (!rooms.includes(named)) throw new UserError(meetingTexts(lang).unknownPlace(named.slice(0, 40), joinList(lang, rooms)));
  return { place: 'sub', placeName: named, mode: remote };
}

const ownRoom = (m: Meeting, chat: ChatContext): boolean => m.mode === 'onsite' && m.groupId !== null && chat.groupId === m.groupId;

async function chatTitle(db: Db, chatId: number): Promise<string | null> {
  const [row] = await db.select({ title: chats.title }).from(chats).where(eq(chats.id, chatId));
  return row?.title ?? null;
}

/** Titles of the branch's group classrooms (chats bound to one of its groups). */
async function subClassrooms(db: Db, branchId: number): Promise<string[]> {
  const rows = await db
    .select({ title: chats.title })
    .from(chats)
    .innerJoin(groups, eq(groups.id, chats.groupId))
    .where(and(eq(groups.branchId, branchId), eq(chats.kind, 'group'), eq(chats.active, true)));
  return rows.flatMap((r) => (r.title ? [r.title] : []));
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
