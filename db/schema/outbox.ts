import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

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
  (t) => [
    index('outbox_due').on(t.status, t.availableAt),
    // "Is an earlier message of this chat still waiting?": only a chat's oldest due row may be claimed.
    index('outbox_pending_chat').on(t.platform, t.chatExternalId, t.id).where(sql`${t.status} = 'pending'`),
    // A chat's sends of the last minute, so every process paces a chat by what all of them sent there.
    index('outbox_sent_chat').on(t.platform, t.chatExternalId, t.sentAt).where(sql`${t.status} = 'sent'`),
  ],
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

/**
 * The platform's shared send schedule: the next free send time (epoch ms). Every dispatcher process reserves its
 * sends here a few at a time, spaced at the platform's overall rate, so together they stay under that rate.
 */
export const deliveryPace = pgTable('delivery_pace', {
  platform: text('platform').primaryKey(),
  nextMs: bigint('next_ms', { mode: 'number' }).notNull(),
});
