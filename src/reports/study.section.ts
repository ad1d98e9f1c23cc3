import { and, asc, eq, gte, lt, ne } from 'drizzle-orm';
import { studyItems } from '../../db/schema';
import { rateText } from '../meetings/report';
import { studyCounts } from '../study/progress';
import type { ReportSection } from './report-query';
import { countedGroupIds, inScope, spanWindow } from './report-query';
import { reportTexts } from './report.text';

/** Items posted in the period (make-up study is counted with the meetings) and how many of their people studied. */
export const studySection: ReportSection = {
  name: 'study',
  lines: async (q) => {
    const t = reportTexts(q.lang);
    const window = spanWindow(q);
    const items = (
      await q.db
        .select()
        .from(studyItems)
        .where(
          and(
            eq(studyItems.branchId, q.branchId),
            ne(studyItems.kind, 'makeup'),
            gte(studyItems.createdAt, window.start),
            lt(studyItems.createdAt, window.end),
            inScope(q, studyItems.groupId),
          ),
        )
        .orderBy(asc(studyItems.id))
    ).filter((i) => window.contains(i.createdAt, i.tz));
    if (items.length === 0) return [t.studyNone()];
    let done = 0;
    let total = 0;
    for (const item of items) {
      for (const c of await studyCounts(q.db, item, countedGroupIds(q))) {
        done += c.done;
        total += c.total;
      }
    }
    return [t.study({ items: items.length, done, total, rate: rateText(done, total) })];
  },
};
