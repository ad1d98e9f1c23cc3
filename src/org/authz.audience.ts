import type { MemberContext } from '../commands/types';
import { UserError } from '../commands/types';
import type { Lang } from '../i18n';
import { authzTexts } from './authz.text';
import { callerZone } from './caller-zone';
import { isSecretary } from './identity';
import { groupSettings } from './settings';
import { isBranchWord, targetGroup } from './authz.group';

/** Whom a study item or meeting is for: one group, or the whole branch (groupId null). */
export type Audience = { groupId: number | null; label: string; tz: string; lang: Lang };

/**
 * `group=NAME` names one group (a leader: only their own); `scope=branch` (全支部) is the whole branch and the
 * secretary's alone; `scope=NAME` is read as a group name. Without either, `fallback` decides.
 */
export async function resolveAudience(
  ctx: MemberContext,
  named: Record<string, string>,
  fallback: 'branch-for-secretary' | 'group',
): Promise<Audience> {
  const scope = named.scope?.trim();
  const groupName = named.group?.trim() || (scope && !isBranchWord(scope) ? scope : undefined);
  const wantsBranch = isBranchWord(scope);
  if (!groupName && (wantsBranch || (fallback === 'branch-for-secretary' && isSecretary(ctx.actor)))) {
    if (!isSecretary(ctx.actor)) throw new UserError(authzTexts(ctx.lang).branchOnlySecretary());
    return { groupId: null, label: authzTexts(ctx.lang).wholeBranch(), tz: await callerZone(ctx), lang: ctx.lang };
  }
  const group = await targetGroup(ctx, groupName);
  const config = groupSettings(group.settings);
  return { groupId: group.id, label: group.name, tz: config.tz, lang: config.lang };
}
