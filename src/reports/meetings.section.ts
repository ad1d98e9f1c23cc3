import { and, asc, eq, gte, isNull, lt, lte } from 'drizzle-orm';
import { meetings } from '../../db/schema';
import { makeupItemOf } from '../meetings/close';
import { typeName } from '../meetings/meeting-types';
import { rateText, tally } from '../meetings/report';
import { studyCounts } from '../study/progress';
import type { ReportSection } from './report-query';
import { countedGroupIds, inScope, scopeMemberIds, spanWindow } from './report-query';
import { reportTexts } from './report.text';
import { listSeparator } from '../i18n';

/** Meetings held in the period (started, not cancelled), their attendance by the people in scope, and 补学. */
export const meetingsSection: ReportSection = {
  name: 'meetings',
  lines: async (q) => {
    const t = reportTexts(q.lang);
    const window = spanWindow(q);
    const held = (
      await q.db
        .select()
        .from(meetings)
        .where(
          and(
            eq(meetings.branchId, q.branchId),
            isNull(meetings.cancelledAt),
            gte(meetings.startsAt, window.start),
            lt(meetings.startsAt, window.end),
            lte(meetings.startsAt, q.now),
            inScope(q, meetings.groupId),
          ),
        )
        .orderBy(asc(meetings.startsAt))
    ).filter((m) => window.contains(m.startsAt, m.tz));
    if (held.length === 0) return [t.meetingsNone()];
    const only = q.wholeBranch ? undefined : scopeMemberIds(q);
    const sum = { present: 0, expected: 0, excused: 0, absent: 0, makeupDone: 0, makeupTotal: 0 };
    const types = new Map<string, number>();
    for (const m of held) {
      const c = await tally(q.db, m, only);
      sum.present += c.present;
      sum.expected += c.expected;
      sum.excused += c.excused;
      sum.absent += c.absent;
      types.set(typeName(q.lang, m.type), (types.get(typeName(q.lang, m.type)) ?? 0) + 1);
      const makeup = await makeupItemOf(q.db, m.id);
      for (const g of makeup ? await studyCounts(q.db, makeup, countedGroupIds(q)) : []) {
        sum.makeupDone += g.done;
        sum.makeupTotal += g.total;
      }
    }
    const sep = listSeparator(q.lang);
    const typeList = [...types].map(([name, n]) => (q.lang === 'en' ? `${name}: ${n}` : `${name} ${n}`)).join(sep);
    const lines = [t.meetings({ held: held.length, types: typeList, ...sum, rate: rateText(sum.present, sum.expected) })];
    if (sum.makeupTotal > 0) lines.push(t.makeup({ done: sum.makeupDone, total: sum.makeupTotal }));
    return lines;
  },
};
