import { z } from 'zod';
import { idArg } from '../commands/hygiene';
import { defineCommand, UserError } from '../commands/types';
import type { Lang } from '../i18n';
import { recordAudit } from '../org/audit';
import { isSecretary } from '../org/identity';
import { notifyMember } from '../audience/audience';
import { splitOwner } from './target';
import { closeTicket, ticketForUpdate } from './tickets.service';
import { visitTexts } from './visit.text';
import { addVisit } from './visits.service';

/** `/visit MEMBER TEXT [ticket=ID]`: a volunteer or the secretary logs a visit, maybe closing a 家访 ticket. */
export const visit = defineCommand({
  name: 'visit',
  aliases: ['家访'],
  privateReplies: true,
  access: ['volunteer', 'secretary'],
  usage: {
    zh: '/visit 成员 情况 [ticket=编号]（如 /visit 张云 看望了母亲，身体尚好）',
    en: '/visit MEMBER NOTES [ticket=ID] (e.g. /visit 张云 saw his mother, doing well)',
  },
  summary: { zh: '记录一次家访（可同时办结家访工单）', en: 'log a home visit (optionally closing a home-visit ticket)' },
  input: (a) => ({ words: a.positional, ticket: a.named.ticket?.replace(/^#/, '') }),
  args: z.object({
    words: z.array(z.string()).min(1, { error: 'name' }),
    ticket: idArg.optional(),
  }),
  run: async (ctx, a) => {
    const t = visitTexts(ctx.lang);
    const first = a.words[0] ?? '';
    const { owner, words } = await splitOwner(ctx, [/^[@＠]/.test(first) ? first : `@${first}`, ...a.words.slice(1)], 0);
    const text = words.join(' ').trim().slice(0, 300);
    if (!text) throw new UserError(t.emptyText());
    let closed: number | null = null;
    if (a.ticket !== undefined) {
      const ticket = await ticketForUpdate(ctx.db, a.ticket, ctx.actor.branchId);
      const open = ticket && ticket.memberId === owner.id && ticket.type === '家访' && (ticket.status === 'open' || ticket.status === 'taken');
      if (!ticket || !open) throw new UserError(t.notVisitTicket(a.ticket, owner.name));
      await closeTicket(ctx.db, ticket, 'done', text, ctx.actor.memberId, ctx.now);
      await recordAudit(ctx, { action: 'care.done', subjectMemberId: ticket.memberId, detail: { ticketId: ticket.id, visit: true } });
      closed = ticket.id;
    }
    await addVisit(ctx.db, { memberId: owner.id, visitorId: ctx.actor.memberId, ticketId: closed, text }, ctx.now);
    const visitor = ctx.actor.name;
    const key = `care.visit:${owner.id}:${ctx.now.getTime()}`;
    const bySecretary = isSecretary(ctx.actor);
    await notifyMember(ctx.db, ctx.now, owner.id, (l: Lang) => visitTexts(l).toMember(visitor, text, bySecretary), key, 'care.visit');
    return [{ text: t.logged(owner.name, closed) }];
  },
});
