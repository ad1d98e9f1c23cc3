import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { CARE_TYPES, careTickets, members } from '../../db/schema';
import type { SheetDef, SheetQuery } from '../feature/sheet';
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
  columns: [
    { header: '类型 (type)', key: 'type', width: 16 },
    { header: '新建 (raised)', key: 'raised', width: 10 },
    { header: '办结 (closed)', key: 'done', width: 10 },
    { header: '取消 (cancelled)', key: 'cancelled', width: 12 },
    { header: '未办结 (open)', key: 'open', width: 10 },
    { header: '接单中位分钟 (median min to take)', key: 'take', width: 16 },
    { header: '办结中位分钟 (median min to close)', key: 'close', width: 16 },
  ],
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
  columns: [
    { header: '编号 (id)', key: 'id', width: 8 },
    { header: '类型 (type)', key: 'type', width: 8 },
    { header: '成员 (member)', key: 'member', width: 12 },
    { header: '内容 (request)', key: 'text', width: 36 },
    { header: '状态 (status)', key: 'status', width: 8 },
    { header: '志愿者 (volunteer)', key: 'volunteer', width: 12 },
    { header: '提出 (raised)', key: 'raised', width: 18 },
    { header: '办结 (closed)', key: 'closed', width: 18 },
    { header: '结果 (result)', key: 'result', width: 30 },
  ],
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
