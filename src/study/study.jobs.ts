import { and, eq, gt, isNotNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { studyItems } from '../../db/schema';
import type { ScheduledJob, Slot, TickContext } from '../jobs/job';
import { defineJob, eachSlot, slotKey } from '../jobs/job';
import { localDate, shiftDate, zonedInstant } from '../time';
import { perTick } from '../jobs/per-tick';
import { groupsAtTick } from '../org/scheduled-groups';
import type { ScheduledGroup } from '../org/scheduled-groups';
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
async function slotItem(ctx: TickContext, id: number): Promise<StudyItem | null> {
  const [row] = await ctx.db.select().from(studyItems).where(eq(studyItems.id, id));
  return row ?? null;
}

type ItemSlot = { itemId: number; week?: number };

/** One reminder per item, the evening before its deadline, to those who have not studied. */
export const studyRemindJob: ScheduledJob = defineJob<ItemSlot>({
  name: 'study.remind',
  due: async ({ db, now }) => {
    const groups = await groupsAtTick(db, now);
    const out: Slot<ItemSlot>[] = [];
    for (const item of await itemsWithDeadline(db, now, new Date(now.getTime() - DAY), new Date(now.getTime() + 3 * DAY))) {
      const eve = shiftDate(localDate(item.deadline, item.tz), -1);
      const dueAt = zonedInstant(eve, EVENING, item.tz);
      // Posted after that evening: the broadcast itself was the reminder.
      if (dueAt < item.createdAt) continue;
      out.push({ key: slotKey(eve, `i${item.id}`, item.groupId), dueAt, graceMs: graceFor(groups, item.groupId), payload: { itemId: item.id } });
    }
    return out;
  },
  run: eachSlot(async (ctx, { payload }) => {
    const item = await slotItem(ctx, payload.itemId);
    if (item) await remindMissing(ctx.db, ctx.now, item, `study.remind:i${item.id}`, 'reminder');
  }),
});

/** A make-up item past its deadline is chased every week (a few times) until its note is in. */
export const studyChaseJob: ScheduledJob = defineJob<ItemSlot>({
  name: 'study.chase',
  due: async ({ db, now }) => {
    const groups = await groupsAtTick(db, now);
    const out: Slot<ItemSlot>[] = [];
    const from = new Date(now.getTime() - (OVERDUE_CHASES * 7 + 2) * DAY);
    for (const item of await itemsWithDeadline(db, now, from, now)) {
      if (item.kind !== 'makeup') continue;
      for (let week = 1; week <= OVERDUE_CHASES; week++) {
        const date = shiftDate(localDate(item.deadline, item.tz), week * 7);
        const dueAt = zonedInstant(date, EVENING, item.tz);
        out.push({
          key: slotKey(date, `i${item.id}:w${week}`, item.groupId),
          dueAt,
          graceMs: graceFor(groups, item.groupId),
          payload: { itemId: item.id, week },
        });
      }
    }
    return out;
  },
  run: eachSlot(async (ctx, { payload }) => {
    const item = await slotItem(ctx, payload.itemId);
    if (item) await remindMissing(ctx.db, ctx.now, item, `study.chase:i${item.id}:w${payload.week}`, 'overdue');
  }),
});

export const STUDY_JOBS: ScheduledJob[] = [studyRemindJob, studyChaseJob, RELAY_JOB];
