import { and, eq, gt, isNotNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { studyItems } from '../../db/schema';
import type { DueSlot, JobRunContext, ScheduledGroup, ScheduledJob } from '../jobs/job';
import { localDate, shiftDate, zonedInstant } from '../time';
import { perTick } from '../jobs/per-tick';
import { RELAY_JOB } from './relay.job';
import { remindMissing } from './remind';
import type { StudyItem } from './study.service';

/** "The evening before the deadline", on the wall clock of the zone the deadline was written in. */
export const EVENING = '20:00';
/** Make-up items (补学) are chased weekly after their deadline, this many times, until the note is in. */
export const OVERDUE_CHASES = 4;
const DAY = 86_400_000;
const DEFAULT_GRACE = 2 * 3_600_000;

export const graceFor = (groups: ScheduledGroup[], groupId: number | null): number => {
  const g = groupId === null ? undefined : groups.find((x) => x.id === groupId);
  return g ? g.config.graceHours * 3_600_000 : DEFAULT_GRACE;
};

/** Items whose deadline is within the reach of either job (3 days ahead, the chase weeks behind), read once a tick. */
const itemsNearDeadline = perTick(async (db: Db, now: Date) => {
  const rows = await db
    .select()
    .from(studyItems)
    .where(
      and(
        isNotNull(studyItems.deadline),
        gt(studyItems.deadline, new Date(now.getTime() - (OVERDUE_CHASES * 7 + 2) * DAY)),
        lte(studyItems.deadline, new Date(now.getTime() + 3 * DAY)),
      ),
    );
  return rows as (StudyItem & { deadline: Date })[];
});

async function itemsWithDeadline(db: Db, now: Date, from: Date, to: Date): Promise<(StudyItem & { deadline: Date })[]> {
  return (await itemsNearDeadline(db, now)).filter((i) => i.deadline > from && i.deadline <= to);
}

/** The slot's item, re-read inside the claiming transaction. */
async function slotItem(ctx: JobRunContext): Promise<StudyItem | null> {
  const id = Number(/^i(\d+)/.exec(ctx.slot.slot)?.[1]);
  const [row] = await ctx.db.select().from(studyItems).where(eq(studyItems.id, id));
  return row ?? null;
}

/** One reminder per item, the evening before its deadline, to those who have not studied. */
export const studyRemindJob: ScheduledJob = {
  name: 'study.remind',
  due: async (db, now, groups) => {
    const out: DueSlot[] = [];
    for (const item of await itemsWithDeadline(db, now, new Date(now.getTime() - DAY), new Date(now.getTime() + 3 * DAY))) {
      const eve = shiftDate(localDate(item.deadline, item.tz), -1);
      const dueAt = zonedInstant(eve, EVENING, item.tz);
      // Posted after that evening: the broadcast itself was the reminder.
      if (dueAt < item.createdAt) continue;
      out.push({
        job: 'study.remind',
        groupId: item.groupId ?? 0,
        localDate: eve,
        slot: `i${item.id}`,
        dueAt,
        graceMs: graceFor(groups, item.groupId),
      });
    }
    return out;
  },
  run: async (ctx) => {
    const item = await slotItem(ctx);
    if (item) await remindMissing(ctx.db, ctx.now, item, `study.remind:i${item.id}`, 'reminder');
  },
};

/** A make-up item past its deadline is chased every week (a few times) until its note is in. */
export const studyChaseJob: ScheduledJob = {
  name: 'study.chase',
  due: async (db, now, groups) => {
    const out: DueSlot[] = [];
    const from = new Date(now.getTime() - (OVERDUE_CHASES * 7 + 2) * DAY);
    for (const item of await itemsWithDeadline(db, now, from, now)) {
      if (item.kind !== 'makeup') continue;
      for (let week = 1; week <= OVERDUE_CHASES; week++) {
        const date = shiftDate(localDate(item.deadline, item.tz), week * 7);
        const dueAt = zonedInstant(date, EVENING, item.tz);
        out.push({
          job: 'study.chase',
          groupId: item.groupId ?? 0,
          localDate: date,
          slot: `i${item.id}:w${week}`,
          dueAt,
          graceMs: graceFor(groups, item.groupId),
        });
      }
    }
    return out;
  },
  run: async (ctx) => {
    const item = await slotItem(ctx);
    if (item) await remindMissing(ctx.db, ctx.now, item, `study.chase:${ctx.slot.slot}`, 'overdue');
  },
};

export const STUDY_JOBS: ScheduledJob[] = [studyRemindJob, studyChaseJob, RELAY_JOB];
