import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groups } from '../../db/schema';
import { listSeparator, type Lang } from '../i18n';
import { formatLocal } from '../time';
import { missingMembers, recentNotes, studyCounts } from './progress';
import { statusTexts } from './study-status.text';
import type { StudyItem } from './study.service';
import { deadlineText } from './study.service';

const NOTE_LINES = 30;
const MISSING_NAMES = 100;
const GROUP_LINES = 20;
const EXCERPT = 40;

const excerpt = (note: string) => {
  const chars = [...note.replace(/\s+/g, ' ').trim()];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : chars.join('');
};

async function groupNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: groups.id, name: groups.name }).from(groups).where(inArray(groups.id, ids));
  return new Map(rows.map((g) => [g.id, g.name]));
}

/**
 * Who studied (with note excerpts) and who has not. Counts come from the database; the lists are capped so
 * the reply stays one readable message even for a branch of 100,000 people.
 */
export async function statusReport(db: Db, item: StudyItem, scopeLabel: string, lang: Lang, groupIds?: number[]): Promise<string> {
  const t = statusTexts(lang);
  const counts = await studyCounts(db, item, groupIds);
  const total = counts.reduce((s, c) => s + c.total, 0);
  const done = counts.reduce((s, c) => s + c.done, 0);
  const lines = [
    t.head({ id: item.id, title: item.title, scope: scopeLabel, deadline: deadlineText(item), makeup: item.kind === 'makeup' }),
    t.totals(done, total),
  ];
  if (counts.length > 1) {
    const names = await groupNames(
      db,
      counts.flatMap((c) => (c.groupId === null ? [] : [c.groupId])),
    );
    const worst = [...counts].sort((a, b) => a.done / a.total - b.done / b.total).slice(0, GROUP_LINES);
    const parts = worst.map((c) => `${c.groupId === null ? t.noGroup() : (names.get(c.groupId) ?? c.groupId)} ${c.done}/${c.total}`);
    lines.push(
      t.byGroup(parts.join(lang === 'en' ? '; ' : '；') + (counts.length > GROUP_LINES ? ` ${t.andMore(counts.length - GROUP_LINES)}` : '')),
    );
  }
  const notes = await recentNotes(db, item, NOTE_LINES, groupIds);
  if (notes.length) {
    lines.push(t.notesHeader());
    for (const n of notes)
      lines.push(t.noteLine({ name: n.name, at: formatLocal(n.updatedAt, item.tz).slice(5), excerpt: excerpt(n.note), late: n.late }));
    if (done > notes.length && item.relayCron === null) lines.push(t.andMore(done - notes.length));
  }
  const missing = await missingMembers(db, item, { limit: MISSING_NAMES, groupIds });
  const missingCount = total - done;
  const names = missing.map((m) => m.name).join(listSeparator(lang));
  lines.push(t.missing(names || t.nobody()) + (missingCount > missing.length ? ` ${t.andMore(missingCount - missing.length)}` : ''));
  return lines.join('\n');
}
