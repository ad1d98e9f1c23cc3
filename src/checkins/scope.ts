import { eq } from 'drizzle-orm';
import { groups } from '../../db/schema';
import type { MemberContext } from '../commands/types';
import { isSecretary, mayManageGroup } from '../org/identity';
import { groupSettings } from '../org/settings';
import type { GroupSettings } from '../org/settings';
import { targetGroup } from '../org/target-group';

export type GroupInScope = { id: number; name: string; branchId: number; config: GroupSettings };

/**
 * The groups a leader/secretary query covers: the named group, else this chat's group, else every group
 * the caller may see (all of them for the secretary).
 */
export async function groupsInScope(ctx: MemberContext, name?: string): Promise<GroupInScope[]> {
  if (name || (ctx.chat.groupId && mayManageGroup(ctx.actor, ctx.chat.groupId))) {
    const g = await targetGroup(ctx, name);
    return [{ id: g.id, name: g.name, branchId: g.branchId, config: groupSettings(g.settings) }];
  }
  const all = await ctx.db.select().from(groups).where(eq(groups.branchId, ctx.actor.branchId)).orderBy(groups.id);
  return all
    .filter((g) => isSecretary(ctx.actor) || mayManageGroup(ctx.actor, g.id))
    .map((g) => ({ id: g.id, name: g.name, branchId: g.branchId, config: groupSettings(g.settings) }));
}
