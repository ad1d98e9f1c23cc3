import { and, asc, between, desc, eq, inArray, sql } from 'drizzle-orm';
import { checkins, members, outbox } from '../../db/schema';
import { rateText } from '../meetings/report';
import { tallyMarks } from './day-marks';
import type { ReportSection } from './report-query';
import { reportTexts } from './report.text';
import { listSeparator } from '../i18n';

const LOWEST_GROUPS = 5;
const SAFETY_LINES = 5;
const EXCERPT = 30;

/** Reported / required over the period, late, missed, and who was on leave for how many days. */
export const checkinsSection: ReportSection = {
  name: 'checkins',
  lines: async (q) => {
    const t = reportTexts(q.lang);
    const rows = [...q.marks.values()].flat();
    const total = tallyMarks(rows);
    const leavePeople = rows.filter((r) => r.marks.includes('leave')).length;
    const lines = [t.checkins({ ...total, rate: rateText(total.reported, total.required), leavePeople })];
    if (q.groups.length > 1) {
      const ranked = q.groups
        .map((g) => ({ name: g.name, tally: tallyMarks(q.marks.get(g.id) ?? []) }))
        .filter((g) => g.tally.required > 0)
        .sort((a, b) => a.tally.reported / a.tally.required - b.tally.reported / b.tally.required)
        .slice(0, LOWEST_GROUPS);
      if (ranked.length)
        lines.push(t.lowestGroups(ranked.map((g) => `${g.name} ${rateText(g.tally.reported, g.tally.required)}`).join(listSeparator(q.lang))));
    }
    return lines;
  },
};

const excerpt = (text: string) => {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : chars.join('');
};

/** The period's long silences that were alerted on: who, since when, for how many required days (one line each). */
async function silencesIn(q: Parameters<ReportSection['lines']>[0], groupIds: number[]) {
  const ref = (key: 'memberId' | 'groupId' | 'since' | 'days') => sql`${outbox.purposeRef}->>${sql.raw(`'${key}'`)}`;
  const rows = await q.db
    // Each silence was alerted to several people: one line for it.
    .selectDistinctOn([ref('memberId'), ref('since')], {
      name: members.name,
      since: sql<string>`${ref('since')}`,
      days: sql<number>`(${ref('days')})::int`,
    })
    .from(outbox)
    .innerJoin(members, eq(members.id, sql`(${ref('memberId')})::int`))
    .where(and(eq(outbox.purpose, 'safety.silent'), inArray(sql`(${ref('groupId')})::int`, groupIds), between(ref('since'), q.span.from, q.span.to)));
  return rows.map((r) => ({ name: r.name, since: r.since.slice(5), days: Number(r.days) })).sort((a, b) => a.since.localeCompare(b.since));
}

/**
 * The period's safety reports: each day's gravest report (urgent first, then needing attention, by date), as it
 * was said that day. A later "all well" does not take it off the leader's record.
 */
export const safetySection: ReportSection = {
  name: 'safety',
  lines: async (q) => {
    const t = reportTexts(q.lang);
    const groupIds = q.groups.map((g) => g.id);
    if (groupIds.length === 0) return [];
    const rows = await q.db
      .select({ name: members.name, date: checkins.localDate, level: checkins.peakLevel, text: checkins.peakText, raw: checkins.rawText })
      .from(checkins)
      .innerJoin(members, eq(members.id, checkins.memberId))
      .where(
        and(
          inArray(checkins.groupId, groupIds),
          between(checkins.localDate, q.span.from, q.span.to),
          inArray(checkins.peakLevel, ['urgent', 'attention']),
        ),
      )
      .orderBy(desc(sql`${checkins.peakLevel} = 'urgent'`), asc(checkins.localDate), asc(members.id));
    const silences = await silencesIn(q, groupIds);
    const silenceLine = silences.length ? [t.silences(silences.map((x) => t.silence(x)).join(listSeparator(q.lang)))] : [];
    if (rows.length === 0) return silenceLine.length ? silenceLine : [t.safetyNone()];
    const urgent = rows.filter((r) => r.level === 'urgent').length;
    const lines = [
      ...silenceLine,
      t.safety({ urgent, attention: rows.length - urgent }),
      ...rows
        .slice(0, SAFETY_LINES)
        .map((r) => t.safetyLine({ name: r.name, date: r.date.slice(5), urgent: r.level === 'urgent', text: excerpt(r.text ?? r.raw) })),
    ];
    if (rows.length > SAFETY_LINES) lines.push(t.andMore(rows.length - SAFETY_LINES));
    return lines;
  },
};
