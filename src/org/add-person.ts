import type { Role } from '../commands/types';
import { recordAudit } from './audit';
import type { AuditSource } from './audit';
import { createMember, grantRole } from './org.service';

/** The roles a new person may be given (the secretary is made by `init`, never added). */
export type NewPersonRole = Exclude<Role, 'secretary'>;

/** The words for a role that chat, the CLI and a roster spreadsheet accept: English, or the Chinese a branch writes. */
export const ROLE_WORDS: Record<string, NewPersonRole> = {
  member: 'member',
  leader: 'leader',
  volunteer: 'volunteer',
  组员: 'member',
  成员: 'member',
  党员: 'member',
  党小组长: 'leader',
  组长: 'leader',
  志愿者: 'volunteer',
};

export const roleFromWord = (word: string): NewPersonRole | undefined => ROLE_WORDS[word.trim().toLowerCase()];

export const PARTY_STATUSES = ['党员', '预备党员', '群众'] as const;
export type PartyStatus = (typeof PARTY_STATUSES)[number];
/** The record keeps the Chinese status a branch files; an English reader may type it in English. */
const PARTY_STATUS_WORDS: Record<string, PartyStatus> = {
  党员: '党员',
  预备党员: '预备党员',
  群众: '群众',
  party: '党员',
  'party-member': '党员',
  probationary: '预备党员',
  'non-party': '群众',
};
export const partyStatusFromWord = (word: string): PartyStatus | undefined => PARTY_STATUS_WORDS[word.trim().toLowerCase()];
/** What `status=` accepts, as the usage line shows it to each reader. */
export const PARTY_STATUS_CHOICES = { zh: '党员|预备党员|群众', en: 'party|probationary|non-party' } as const;

export type NewPerson = {
  name: string;
  groupId: number | null;
  role: NewPersonRole;
  station?: string | null;
  partyStatus: string;
};

/**
 * Adds one person with their role and a first invite code, inside the caller's transaction; chat's `/member add`
 * and the CLI's `member add` and `import` all come here. Volunteers are branch-wide; one given a group also joins
 * it as a member, so they get its prompts and broadcasts like everyone there. `source` says who did it for the audit
 * log (a command's context, or the CLI with no actor) and holds the caller's transaction.
 */
export async function addPerson(source: AuditSource, branchId: number, p: NewPerson) {
  const { db, now } = source;
  const { member, inviteCode } = await createMember(
    db,
    { branchId, name: p.name, groupId: p.groupId, role: p.role, station: p.station ?? null, partyStatus: p.partyStatus },
    now,
  );
  if (p.role === 'volunteer' && p.groupId) await grantRole(db, member.id, 'member', p.groupId);
  const via = source.actor ? {} : { via: 'cli' };
  await recordAudit(source, { action: 'member.add', branchId, subjectMemberId: member.id, groupId: p.groupId, detail: { role: p.role, ...via } });
  return { member, inviteCode };
}
