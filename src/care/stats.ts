import { and, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { careTickets } from '../../db/schema';
import { CARE_TYPES } from '../../db/schema';
import type { CareType } from '../../db/schema';
import type { Quarter } from '../orglife/quarter';
import { quarterSpan, unvisitedFamilies } from './unvisited';
import type { Family } from './unvisited';
import { visitsBetween } from './visits.service';

export type CareStats = {
  byType: Record<CareType, number>;
  /** Minutes from raising to taking (or assigning), and to closing; null when nothing was taken or closed. */
  medianTakeMin: number | null;
  medianCloseMin: number | null;
  done: number;
  cancelled: number;
  visits: number;
  unvisited: Family[];
};

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const minutesBetween = (from: Date, to: Date | null) => (to ? Math.round((to.getTime() - from.getTime()) / 60_000) : null);
const present = (v: number | null): v is number => v !== null;

/** Tickets raised in the quarter, visits logged in it, and the families it has not reached. */
export async function careStats(db: Db, branchId: number, q: Quarter, tz: string): Promise<CareStats> {
  const { start, end } = quarterSpan(q, tz);
  const tickets = await db
    .select()
    .from(careTickets)
    .where(and(eq(careTickets.branchId, branchId), gte(careTickets.createdAt, start), lt(careTickets.createdAt, end)));
  const byType = Object.fromEntries(CARE_TYPES.map((t) => [t, tickets.filter((k) => k.type === t).length])) as Record<CareType, number>;
  const done = tickets.filter((k) => k.status === 'done');
  return {
    byType,
    medianTakeMin: median(tickets.map((k) => minutesBetween(k.createdAt, k.takenAt)).filter(present)),
    medianCloseMin: median(done.map((k) => minutesBetween(k.createdAt, k.closedAt)).filter(present)),
    done: done.length,
    cancelled: tickets.filter((k) => k.status === 'cancelled').length,
    visits: (await visitsBetween(db, branchId, start, end)).length,
    unvisited: await unvisitedFamilies(db, branchId, q, tz),
  };
}
