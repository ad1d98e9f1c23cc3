import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { groups, leaveRequests, members } from '../../db/schema';
import { groupSettings } from '../org/settings';
import { leaveTexts } from './leave.text';
import { formatLocal } from '../time';
import type { SheetDef } from '../feature/sheet';
import { sheetColumns } from '../feature/sheet';

const approver = alias(members, 'approver');

const statusZh = leaveTexts('zh').status;

/** Every request whose days touch the month, so a leave across a month boundary shows in both. */
export const leaveSheet: SheetDef = {
  kind: 'leave',
  name: '请假 (leave)',
  columns: sheetColumns({
    member: ['成员', 'member', 14],
    group: ['党小组', 'group', 22],
    from: ['开始', 'from', 12],
    to: ['结束', 'to', 12],
    reason: ['事由', 'reason', 30],
    status: ['状态', 'status', 10],
    approver: ['审批人', 'approver', 14],
    decidedAt: ['审批时间', 'decided at', 18],
    endedAt: ['销假时间', 'back at', 18],
  }),
  rows: async ({ db, branchId, from, to, tz }) => {
    const rows = await db
      .select({ l: leaveRequests, member: members.name, group: groups.name, settings: groups.settings, approver: approver.name })
      .from(leaveRequests)
      .innerJoin(members, eq(members.id, leaveRequests.memberId))
      .innerJoin(groups, eq(groups.id, leaveRequests.groupId))
      .leftJoin(approver, eq(approver.id, leaveRequests.approverId))
      .where(and(eq(groups.branchId, branchId), lte(leaveRequests.fromDate, to), gte(leaveRequests.toDate, from)))
      .orderBy(asc(leaveRequests.fromDate), asc(leaveRequests.id));
    return rows.map((r) => ({
      member: r.member,
      group: r.group,
      from: r.l.fromDate,
      to: r.l.toDate,
      reason: r.l.reason,
      status: statusZh(r.l.status),
      approver: r.approver,
      decidedAt: r.l.decidedAt ? formatLocal(r.l.decidedAt, groupSettings({ tz, ...r.settings }).tz) : null,
      endedAt: r.l.endedAt ? formatLocal(r.l.endedAt, groupSettings({ tz, ...r.settings }).tz) : null,
    }));
  },
};
