import { and, count, eq, gt, max } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { studyItems, studyNotes, studyPassages, studyRelayPosts } from '../../db/schema';
import type { Lang } from '../i18n';
import { postToGroups } from '../audience/audience';
import { roomsOfGroups } from '../audience/rooms';
import { groupRoster } from '../org/org.service';
import { relayTexts } from './relay.text';
import type { StudyItem } from './study.service';

/** Passages are the body's lines (blank lines ignored) or, for one-line chat input, its §-separated parts. */
export function splitPassages(body: string): string[] {
  return body
    .split(/\r?\n|§/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Cuts the body into passages the first time; once any passage went out, the passages stay as they are. */
export async function startRelay(db: Db, item: StudyItem, cronExpr: string, now: Date): Promise<number | null> {
  const [existing] = await db.select({ n: count() }).from(studyPassages).where(eq(studyPassages.itemId, item.id));
  let total = existing?.n ?? 0;
  if (total === 0) {
    const passages = splitPassages(item.body);
    if (passages.length < 2) return null;
    await db.insert(studyPassages).values(passages.map((text, i) => ({ itemId: item.id, no: i + 1, text })));
    total = passages.length;
  }
  await db.update(studyItems).set({ relayCron: cronExpr, relaySetAt: now }).where(eq(studyItems.id, item.id));
  return total;
}

export async function stopRelay(db: Db, item: StudyItem): Promise<number> {
  await db.update(studyItems).set({ relayCron: null }).where(eq(studyItems.id, item.id));
  const [row] = await db.select({ n: count() }).from(studyRelayPosts).where(eq(studyRelayPosts.itemId, item.id));
  return row?.n ?? 0;
}

export async function passageCount(db: Db, itemId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(studyPassages).where(eq(studyPassages.itemId, itemId));
  return row?.n ?? 0;
}

async function postedTo(db: Db, itemId: number, groupId: number): Promise<number> {
  const [row] = await db
    .select({ n: max(studyRelayPosts.passageNo) })
    .from(studyRelayPosts)
    .where(and(eq(studyRelayPosts.itemId, itemId), eq(studyRelayPosts.groupId, groupId)));
  return row?.n ?? 0;
}

/**
 * Posts the group's next passage to its classrooms (privately to each member when it has none). The
 * (item, group, passage) key makes each passage go to a group once; returns its number, or null when done.
 */
export async function postNextPassage(db: Db, now: Date, item: StudyItem, group: { id: number; lang: Lang }): Promise<number | null> {
  const no = (await postedTo(db, item.id, group.id)) + 1;
  const [passage] = await db
    .select()
    .from(studyPassages)
    .where(and(eq(studyPassages.itemId, item.id), eq(studyPassages.no, no)));
  if (!passage) return null;
  const claimed = await db
    .insert(studyRelayPosts)
    .values({ itemId: item.id, groupId: group.id, passageNo: no, postedAt: now })
    .onConflictDoNothing()
    .returning({ no: studyRelayPosts.passageNo });
  if (claimed.length === 0) return null;
  const total = await passageCount(db, item.id);
  const text = (lang: Lang) => relayTexts(lang).passage({ id: item.id, title: item.title, no, total, text: passage.text });
  const key = `study.relay:i${item.id}:p${no}:g${group.id}`;
  const rooms = await roomsOfGroups(db, [group.id]);
  const members = rooms.get(group.id)?.length ? [] : (await groupRoster(db, [group.id])).map((m) => m.memberId);
  await postToGroups(db, now, rooms, [
    {
      groupId: group.id,
      members,
      privateText: text,
      text: text(group.lang),
      dedupKey: key,
      purpose: 'study.relay',
      purposeRef: { itemId: item.id, passage: no },
    },
  ]);
  return no;
}

/** The passage a member's `/studied` confirms: the earliest posted one they have not noted, else the latest. */
export async function currentPassage(db: Db, item: StudyItem, memberId: number, groupId: number | null): Promise<number | null> {
  if (groupId === null) return null;
  const posted = await postedTo(db, item.id, groupId);
  if (posted === 0) return null;
  const notes = await db
    .select({ no: studyNotes.passageNo })
    .from(studyNotes)
    .where(and(eq(studyNotes.itemId, item.id), eq(studyNotes.memberId, memberId), gt(studyNotes.passageNo, 0)));
  const noted = new Set(notes.map((n) => n.no));
  for (let no = 1; no <= posted; no++) if (!noted.has(no)) return no;
  return posted;
}
