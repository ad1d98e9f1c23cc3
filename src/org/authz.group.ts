import { eq } from 'drizzle-orm';
import { groups } from '../../db/schema';
import type { MemberContext } from '../commands/types';
import { UserError } from '../commands/types';
import { homeGroupId } from './identity';
import { findGroup, getGroup } from './org.service';
import { orgTexts } from './org.text';
import type { GroupSettings } from './settings';
import { groupSettings } from './settings';
import { authzTexts } from './authz.text';
import { groupVerdict } from './authz.rules';

export type GroupInScope = { id: number; name: string; branchId: number; config: GroupSettings };

/**
 * The group a leader or secretary command acts on: the named one, else the chat's bound group,
 * else the caller's own. A leader may act only on a group they lead.
 */
export async function targetGroup(ctx: MemberContext, name?: string) {
  const t = orgTexts(ctx.lang);
  const group = name ? await findGroup(ctx.db, ctx.actor.branchId, name) : await getGroup(ctx.db, ctx.chat.groupId ?? homeGroupId(ctx.actor) ?? 0);
  if (!group || group.branchId !== ctx.actor.branchId) throw new UserError(name ? t.noSuchGroup(name) : t.whichGroup());
  if (!groupVerdict(ctx.actor, group.id).ok) throw new UserError(authzTexts(ctx.lang).groupNotYours(group.name));
  return group;
}

const BRANCH_WORDS = new Set(['branch', 'whole branch', 'all', '全支部', '支部', '全部']);
/** A word meaning the whole branch rather than a group's name: 全支部, branch… */
export const isBranchWord = (word: string | undefined): boolean => word !== undefined && BRANCH_WORDS.has(word.trim().toLowerCase());

/**
 * The groups a leader/secretary query covers: the named group, else this chat's group, else every group
 * the caller may see (all of them for the secretary); 全支部 asks for every group the caller may see.
 */
export async function groupsInScope(ctx: MemberContext, name?: string): Promise<GroupInScope[]> {
  if (isBranchWord(name)) return groupsInScope({ ...ctx, chat: { ...ctx.chat, groupId: null } });
  if (name || (ctx.chat.groupId && groupVerdict(ctx.actor, ctx.chat.groupId).ok)) {
    const g = await targetGroup(ctx, name);
    return [{ id: g.id, name: g.name, branchId: g.branchId, config: groupSettings(g.settings) }];
  }
  const all = await ctx.db.select().from(groups).where(eq(groups.branchId, ctx.actor.branchId)).orderBy(groups.id);
  return all
    .filter((g) => groupVerdict(ctx.actor, g.id).ok)
    .map((g) => ({ id: g.id, name: g.name, branchId: g.branchId, config: groupSettings(g.settings) }));
}
