import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Who may hold a one-per-deployment resource (e.g. the WeCom bot's long connection, which the server allows
 * once per bot id): one row per resource, held by one process until `expires_at` unless renewed.
 */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
