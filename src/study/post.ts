import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groups } from '../../db/schema';
import { deliver } from '../audience/audience';
import type { Room } from '../audience/rooms';
import { roomsInScope } from '../audience/rooms';
import { groupRoster } from '../org/org.service';
import { groupSettings, SETTING_DEFAULTS } from '../org/settings';
import type { StudyItem } from './study.service';
import { deadlineText } from './study.service';
import { studyTexts } from './study.text';

type Rule = { min: number; lang: 'zh' | 'en' };

/** The groups an item is for, each with its note rule and language: the broadcast tells each classroom its own. */
async function scopeRules(db: Db, item: StudyItem): Promise<Map<number, Rule>> {
  const rows = await db
    .select({ id: groups.id, settings: groups.settings })
    .from(groups)
    .where(item.groupId !== null ? eq(groups.id, item.groupId) : eq(groups.branchId, item.branchId));
  return new Map(rows.map((g) => [g.id, { min: groupSettings(g.settings).minNoteChars, lang: groupSettings(g.settings).lang }]));
}

const textFor = (item: StudyItem, min: number, lang: 'zh' | 'en') =>
  studyTexts(lang).broadcast({ id: item.id, title: item.title, body: item.body, link: item.link, deadline: deadlineText(item), minChars: min });

/**
 * Sends a new item to every classroom in its scope through the outbox (rooms sharing a rule and language share
 * one multi-row insert), and privately to the people of groups that have no classroom yet.
 */
export async function announceItem(db: Db, now: Date, item: StudyItem): Promise<{ rooms: number; privately: number }> {
  const rooms = await roomsInScope(db, item.branchId, item.groupId);
  const rules = await scopeRules(db, item);
  const fallback: Rule = { min: Number(SETTING_DEFAULTS['study.min_note_chars']), lang: 'zh' };
  const batches = new Map<string, Rule & { rooms: Room[] }>();
  for (const room of rooms) {
    const rule = (room.groupId !== null && rules.get(room.groupId)) || fallback;
    const key = `${rule.min}:${rule.lang}`;
    const batch = batches.get(key) ?? { ...rule, rooms: [] };
    batch.rooms.push(room);
    batches.set(key, batch);
  }
  const tagged = { dedupKey: `study.post:i${item.id}`, purpose: 'study.post', purposeRef: { itemId: item.id } };
  const covered = new Set(rooms.map((r) => r.groupId));
  const people = await groupRoster(
    db,
    [...rules.keys()].filter((id) => !covered.has(id)),
  );
  const written = await deliver(db, now, {
    posts: [...batches.values()].map((b) => ({ ...tagged, rooms: b.rooms, text: textFor(item, b.min, b.lang) })),
    notes: people.map((p) => {
      const min = rules.get(p.groupId)?.min ?? fallback.min;
      return { ...tagged, memberId: p.memberId, text: (lang: 'zh' | 'en') => textFor(item, min, lang) };
    }),
  });
  return { rooms: written.posted, privately: people.length };
}
