import { date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** A claimed scheduled slot: the primary key is what stops two instances running it twice. */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: text('job').notNull(),
    groupId: integer('group_id').notNull(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    slot: text('slot').notNull(),
    ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.job, t.groupId, t.localDate, t.slot] })],
);
