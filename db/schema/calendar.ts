import { date, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { members } from './org';

/**
 * The secretary's entries over the statutory calendar package: a holiday (放假) or a make-up workday (调休上班) on
 * one date, e.g. next year's State Council schedule before a package release carries it. One national calendar, so
 * keyed by the date alone; an entry wins over the package for that date.
 */
export const calendarDays = pgTable('calendar_days', {
  localDate: date('local_date', { mode: 'string' }).primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name'),
  enteredBy: integer('entered_by').references(() => members.id),
  enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
});
