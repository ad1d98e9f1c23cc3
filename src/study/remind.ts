import type { Db } from '../../db/client';
import { onLeave } from '../roster/roster';
import { notifyMembers } from '../audience/audience';
import { localDate } from '../time';
import { missingMembers } from './progress';
import type { StudyItem } from './study.service';
import { deadlineText } from './study.service';
import { studyTexts } from './study.text';

/**
 * A private reminder to each person who still owes a note — never to those who handed one in, nor to those on
 * approved leave that day (leave means no prompts). `key` makes it once-only per person.
 */
export async function remindMissing(db: Db, now: Date, item: StudyItem, key: string, kind: 'reminder' | 'overdue'): Promise<number> {
  const missing = await missingMembers(db, item);
  const away = await onLeave(
    db,
    missing.map((m) => m.memberId),
    localDate(now, item.tz),
  );
  const info = { id: item.id, title: item.title, deadline: deadlineText(item) ?? '' };
  const due = missing.filter((m) => !away.has(m.memberId)).map((m) => m.memberId);
  return (await notifyMembers(db, now, due, { text: (lang) => studyTexts(lang)[kind](info), dedupKey: key, purpose: `study.${kind}` })).rows;
}
