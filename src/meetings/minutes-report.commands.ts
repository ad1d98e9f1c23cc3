import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { meetings, studyItems } from '../../db/schema';
import { UserError, defineSub } from '../commands/types';
import type { MemberContext } from '../commands/types';
import { isSecretary, leadsGroup } from '../org/identity';
import { recordAudit } from '../org/audit';
import { MEETING_ID_PARAM } from '../commands/params';
import { formatLocal } from '../time';
import { closeMeeting, makeupBody, makeupItemOf } from './close';
import type { Meeting } from './meetings.service';
import { reportTexts } from './report.text';
import { attendanceReport, sendReport } from './report';
import { liveMeeting, meetingId } from './signin.commands';

/** The secretary, the organiser, or (for a group's meeting) that group's leader. */
function mayRun(ctx: MemberContext, m: Meeting): boolean {
  return isSecretary(ctx.actor) || m.organiserId === ctx.actor.memberId || (m.groupId !== null && leadsGroup(ctx.actor, m.groupId));
}

export const meetingMinutes = defineSub({
  sub: 'minutes',
  subAliases: ['纪要', '记录'],
  access: ['secretary', 'leader'],
  params: [MEETING_ID_PARAM, { key: 'text', label: { zh: '纪要内容', en: 'TEXT' }, take: 'text' }],
  summary: { zh: '记录会议纪要（也是补学材料）', en: 'record the minutes (also the make-up study material)' },
  args: z.object({ id: meetingId, text: z.string().trim().min(1, { error: 'text' }).max(8000) }),
  run: async (ctx, a) => {
    const m = await liveMeeting(ctx, a.id);
    if (!mayRun(ctx, m)) throw new UserError(reportTexts(ctx.lang).notYours());
    await ctx.db.update(meetings).set({ minutes: a.text, minutesBy: ctx.actor.memberId, minutesAt: ctx.now }).where(eq(meetings.id, m.id));
    // People already given the make-up item study the minutes, not just the topic.
    const makeup = await makeupItemOf(ctx.db, m.id);
    if (makeup)
      await ctx.db
        .update(studyItems)
        .set({ body: makeupBody({ ...m, minutes: a.text }) })
        .where(eq(studyItems.id, makeup.id));
    await recordAudit(ctx, { action: 'meeting.minutes', groupId: m.groupId, detail: { meetingId: m.id } });
    return [{ text: reportTexts(ctx.lang).minutesSaved(m.id, m.minutes !== null) }];
  },
});

export const meetingReport = defineSub({
  sub: 'report',
  subAliases: ['报告', '考勤'],
  access: ['secretary', 'leader'],
  params: [MEETING_ID_PARAM],
  summary: {
    zh: '会后考勤：按形式和地点出席、请假、缺席（私信；缺席和请假者收到补学）',
    en: 'attendance after the end: present by mode and place, excused, absent (privately; make-up study for the missing)',
  },
  args: z.object({ id: meetingId }),
  run: async (ctx, a) => {
    const t = reportTexts(ctx.lang);
    const m = await liveMeeting(ctx, a.id);
    if (!mayRun(ctx, m)) throw new UserError(t.notYours());
    if (ctx.now < m.endsAt) throw new UserError(t.notOver(m.id, formatLocal(m.endsAt, m.tz)));
    await closeMeeting(ctx.db, ctx.now, m);
    const text = await attendanceReport(ctx.db, m, ctx.lang);
    if (m.organiserId !== ctx.actor.memberId) await sendReport(ctx.db, ctx.now, m, [m.organiserId]);
    return [{ text, private: true }];
  },
});
