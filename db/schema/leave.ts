import { date, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { groups, members } from './org';

export type LeaveStatus = 'pending' | 'approved' | 'rejected' | 'ended';

export const leaveRequests = pgTable(
  'leave_requests',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    status: text('status').$type<LeaveStatus>().notNull().default('pending'),
    approverId: integer('approver_id').references(() => members.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    /** When the member sent /back; the decision time above stays the approver's. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('leave_member_dates').on(t.memberId, t.fromDate, t.toDate)],
);
