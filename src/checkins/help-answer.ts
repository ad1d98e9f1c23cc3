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

/**
 * "1" or "2" from a member who was asked "需要组织帮助吗？" today and has not answered: "1" alerts the leaders at
 * once, "2" is recorded and nobody is alerted. Anything else is not an answer (null).
 */
export async function answerHelpQuestion(ctx: MemberContext, groupId: number): Promise<Reply[] | null> {
  const word = ctx.inbound.text.trim();
  const yes = YES.test(word);
  if (!yes && !NO.test(word)) return null;
  const group = await getGroup(ctx.db, groupId);
  if (!group) return null;
  const date = localDate(ctx.now, groupSettings(group.settings).tz);
  const day = await checkinOn(ctx.db, ctx.actor.memberId, date);
  if (day?.help !== 'asked') return null;
  const t = checkinTexts(ctx.lang);
  if (!yes) {
    await recordHelpAnswer(ctx.db, day, { next: { ...day, help: 'no' }, alert: null, ask: false }, ctx.now);
    return [{ text: t.helpNo(), private: true }];
  }
  const step = helpWanted(day);
  await recordHelpAnswer(ctx.db, day, step, ctx.now);
  const p = { memberId: day.memberId, name: ctx.actor.name, groupId, branchId: group.branchId, date, by: null };
  await alertUrgent(ctx.db, ctx.now, { ...p, text: day.peakText ?? day.rawText, terms: step.alert ?? [], askedForHelp: true });
  return [{ text: t.helpYes(), private: true }];
}
