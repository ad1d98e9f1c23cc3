import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { CARE_TYPES, careTickets, members } from '../../db/schema';
import type { SheetDef, SheetQuery } from '../feature/sheet';
import { sheetColumns } from '../feature/sheet';
import { formatLocal, shiftDate, zonedInstant } from '../time';
import { careTexts } from './care.text';
import { median } from './stats';
import { visitsBetween } from './visits.service';

/** The month as instants on the export zone's wall clock. */
const monthSpan = (q: SheetQuery) => ({ start: zonedInstant(q.from, '00:00', q.tz), end: zonedInstant(shiftDate(q.to, 1), '00:00', q.tz) });

const ticketsOfMonth = (q: SheetQuery) => {
  const { start, end } = monthSpan(q);
  return q.db
    .select()
    .from(careTickets)
    .where(and(eq(careTickets.branchId, q.branchId), gte(careTickets.createdAt, start), lt(careTickets.createdAt, end)))
    .orderBy(asc(careTickets.id));
};

const minutes = (from: Date, to: Date | null) => (to ? Math.round((to.getTime() - from.getTime()) / 60_000) : null);
const known = (v: number | null): v is number => v !== null;

/** Counts only — no names, no family, no text: safe to pass around the branch office. */
export const careCountsSheet: SheetDef = {
  kind: 'care',
  name: '关爱 (care)',
  columns: sheetColumns({
    type: ['类型', 'type', 16],
    raised: ['新建', 'raised', 10],
    done: ['办结', 'closed', 10],
    cancelled: ['取消', 'cancelled', 12],
    open: ['未办结', 'open', 10],
    take: ['接单中位分钟', 'median min to take', 16],
    close: ['办结中位分钟', 'median min to close', 16],
  }),
  rows: async (q) => {
    const tickets = await ticketsOfMonth(q);
    const rows = CARE_TYPES.map((type) => {
      const own = tickets.filter((t) => t.type === type);
      const done = own.filter((t) => t.status === 'done');
      return {
        type,
        raised: own.length,
        done: done.length,
        cancelled: own.filter((t) => t.status === 'cancelled').length,
        open: own.filter((t) => t.status === 'open' || t.status === 'taken').length,
        take: median(own.map((t) => minutes(t.createdAt, t.takenAt)).filter(known)),
        close: median(done.map((t) => minutes(t.createdAt, t.closedAt)).filter(known)),
      };
    });
    const { start, end } = monthSpan(q);
    const visits = (await visitsBetween(q.db, q.branchId, start, end)).length;
    return [...rows, { type: '家访记录 (visits)', raised: visits, done: null, cancelled: null, open: null, take: null, close: null }];
  },
};

const volunteer = alias(members, 'volunteer');
const statusZh = careTexts('zh').status;

/** One row per ticket with whose family and what was asked: only when the secretary asks for details. */
export const careDetailsSheet: SheetDef = {
  kind: 'care',
  name: '关爱明细 (care details)',
  detailsOnly: true,
  columns: sheetColumns({
    id: ['编号', 'id', 8],
    type: ['类型', 'type', 8],
    member: ['成员', 'member', 12],
    text: ['内容', 'request', 36],
    status: ['状态', 'status', 8],
    volunteer: ['志愿者', 'volunteer', 12],
    raised: ['提出', 'raised', 18],
    closed: ['办结', 'closed', 18],
    result: ['结果', 'result', 30],
  }),
  rows: async (q) => {
    const { start, end } = monthSpan(q);
    const rows = await q.db
      .select({ t: careTickets, member: members.name, volunteer: volunteer.name })
      .from(careTickets)
      .innerJoin(members, eq(members.id, careTickets.memberId))
      .leftJoin(volunteer, eq(volunteer.id, careTickets.assigneeId))
      .where(and(eq(careTickets.branchId, q.branchId), gte(careTickets.createdAt, start), lt(careTickets.createdAt, end)))
      .orderBy(asc(careTickets.id));
    return rows.map(({ t, member, volunteer: v }) => ({
      id: t.id,
      type: t.type,
      member,
      text: t.text,
      status: statusZh(t.status),
      volunteer: v,
      raised: formatLocal(t.createdAt, q.tz),
      closed: t.closedAt ? formatLocal(t.closedAt, q.tz) : null,
      result: t.result,
    }));
  },
};
