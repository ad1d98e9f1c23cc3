import type { MemberContext } from '../commands/types';
import { UserError } from '../commands/types';
import { orgTexts } from './org.text';
import { findGroup, getGroup } from './org.service';
import { homeGroupId, mayManageGroup } from './identity';
import { groupSettings, SETTING_DEFAULTS } from './settings';

/**
 * The group a leader or secretary command acts on: the named one, else the chat's bound group,
 * else the caller's own. A leader may act only on their own group.
 */
export async function targetGroup(ctx: MemberContext, name?: string) {
  const t = orgTexts(ctx.lang);
  const group = name ? await findGroup(ctx.db, ctx.actor.branchId, name) : await getGroup(ctx.db, ctx.chat.groupId ?? homeGroupId(ctx.actor) ?? 0);
  if (!group) throw new UserError(name ? t.noSuchGroup(name) : t.whichGroup());
  if (!mayManageGroup(ctx.actor, group.id)) throw new UserError(t.notYourGroup());
  return group;
}

/** The zone the caller means when they write a date or time: the chat's group's, else their own group's, else the default. */
export async function callerZone(ctx: MemberContext): Promise<string> {
  const group = await getGroup(ctx.db, ctx.chat.groupId ?? homeGroupId(ctx.actor) ?? 0);
  return group ? groupSettings(group.settings).tz : SETTING_DEFAULTS.tz;
}
