import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { members } from '../../db/schema';
import type { Lang } from '../i18n';
import { formatLocal } from '../time';
import { careTypeName } from './care-types';
import type { TicketBrief, TicketDetails } from './care.text';
import { contactsOf } from './family.service';
import type { FamilyContact } from './family.service';
import { memberZone } from './tickets.service';
import type { Ticket } from './tickets.service';

/** What a ticket message may draw on; `details` and `brief` decide how much of it a reader sees. */
export type TicketFacts = { ticket: Ticket; owner: string; contact: FamilyContact | null; district: string | null; tz: string };

export async function ticketFacts(db: Db, ticket: Ticket): Promise<TicketFacts> {
  const [owner] = await db.select({ name: members.name }).from(members).where(eq(members.id, ticket.memberId));
  const family = await contactsOf(db, [ticket.memberId]);
  const contact = family.find((c) => c.id === ticket.contactId) ?? null;
  const district = contact?.district ?? family[0]?.district ?? null;
  return { ticket, owner: owner?.name ?? `#${ticket.memberId}`, contact, district, tz: await memberZone(db, ticket.memberId) };
}

const unknown = (lang: Lang) => (lang === 'en' ? 'not given' : '未登记');

/** For the member, the secretary and the assigned volunteer only. */
export function details(lang: Lang, f: TicketFacts): TicketDetails {
  const c = f.contact;
  const contact = c ? (lang === 'en' ? `${c.name} (${c.relation}) ${c.phone}` : `${c.name}（${c.relation}）${c.phone}`) : unknown(lang);
  return {
    id: f.ticket.id,
    type: careTypeName(lang, f.ticket.type),
    owner: f.owner,
    text: f.ticket.text,
    contact,
    district: f.district ?? unknown(lang),
    at: formatLocal(f.ticket.createdAt, f.tz),
  };
}

/**
 * For a volunteer who has not taken the ticket: no name, phone or request text. An urgent one says where and
 * whom to ask for, so someone nearby can take it; any other shows no family detail at all.
 */
export function brief(lang: Lang, f: TicketFacts): TicketBrief {
  return {
    id: f.ticket.id,
    type: careTypeName(lang, f.ticket.type),
    district: f.ticket.urgent ? (f.district ?? unknown(lang)) : null,
    relation: f.contact?.relation ?? unknown(lang),
    at: formatLocal(f.ticket.createdAt, f.tz),
  };
}
