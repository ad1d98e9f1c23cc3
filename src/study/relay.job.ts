import { count, eq, inArray, isNotNull, max } from 'drizzle-orm';
import { studyItems, studyPassages, studyRelayPosts } from '../../db/schema';
import type { ScheduledJob, Slot } from '../jobs/job';
import { defineJob, eachSlot, slotKey } from '../jobs/job';
import { groupsAtTick } from '../org/scheduled-groups';
import type { ScheduledGroup } from '../org/scheduled-groups';
import { localParts } from '../time';
import { latestRun, parseCron } from './cron-times';
import { postNextPassage } from './relay';

/**
 * For each relay item and each group it is for: the latest firing of its cron expression in that group's zone,
 * within the group's grace window and after the schedule was set. The slot (item, group, local date and time) is
 * claimed once, and each claim posts that group's next passage — so a restart posts a missed evening's passage
 * late, and never two passages for one evening.
 */
export const RELAY_JOB: ScheduledJob = defineJob<{ itemId: number; group: ScheduledGroup }>({
  name: 'study.relay',
  due: async ({ db, now }) => {
    const groups = await groupsAtTick(db, now);
    const items = await db.select().from(studyItems).where(isNotNull(studyItems.relayCron));
    if (items.length === 0) return [];
    const ids = items.map((i) => i.id);
    const totals = await db
      .select({ itemId: studyPassages.itemId, n: count() })
      .from(studyPassages)
      .where(inArray(studyPassages.itemId, ids))
      .groupBy(studyPassages.itemId);
    const posted = await db
      .select({ itemId: studyRelayPosts.itemId, groupId: studyRelayPosts.groupId, n: max(studyRelayPosts.passageNo) })
      .from(studyRelayPosts)
      .where(inArray(studyRelayPosts.itemId, ids))
      .groupBy(studyRelayPosts.itemId, studyRelayPosts.groupId);
    const total = new Map(totals.map((t) => [t.itemId, t.n]));
    const sent = new Map(posted.map((p) => [`${p.itemId}:${p.groupId}`, p.n ?? 0]));
    const out: Slot<{ itemId: number; group: ScheduledGroup }>[] = [];
    for (const item of items) {
      const plan = parseCron(item.relayCron ?? '');
      if (!plan) continue;
      const targets = groups.filter((g) => (item.groupId !== null ? g.id === item.groupId : g.branchId === item.branchId));
      for (const g of targets) {
        if ((sent.get(`${item.id}:${g.id}`) ?? 0) >= (total.get(item.id) ?? 0)) continue;
        const graceMs = g.config.graceHours * 3_600_000;
        const at = latestRun(plan, g.config.tz, now, graceMs);
        if (!at || (item.relaySetAt && at < item.relaySetAt)) continue;
        const local = localParts(at, g.config.tz);
        out.push({ key: slotKey(local.date, `i${item.id}@${local.time}`, g.id), dueAt: at, graceMs, payload: { itemId: item.id, group: g } });
      }
    }
    return out;
  },
  run: eachSlot(async (ctx, { payload: { itemId, group } }) => {
    const [item] = await ctx.db.select().from(studyItems).where(eq(studyItems.id, itemId));
    if (!item?.relayCron) return;
    await postNextPassage(ctx.db, ctx.now, item, { id: group.id, lang: group.config.lang });
  }),
});
