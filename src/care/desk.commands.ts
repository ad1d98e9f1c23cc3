import { ID_PARAM } from '../commands/params';
import { idArg } from '../commands/hygiene';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { members } from '../../db/schema';
import type { MemberContext } from '../commands/types';
import { defineCommand, UserError } from '../commands/types';
import type { Lang } from '../i18n';
import { isSecretary } from '../org/identity';
import { findMember } from '../org/org.service';
import { recordAudit } from '../org/audit';
import { deliver, notifyMember, notifyMembers } from '../audience/audience';
import { CARE } from './care.commands';
import { careTypeName } from './care-types';
import { careTexts } from './care.text';
import { details, ticketFacts } from './ticket-view';
import { assignTicket, closeTicket, ticketForUpdate } from './tickets.service';
import type { Ticket } from './tickets.service';
import { volunteers } from './volunteers.service';

/** Within PostgreSQL's integer range, like every other id: #2147483648 is refused, not a database error. */
const ticketId = idArg;

/** The ticket, locked; refused when it does not exist in this branch or is already closed. */
async function liveTicket(ctx: MemberContext, id: number, mayTouch?: (ticket: Ticket) => void): Promise<Ticket> {
  const t = careTexts(ctx.lang);
  const ticket = await ticketForUpdate(ctx.db, id, ctx.actor.branchId);
  if (!ticket) throw new UserError(t.noSuch(id));
  mayTouch?.(ticket);
  if (ticket.status === 'done' || ticket.status === 'cancelled') throw new UserError(t.closedAlready(id, t.status(ticket.status)));
  return ticket;
}

const nameOf = async (ctx: MemberContext, id: number) =>
  (await ctx.db.select({ name: members.name }).from(members).where(eq(members.id, id)))[0]?.name ?? `#${id}`;

/** The family's member and, if someone else asked for them, the asker. */
const askers = (ticket: Ticket) => [...new Set([ticket.memberId, ticket.requestedBy])];

/**
 * Tells the askers other than whoever acted: the member reads "your family's ticket"; a secretary who filed it
 * for them reads whose family it is.
 */
async function tellAskers(ctx: MemberContext, ticket: Ticket, text: (l: Lang, family: string | null) => string, dedupKey: string, purpose: string) {
  const family = await nameOf(ctx, ticket.memberId);
  const notes = askers(ticket)
    .filter((id) => id !== ctx.actor.memberId)
    .map((memberId) => ({ memberId, text: (l: Lang) => text(l, memberId === ticket.memberId ? null : family), dedupKey, purpose }));
  await deliver(ctx.db, ctx.now, { notes });
}

const doneButton = (id: number) => (lang: Lang) => [{ label: careTexts(lang).doneButton(), command: `/care done ${id}` }];

/** After a take or an assignment: the family hears who has it; for an urgent one, the others stop looking. */
async function announceTaken(ctx: MemberContext, ticket: Ticket, volunteerId: number) {
  const volunteer = await nameOf(ctx, volunteerId);
  const text = (l: Lang, family: string | null) => careTexts(l).takenToMember(ticket.id, careTypeName(l, ticket.type), volunteer, family);
  await tellAskers(ctx, ticket, text, `care.taken:${ticket.id}:v${volunteerId}`, 'care.taken');
  if (!ticket.urgent) return;
  const others = (await volunteers(ctx.db, ctx.actor.branchId)).filter((v) => v.onDuty && v.id !== volunteerId && v.id !== ctx.actor.memberId);
  await notifyMembers(
    ctx.db,
    ctx.now,
    others.map((v) => v.id),
    { text: (l) => careTexts(l).takenToOthers(ticket.id, volunteer), dedupKey: `care.taken-others:${ticket.id}`, purpose: 'care.taken' },
  );
}

export const careTake = defineCommand({
  ...CARE,
  sub: 'take',
  subAliases: ['接单'],
  access: ['volunteer'],
  params: [ID_PARAM],
  summary: { zh: '接下一张关爱工单（接单后可见家属详情）', en: 'take a care ticket (its family details show once taken)' },
  args: z.object({ id: ticketId }),
  run: async (ctx, a) => {
    const t = careTexts(ctx.lang);
    const ticket = await liveTicket(ctx, a.id);
    if (ticket.assigneeId !== null && ticket.assigneeId !== ctx.actor.memberId) {
      throw new UserError(t.alreadyTaken(ticket.id, await nameOf(ctx, ticket.assigneeId)));
    }
    if (ticket.assigneeId === null) {
      await assignTicket(ctx.db, ticket, ctx.actor.memberId, ctx.actor.memberId, ctx.now);
      await recordAudit(ctx, { action: 'care.take', subjectMemberId: ticket.memberId, detail: { ticketId: ticket.id } });
      await announceTaken(ctx, ticket, ctx.actor.memberId);
    }
    const facts = await ticketFacts(ctx.db, ticket);
    return [{ text: t.took(ticket.id, t.details(details(ctx.lang, facts))), actions: doneButton(ticket.id)(ctx.lang) }];
  },
});

export const careAssign = defineCommand({
  ...CARE,
  sub: 'assign',
  subAliases: ['指派'],
  access: ['secretary'],
  params: [ID_PARAM, { key: 'volunteer', label: { zh: '志愿者', en: 'VOLUNTEER' } }],
  summary: { zh: '把工单指派给一位志愿者', en: 'assign a ticket to a volunteer' },
  args: z.object({
    id: ticketId,
    volunteer: z
      .string({ error: 'name' })
      .transform((word) => word.trim().replace(/^[@＠]/, ''))
      .pipe(z.string().min(1, { error: 'name' })),
  }),
  run: async (ctx, a) => {
    const t = careTexts(ctx.lang);
    const ticket = await liveTicket(ctx, a.id);
    const person = await findMember(ctx.db, ctx.actor.branchId, a.volunteer);
    const isVolunteer = person && (await volunteers(ctx.db, ctx.actor.branchId)).some((v) => v.id === person.id);
    if (!person || !isVolunteer) throw new UserError(t.notVolunteer(a.volunteer));
    await assignTicket(ctx.db, ticket, person.id, ctx.actor.memberId, ctx.now);
    await recordAudit(ctx, { action: 'care.assign', subjectMemberId: ticket.memberId, detail: { ticketId: ticket.id, volunteer: person.name } });
    const facts = await ticketFacts(ctx.db, ticket);
    const by = ctx.actor.name;
    const text = (l: Lang) => careTexts(l).assignedToYou(ticket.id, careTexts(l).details(details(l, facts)), by);
    await notifyMember(ctx.db, ctx.now, person.id, text, `care.assigned:${ticket.id}:v${person.id}`, 'care.assigned', doneButton(ticket.id));
    await announceTaken(ctx, ticket, person.id);
    return [{ text: t.assigned(ticket.id, person.name) }];
  },
});

export const careDone = defineCommand({
  ...CARE,
  sub: 'done',
  subAliases: ['完成', '办结'],
  access: ['volunteer', 'secretary'],
  params: [ID_PARAM, { key: 'result', label: { zh: '结果', en: 'RESULT' }, optional: true, take: 'words' }],
  note: { zh: '（结果会转告求助人）', en: '(the result goes to the requester)' },
  summary: { zh: '办结工单，结果转告求助人', en: 'close a ticket; the requester is told the result' },
  args: z.object({ id: ticketId, result: z.string().optional() }),
  run: async (ctx, a) => {
    const t = careTexts(ctx.lang);
    const ticket = await liveTicket(ctx, a.id, (tk) => {
      if (tk.assigneeId !== ctx.actor.memberId && !isSecretary(ctx.actor)) throw new UserError(t.notAssignee(tk.id));
    });
    const result = a.result?.trim().slice(0, 300) || null;
    await closeTicket(ctx.db, ticket, 'done', result, ctx.actor.memberId, ctx.now);
    await recordAudit(ctx, { action: 'care.done', subjectMemberId: ticket.memberId, detail: { ticketId: ticket.id } });
    const by = ctx.actor.name;
    const text = (l: Lang, family: string | null) => careTexts(l).doneToMember(ticket.id, careTypeName(l, ticket.type), by, result, family);
    await tellAskers(ctx, ticket, text, `care.done:${ticket.id}`, 'care.done');
    return [{ text: t.doneReply(ticket.id, result !== null) }];
  },
});

export const careCancel = defineCommand({
  ...CARE,
  sub: 'cancel',
  subAliases: ['取消'],
  access: 'member',
  params: [ID_PARAM],
  summary: { zh: '取消自己家的工单', en: "cancel your family's ticket" },
  args: z.object({ id: ticketId }),
  run: async (ctx, a) => {
    const t = careTexts(ctx.lang);
    const ticket = await liveTicket(ctx, a.id, (tk) => {
      if (!askers(tk).includes(ctx.actor.memberId)) throw new UserError(t.notYours(tk.id));
    });
    await closeTicket(ctx.db, ticket, 'cancelled', null, ctx.actor.memberId, ctx.now);
    await recordAudit(ctx, { action: 'care.cancel', subjectMemberId: ticket.memberId, detail: { ticketId: ticket.id } });
    if (ticket.assigneeId !== null) {
      const text = (l: Lang) => careTexts(l).cancelledToVolunteer(ticket.id);
      await notifyMember(ctx.db, ctx.now, ticket.assigneeId, text, `care.cancelled:${ticket.id}`, 'care.cancelled');
    }
    return [{ text: t.cancelled(ticket.id) }];
  },
});
