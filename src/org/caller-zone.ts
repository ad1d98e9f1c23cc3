import type { MemberContext } from '../commands/types';
import { homeGroupId } from './identity';
import { getGroup } from './org.service';
import { groupSettings, SETTING_DEFAULTS } from './settings';

/** The zone the caller means when they write a date or time: the chat's group's, else their own group's, else the default. */
export async function callerZone(ctx: MemberContext): Promise<string> {
  const group = await getGroup(ctx.db, ctx.chat.groupId ?? homeGroupId(ctx.actor) ?? 0);
  return group ? groupSettings(group.settings).tz : SETTING_DEFAULTS.tz;
}
