import type { Db } from '../../db/client';
import { joinList, type Lang } from '../i18n';
import type { LocalDate } from '../time';
import { checkinTexts } from './checkins.text';
import { reportsOn, unreportedMembers } from './checkins.service';
import { rosterOnDay } from '../roster/roster';
import type { RosterMember } from '../roster/roster';
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

export async function daySummary(db: Db, group: GroupInScope, date: LocalDate): Promise<DaySummary> {
  const day = { groupId: group.id, date, tz: group.config.tz };
  const { roster, away: leave, expected } = await rosterOnDay(db, day);
  const reports = await reportsOn(db, [group.id], date);
  const missing = await unreportedMembers(db, [day]);
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
