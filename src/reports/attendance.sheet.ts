import type { SheetDef, SheetQuery } from '../feature/sheet';
import { sheetColumns } from '../feature/sheet';
import { datesBetween } from '../time';
import { branchGroups } from './branch-groups';
import { groupsDayMarks, tallyMarks } from './day-marks';
import { markCell, weekdayZh } from './marks';

const TOTALS = sheetColumns({
  required: ['应报', 'required', 8],
  reported: ['已报', 'reported', 8],
  late: ['补报', 'late', 8],
  leave: ['请假', 'leave', 8],
  missed: ['漏报', 'missed', 8],
});

const dayKey = (date: string) => `d${date.slice(8)}`;

/**
 * The monthly attendance table: one row per member, one column per day with 报 / 迟 / 假 / 缺 / － (not a required
 * day), blank before they joined or after the export was made; the month's totals at the end.
 */
export const attendanceSheet: SheetDef = {
  kind: 'attendance',
  name: '考勤 (attendance)',
  frozenColumns: 2,
  columns: (q: SheetQuery) => [
    { header: '党小组 (group)', key: 'group', width: 20 },
    { header: '成员 (member)', key: 'member', width: 12 },
    ...datesBetween(q.from, q.to).map((d) => ({ header: `${Number(d.slice(8))}${weekdayZh(d)}`, key: dayKey(d), width: 4.5 })),
    ...TOTALS,
  ],
  rows: async (q) => {
    const days = datesBetween(q.from, q.to);
    const out = [];
    const groups = await branchGroups(q.db, q.branchId);
    const marks = await groupsDayMarks(q.db, groups, days, q.now);
    for (const g of groups) {
      for (const m of marks.get(g.id) ?? []) {
        const cells = Object.fromEntries(days.map((d, i) => [dayKey(d), markCell('zh', m.marks[i] ?? 'none') || null]));
        const t = tallyMarks([m]);
        out.push({
          group: g.name,
          member: m.name,
          ...cells,
          required: t.required,
          reported: t.reported,
          late: t.late,
          leave: t.leave,
          missed: t.missed,
        });
      }
    }
    return out;
  },
};
