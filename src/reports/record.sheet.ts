import type { SheetDef } from '../feature/sheet';
import { markCell, weekdayZh } from './marks';
import { attendanceWord, makeupWord, recordTotals, studyKind } from './record.text';
import type { WorkRecord } from './work-record';
import { branchWorkRecords } from './work-record';

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
  columns: [
    { header: '成员 (member)', key: 'member', width: 10 },
    { header: '党小组 (group)', key: 'group', width: 18 },
    { header: '日期 (date)', key: 'date', width: 14 },
    { header: '报到 (check-in)', key: 'mark', width: 8 },
    { header: '地点 (place)', key: 'place', width: 18 },
    { header: '状态 (status)', key: 'status', width: 10 },
    { header: '备注 (note)', key: 'note', width: 24 },
    { header: '学习与笔记 (study)', key: 'study', width: 40 },
    { header: '会议与补学 (meetings)', key: 'meetings', width: 30 },
    { header: '请假 (leave)', key: 'leave', width: 18 },
    { header: '家庭关爱 (care)', key: 'care', width: 24 },
  ],
  rows: async (q) => (await branchWorkRecords(q.db, q)).records.flatMap(recordRows),
};
