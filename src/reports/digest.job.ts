import type { Db } from '../../db/client';
import type { GroupInScope } from '../org/authz.group';
import type { Lang } from '../i18n';
import type { DueSlot, ScheduledGroup, ScheduledJob } from '../jobs/job';
import { deliver } from '../audience/audience';
import { privateChatsOf } from '../audience/private-chats';
import { leadersAndSecretaries } from '../org/org.service';
import { localDate, zonedInstant } from '../time';
import { lastWeek, mondayOf } from './period';
import { branchGroups, branchName } from './branch-groups';
import type { Report } from './report';
import { buildReport } from './report';

export const DIGEST_JOB = 'reports.weekly';
/** Monday morning, on the clock of the group (the branch's: its first group's). */
export const DIGEST_AT = '08:30';

const toScope = (g: ScheduledGroup): GroupInScope => ({ id: g.id, name: g.name, branchId: g.branchId, config: g.config });

/** This week's Monday in a zone; the slot is for it (and a late run after a restart still finds it). */
function mondaySlot(now: Date, g: ScheduledGroup, groupId: number, slot: string): DueSlot {
  const monday = mondayOf(localDate(now, g.config.tz));
  return {
    job: DIGEST_JOB,
    groupId,
    localDate: monday,
    slot,
    dueAt: zonedInstant(monday, DIGEST_AT, g.config.tz),
    graceMs: g.config.graceHours * 3_600_000,
  };
}

/** One report per language the readers use, each sent privately with its chart, once per person and week. */
async function sendDigest(db: Db, now: Date, readers: number[], key: string, build: (lang: Lang) => Promise<Report>) {
  // Only the languages someone reads are drawn: a chart is costly.
  const made = new Map<Lang, Report>();
  for (const to of (await privateChatsOf(db, readers)).values()) if (!made.has(to.lang)) made.set(to.lang, await build(to.lang));
  const report = (lang: Lang) => made.get(lang) as Report;
  await deliver(db, now, {
    notes: readers.map((memberId) => ({
      memberId,
      dedupKey: key,
      purpose: DIGEST_JOB,
      text: (lang: Lang) => report(lang).text,
      file: (lang: Lang) => ({ name: report(lang).filename, mime: 'image/png', base64: report(lang).chart.png.toString('base64') }),
    })),
  });
}

/**
 * Every Monday 08:30 last week's report: each group's leaders get their group's (slot per group), the secretaries
 * the whole branch's (one slot per branch, group id 0). The claimed slot and the outbox keys make it once.
 */
export const weeklyDigestJob: ScheduledJob = {
  name: DIGEST_JOB,
  due: (_db, now, groups) => {
    const branchFirst = new Map<number, ScheduledGroup>();
    for (const g of groups) if (!branchFirst.has(g.branchId)) branchFirst.set(g.branchId, g);
    return [
      ...groups.map((g) => mondaySlot(now, g, g.id, 'leaders')),
      ...[...branchFirst.values()].map((g) => mondaySlot(now, g, 0, `b${g.branchId}`)),
    ];
  },
  run: async (ctx) => {
    const { db, now, slot } = ctx;
    const span = lastWeek(slot.localDate);
    const week = { db, now, period: 'week' as const, span };
    if (ctx.group) {
      const group = toScope(ctx.group);
      const { leaders } = await leadersAndSecretaries(db, group.id, group.branchId);
      const build = (lang: Lang) => buildReport({ ...week, lang, branchId: group.branchId, scope: group.name, groups: [group], wholeBranch: false });
      return sendDigest(db, now, leaders, `${DIGEST_JOB}:g${group.id}:${slot.localDate}`, build);
    }
    const branchId = Number(slot.slot.slice(1));
    const groups = await branchGroups(db, branchId);
    const scope = await branchName(db, branchId);
    const { secretaries } = await leadersAndSecretaries(db, groups[0]?.id ?? 0, branchId);
    const build = (lang: Lang) => buildReport({ ...week, lang, branchId, scope, groups, wholeBranch: true });
    return sendDigest(db, now, secretaries, `${DIGEST_JOB}:b${branchId}:${slot.localDate}`, build);
  },
};
