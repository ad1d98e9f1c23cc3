import { notifyMembers } from '../audience/audience';
import type { ScheduledJob } from '../jobs/job';
import { defineJob, eachSlot, slotKey } from '../jobs/job';
import { perTick } from '../jobs/per-tick';
import { branchSecretaries } from '../org/org.service';
import { groupsAtTick } from '../org/scheduled-groups';
import { localDate, zonedInstant } from '../time';
import { loadCalendar } from './calendar.service';
import { calendarTexts } from './calendar.text';
import { calendarCoversYear } from './required-days';

/** The work calendar as read once a tick: every job deciding which days are due asks the same one. */
export const calendarAtTick = perTick((db) => loadCalendar(db));

/** In December, on these days at 09:00, the secretary hears that next year's schedule is still missing. */
const NOTICE_DAYS = ['12-01', '12-15'];
const NOTICE_AT = '09:00';

type NoticeSlot = { branchId: number; date: string; year: number };

/**
 * One slot per branch and notice day, on the clock of the branch's first group. When neither the package nor the
 * secretary's entries know next year, every secretary is told privately, once.
 */
export const calendarNoticeJob: ScheduledJob = defineJob<NoticeSlot>({
  name: 'calendar.next-year',
  due: async (ctx) => {
    const seen = new Set<number>();
    const out = [];
    for (const g of await groupsAtTick(ctx.db, ctx.now)) {
      if (seen.has(g.branchId)) continue;
      seen.add(g.branchId);
      const year = Number(localDate(ctx.now, g.config.tz).slice(0, 4));
      for (const day of NOTICE_DAYS) {
        const date = `${year}-${day}`;
        out.push({
          key: slotKey(date, `b${g.branchId}:${year + 1}`),
          dueAt: zonedInstant(date, NOTICE_AT, g.config.tz),
          graceMs: g.config.graceHours * 3_600_000,
          payload: { branchId: g.branchId, date, year: year + 1 },
        });
      }
    }
    return out;
  },
  run: eachSlot(async (ctx, { payload: { branchId, date, year } }) => {
    if (calendarCoversYear(year, await loadCalendar(ctx.db))) return;
    await notifyMembers(ctx.db, ctx.now, await branchSecretaries(ctx.db, branchId), {
      text: (lang) => calendarTexts(lang).missingNextYear(year),
      dedupKey: `calendar.next-year:b${branchId}:${date}`,
      purpose: 'calendar.next-year',
    });
  }),
});

export const CALENDAR_JOBS: ScheduledJob[] = [calendarNoticeJob];
