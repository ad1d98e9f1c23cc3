import { SETTING_DEFAULTS } from '../org/settings';
import { careFigures } from '../care/care.figures';
import { careTypeName } from '../care/care-types';
import { CARE_TYPES } from '../../db/schema';
import { shiftDate, zonedInstant } from '../time';
import type { ReportSection } from './report-query';
import { scopeMemberIds } from './report-query';
import { reportTexts } from './report.text';
import { listSeparator } from '../i18n';

/**
 * Care tickets raised and closed for the families of the people in scope, and home visits: counts only, so a leader
 * may see them too — who asked for what stays with the secretary and the volunteer on the ticket.
 */
export const careSection: ReportSection = {
  name: 'care',
  lines: async (q) => {
    const t = reportTexts(q.lang);
    const tz = q.groups[0]?.config.tz ?? SETTING_DEFAULTS.tz;
    const f = await careFigures(q.db, {
      branchId: q.branchId,
      memberIds: q.wholeBranch ? undefined : [...scopeMemberIds(q)],
      start: zonedInstant(q.span.from, '00:00', tz),
      end: zonedInstant(shiftDate(q.span.to, 1), '00:00', tz),
    });
    if (f.opened === 0 && f.closed === 0 && f.visits === 0) return [t.careNone()];
    const types = CARE_TYPES.filter((type) => f.byType[type] > 0)
      .map((type) => `${careTypeName(q.lang, type)} ${f.byType[type]}`)
      .join(listSeparator(q.lang));
    return [t.care({ ...f, types })];
  },
};
