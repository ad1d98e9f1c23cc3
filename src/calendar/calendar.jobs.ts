import { and, eq } from 'drizzle-orm';
import { members, roles } from '../../db/schema';
import type { DueSlot, ScheduledJob } from '../jobs/job';
import { notifyMember } from '../outbox/enqueue';
import { localDate, zonedInstant } from '../time';
import { loadCalendar } from './calendar.service';
import { calendarTexts } from './calendar.text';
import { calendarCoversYear } from './required-days';

/** In December, on these days at 09:00, the secretary hears that next year's schedule is still missing. */
const NOTICE_DAYS = ['12-01', '12-15'];
const NOTICE_AT = '09:00';

/**
 * One slot per branch and notice day (group id 0, the branch in the slot name), on the clock of the branch's first
 * group. When neither the package nor the secretary's entries know next year, every secretary is told privately, once.
 */
export const calendarNoticeJob: ScheduledJob = {
  name: 'calendar.next-year',
  due: (_db, now, groups) => {
    const out: DueSlot[] = [];
    const seen = new Set<number>();
    for (const g of groups) {
      if (seen.has(g.branchId)) continue;
      seen.add(g.branchId);
      const year = Number(localDate(now, g.config.tz).slice(0, 4));
      for (const day of NOTICE_DAYS) {
        const date = `${year}-${day}`;
        out.push({
          job: 'calendar.next-year',
          groupId: 0,
          localDate: date,
          slot: `b${g.branchId}:${year + 1}`,
          dueAt: zonedInstant(date, NOTICE_AT, g.config.tz),
          graceMs: g.config.graceHours * 3_600_000,
        });
      }
    }
    return out;
  },
  run: async (ctx) => {
    const m = /^b(\d+):(\d{4})$/.exec(ctx.slot.slot);
    if (!m) return;
    const branchId = Number(m[1]);
    const year = Number(m[2]);
    if (calendarCoversYear(year, await loadCalendar(ctx.db))) return;
    const secretaries = await ctx.db
      .select({ id: roles.memberId })
      .from(roles)
      .innerJoin(members, eq(members.id, roles.memberId))
      .where(and(eq(roles.role, 'secretary'), eq(members.branchId, branchId), eq(members.active, true)));
    const text = (lang: 'zh' | 'en') => calendarTexts(lang).missingNextYear(year);
    for (const s of secretaries)
      await notifyMember(ctx.db, ctx.now, s.id, text, `calendar.next-year:b${branchId}:${ctx.slot.localDate}`, 'calendar.next-year');
  },
};

export const CALENDAR_JOBS: ScheduledJob[] = [calendarNoticeJob];
