import type { Db } from '../../db/client';
import type { Lang } from '../i18n';
import { branchSecretaries, leadersAndSecretaries } from '../org/org.service';
import { deliver, notifyMembers } from '../audience/audience';
import { careTexts } from './care.text';
import { brief, details, ticketFacts } from './ticket-view';
import { homeGroupOf, recordEvent } from './tickets.service';
import type { Ticket } from './tickets.service';
import { onDutyIds } from './volunteers.service';

/**
 * An urgent ticket to the secretary (everything) and every volunteer on duty (district and the contact's
 * relation only, with a take button). Round 0 is the first alert; each later round is a re-alert. Returns how
 * many volunteers were alerted.
 */
export async function alertUrgent(db: Db, now: Date, ticket: Ticket, round: number): Promise<number> {
  const facts = await ticketFacts(db, ticket);
  const secretaries = await branchSecretaries(db, ticket.branchId);
  const volunteers = (await onDutyIds(db, ticket.branchId)).filter((id) => !secretaries.includes(id));
  const prefix = (lang: Lang) => (round > 0 ? `${careTexts(lang).realertPrefix(round)}\n` : '');
  const key = `care.alert:${ticket.id}:${round}`;
  const take = (lang: Lang) => [{ label: careTexts(lang).takeButton(), command: `/care take ${ticket.id}` }];
  const toSecretary = (lang: Lang) => prefix(lang) + careTexts(lang).urgentToSecretary(details(lang, facts), volunteers.length);
  const toVolunteer = (lang: Lang) => prefix(lang) + careTexts(lang).urgentToVolunteer(brief(lang, facts));
  await deliver(db, now, {
    notes: [
      ...secretaries.map((memberId) => ({ memberId, text: toSecretary, dedupKey: key, purpose: 'care.alert' })),
      ...volunteers.map((memberId) => ({ memberId, text: toVolunteer, dedupKey: key, purpose: 'care.alert', actions: take })),
    ],
  });
  await recordEvent(db, ticket.id, now, null, 'alerted', { round, volunteers });
  return volunteers.length;
}

/**
 * An hour untaken: the member's group leader and the secretary hear of it (no family details for the leader).
 * The secretary is asked to assign; the leader, who cannot, to press the secretary or call the member.
 */
export async function escalateUrgent(db: Db, now: Date, ticket: Ticket): Promise<void> {
  const facts = await ticketFacts(db, ticket);
  const groupId = (await homeGroupOf(db, ticket.memberId)) ?? 0;
  const { leaders, secretaries } = await leadersAndSecretaries(db, groupId, ticket.branchId);
  const tagged = { dedupKey: `care.escalate:${ticket.id}`, purpose: 'care.escalate' };
  await deliver(db, now, {
    notes: [
      ...secretaries.map((memberId) => ({ ...tagged, memberId, text: (lang: Lang) => careTexts(lang).escalation(ticket.id, facts.owner) })),
      ...leaders
        .filter((id) => !secretaries.includes(id))
        .map((memberId) => ({ ...tagged, memberId, text: (lang: Lang) => careTexts(lang).escalationToLeader(ticket.id, facts.owner) })),
    ],
  });
  await recordEvent(db, ticket.id, now, null, 'escalated', { to: [...new Set([...secretaries, ...leaders])] });
}

/** A non-urgent ticket: the secretary is told, to assign it. */
export async function tellSecretaries(db: Db, now: Date, ticket: Ticket): Promise<void> {
  const facts = await ticketFacts(db, ticket);
  const secretaries = await branchSecretaries(db, ticket.branchId);
  await notifyMembers(
    db,
    now,
    secretaries.filter((id) => id !== ticket.requestedBy),
    { text: (lang) => careTexts(lang).newTicket(details(lang, facts)), dedupKey: `care.new:${ticket.id}`, purpose: 'care.new' },
  );
}
