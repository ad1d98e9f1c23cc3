import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { meetings } from './meetings';
import { branches, chats, groups, members } from './org';

/** 'makeup' (补学): a meeting's material for the people who missed it; its audience is listed in study_assignees. */
export type StudyKind = 'study' | 'makeup';

export const studyItems = pgTable(
  'study_items',
  {
    id: serial('id').primaryKey(),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    /** null: the whole branch. */
    groupId: integer('group_id').references(() => groups.id),
    kind: text('kind').$type<StudyKind>().notNull().default('study'),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    deadline: timestamp('deadline', { withTimezone: true }),
    /** The zone the deadline was written in; the eve-of-deadline reminder is reckoned in it. */
    tz: text('tz').notNull(),
    meetingId: integer('meeting_id').references(() => meetings.id),
    /** node-cron expression (in each group's zone) on which the next passage is posted: 小组传达定期学. */
    relayCron: text('relay_cron'),
    /** When the schedule was set: firings before it are not "missed", so nothing is posted for them. */
    relaySetAt: timestamp('relay_set_at', { withTimezone: true }),
    createdBy: integer('created_by').references(() => members.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('study_items_branch').on(t.branchId, t.createdAt),
    index('study_items_deadline').on(t.deadline).where(sql`${t.deadline} is not null`),
    uniqueIndex('study_items_makeup').on(t.meetingId).where(sql`${t.meetingId} is not null`),
  ],
);

/** A relay item's long text, cut into the passages posted one per scheduled evening. */
export const studyPassages = pgTable(
  'study_passages',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => studyItems.id, { onDelete: 'cascade' }),
    no: integer('no').notNull(),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.no] })],
);

/** Which passage went to which group: the key makes each passage reach a group once. */
export const studyRelayPosts = pgTable(
  'study_relay_posts',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => studyItems.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
    passageNo: integer('passage_no').notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.groupId, t.passageNo] })],
);

/** The listed audience of a make-up item (the absent and the excused of its meeting). */
export const studyAssignees = pgTable(
  'study_assignees',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => studyItems.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    reason: text('reason').$type<'absent' | 'excused'>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.memberId] }), index('study_assignees_member').on(t.memberId)],
);

/** A member's note on an item (passage 0) or on one relay passage (1..n); a second note updates it. */
export const studyNotes = pgTable(
  'study_notes',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => studyItems.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    passageNo: integer('passage_no').notNull().default(0),
    note: text('note').notNull(),
    /** Written after the deadline. */
    late: boolean('late').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('study_notes_item_member_passage').on(t.itemId, t.memberId, t.passageNo), index('study_notes_member').on(t.memberId)],
);

/** Earlier wordings of a note, kept when it is sent again. */
export const studyNoteEdits = pgTable('study_note_edits', {
  id: serial('id').primaryKey(),
  noteId: integer('note_id')
    .notNull()
    .references(() => studyNotes.id, { onDelete: 'cascade' }),
  previous: text('previous').notNull(),
  editedAt: timestamp('edited_at', { withTimezone: true }).notNull(),
});

/** The "1" of "1+N": the branch's main classroom (主课堂); every other bound chat is a sub-classroom (分课堂). */
export const mainClassrooms = pgTable('main_classrooms', {
  branchId: integer('branch_id')
    .primaryKey()
    .references(() => branches.id),
  chatId: integer('chat_id')
    .notNull()
    .references(() => chats.id),
  setBy: integer('set_by').references(() => members.id),
  setAt: timestamp('set_at', { withTimezone: true }).notNull(),
});
