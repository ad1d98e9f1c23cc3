import type { Db } from '../../db/client';
import { leaveOrSignedIn } from './excused';
import { notifyMember } from '../outbox/enqueue';
import { getGroup } from '../org/org.service';
import { groupSettings } from '../org/settings';
import type { Lang } from '../i18n';
import { broadcast, classroomsInScope } from '../study/broadcast';
import type { Meeting } from './meetings.service';
import { expectedMembers, meetingInfo } from './meetings.service';
import { meetingTexts } from './meetings.text';

export type Announcement = 'notice' | '24h' | '30m';

/** The language a classroom post is written in: the group's; a branch-wide post is in Chinese. */
async function roomLang(db: Db, m: Meeting): Promise<Lang> {
  const group = m.groupId === null ? null : await getGroup(db, m.groupId);
  return group ? groupSettings(group.settings).lang : 'zh';
}

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
  const rooms = await classroomsInScope(db, m.branchId, m.groupId);
  const written = await broadcast(db, now, rooms, {
    text: await textFor(db, m, kind, await roomLang(db, m)),
    dedupKey: key,
    purpose: `meeting.${kind}`,
    purposeRef: { meetingId: m.id },
  });
  if (kind === 'notice' && rooms.length > 0) return written;
  const expected = await expectedMembers(db, m);
  const skip = await leaveOrSignedIn(
    db,
    m,
    expected.map((e) => e.memberId),
  );
  const texts = new Map<Lang, string>();
  for (const lang of ['zh', 'en'] as const) texts.set(lang, await textFor(db, m, kind, lang));
  for (const e of expected) {
    if (skip.has(e.memberId)) continue;
    await notifyMember(db, now, e.memberId, (lang) => texts.get(lang) ?? '', key, `meeting.${kind}`);
  }
  return written;
}
