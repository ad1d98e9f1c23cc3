import type { Db } from '../../db/client';
import type { GroupInScope } from '../org/authz.group';
import type { Lang } from '../i18n';
import type { ScheduledJob, Slot } from '../jobs/job';
import { defineJob, eachSlot, slotKey } from '../jobs/job';
import { branchesOf, groupsAtTick } from '../org/scheduled-groups';
import type { ScheduledGroup } from '../org/scheduled-groups';
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

/** Whose digest a slot is: one group's leaders, or a branch's secretaries. */
type Readers = { group: ScheduledGroup; monday: string } | { branchId: number; monday: string };

/** This week's Monday on the group's clock; the slot is for it (and a late run after a restart still finds it). */
function mondaySlot(now: Date, g: ScheduledGroup, wholeBranch: boolean): Slot<Readers> {
  const monday = mondayOf(localDate(now, g.config.tz));
  return {
    key: wholeBranch ? slotKey(monday, `b${g.branchId}`) : slotKey(monday, 'leaders', g.id),
    dueAt: zonedInstant(monday, DIGEST_AT, g.config.tz),
    graceMs: g.config.graceHours * 3_600_000,
    payload: wholeBranch ? { branchId: g.branchId, monday } : { group: g, monday },
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
export const weeklyDigestJob: ScheduledJob = defineJob<Readers>({
  name: DIGEST_JOB,
  due: async ({ db, now }) => {
    const groups = await groupsAtTick(db, now);
    return [...groups.map((g) => mondaySlot(now, g, false)), ...branchesOf(groups).map((g) => mondaySlot(now, g, true))];
  },
  run: eachSlot(async ({ db, now }, { payload }) => {
    const span = lastWeek(payload.monday);
    const week = { db, now, period: 'week' as const, span };
    if ('group' in payload) {
      const group = toScope(payload.group);
      const { leaders } = await leadersAndSecretaries(db, group.id, group.branchId);
      const build = (lang: Lang) => buildReport({ ...week, lang, branchId: group.branchId, scope: group.name, groups: [group], wholeBranch: false });
      return sendDigest(db, now, leaders, `${DIGEST_JOB}:g${group.id}:${payload.monday}`, build);
    }
    const { branchId } = payload;
    const groups = await branchGroups(db, branchId);
    const scope = await branchName(db, branchId);
    const { secretaries } = await leadersAndSecretaries(db, groups[0]?.id ?? 0, branchId);
    const build = (lang: Lang) => buildReport({ ...week, lang, branchId, scope, groups, wholeBranch: true });
    return sendDigest(db, now, secretaries, `${DIGEST_JOB}:b${branchId}:${payload.monday}`, build);
  }),
});
