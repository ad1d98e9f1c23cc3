import type { MemberContext, Reply } from '../commands/types';
import { getGroup } from '../org/org.service';
import { groupSettings } from '../org/settings';
import { localDate } from '../time';
import { checkinTexts } from './checkins.text';
import { checkinOn, recordHelpAnswer } from './checkins.service';
import { alertUrgent } from './safety-alerts';
import { helpWanted } from './safety/day-level';

// "不需要，谢谢" is still an answer, not a new report that would replace the day's.
const COURTESY = String.raw`(?:[\s,，、。.!！~]|谢谢|谢了|了|啦|please|thanks|thank you|麻烦了)*`;
const YES = new RegExp(`^(?:1|需要(?:帮助|帮忙)?|要|yes|y)${COURTESY}$`, 'i');
const NO = new RegExp(`^(?:2|不需要(?:帮助|帮忙)?|不用|没事|no|n)${COURTESY}$`, 'i');

/** "需要！", "不需要，谢谢", "1", "no thanks": a yes or no on its own, which says nothing about where or how one is. */
export const isBareYesOrNo = (text: string): boolean => YES.test(text.trim()) || NO.test(text.trim());

/**
 * "1" or "2" from a member who was asked "需要组织帮助吗？" today and has not answered: "1" alerts the leaders at
 * once, "2" is recorded and nobody is alerted. After an urgent report (told "需要帮助请随时说"), "需要" alerts
 * again with the member's own request, and "不需要" is recorded. Anything else is not an answer (null).
 */
export async function answerHelpQuestion(ctx: MemberContext, groupId: number): Promise<Reply[] | null> {
  const word = ctx.inbound.text.trim();
  const yes = YES.test(word);
  if (!yes && !NO.test(word)) return null;
  const group = await getGroup(ctx.db, groupId);
  if (!group) return null;
  const date = localDate(ctx.now, groupSettings(group.settings).tz);
  const day = await checkinOn(ctx.db, ctx.actor.memberId, date);
  const afterAlert = day?.safetyLevel === 'urgent' && day.help === null;
  if (!day || (day.help !== 'asked' && !afterAlert)) return null;
  const t = checkinTexts(ctx.lang);
  if (!yes) {
    await recordHelpAnswer(ctx.db, day, { next: { ...day, help: 'no' }, alert: null, ask: false }, ctx.now);
    return [{ text: afterAlert ? t.helpNoAfterAlert() : t.helpNo(), private: true }];
  }
  const step = helpWanted(day);
  await recordHelpAnswer(ctx.db, day, step, ctx.now);
  const p = { memberId: day.memberId, name: ctx.actor.name, groupId, branchId: group.branchId, date, by: null };
  await alertUrgent(ctx.db, ctx.now, { ...p, text: day.peakText ?? day.rawText, terms: step.alert ?? [], askedForHelp: true });
  return [{ text: t.helpYes(), private: true }];
}
