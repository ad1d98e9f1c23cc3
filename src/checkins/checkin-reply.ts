import { and, eq } from 'drizzle-orm';
import { dayPrompts } from '../../db/schema';
import { loadCalendar } from '../calendar/calendar.service';
import { isRequiredDay } from '../calendar/required-days';
import type { PlainTextHandler } from '../feature/feature';
import { homeGroupId } from '../org/identity';
import { getGroup } from '../org/org.service';
import { groupSettings } from '../org/settings';
import { localParts } from '../time';
import { isReport } from './report-parser';
import { assessSafety } from './safety/assess';
import { answerHelpQuestion, isBareYesOrNo } from './help-answer';
import { submitCheckin } from './submit';
import { checkinTexts } from './checkins.text';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Plain text is a check-in when it answers the day's prompt: a reply to the prompt or reminder message, or,
 * while the day is open (a required day, after the prompt time), an @-mention of the bot or a private message;
 * said to the bot, a report of harm counts at any hour. "1" or "2" answers the day's "需要组织帮助吗？"; a
 * courtesy, an emoji or a question is not a check-in at all.
 */
export const checkinReply: PlainTextHandler = async (ctx) => {
  const msg = ctx.inbound;
  const groupId = homeGroupId(ctx.actor);
  if (!groupId || !msg.text.trim()) return null;
  const addressed = Boolean(msg.replyToMessageId) || msg.mentionsBot || ctx.chat.kind === 'private';
  if (addressed) {
    const answer = await answerHelpQuestion(ctx, groupId);
    if (answer) return answer;
  }
  // Thanks, a question, an emoji or a bare yes/no is not a report: it must not replace the day's check-in.
  if (!isReport(msg.text) || isBareYesOrNo(msg.text)) return null;
  const [prompt] = msg.replyToMessageId
    ? await ctx.db
        .select()
        .from(dayPrompts)
        .where(
          and(
            eq(dayPrompts.platform, msg.platform),
            eq(dayPrompts.chatExternalId, msg.chatId),
            eq(dayPrompts.platformMessageId, msg.replyToMessageId),
          ),
        )
    : [];
  const subject = { memberId: ctx.actor.memberId, name: ctx.actor.name };
  if (prompt) return submitCheckin(ctx, { subject, groupId, date: prompt.localDate, text: msg.text, proxy: null });
  if (!msg.mentionsBot && ctx.chat.kind !== 'private') return null;
  const group = await getGroup(ctx.db, groupId);
  if (!group) return null;
  const config = groupSettings(group.settings);
  const now = localParts(ctx.now, config.tz);
  const open = isRequiredDay(now.date, config.days, await loadCalendar(ctx.db)) && now.minutes >= minutesOf(config.prompt);
  // Someone hurt, ill or in danger is heard at any hour: outside the window the report is still kept and alerted on.
  const safety = assessSafety(msg.text);
  if (open || safety.level !== 'none' || safety.ask) return submitCheckin(ctx, { subject, groupId, text: msg.text, proxy: null });
  // A routine report said to the bot outside the day's window is not taken as one, but never met with silence.
  return [{ text: checkinTexts(ctx.lang).notOpen(config.prompt), private: true }];
};
