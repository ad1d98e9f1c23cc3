import type { Db } from '../../db/client';
import { listSeparator, type Lang } from '../i18n';
import { notifyMembers } from '../audience/audience';
import { makeupItemOf } from './close';
import { modeName, typeName } from './meeting-types';
import type { Meeting } from './meetings.service';
import { attendanceOf, expectedMembers, scopeName, whenText } from './meetings.service';
import { placeLabel } from './place';
import { reportTexts } from './report.text';

export type Tally = { expected: number; present: number; excused: number; absent: number; rate: string };

export const rateText = (present: number, expected: number): string => (expected === 0 ? '—' : `${Math.round((present / expected) * 100)}%`);

/**
 * Counts of a meeting's attendance (of `only` these people, when given). Once closed every expected person has a row; before that (the report job
 * has not run yet) the expected who have no row count as absent. Guests who were not expected count as neither.
 */
export async function tally(db: Db, m: Meeting, only?: Set<number>): Promise<Tally> {
  const counted = (memberId: number) => !only || only.has(memberId);
  const rows = (await attendanceOf(db, m.id)).filter((r) => r.a.expected && counted(r.a.memberId));
  const n = (s: string) => rows.filter((r) => r.a.status === s).length;
  const expected = m.closedAt ? rows.length : (await expectedMembers(db, m)).filter((e) => counted(e.memberId)).length;
  const present = n('present');
  return { expected, present, excused: n('excused'), absent: expected - present - n('excused'), rate: rateText(present, expected) };
}

/** Present by mode and place, excused (with reasons), absent, guests, and the make-up item. */
export async function attendanceReport(db: Db, m: Meeting, lang: Lang): Promise<string> {
  const t = reportTexts(lang);
  const sep = listSeparator(lang);
  const rows = await attendanceOf(db, m.id);
  const present = rows.filter((r) => r.a.status === 'present');
  const lines = [
    t.head({
      id: m.id,
      type: typeName(lang, m.type),
      topic: m.topic,
      when: whenText(m),
      mode: modeName(lang, m.mode),
      scope: await scopeName(db, lang, m),
    }),
    t.counts(await tally(db, m)),
    t.presentHeader(),
  ];
  const byPlace = new Map<string, string[]>();
  for (const r of present.filter((p) => p.a.expected)) {
    const label = placeLabel(lang, r.a);
    byPlace.set(label, [...(byPlace.get(label) ?? []), r.name]);
  }
  for (const [place, names] of [...byPlace].sort(([a], [b]) => a.localeCompare(b))) lines.push(t.placeLine(place, names.join(sep)));
  if (byPlace.size === 0) lines.push(`· ${t.none()}`);
  const excused = rows.filter((r) => r.a.status === 'excused').map((r) => `${r.name}（${r.a.byLeave ? t.onLeave() : r.a.reason}）`);
  lines.push(t.excused(excused.join(sep) || t.none()));
  lines.push(
    t.absent(
      rows
        .filter((r) => r.a.status === 'absent')
        .map((r) => r.name)
        .join(sep) || t.none(),
    ),
  );
  const guests = present.filter((p) => !p.a.expected).map((r) => `${r.name}（${placeLabel(lang, r.a)}）`);
  if (guests.length) lines.push(t.guests(guests.join(sep)));
  const makeup = await makeupItemOf(db, m.id);
  if (makeup) lines.push(t.makeup(makeup.id, excused.length + rows.filter((r) => r.a.status === 'absent').length));
  lines.push(m.minutes ? t.minutesYes() : t.minutesNo(m.id));
  return lines.join('\n');
}

/** Sends the report privately to each given person in their language, once per meeting (the key). */
export async function sendReport(db: Db, now: Date, m: Meeting, memberIds: number[]): Promise<void> {
  const texts = { zh: await attendanceReport(db, m, 'zh'), en: await attendanceReport(db, m, 'en') };
  await notifyMembers(db, now, memberIds, { text: (lang) => texts[lang], dedupKey: `meeting.report:m${m.id}`, purpose: 'meeting.report' });
}
