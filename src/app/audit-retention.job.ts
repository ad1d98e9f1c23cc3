import type { ScheduledJob } from '../jobs/job';
import { defineJob, slotKey } from '../jobs/job';
import { groupsAtTick } from '../org/scheduled-groups';
import { localDate, zonedInstant } from '../time';
import { pruneAudit } from '../org/audit';

export const AUDIT_PRUNE_JOB = 'audit.prune';
const PRUNE_AT = '03:00';

/**
 * Once a day at 03:00 (on the first group's clock) entries older than `retentionDays` are deleted; the claimed slot
 * makes it once across instances. The retention comes from YEMAI_AUDIT_RETENTION_DAYS.
 */
export function auditRetentionJob(retentionDays: number): ScheduledJob {
  return defineJob<null>({
    name: AUDIT_PRUNE_JOB,
    due: async ({ db, now }) => {
      const [first] = await groupsAtTick(db, now);
      if (!first) return [];
      const today = localDate(now, first.config.tz);
      return [{ key: slotKey(today, 'prune'), dueAt: zonedInstant(today, PRUNE_AT, first.config.tz), graceMs: 20 * 3_600_000, payload: null }];
    },
    run: async ({ db, now }) => {
      await pruneAudit(db, now, retentionDays);
    },
  });
}
