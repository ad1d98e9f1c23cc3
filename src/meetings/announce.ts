import type { Db } from '../../db/client';
import { leaveOrSignedIn } from './excused';
import { deliver } from '../audience/audience';
import { roomsInScope } from '../audience/rooms';
import type { Room } from '../audience/rooms';
import type { Lang } from '../i18n';
import type { Meeting } from './meetings.service';
import { expectedMembers, meetingInfo } from './meetings.service';
import { meetingTexts } from './meetings.text';

export type Announcement = 'notice' | '24h' | '30m';

async function textFor(db: Db, m: Meeting, kind: Announcement, lang: Lang): Promise<string> {
  const info = await meetingInfo(db, lang, m);
  return kind === 'notice' ? meetingTexts(lang).notice(info) : meetingTexts(lang).reminder(info, kind === '30m');
}

/**
 * The notice (on arranging) and the 24 h / 30 min reminders: a post in every classroom in scope, plus — for
 * reminders, or when there is no classroom — a private message to each expected person not excused or on leave.
 * Keyed by meeting and kind, so each goes out once.
 */
export async function announceMeeting(db: Db, now: Date, m: Meeting, kind: Announcement): Promise<number> {
  const key = `meeting.${kind}:m${m.id}`;
  const rooms = await roomsInScope(db, m.branchId, m.groupId);
  const tagged = { dedupKey: key, purpose: `meeting.${kind}`, purposeRef: { meetingId: m.id } };
  const texts = new Map<Lang, string>();
  for (const lang of ['zh', 'en'] as const) texts.set(lang, await textFor(db, m, kind, lang));
  const text = (lang: Lang) => texts.get(lang) ?? '';
  // Each classroom in its own group's language: a branch-wide lecture reaches Chinese and English groups alike.
  const post = { ...tagged, rooms, text: (room: Room) => text(room.lang) };
  if (kind === 'notice' && rooms.length > 0) return (await deliver(db, now, { posts: [post] })).posted;
  const expected = await expectedMembers(db, m);
  const skip = await leaveOrSignedIn(
    db,
    m,
    expected.map((e) => e.memberId),
  );
  const notes = expected.filter((e) => !skip.has(e.memberId)).map((e) => ({ ...tagged, memberId: e.memberId, text }));
  return (await deliver(db, now, { posts: [post], notes })).posted;
}
