import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const branches = pgTable('branches', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const groups = pgTable(
  'groups',
  {
    id: serial('id').primaryKey(),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    name: text('name').notNull(),
    /** Only the keys a group changed; defaults live in src/org/settings.ts. */
    settings: jsonb('settings').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('groups_branch_name').on(t.branchId, t.name)],
);

export const members = pgTable(
  'members',
  {
    id: serial('id').primaryKey(),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    name: text('name').notNull(),
    partyStatus: text('party_status').notNull().default('党员'),
    station: text('station'),
    lang: text('lang').notNull().default('zh'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('members_branch_name').on(t.branchId, t.name)],
);

/** secretary and volunteer are branch-wide (group_id 0); member and leader belong to one group. */
export const roles = pgTable(
  'roles',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    role: text('role').$type<'secretary' | 'leader' | 'member' | 'volunteer'>().notNull(),
    groupId: integer('group_id').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.role, t.groupId] }), index('roles_group').on(t.groupId, t.role)],
);

export const accounts = pgTable(
  'accounts',
  {
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    displayName: text('display_name'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.externalId] }), index('accounts_member').on(t.memberId)],
);

export const chats = pgTable(
  'chats',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    kind: text('kind').$type<'group' | 'private'>().notNull(),
    title: text('title'),
    groupId: integer('group_id').references(() => groups.id),
    active: boolean('active').notNull().default(true),
    boundAt: timestamp('bound_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('chats_platform_external').on(t.platform, t.externalId),
    index('chats_group').on(t.groupId).where(sql`${t.groupId} is not null`),
  ],
);

export const invites = pgTable('invites', {
  code: text('code').primaryKey(),
  memberId: integer('member_id')
    .notNull()
    .references(() => members.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  usedBy: text('used_by'),
  /** Set when a newer code was issued for the same person (or they were removed): the code no longer binds. */
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * Failed `/join` attempts per account and per chat, in the database so restarts and a second instance see the same
 * count: `failures` within the window that began at `window_start`, then no `/join` until `locked_until`.
 */
export const joinThrottle = pgTable('join_throttle', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  failures: integer('failures').notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/**
 * Who did what to whom, when and from which chat: every admin and leader action (src/org/audit.ts writes it, `/audit`
 * reads it). `actor_member_id` null is the operator's CLI; `chat_id` null an action outside any chat.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    branchId: integer('branch_id'),
    actorMemberId: integer('actor_member_id'),
    action: text('action').notNull(),
    subjectMemberId: integer('subject_member_id'),
    groupId: integer('group_id'),
    chatId: integer('chat_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_branch_at').on(t.branchId, t.at)],
);

/** Inbound platform message ids already handled, so a redelivery changes nothing. */
export const processedMessages = pgTable(
  'processed_messages',
  {
    platform: text('platform').notNull(),
    messageId: text('message_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.messageId] })],
);
