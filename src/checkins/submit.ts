import type { MemberContext, Reply } from '../commands/types';
import { UserError } from '../commands/types';
import { getGroup } from '../org/org.service';
import { groupSettings } from '../org/settings';
import { localDate, shiftDate } from '../time';
import type { LocalDate } from '../time';
import { checkinTexts } from './checkins.text';
import { recordCheckin } from './checkins.service';
import { parseReport } from './report-parser';
import { alertUnsafe } from './safety';

export type Submission = {
  subject: { memberId: number; name: string };
  groupId: number;
  /** A past day to back-fill; today when absent. */
  date?: LocalDate;
  text: string;
  proxy: { memberId: number; name: string } | null;
};

/** Records a report from any path (command, reply to the prompt, button) and raises the alarm if unsafe. */
export async function submitCheckin(ctx: MemberContext, s: Submission): Promise<Reply[]> {
  const t = checkinTexts(ctx.lang);
  const group = await getGroup(ctx.db, s.groupId);
  if (!group) throw new UserError(t.noGroup());
  const config = groupSettings(group.settings);
  const today = localDate(ctx.now, config.tz);
  const date = s.date ?? today;
  if (date > today) throw new UserError(t.futureDate());
  if (date < shiftDate(today, -config.backfillDays)) throw new UserError(t.tooOld(config.backfillDays));
  const report = parseReport(s.text);
  if (!report.place && !report.status && !report.note) throw new UserError(t.emptyReport());
  const { row, updated } = await recordCheckin(
    ctx.db,
    {
      ...report,
      memberId: s.subject.memberId,
      groupId: group.id,
      localDate: date,
      rawText: s.text,
      late: date < today,
      proxyBy: s.proxy?.memberId ?? null,
      sourceChatId: ctx.chat.id,
    },
    ctx.now,
  );
  const replies: Reply[] = [{ text: t.saved({ name: s.subject.name, date, updated, late: row.late, proxy: s.proxy?.name ?? null }) }];
  if (report.unsafe) {
    await alertUnsafe(ctx.db, ctx.now, {
      memberId: s.subject.memberId,
      name: s.subject.name,
      groupId: group.id,
      branchId: group.branchId,
      date,
      text: s.text,
      by: s.proxy?.name ?? null,
    });
    replies.push({ text: t.unsafeNoted(), private: true });
  }
  return replies;
}
