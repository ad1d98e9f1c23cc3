import type { MemberContext, Reply } from '../commands/types';
import { UserError } from '../commands/types';
import { getGroup } from '../org/org.service';
import { groupSettings } from '../org/settings';
import { localDate, shiftDate } from '../time';
import { checkinTexts } from './checkins.text';
import { checkinOn, recordCheckin } from './checkins.service';
import { parseReport } from './report-parser';
import { alertUrgent } from './safety-alerts';
import { assessSafety } from './safety/assess';
import { CHECKIN_USAGE, reportDay } from './report-day';
import { usageError } from '../commands/usage-error';

/** A report is a line or two; leave reasons are capped at 200 and study notes at 4,000 the same way. */
export const MAX_REPORT_CHARS = 500;

export type Submission = {
  subject: { memberId: number; name: string };
  groupId: number;
  /** A past day to back-fill, as written (2026-12-01, 12月1日, 昨天…); today when absent. */
  date?: string;
  text: string;
  proxy: { memberId: number; name: string } | null;
};

/** Records a report from any path (command, reply to the prompt, button), alerts on an urgent one, asks on an unclear one. */
export async function submitCheckin(ctx: MemberContext, s: Submission): Promise<Reply[]> {
  const t = checkinTexts(ctx.lang);
  const group = ctx.groups?.get(s.groupId) ?? (await getGroup(ctx.db, s.groupId));
  if (!group) throw new UserError(t.noGroup());
  const config = groupSettings(group.settings);
  const today = localDate(ctx.now, config.tz);
  const date = s.date === undefined ? today : reportDay(s.date, today);
  if (!date) throw usageError(ctx.lang, t.dayForms(s.date ?? ''), CHECKIN_USAGE);
  if (date > today) throw new UserError(t.futureDate());
  if (date < shiftDate(today, -config.backfillDays)) throw new UserError(t.tooOld(config.backfillDays));
  if (s.text.length > MAX_REPORT_CHARS) throw new UserError(t.reportTooLong(MAX_REPORT_CHARS));
  const { unsafe: _, ...report } = parseReport(s.text);
  // Nothing but emoji or punctuation says neither where nor how.
  if ((!report.place && !report.status && !report.note) || !/[\p{L}\p{N}]/u.test(s.text)) throw new UserError(t.emptyReport());
  // A leader's proxy report must not silently replace what the member said themself.
  const own = s.proxy ? await checkinOn(ctx.db, s.subject.memberId, date) : null;
  if (own && own.proxyBy === null) throw new UserError(t.proxyWouldOverwrite({ name: s.subject.name, text: own.rawText }));
  const input = {
    ...report,
    memberId: s.subject.memberId,
    groupId: group.id,
    localDate: date,
    rawText: s.text,
    late: date < today,
    proxyBy: s.proxy?.memberId ?? null,
    sourceChatId: ctx.chat.id,
  };
  const { row, updated, step } = await recordCheckin(ctx.db, input, assessSafety(s.text), ctx.now);
  const replies: Reply[] = [{ text: t.saved({ name: s.subject.name, date, updated, late: row.late, proxy: s.proxy?.name ?? null }) }];
  if (step.alert) {
    const by = s.proxy?.name ?? null;
    await alertUrgent(ctx.db, ctx.now, { ...s.subject, groupId: group.id, branchId: group.branchId, date, text: s.text, by, terms: step.alert });
    replies.push({ text: t.unsafeNoted(), private: true });
  } else if (step.ask && !s.proxy) replies.push({ text: t.helpQuestion(), private: true, askedNote: true });
  return replies;
}
