import { isSecretary } from '../org/identity';
import { z } from 'zod';
import { defineCommand, UserError } from '../commands/types';
import { notifyMember } from '../audience/audience';
import { alertUrgent, tellSecretaries } from './alerts';
import { careTypeList, careTypeName, isUrgentType, parseCareType } from './care-types';
import { careTexts } from './care.text';
import { contactsOf, namedContact } from './family.service';
import { requireOwnerOrSecretary, splitOwner } from './target';
import { createTicket } from './tickets.service';

/** Shared by every /care word: one alias, and answers that never show family details in a group. */
export const CARE = { name: 'care', aliases: ['关爱'], privateReplies: true } as const;

/** `/care TYPE [@成员] TEXT`: a member for their own family, the secretary for anyone's. */
export const careRaise = defineCommand({
  ...CARE,
  access: 'member',
  usage: {
    zh: '/care 类型 内容（类型：家访、问需、亲子、快递、用车；支部书记代登记：/care 用车 @张云 内容）',
    en: '/care TYPE TEXT (types: visit, need, parent-child, parcel, car; the secretary for a member: /care car @NAME TEXT)',
  },
  summary: { zh: '为家里求助：登记一张关爱工单（用车为紧急）', en: 'ask for help for your family at home: a care ticket (car is urgent)' },
  input: (a) => ({ type: a.positional[0], words: a.positional.slice(1) }),
  args: z.object({ type: z.string({ error: 'text' }), words: z.array(z.string()) }),
  run: async (ctx, a) => {
    const t = careTexts(ctx.lang);
    const type = parseCareType(a.type);
    if (!type) throw new UserError(t.unknownType(a.type, careTypeList(ctx.lang)));
    const { owner, words } = await splitOwner(ctx, a.words, Number.POSITIVE_INFINITY);
    requireOwnerOrSecretary(ctx, owner);
    const text = words.join(' ').trim();
    if (!text) throw new UserError(t.emptyText());
    if (text.length > 300) throw new UserError(t.tooLong());
    const contact = namedContact(await contactsOf(ctx.db, [owner.id]), text);
    const urgent = isUrgentType(type);
    const ticket = await createTicket(
      ctx.db,
      { branchId: ctx.actor.branchId, memberId: owner.id, requestedBy: ctx.actor.memberId, type, urgent, text, contactId: contact?.id ?? null },
      ctx.now,
    );
    const alerted = urgent ? { volunteers: await alertUrgent(ctx.db, ctx.now, ticket, 0), bySecretary: isSecretary(ctx.actor) } : null;
    if (!urgent) await tellSecretaries(ctx.db, ctx.now, ticket);
    if (owner.id !== ctx.actor.memberId) {
      const by = ctx.actor.name;
      await notifyMember(
        ctx.db,
        ctx.now,
        owner.id,
        (l) => careTexts(l).raisedFor(ticket.id, careTypeName(l, type), by),
        `care.raised:${ticket.id}`,
        'care.raised',
      );
    }
    return [{ text: t.raised(ticket.id, careTypeName(ctx.lang, type), alerted) }];
  },
});
