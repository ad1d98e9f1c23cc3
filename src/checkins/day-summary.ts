import type { Db } from '../../db/client';
import { joinList, type Lang } from '../i18n';
import type { LocalDate } from '../time';
import { groupedBy } from '../grouped-by';
import { checkinTexts } from './checkins.text';
import { reportsOn, unreportedMembers } from './checkins.service';
import { rosterKey, rostersOn } from '../roster/roster';
import type { DayRoster, RosterMember } from '../roster/roster';
import type { GroupInScope } from '../org/authz.group';

export type DaySummary = {
  numbers: { date: string; group: string; required: number; reported: number; unreported: number; leave: number };
  /** The people expected to report that day (roster minus approved leave). */
  expected: RosterMember[];
  /** Counts only: fit for the whole group. */
  counts(lang: Lang): string;
  missingNames(lang: Lang): string;
  /** Every report with place and status: for leaders and the secretary only. */
  details(lang: Lang): string;
};

export type GroupOnDay = { group: GroupInScope; date: LocalDate };

/** The summaries of many groups' days: their rosters, reports and missing people in one query each (reports, one a date). */
export async function daySummaries(db: Db, days: readonly GroupOnDay[]): Promise<DaySummary[]> {
  const groupDays = days.map(({ group, date }) => ({ groupId: group.id, date, tz: group.config.tz }));
  const rosters = await rostersOn(db, groupDays);
  const missing = groupedBy(await unreportedMembers(db, groupDays), (m) => rosterKey(m));
  const reports = new Map<string, DayReport[]>();
  for (const date of new Set(days.map((d) => d.date))) {
    const groupIds = days.filter((d) => d.date === date).map((d) => d.group.id);
    for (const [key, list] of groupedBy(await reportsOn(db, groupIds, date), (r) => rosterKey({ groupId: r.checkin.groupId, date })))
      reports.set(key, list);
  }
  return days.map(({ group, date }) => {
    const key = rosterKey({ groupId: group.id, date });
    return summarize(group, date, rosters.get(key) as DayRoster, reports.get(key) ?? [], missing.get(key) ?? []);
  });
}

type DayReport = Awaited<ReturnType<typeof reportsOn>>[number];

export async function daySummary(db: Db, group: GroupInScope, date: LocalDate): Promise<DaySummary> {
  return (await daySummaries(db, [{ group, date }]))[0] as DaySummary;
}

function summarize(
  group: GroupInScope,
  date: LocalDate,
  { roster, away: leave, expected }: DayRoster,
  reports: DayReport[],
  missing: RosterMember[],
): DaySummary {
  const numbers = {
    date,
    group: group.name,
    required: expected.length,
    reported: reports.filter((r) => !leave.has(r.checkin.memberId)).length,
    unreported: missing.length,
    leave: leave.size,
  };
  const names = new Map(roster.map((m) => [m.memberId, m.name]));
  const missingNames = (lang: Lang) =>
    joinList(
      lang,
      missing.map((m) => m.name),
    ) || checkinTexts(lang).none();
  const details = (lang: Lang) => {
    const t = checkinTexts(lang);
    const lines = reports.flatMap(({ checkin: c, name }) => {
      const flags = [
        c.late ? t.flagLate() : '',
        c.proxyBy ? t.flagProxy(names.get(c.proxyBy) ?? `#${c.proxyBy}`) : '',
        t.flagLevel(c.safetyLevel),
        c.help ? t.flagHelp(c.help) : '',
      ].join('');
      const line = t.detailLine({ name, place: c.place ?? t.empty(), status: c.status ?? t.empty(), note: c.note ?? t.empty(), flags });
      // The day's gravest report stays in view after later messages (reports are append-only in meaning).
      const earlier = c.peakText && c.peakText !== c.rawText ? [t.earlierReport({ text: c.peakText, level: c.peakLevel })] : [];
      return [line, ...earlier];
    });
    return [t.detailHeader(group.name, date), ...lines, t.summaryNames(missingNames(lang))].join('\n');
  };
  return { numbers, expected, counts: (lang) => checkinTexts(lang).summaryCounts(numbers), missingNames, details };
}
