import { and, eq } from 'drizzle-orm';
import { members, roles } from '../../db/schema';
import { branchZone } from '../org/branch-zone';
import type { DueSlot, ScheduledJob } from '../jobs/job';
import { notifyMembers } from '../audience/audience';
import { shiftDate, zonedInstant } from '../time';
import { gapLines } from './orglife.format';
import { orgLifeRecord } from './orglife.service';
import { orglifeTexts } from './orglife.text';
import { currentQuarter, quarterLastDay } from './quarter';

/** When, a week before the quarter ends, the secretary hears about meetings still missing. */
export const REMIND_AT = '09:00';
const WEEK_BEFORE = 7;

/**
 * One slot per branch and quarter (group id 0, the branch in the slot name), on the wall clock of the branch's
 * first group. Required meetings neither held nor arranged by then are listed to every secretary, once.
 */
export const orglifeRemindJob: ScheduledJob = {
  name: 'orglife.remind',
  due: (_db, now, groups) => {
    const out: DueSlot[] = [];
    const seen = new Set<number>();
    for (const g of groups) {
      if (seen.has(g.branchId)) continue;
      seen.add(g.branchId);
      const q = currentQuarter(now, g.config.tz);
      const date = shiftDate(quarterLastDay(q), -WEEK_BEFORE);
      const slot = `b${g.branchId}:${q.year}Q${q.quarter}`;
      out.push({
        job: 'orglife.remind',
        groupId: 0,
        localDate: date,
        slot,
        dueAt: zonedInstant(date, REMIND_AT, g.config.tz),
        graceMs: g.config.graceHours * 3_600_000,
      });
    }
    return out;
  },
  run: async (ctx) => {
    const m = /^b(\d+):(\d{4})Q([1-4])$/.exec(ctx.slot.slot);
    if (!m) return;
    const branchId = Number(m[1]);
    const q = { year: Number(m[2]), quarter: Number(m[3]) };
    const tz = await branchZone(ctx.db, branchId);
    const record = await orgLifeRecord(ctx.db, branchId, q, tz, ctx.now);
    // Arranged meetings will fill their gap: only what is neither held nor planned is worth a reminder.
    const open = record.gaps.filter((g) => g.planned === 0);
    if (open.length === 0) return;
    const secretaries = await ctx.db
      .select({ id: roles.memberId })
      .from(roles)
      .innerJoin(members, eq(members.id, roles.memberId))
      .where(and(eq(roles.role, 'secretary'), eq(members.branchId, branchId), eq(members.active, true)));
    const text = (lang: 'zh' | 'en') => orglifeTexts(lang).reminder(q.year, q.quarter, gapLines(lang, open).join('\n'));
    await notifyMembers(
      ctx.db,
      ctx.now,
      secretaries.map((s) => s.id),
      { text, dedupKey: `orglife.remind:b${branchId}:${q.year}Q${q.quarter}`, purpose: 'orglife.remind' },
    );
  },
};

export const ORGLIFE_JOBS: ScheduledJob[] = [orglifeRemindJob];
