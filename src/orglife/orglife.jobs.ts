import type { ScheduledJob, Slot, TickContext } from '../jobs/job';
import { defineJob, eachSlot, slotKey } from '../jobs/job';
import { branchSecretaries } from '../org/org.service';
import { branchesOf, groupsAtTick } from '../org/scheduled-groups';
import { notifyMembers } from '../audience/audience';
import { shiftDate, zonedInstant } from '../time';
import { gapLines } from './orglife.format';
import { orgLifeRecord } from './orglife.service';
import { orglifeTexts } from './orglife.text';
import { currentQuarter, quarterLastDay } from './quarter';
import type { Quarter } from './quarter';

/** When, a week before the quarter ends, the secretary hears about meetings still missing. */
export const REMIND_AT = '09:00';
const WEEK_BEFORE = 7;

/** A branch's quarter, on the wall clock of the branch's first group. */
export type BranchQuarter = { branchId: number; quarter: Quarter; tz: string };

/** One slot per branch and quarter on each branch's first group's clock, made from the groups read this tick. */
export async function branchQuarterSlots(ctx: TickContext, at: (q: Quarter) => { date: string; time: string }, graceMs?: number) {
  return branchesOf(await groupsAtTick(ctx.db, ctx.now)).map((g): Slot<BranchQuarter> => {
    const quarter = currentQuarter(ctx.now, g.config.tz);
    const when = at(quarter);
    return {
      key: slotKey(when.date, `b${g.branchId}:${quarter.year}Q${quarter.quarter}`),
      dueAt: zonedInstant(when.date, when.time, g.config.tz),
      graceMs: graceMs ?? g.config.graceHours * 3_600_000,
      payload: { branchId: g.branchId, quarter, tz: g.config.tz },
    };
  });
}

/** Required meetings neither held nor arranged a week before the quarter ends are listed to every secretary, once. */
export const orglifeRemindJob: ScheduledJob = defineJob<BranchQuarter>({
  name: 'orglife.remind',
  due: (ctx) => branchQuarterSlots(ctx, (q) => ({ date: shiftDate(quarterLastDay(q), -WEEK_BEFORE), time: REMIND_AT })),
  run: eachSlot(async (ctx, { payload: { branchId, quarter: q, tz } }) => {
    const record = await orgLifeRecord(ctx.db, branchId, q, tz, ctx.now);
    // Arranged meetings will fill their gap: only what is neither held nor planned is worth a reminder.
    const open = record.gaps.filter((g) => g.planned === 0);
    if (open.length === 0) return;
    const text = (lang: 'zh' | 'en') => orglifeTexts(lang).reminder(q.year, q.quarter, gapLines(lang, open).join('\n'));
    await notifyMembers(ctx.db, ctx.now, await branchSecretaries(ctx.db, branchId), {
      text,
      dedupKey: `orglife.remind:b${branchId}:${q.year}Q${q.quarter}`,
      purpose: 'orglife.remind',
    });
  }),
});

export const ORGLIFE_JOBS: ScheduledJob[] = [orglifeRemindJob];
