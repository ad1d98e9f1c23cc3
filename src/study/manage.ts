import type { MemberContext } from '../commands/types';
import { isSecretary, ledGroupIds } from '../org/identity';
import type { StudyItem } from './study.service';

/**
 * Which groups' people a caller may see on an item: undefined = everyone (the secretary); a leader sees their own
 * group(s) — on a branch-wide item just their part of it; null = none of it is theirs.
 */
export function visibleGroups(ctx: MemberContext, item: Pick<StudyItem, 'groupId'>): number[] | undefined | null {
  if (isSecretary(ctx.actor)) return undefined;
  const led = ledGroupIds(ctx.actor);
  if (item.groupId === null) return led.length ? led : null;
  return led.includes(item.groupId) ? [item.groupId] : null;
}
