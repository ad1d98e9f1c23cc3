import { z } from 'zod';
import { defineCommand } from '../commands/types';
import type { MemberContext } from '../commands/types';
import { recordAudit } from '../org/audit';
import { isSecretary } from '../org/identity';
import { formatLocal } from '../time';
import { CARE } from './care.commands';
import { careTypeName } from './care-types';
import { careTexts } from './care.text';
import { dutyTexts } from './duty.text';
import { brief, details, ticketFacts } from './ticket-view';
import { memberZone, openTickets, ticketsFor } from './tickets.service';
import { volunteers } from './volunteers.service';
import { visitLines } from './visits.view';

async function ticketLines(ctx: MemberContext, volunteerId?: number): Promise<string[]> {
  const t = careTexts(ctx.lang);
  const rows = await openTickets(ctx.db, ctx.actor.branchId, volunteerId);
  const names = new Map((await volunteers(ctx.db, ctx.actor.branchId)).map((v) => [v.id, v.name]));
  const lines: string[] = [];
  for (const { ticket } of rows) {
    const facts = await ticketFacts(ctx.db, ticket);
    // A volunteer sees where and what kind until they hold the ticket; only then whose family and what for.
    if (volunteerId !== undefined && ticket.assigneeId !== volunteerId) lines.push(t.briefLine(brief(ctx.lang, facts)));
    else {
      const who = ticket.assigneeId === null ? '' : (names.get(ticket.assigneeId) ?? '');
      lines.push(t.listLine({ ...details(ctx.lang, facts), status: t.status(ticket.status), who }));
    }
  }
  return lines;
}

export const careList = defineCommand({
  ...CARE,
  sub: 'list',
  subAliases: ['列表'],
  access: ['secretary', 'volunteer'],
  summary: { zh: '未办结的工单（志愿者：自己的和待接单的）', en: 'open tickets (a volunteer: theirs and the untaken ones)' },
  args: z.object({}),
  run: async (ctx) => {
    const t = careTexts(ctx.lang);
    const secretary = isSecretary(ctx.actor);
    const lines = await ticketLines(ctx, secretary ? undefined : ctx.actor.memberId);
    const head = [t.listHeader(lines.length), ...(lines.length ? lines : [t.none()])].join('\n');
    // Who saw whose family and what for: each look at the full tickets is on the record.
    await recordAudit(ctx, { action: 'care.view', detail: { tickets: lines.length } });
    if (!secretary) return [{ text: head }];
    const all = await volunteers(ctx.db, ctx.actor.branchId);
    const roster = dutyTexts(ctx.lang).roster(
      all.filter((v) => v.onDuty).map((v) => v.name),
      all.filter((v) => !v.onDuty).map((v) => v.name),
    );
    return [{ text: `${roster}\n\n${head}` }];
  },
});

export const careMine = defineCommand({
  ...CARE,
  sub: 'mine',
  subAliases: ['我的'],
  access: 'member',
  summary: { zh: '自己家的工单和家访记录', en: "your family's tickets and home visits" },
  args: z.object({}),
  run: async (ctx) => {
    const t = careTexts(ctx.lang);
    const tz = await memberZone(ctx.db, ctx.actor.memberId);
    const tickets = await ticketsFor(ctx.db, ctx.actor.memberId);
    const names = new Map((await volunteers(ctx.db, ctx.actor.branchId)).map((v) => [v.id, v.name]));
    const lines = tickets.map((k) =>
      t.mineLine(
        k.id,
        careTypeName(ctx.lang, k.type),
        t.status(k.status),
        formatLocal(k.createdAt, tz),
        k.assigneeId === null ? '' : (names.get(k.assigneeId) ?? ''),
        k.result ?? '',
      ),
    );
    const visits = await visitLines(ctx.db, ctx.lang, ctx.actor.memberId, tz);
    return [{ text: [t.mineHeader(), ...(lines.length ? lines : [t.none()]), '', ...visits].join('\n') }];
  },
});
