import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { roles } from '../../db/schema';
import type { Actor, MemberContext, RoleGrant } from '../commands/types';
import { UserError } from '../commands/types';
import type { Lang } from '../i18n';
import { branchSecretaries, findMember } from './org.service';
import { orgTexts, roleName } from './org.text';
import { authzTexts } from './authz.text';
import type { PersonAction, Refusal, Target } from './authz.rules';
import { personVerdict, RANK } from './authz.rules';

async function rolesOf(db: Db, memberId: number): Promise<RoleGrant[]> {
  return (await db.select({ role: roles.role, groupId: roles.groupId }).from(roles).where(eq(roles.memberId, memberId))) as RoleGrant[];
}

/** Active secretaries of the branch: the last one may not be removed. */
export async function secretaryCount(db: Db, branchId: number): Promise<number> {
  return (await branchSecretaries(db, branchId)).length;
}

/** The checked verdict for one person, or the refusal the asker reads. */
export async function authorizePerson(db: Db, actor: Actor, target: Target & { name: string }, action: PersonAction, lang: Lang) {
  const verdict = personVerdict(actor, target, action, await secretaryCount(db, actor.branchId));
  if (!verdict.ok) throw new UserError(personRefusal(lang, verdict.why, target, action));
}

function personRefusal(lang: Lang, why: Refusal, target: Target & { name: string }, action: PersonAction): string {
  const t = authzTexts(lang);
  if (why === 'last-secretary') return t.lastSecretary(target.name);
  if (why === 'not-your-group') return t.personNotYours(target.name);
  if (why === 'outranked') {
    const top = [...target.roles].sort((a, b) => RANK[b.role] - RANK[a.role])[0];
    return t.outranked(target.name, roleName(lang, top?.role ?? 'leader'));
  }
  return action === 'set-role' ? t.roleSecretaryOnly() : t.outranked(target.name, roleName(lang, 'member'));
}

/**
 * The named active member, if the caller may do `action` to them: the secretary anyone in the branch (not removing
 * the last secretary), a leader only the members and volunteers of the groups they lead.
 */
export async function personInScope(ctx: MemberContext, name: string, action: PersonAction) {
  const member = await findMember(ctx.db, ctx.actor.branchId, name);
  if (!member) throw new UserError(orgTexts(ctx.lang).noSuchMember(name));
  const target = { memberId: member.id, name: member.name, roles: await rolesOf(ctx.db, member.id) };
  await authorizePerson(ctx.db, ctx.actor, target, action, ctx.lang);
  return { ...member, roles: target.roles };
}
