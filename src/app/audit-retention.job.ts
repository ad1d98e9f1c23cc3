import type { ScheduledJob } from '../jobs/job';
import { localDate, zonedInstant } from '../time';
import { pruneAudit } from '../org/audit';

export const AUDIT_PRUNE_JOB = 'audit.prune';
const PRUNE_AT = '03:00';

/**
 * Once a day at 03:00 (on the first group's clock) entries older than `retentionDays` are deleted; the claimed slot
 * makes it once across instances. The retention comes from YEMAI_AUDIT_RETENTION_DAYS.
 */
export function auditRetentionJob(retentionDays: number): ScheduledJob {
  return {
    name: AUDIT_PRUNE_JOB,
    due: (_db, now, groups) => {
      const first = groups[0];
      if (!first) return [];
      const today = localDate(now, first.config.tz);
      return [
        {
          job: AUDIT_PRUNE_JOB,
          groupId: 0,
          localDate: today,
          slot: 'prune',
          dueAt: zonedInstant(today, PRUNE_AT, first.config.tz),
          graceMs: 20 * 3_600_000,
        },
      ];
    },
    run: async ({ db, now }) => {
      await pruneAudit(db, now, retentionDays);
    },
  };
}
