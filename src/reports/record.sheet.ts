import type { SheetDef } from '../feature/sheet';
import { sheetColumns } from '../feature/sheet';
import { markCell, weekdayZh } from './marks';
import { attendanceWord, makeupWord, recordTotals, studyKind } from './record.text';
import type { WorkRecord } from './work-record';
import { exportWorkRecords } from './work-record';

const joined = (parts: string[]) => parts.filter(Boolean).join('；') || null;

/** One member's month as rows: a row per day (with what was studied, met and taken off that day), then the totals. */
function recordRows(r: WorkRecord) {
  const leaveDays = r.days.filter((d) => d.mark === 'leave').length;
  const rows = r.days.map((d) => ({
    member: r.name,
    group: r.group,
    date: `${d.date} ${weekdayZh(d.date)}`,
    mark: markCell('zh', d.mark) || null,
    place: d.place,
    status: d.status,
    note: d.note,
    study: joined(r.study.filter((s) => s.notedAt?.startsWith(d.date)).map((s) => `${studyKind(s.kind)}《${s.title}》：${s.note ?? ''}`)),
    meetings: joined(
      r.meetings.filter((m) => m.when.startsWith(d.date)).map((m) => `${m.type}「${m.topic}」${attendanceWord[m.attendance]}${makeupWord(m.makeup)}`),
    ),
    leave: joined(r.leave.filter((l) => l.from <= d.date && l.to >= d.date).map((l) => `${l.reason}（${l.status}）`)),
    care: null as string | null,
  }));
  const summary = {
    ...rows[0],
    date: '本月合计',
    mark: null,
    place: recordTotals(r.totals, leaveDays),
    status: null,
    note: null,
    study: null,
    meetings: null,
    leave: null,
  };
  return [...rows, { ...summary, care: joined(r.care) }];
}

/** The work record (原料在外党员工作记录) as a sheet: each member's days of the month, then a totals row. */
export const recordSheet: SheetDef = {
  kind: 'record',
  ownExportOnly: true,
  name: '工作记录 (record)',
  frozenColumns: 3,
  columns: sheetColumns({
    member: ['成员', 'member', 10],
    group: ['党小组', 'group', 18],
    date: ['日期', 'date', 14],
    mark: ['报平安', 'check-in', 8],
    place: ['地点', 'place', 18],
    status: ['状态', 'status', 10],
    note: ['备注', 'note', 24],
    study: ['学习与笔记', 'study', 40],
    meetings: ['会议与补学', 'meetings', 30],
    leave: ['请假', 'leave', 18],
    care: ['家庭关爱', 'care', 24],
  }),
  rows: async (q) => (await exportWorkRecords(q.db, q)).records.flatMap(recordRows),
};
