import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { branches, chats, groups, members } from './org';

/** 三会一课 plus 主题党日; the Chinese names live in src/meetings/meeting-types.ts. */
export type MeetingType = 'general' | 'committee' | 'group' | 'lecture' | 'themed';
/** 现场 (in the main classroom), 视频 (video link), 传达 (relayed in the sub-classrooms). */
export type MeetingMode = 'onsite' | 'video' | 'relay';
export type AttendanceStatus = 'present' | 'excused' | 'absent';
/** Where a sign-in came from: the branch's main classroom, a group's sub-classroom, or a person on their own. */
export type AttendancePlace = 'main' | 'sub' | 'private';

export const meetings = pgTable(
  'meetings',
  {
    id: serial('id').primaryKey(),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    /** null: the whole branch is expected. */
    groupId: integer('group_id').references(() => groups.id),
    type: text('type').$type<MeetingType>().notNull(),
    topic: text('topic').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** The zone the organiser wrote the time in; reminders and the org-life months are reckoned in it. */
    tz: text('tz').notNull(),
    mode: text('mode').$type<MeetingMode>().notNull(),
    link: text('link'),
    organiserId: integer('organiser_id')
      .notNull()
      .references(() => members.id),
    minutes: text('minutes'),
    minutesBy: integer('minutes_by').references(() => members.id),
    minutesAt: timestamp('minutes_at', { withTimezone: true }),
    /** Set once, when attendance became final (absent rows written, make-up study items made). */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** A cancelled meeting sends nothing more and does not count as held. */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('meetings_branch_start').on(t.branchId, t.startsAt), index('meetings_open_end').on(t.endsAt).where(sql`${t.closedAt} is null`)],
);

/** One row per person and meeting: a sign-in, an excused absence, or (once closed) an absence. */
export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    status: text('status').$type<AttendanceStatus>().notNull(),
    /** false for someone outside the meeting's scope who signed in anyway (列席). */
    expected: boolean('expected').notNull().default(true),
    mode: text('mode').$type<MeetingMode>(),
    place: text('place').$type<AttendancePlace>(),
    placeName: text('place_name'),
    sourceChatId: integer('source_chat_id').references(() => chats.id),
    reason: text('reason'),
    /** Excused automatically because approved leave covered the meeting's day. */
    byLeave: boolean('by_leave').notNull().default(false),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] })],
);
