import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { meetings } from '../../db/schema';
import { perTick } from '../jobs/per-tick';
import type { ScheduledJob, Slot, TickContext } from '../jobs/job';
import { defineJob, eachSlot, slotKey } from '../jobs/job';
import { groupsAtTick } from '../org/scheduled-groups';
import { leadersAndSecretaries } from '../org/org.service';
import { graceFor } from '../study/study.jobs';
import { localDate } from '../time';
import type { Announcement } from './announce';
import { announceMeeting } from './announce';
import { closeMeeting } from './close';
import type { Meeting } from './meetings.service';
import { sendReport } from './report';

const HOUR = 3_600_000;
/** The report waits for a restart this long: attendance must become final even after an outage. */
const REPORT_GRACE = 72 * HOUR;
const REMINDERS: { kind: Exclude<Announcement, 'notice'>; beforeMs: number }[] = [
  { kind: '24h', beforeMs: 24 * HOUR },
  { kind: '30m', beforeMs: 30 * 60_000 },
];

/** Meetings a reminder or a report may be due for (starting within 25 h, or ended within the report's grace). */
const meetingsNearNow = perTick((db: Db, now: Date) =>
  db
    .select()
    .from(meetings)
    .where(
      and(
        isNull(meetings.cancelledAt),
        lte(meetings.startsAt, new Date(now.getTime() + 25 * HOUR)),
        gt(meetings.endsAt, new Date(now.getTime() - REPORT_GRACE)),
      ),
    ),
);

async function slotMeeting(ctx: TickContext, id: number): Promise<Meeting | null> {
  const [row] = await ctx.db.select().from(meetings).where(eq(meetings.id, id));
  return row && !row.cancelledAt ? row : null;
}

/** 24 h and 30 min before the start; a reminder whose time had passed when the meeting was arranged is skipped. */
type Reminder = { meetingId: number; kind: Exclude<Announcement, 'notice'> };

export const meetingRemindJob: ScheduledJob = defineJob<Reminder>({
  name: 'meeting.remind',
  due: async ({ db, now }) => {
    const groups = await groupsAtTick(db, now);
    const soon = (await meetingsNearNow(db, now)).filter((m) => m.startsAt > now);
    const out: Slot<Reminder>[] = [];
    for (const m of soon) {
      for (const r of REMINDERS) {
        const dueAt = new Date(m.startsAt.getTime() - r.beforeMs);
        if (dueAt < m.createdAt) continue;
        const graceMs = Math.min(graceFor(groups, m.groupId), m.startsAt.getTime() - dueAt.getTime());
        const key = slotKey(localDate(dueAt, m.tz), `m${m.id}:${r.kind}`, m.groupId);
        out.push({ key, dueAt, graceMs, payload: { meetingId: m.id, kind: r.kind } });
      }
    }
    return out;
  },
  run: eachSlot(async (ctx, { payload }) => {
    const m = await slotMeeting(ctx, payload.meetingId);
    if (m) await announceMeeting(ctx.db, ctx.now, m, payload.kind);
  }),
});

/** At the end: attendance becomes final, make-up items go out, and the report goes to the organiser and secretaries. */
export const meetingReportJob: ScheduledJob = defineJob<{ meetingId: number }>({
  name: 'meeting.report',
  due: async ({ db, now }) => {
    const ended = await db
      .select()
      .from(meetings)
      .where(
        and(
          isNull(meetings.closedAt),
          isNull(meetings.cancelledAt),
          lte(meetings.endsAt, now),
          gt(meetings.endsAt, new Date(now.getTime() - REPORT_GRACE)),
        ),
      );
    return ended.map((m) => ({
      key: slotKey(localDate(m.endsAt, m.tz), `m${m.id}:report`, m.groupId),
      dueAt: m.endsAt,
      graceMs: REPORT_GRACE,
      payload: { meetingId: m.id },
    }));
  },
  run: eachSlot(async (ctx, { payload }) => {
    const m = await slotMeeting(ctx, payload.meetingId);
    if (!m) return;
    await closeMeeting(ctx.db, ctx.now, m);
    const { leaders, secretaries } = await leadersAndSecretaries(ctx.db, m.groupId ?? 0, m.branchId);
    await sendReport(ctx.db, ctx.now, m, [m.organiserId, ...secretaries, ...(m.groupId === null ? [] : leaders)]);
  }),
});

export const MEETING_JOBS: ScheduledJob[] = [meetingRemindJob, meetingReportJob];
