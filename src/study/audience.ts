import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { members, roles, studyAssignees } from '../../db/schema';
import type { StudyItem } from './study.service';

export type AudienceScope = Pick<StudyItem, 'id' | 'kind' | 'groupId' | 'branchId'>;

/**
 * The people an item is for, as a subquery: a make-up item's listed assignees, else the roster (members and
 * leaders) of its group or of every group in the branch. Computed when asked, so a member who joins a group
 * later is expected to study what is still open. `groupIds` narrows it (a leader sees their own group).
 */
export function audienceQuery(db: Db, item: AudienceScope, groupIds?: number[]) {
  const inGroups = groupIds ? inArray(roles.groupId, groupIds) : undefined;
  const fields = {
    memberId: members.id,
    name: members.name,
    lang: members.lang,
    groupId: sql<number | null>`${roles.groupId}`.as('group_id'),
  };
  const roster = inArray(roles.role, ['member', 'leader']);
  if (item.kind === 'makeup') {
    return db
      .select(fields)
      .from(studyAssignees)
      .innerJoin(members, eq(members.id, studyAssignees.memberId))
      .leftJoin(roles, and(eq(roles.memberId, members.id), roster))
      .where(and(eq(studyAssignees.itemId, item.id), eq(members.active, true), inGroups))
      .as('aud');
  }
  const scope = item.groupId !== null ? eq(roles.groupId, item.groupId) : eq(members.branchId, item.branchId);
  return db
    .select(fields)
    .from(roles)
    .innerJoin(members, eq(members.id, roles.memberId))
    .where(and(scope, roster, eq(members.active, true), inGroups))
    .as('aud');
}

export type AudienceMember = { memberId: number; name: string; lang: string; groupId: number | null };

/** Everyone the item is for (or just this one person), e.g. to check a note's author or list a small group. */
export async function audienceMembers(db: Db, item: AudienceScope, opts: { memberId?: number; groupIds?: number[] } = {}): Promise<AudienceMember[]> {
  const aud = audienceQuery(db, item, opts.groupIds);
  return db
    .select({ memberId: aud.memberId, name: aud.name, lang: aud.lang, groupId: aud.groupId })
    .from(aud)
    .where(opts.memberId !== undefined ? eq(aud.memberId, opts.memberId) : undefined)
    .orderBy(aud.groupId, aud.memberId);
}
