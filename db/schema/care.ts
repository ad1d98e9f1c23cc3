import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { branches, members } from './org';

/** A contact at home of a member: private to the member, the secretary and the volunteer serving that family. */
export const familyContacts = pgTable(
  'family_contacts',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    relation: text('relation').notNull(),
    /** District-level only (e.g. 滁州市南谯区): enough to send someone, never a street address. */
    district: text('district').notNull(),
    phone: text('phone').notNull(),
    notes: text('notes'),
    createdBy: integer('created_by').references(() => members.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('family_contacts_member').on(t.memberId)],
);

/** A volunteer's on-duty flag: on-duty volunteers receive urgent care alerts. */
export const volunteerDuty = pgTable('volunteer_duty', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  onDuty: boolean('on_duty').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
});

export const CARE_TYPES = ['家访', '问需', '亲子', '快递', '用车'] as const;
export type CareType = (typeof CARE_TYPES)[number];
export type CareStatus = 'open' | 'taken' | 'done' | 'cancelled';

export const careTickets = pgTable(
  'care_tickets',
  {
    id: serial('id').primaryKey(),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    /** Whose family the ticket is for. */
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => members.id),
    type: text('type').$type<CareType>().notNull(),
    urgent: boolean('urgent').notNull(),
    text: text('text').notNull(),
    /** The family contact the request names, if it names one. */
    contactId: integer('contact_id').references(() => familyContacts.id, { onDelete: 'set null' }),
    status: text('status').$type<CareStatus>().notNull().default('open'),
    assigneeId: integer('assignee_id').references(() => members.id),
    result: text('result'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('care_tickets_status').on(t.status, t.urgent), index('care_tickets_member').on(t.memberId)],
);

/** Every change to a ticket: who, what, when. Never updated, only appended. */
export const careTicketEvents = pgTable(
  'care_ticket_events',
  {
    id: serial('id').primaryKey(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => careTickets.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: integer('actor_id').references(() => members.id),
    action: text('action').$type<'raised' | 'taken' | 'assigned' | 'done' | 'cancelled' | 'alerted' | 'escalated'>().notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('care_ticket_events_ticket').on(t.ticketId)],
);

export const homeVisits = pgTable(
  'home_visits',
  {
    id: serial('id').primaryKey(),
    /** The member whose family was visited. */
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    visitorId: integer('visitor_id')
      .notNull()
      .references(() => members.id),
    ticketId: integer('ticket_id').references(() => careTickets.id),
    text: text('text').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('home_visits_member_at').on(t.memberId, t.at)],
);
