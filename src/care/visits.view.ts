import type { Db } from '../../db/client';
import type { Lang } from '../i18n';
import { formatLocal } from '../time';
import { visitTexts } from './visit.text';
import { visitsOf } from './visits.service';

/** A member's own view of the visits to their family. */
export async function visitLines(db: Db, lang: Lang, memberId: number, tz: string): Promise<string[]> {
  const t = visitTexts(lang);
  const rows = await visitsOf(db, memberId);
  return [t.mineHeader(), ...(rows.length ? rows.map((v) => t.mineLine(formatLocal(v.at, tz), v.visitor, v.text)) : [t.none()])];
}
