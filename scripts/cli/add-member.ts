import type { Db } from '../../db/client';
import { addContact } from '../../src/care/family.service';
import type { NewContact } from '../../src/care/family.service';
import { addPerson } from '../../src/org/add-person';
import type { NewPerson } from '../../src/org/add-person';
import { OrgConflict } from '../../src/org/org.service';
import { lookAlike, memberExists } from './errors-text';

export type MemberToAdd = NewPerson & { family?: NewContact };

/** Adds one person (the same rule as chat's /member add) and any family contact from the roster, in the caller's transaction. */
export async function addMember(tx: Db, branchId: number, m: MemberToAdd, now: Date) {
  try {
    const { member, inviteCode } = await addPerson({ db: tx, now, actor: null }, branchId, m);
    if (m.family) await addContact(tx, member.id, m.family, null, now);
    return { name: member.name, inviteCode };
  } catch (err) {
    if (err instanceof OrgConflict) throw err.lookAlike ? lookAlike(m.name, err.lookAlike) : memberExists(m.name);
    throw err;
  }
}
