import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export type OutboxStatus = 'pending' | 'sent' | 'dead' | 'skipped';
export type OutboxMention = { externalId: string; name: string };
export type OutboxFile = { name: string; mime: string; base64: string };
export type OutboxAction = { label: string; command: string };

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dedupKey: text('dedup_key').notNull().unique(),
    platform: text('platform').notNull(),
    chatExternalId: text('chat_external_id').notNull(),
    text: text('text').notNull(),
    mentions: jsonb('mentions').$type<OutboxMention[]>().notNull().default([]),
    file: jsonb('file').$type<OutboxFile | null>(),
    actions: jsonb('actions').$type<OutboxAction[]>().notNull().default([]),
    /** What the message is for, e.g. 'checkin.prompt', so a sent prompt can be remembered. */
    purpose: text('purpose'),
    purposeRef: jsonb('purpose_ref').$type<Record<string, unknown> | null>(),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    platformMessageId: text('platform_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_due').on(t.status, t.availableAt)],
);

/** The whole platform rather than one chat: a global flood answer or the platform unreachable. */
export const WHOLE_PLATFORM = '*';

/**
 * "Do not send here before `until`": a platform's retry-after for one chat, or for the whole platform
 * (chat `*`). Kept in the database so every dispatcher pass and every process honours it.
 */
export const deliveryHolds = pgTable(
  'delivery_holds',
  {
    platform: text('platform').notNull(),
    chatExternalId: text('chat_external_id').notNull(),
    until: timestamp('until', { withTimezone: true }).notNull(),
    reason: text('reason'),
  },
  (t) => [primaryKey({ columns: [t.platform, t.chatExternalId] })],
);
