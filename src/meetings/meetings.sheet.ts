import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { meetings } from '../../db/schema';
import { groupNames } from '../org/org.service';
import { monthWindow } from '../feature/month-window';
import type { SheetDef } from '../feature/sheet';
import { sheetColumns } from '../feature/sheet';
import { modeName, typeName } from './meeting-types';
import { attendanceOf, expectedMembers, whenText } from './meetings.service';
import { placeLabel } from './place';

const STATUS_ZH = { present: '出席', excused: '请假', absent: '缺席' } as const;

/**
 * One row per meeting of the month and person: the expected (出席 / 请假 / 缺席, or 未签到 while the meeting is
 * not yet final) and guests who signed in (列席), with where from and the reason for an absence.
 */
export const meetingsSheet: SheetDef = {
  kind: 'meetings',
  name: '会议 (meetings)',
  columns: sheetColumns({
    id: ['编号', 'id', 8],
    type: ['类型', 'type', 14],
    topic: ['主题', 'topic', 30],
    when: ['时间', 'when', 24],
    mode: ['形式', 'mode', 8],
    scope: ['范围', 'scope', 22],
    member: ['成员', 'member', 14],
    status: ['考勤', 'attendance', 10],
    place: ['地点', 'where', 28],
    reason: ['事由', 'reason', 24],
    cancelled: ['已取消', 'cancelled', 10],
  }),
  rows: async (q) => {
    const { db, branchId } = q;
    const month = monthWindow(q);
    const rows = await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.branchId, branchId), gte(meetings.startsAt, month.start), lt(meetings.startsAt, month.end)))
      .orderBy(asc(meetings.startsAt));
    const names = await groupNames(db, branchId);
    const out = [];
    for (const m of rows.filter((r) => month.contains(r.startsAt, r.tz))) {
      const head = {
        id: m.id,
        type: typeName('zh', m.type),
        topic: m.topic,
        when: whenText(m),
        mode: modeName('zh', m.mode),
        scope: m.groupId === null ? '全支部' : (names.get(m.groupId) ?? m.groupId),
        cancelled: m.cancelledAt ? '是' : '',
      };
      const attendance = await attendanceOf(db, m.id);
      const seen = new Set(attendance.map((a) => a.a.memberId));
      for (const { a, name } of attendance) {
        const status = a.expected ? STATUS_ZH[a.status] : '列席';
        out.push({
          ...head,
          member: name,
          status,
          place: a.status === 'present' ? placeLabel('zh', a) : null,
          reason: a.byLeave ? '已批准请假' : a.reason,
        });
      }
      if (m.closedAt || m.cancelledAt) continue;
      for (const e of await expectedMembers(db, m)) {
        if (!seen.has(e.memberId)) out.push({ ...head, member: e.name, status: '未签到', place: null, reason: null });
      }
    }
    return out;
  },
};
