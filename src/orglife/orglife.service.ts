import { and, asc, count, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groups, meetingAttendance, meetings } from '../../db/schema';
import type { MeetingType } from '../../db/schema';
import { MEETING_TYPES, TYPE_ORDER } from '../meetings/meeting-types';
import type { Meeting } from '../meetings/meetings.service';
import { localDate } from '../time';
import type { MonthSpan, Quarter } from './quarter';
import { quarterMonths } from './quarter';

/** One required period that has no held meeting: `missing` once it is over, `pending` while it still runs. */
export type Gap = { type: MeetingType; month: string | null; groupName: string | null; state: 'missing' | 'pending'; planned: number };
export type TypeLine = { type: MeetingType; held: number };
export type OrgLifeRecord = { quarter: Quarter; lines: TypeLine[]; gaps: Gap[]; held: Meeting[] };

/**
 * Held = not cancelled, over, and evidently took place (someone signed in, or minutes were recorded). Each rule
 * of PRODUCT.md is checked per period: quarterly types over the quarter, monthly ones per month, 党小组会 per
 * group and month. Months that have not begun are not gaps; a month or quarter still running is `pending`.
 */
export async function orgLifeRecord(db: Db, branchId: number, q: Quarter, tz: string, now: Date): Promise<OrgLifeRecord> {
  const months = quarterMonths(q, tz);
  const margin = 86_400_000;
  const first = months[0] as MonthSpan;
  const last = months[2] as MonthSpan;
  const rows = await db
    .select()
    .from(meetings)
    .where(
      and(
        eq(meetings.branchId, branchId),
        isNull(meetings.cancelledAt),
        gte(meetings.startsAt, new Date(first.start.getTime() - margin)),
        lt(meetings.startsAt, new Date(last.end.getTime() + margin)),
      ),
    )
    .orderBy(asc(meetings.startsAt));
  const inQuarter = rows.filter((m) => months.some((s) => s.month === monthOf(m)));
  const present = await presentCounts(
    db,
    inQuarter.map((m) => m.id),
  );
  const held = inQuarter.filter((m) => m.endsAt <= now && ((present.get(m.id) ?? 0) > 0 || m.minutes !== null));
  const planned = inQuarter.filter((m) => m.endsAt > now);
  const groupRows = await db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.branchId, branchId)).orderBy(asc(groups.id));
  const gaps: Gap[] = [];
  for (const type of TYPE_ORDER) {
    const rule = MEETING_TYPES[type].rule;
    if (!rule) continue;
    const scopes = rule.perGroup ? groupRows.map((g) => ({ id: g.id as number | null, name: g.name as string | null })) : [{ id: null, name: null }];
    const periods = rule.per === 'quarter' ? [{ month: null, start: first.start, end: last.end }] : months;
    for (const scope of scopes) {
      for (const p of periods) {
        if (p.start > now) continue;
        const within = (m: Meeting) =>
          m.type === type && (scope.id === null || m.groupId === scope.id) && (p.month === null || monthOf(m) === p.month);
        if (held.filter(within).length >= rule.min) continue;
        gaps.push({
          type,
          month: p.month,
          groupName: scope.name,
          state: p.end <= now ? 'missing' : 'pending',
          planned: planned.filter(within).length,
        });
      }
    }
  }
  const lines = TYPE_ORDER.map((type) => ({ type, held: held.filter((m) => m.type === type).length }));
  return { quarter: q, lines, gaps, held };
}

/** A meeting's month on its own wall clock: a 23:30 meeting in Urumqi time is in the month it says. */
const monthOf = (m: Meeting) => localDate(m.startsAt, m.tz).slice(0, 7);

async function presentCounts(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: meetingAttendance.meetingId, n: count() })
    .from(meetingAttendance)
    .where(and(inArray(meetingAttendance.meetingId, ids), eq(meetingAttendance.status, 'present')))
    .groupBy(meetingAttendance.meetingId);
  return new Map(rows.map((r) => [r.id, r.n]));
}
