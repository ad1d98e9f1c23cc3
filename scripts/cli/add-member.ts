import type { Db } from '../../db/client';
import { addContact } from '../../src/care/family.service';
import type { NewContact } from '../../src/care/family.service';
import { createMember, grantRole, OrgConflict } from '../../src/org/org.service';
import { recordAudit } from '../../src/org/audit';
import { lookAlike, memberExists } from './errors-text';

export type MemberToAdd = {
  name: string;
  groupId: number | null;
  role: 'member' | 'leader' | 'volunteer';
  station?: string;
  partyStatus: string;
  family?: NewContact;
};

/**
 * Creates one person with their role and invite code, inside the caller's transaction.
 * Volunteers are branch-wide; one given a group also joins it as a member, so they get its
 * prompts and broadcasts like everyone there.
 */
export async function addMember(tx: Db, branchId: number, m: MemberToAdd, now: Date) {
  try {
    const { member, inviteCode } = await createMember(
      tx,
      { branchId, name: m.name, groupId: m.groupId, role: m.role, station: m.station ?? null, partyStatus: m.partyStatus },
      now,
    );
    if (m.role === 'volunteer' && m.groupId) await grantRole(tx, member.id, 'member', m.groupId);
    if (m.family) await addContact(tx, member.id, m.family, null, now);
    await recordAudit(
      { db: tx, now, actor: null },
      { action: 'member.add', branchId, subjectMemberId: member.id, groupId: m.groupId, detail: { role: m.role, via: 'cli' } },
    );
    return { name: member.name, inviteCode };
  } catch (err) {
    if (err instanceof OrgConflict) throw err.lookAlike ? lookAlike(m.name, err.lookAlike) : memberExists(m.name);
    throw err;
  }
}
