import { boolean, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { chats, groups, members } from './org';

export const checkins = pgTable(
  'checkins',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
    /** The member's local day in the group's time zone. */
    localDate: date('local_date', { mode: 'string' }).notNull(),
    place: text('place'),
    status: text('status'),
    /** True while the day's level is urgent (kept for older readers of the table). */
    unsafe: boolean('unsafe').notNull().default(false),
    /** The day's safety level: the gravest report of the day unless the member has since said they are well. */
    safetyLevel: text('safety_level').$type<'urgent' | 'attention' | 'none'>().notNull().default('none'),
    /** The gravest level reported that day and the report that said it, never lowered: the leader's history. */
    peakLevel: text('peak_level').$type<'urgent' | 'attention' | 'none'>().notNull().default('none'),
    peakText: text('peak_text'),
    /** Urgent words already alerted on that day: the same emergency again is not alerted twice. */
    alertedTerms: jsonb('alerted_terms').$type<string[]>().notNull().default([]),
    /** "需要组织帮助吗？": null (not asked), asked, yes or no. */
    help: text('help').$type<'asked' | 'yes' | 'no'>(),
    note: text('note'),
    rawText: text('raw_text').notNull(),
    late: boolean('late').notNull().default(false),
    proxyBy: integer('proxy_by').references(() => members.id),
    sourceChatId: integer('source_chat_id').references(() => chats.id),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('checkins_member_day').on(t.memberId, t.localDate), index('checkins_group_day').on(t.groupId, t.localDate)],
);

/** Earlier versions of a check-in, written whenever it is sent again. */
export const checkinEdits = pgTable('checkin_edits', {
  id: serial('id').primaryKey(),
  checkinId: integer('checkin_id')
    .notNull()
    .references(() => checkins.id, { onDelete: 'cascade' }),
  previous: jsonb('previous').$type<Record<string, unknown>>().notNull(),
  editedAt: timestamp('edited_at', { withTimezone: true }).notNull(),
  editedBy: integer('edited_by'),
});

/** The message that opened a group's day, so a reply to it counts as a check-in. */
export const dayPrompts = pgTable(
  'day_prompts',
  {
    groupId: integer('group_id').notNull(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    platform: text('platform').notNull(),
    chatExternalId: text('chat_external_id').notNull(),
    platformMessageId: text('platform_message_id').notNull(),
  },
  (t) => [uniqueIndex('day_prompts_message').on(t.platform, t.chatExternalId, t.platformMessageId)],
);
