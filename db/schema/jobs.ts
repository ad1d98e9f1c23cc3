import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A claimed scheduled slot: the primary key (job, slot key) is what stops two instances running it twice. What
 * the slot is about travels in the job's payload, not here.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: text('job').notNull(),
    key: text('key').notNull(),
    ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.job, t.key] })],
);
