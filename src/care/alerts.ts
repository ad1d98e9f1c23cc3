import type { Db } from '../../db/client';
import type { Lang } from '../i18n';
import { leadersAndSecretaries } from '../org/org.service';
import { notifyMember } from '../outbox/enqueue';
import { careTexts } from './care.text';
import { brief, details, ticketFacts } from './ticket-view';
import { homeGroupOf, recordEvent } from './tickets.service';
import type { Ticket } from './tickets.service';
import { onDutyIds } from './volunteers.service';

/**
 * An urgent ticket to the secretary (everything) and every volunteer on duty (district and the contact's
 * relation only, with a take button). Round 0 is the first alert; each later round is a re-alert.
 */
export async function alertUrgent(db: Db, now: Date, ticket: Ticket, round: number): Promise<void> {
  const facts = await ticketFacts(db, ticket);
  const { secretaries } = await leadersAndSecretaries(db, 0, ticket.branchId);
  const volunteers = (await onDutyIds(db, ticket.branchId)).filter((id) => !secretaries.includes(id));
  const prefix = (lang: Lang) => (round > 0 ? `${careTexts(lang).realertPrefix(round)}\n` : '');
  const key = `care.alert:${ticket.id}:${round}`;
  for (const id of secretaries) {
    await notifyMember(db, now, id, (lang) => prefix(lang) + careTexts(lang).urgentToSecretary(details(lang, facts)), key, 'care.alert');
  }
  const take = (lang: Lang) => [{ label: careTexts(lang).takeButton(), command: `/care take ${ticket.id}` }];
  for (const id of volunteers) {
    await notifyMember(db, now, id, (lang) => prefix(lang) + careTexts(lang).urgentToVolunteer(brief(lang, facts)), key, 'care.alert', take);
  }
  await recordEvent(db, ticket.id, now, null, 'alerted', { round, volunteers });
}

/** An hour untaken: the member's group leader and the secretary hear of it (no family details for the leader). */
export async function escalateUrgent(db: Db, now: Date, ticket: Ticket): Promise<void> {
  const facts = await ticketFacts(db, ticket);
  const groupId = (await homeGroupOf(db, ticket.memberId)) ?? 0;
  const { leaders, secretaries } = await leadersAndSecretaries(db, groupId, ticket.branchId);
  for (const id of new Set([...secretaries, ...leaders])) {
    await notifyMember(db, now, id, (lang) => careTexts(lang).escalation(ticket.id, facts.owner), `care.escalate:${ticket.id}`, 'care.escalate');
  }
  await recordEvent(db, ticket.id, now, null, 'escalated', { to: [...new Set([...secretaries, ...leaders])] });
}

/** A non-urgent ticket: the secretary is told, to assign it. */
export async function tellSecretaries(db: Db, now: Date, ticket: Ticket): Promise<void> {
  const facts = await ticketFacts(db, ticket);
  const { secretaries } = await leadersAndSecretaries(db, 0, ticket.branchId);
  for (const id of secretaries) {
    if (id === ticket.requestedBy) continue;
    await notifyMember(db, now, id, (lang) => careTexts(lang).newTicket(details(lang, facts)), `care.new:${ticket.id}`, 'care.new');
  }
}
