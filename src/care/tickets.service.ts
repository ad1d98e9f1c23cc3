import { and, asc, desc, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { careTicketEvents, careTickets, groups, members, roles } from '../../db/schema';
import type { CareStatus, CareType } from '../../db/schema';
import { groupSettings, SETTING_DEFAULTS } from '../org/settings';

export type Ticket = typeof careTickets.$inferSelect;
export type TicketEvent = (typeof careTicketEvents.$inferSelect)['action'];

export async function recordEvent(db: Db, ticketId: number, now: Date, actorId: number | null, action: TicketEvent, detail = {}) {
  await db.insert(careTicketEvents).values({ ticketId, at: now, actorId, action, detail });
}

export async function createTicket(
  db: Db,
  t: { branchId: number; memberId: number; requestedBy: number; type: CareType; urgent: boolean; text: string; contactId: number | null },
  now: Date,
): Promise<Ticket> {
  const [row] = await db
    .insert(careTickets)
    .values({ ...t, createdAt: now })
    .returning();
  if (!row) throw new Error('care ticket insert returned nothing');
  await recordEvent(db, row.id, now, t.requestedBy, 'raised', { type: t.type });
  return row;
}

/** The ticket, locked for the change about to be made; null when it is not this branch's. */
export async function ticketForUpdate(db: Db, id: number, branchId: number): Promise<Ticket | null> {
  const [row] = await db
    .select()
    .from(careTickets)
    .where(and(eq(careTickets.id, id), eq(careTickets.branchId, branchId)))
    .for('update');
  return row ?? null;
}

export async function getTicket(db: Db, id: number): Promise<Ticket | null> {
  const [row] = await db.select().from(careTickets).where(eq(careTickets.id, id));
  return row ?? null;
}

/** Taking and assigning both put a volunteer on the ticket; the history says which. */
export async function assignTicket(db: Db, t: Ticket, volunteerId: number, actorId: number, now: Date): Promise<void> {
  await db
    .update(careTickets)
    .set({ status: 'taken', assigneeId: volunteerId, takenAt: t.takenAt ?? now })
    .where(eq(careTickets.id, t.id));
  const action = volunteerId === actorId ? 'taken' : 'assigned';
  await recordEvent(db, t.id, now, actorId, action, { volunteerId, previous: t.assigneeId });
}

export async function closeTicket(
  db: Db,
  t: Ticket,
  status: Extract<CareStatus, 'done' | 'cancelled'>,
  result: string | null,
  actorId: number,
  now: Date,
) {
  await db.update(careTickets).set({ status, result, closedAt: now }).where(eq(careTickets.id, t.id));
  await recordEvent(db, t.id, now, actorId, status, result ? { result } : {});
}

const OPEN: CareStatus[] = ['open', 'taken'];

/** Open and taken tickets of the branch, with the member's name; a volunteer sees theirs and the unassigned. */
export async function openTickets(db: Db, branchId: number, volunteerId?: number) {
  return db
    .select({ ticket: careTickets, memberName: members.name })
    .from(careTickets)
    .innerJoin(members, eq(members.id, careTickets.memberId))
    .where(
      and(
        eq(careTickets.branchId, branchId),
        inArray(careTickets.status, OPEN),
        volunteerId === undefined ? undefined : or(isNull(careTickets.assigneeId), eq(careTickets.assigneeId, volunteerId)),
      ),
    )
    .orderBy(desc(careTickets.urgent), asc(careTickets.id));
}

export async function ticketsFor(db: Db, memberId: number): Promise<Ticket[]> {
  return db.select().from(careTickets).where(eq(careTickets.memberId, memberId)).orderBy(desc(careTickets.id)).limit(20);
}

/** Urgent tickets nobody has taken yet, raised since `since`. */
export async function untakenUrgent(db: Db, since: Date): Promise<Ticket[]> {
  return db
    .select()
    .from(careTickets)
    .where(and(eq(careTickets.urgent, true), eq(careTickets.status, 'open'), gte(careTickets.createdAt, since)));
}

/** The time zone of the member's home group: what their family's tickets are dated in. */
export async function memberZone(db: Db, memberId: number): Promise<string> {
  const [row] = await db
    .select({ settings: groups.settings })
    .from(roles)
    .innerJoin(groups, eq(groups.id, roles.groupId))
    .where(and(eq(roles.memberId, memberId), inArray(roles.role, ['member', 'leader'])))
    .limit(1);
  return row ? groupSettings(row.settings).tz : SETTING_DEFAULTS.tz;
}

export async function homeGroupOf(db: Db, memberId: number): Promise<number | null> {
  const [row] = await db
    .select({ groupId: roles.groupId })
    .from(roles)
    .where(and(eq(roles.memberId, memberId), inArray(roles.role, ['member', 'leader'])))
    .limit(1);
  return row?.groupId ?? null;
}
