import { and, eq, inArray } from 'drizzle-orm';
import { roles } from '../../db/schema';
import type { MemberContext } from '../commands/types';
import { UserError } from '../commands/types';
import { isSecretary, ledGroupIds } from './identity';
import { findMember } from './org.service';
import { orgTexts } from './org.text';

/** A member the caller may manage: anyone in the branch for the secretary, their own group's people for a leader. */
export async function memberInScope(ctx: MemberContext, name: string) {
  const t = orgTexts(ctx.lang);
  const member = await findMember(ctx.db, ctx.actor.branchId, name);
  if (!member) throw new UserError(t.noSuchMember(name));
  if (isSecretary(ctx.actor)) return member;
  const led = ledGroupIds(ctx.actor);
  const inLedGroup = led.length
    ? await ctx.db
        .select()
        .from(roles)
        .where(and(eq(roles.memberId, member.id), inArray(roles.groupId, led)))
    : [];
  if (inLedGroup.length === 0) throw new UserError(t.notYourGroup());
  return member;
}
