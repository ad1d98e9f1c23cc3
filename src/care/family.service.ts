import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { careTickets, familyContacts, members } from '../../db/schema';
import type { Actor } from '../commands/types';
import { isSecretary } from '../org/identity';

export type FamilyContact = typeof familyContacts.$inferSelect;
export type NewContact = { name: string; relation: string; district: string; phone: string; notes: string | null };

const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
const LANDLINE = /^(0\d{2,3})-?(\d{7,8})$/;

/** A Chinese mobile number (1[3-9] and 9 digits) or a landline with its area code; null when it is neither. */
export function normalisePhone(raw: string): string | null {
  const compact = raw.replace(/[\s()（）]/g, '');
  const mobile = MOBILE.exec(compact.replace(/-/g, ''));
  if (mobile?.[1]) return mobile[1];
  const landline = LANDLINE.exec(compact);
  return landline ? `${landline[1]}-${landline[2]}` : null;
}

/** The register holds a district, never a street address: digits mean a house number slipped in. */
export const isDistrictLevel = (district: string): boolean => !/[0-9０-９]/.test(district);

export async function addContact(db: Db, memberId: number, c: NewContact, by: number | null, now: Date): Promise<FamilyContact> {
  const [row] = await db
    .insert(familyContacts)
    .values({ memberId, ...c, createdBy: by, createdAt: now })
    .returning();
  if (!row) throw new Error('family contact insert returned nothing');
  return row;
}

export async function contactsOf(db: Db, memberIds: number[]): Promise<(FamilyContact & { memberName: string })[]> {
  if (memberIds.length === 0) return [];
  return db
    .select({ contact: familyContacts, memberName: members.name })
    .from(familyContacts)
    .innerJoin(members, eq(members.id, familyContacts.memberId))
    .where(inArray(familyContacts.memberId, memberIds))
    .orderBy(asc(members.name), asc(familyContacts.id))
    .then((rows) => rows.map((r) => ({ ...r.contact, memberName: r.memberName })));
}

/** Every member of the branch who has a family registered. */
export async function membersWithFamily(db: Db, branchId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ id: familyContacts.memberId })
    .from(familyContacts)
    .innerJoin(members, eq(members.id, familyContacts.memberId))
    .where(and(eq(members.branchId, branchId), eq(members.active, true)));
  return rows.map((r) => r.id);
}

/** A contact of this member by its number or its name. */
export async function findContact(db: Db, memberId: number, ref: string): Promise<FamilyContact | null> {
  const id = /^#?(\d+)$/.exec(ref)?.[1];
  const [row] = await db
    .select()
    .from(familyContacts)
    .where(and(eq(familyContacts.memberId, memberId), id ? eq(familyContacts.id, Number(id)) : eq(familyContacts.name, ref)))
    .limit(1);
  return row ?? null;
}

export async function removeContact(db: Db, id: number): Promise<void> {
  await db.delete(familyContacts).where(eq(familyContacts.id, id));
}

/**
 * Who may see a member's family: the member, the secretary, and a volunteer the family's ticket went to (taken
 * or assigned). Nobody else — not another member, not a group leader. Logging a visit does not open the
 * register: any volunteer may log one, so it would let anyone in.
 */
export async function maySeeFamily(db: Db, actor: Actor, memberId: number): Promise<boolean> {
  if (actor.memberId === memberId || isSecretary(actor)) return true;
  if (!actor.roles.some((r) => r.role === 'volunteer')) return false;
  const [ticket] = await db
    .select({ id: careTickets.id })
    .from(careTickets)
    .where(and(eq(careTickets.memberId, memberId), eq(careTickets.assigneeId, actor.memberId)))
    .limit(1);
  return Boolean(ticket);
}

/** The contact a request names (by name or relation), else the only one registered; null when unclear. */
export function namedContact(contacts: FamilyContact[], text: string): FamilyContact | null {
  const named = contacts.find((c) => text.includes(c.name)) ?? contacts.find((c) => text.includes(c.relation));
  return named ?? (contacts.length === 1 ? (contacts[0] ?? null) : null);
}
