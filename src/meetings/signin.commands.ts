import { z } from 'zod';
import { defineCommand, UserError, defineSub } from '../commands/types';
import type { MemberContext } from '../commands/types';
import { homeGroupId, isSecretary } from '../org/identity';
import { notifyMember } from '../audience/audience';
import { formatLocal } from '../time';
import { MEETING_ID_PARAM } from '../commands/params';
import type { Meeting } from './meetings.service';
import { attendanceOfMember, expectedMembers, getMeeting, SIGNIN_EARLY_MS, saveAttendance, scopeName } from './meetings.service';
import { meetingTexts } from './meetings.text';
import { placeLabel, signInPlace } from './place';
import { idArg } from '../commands/hygiene';

export const meetingId = idArg;

/** The meeting of the caller's branch, refusing a cancelled one. */
export async function liveMeeting(ctx: MemberContext, id: number): Promise<Meeting> {
  const t = meetingTexts(ctx.lang);
  const m = await getMeeting(ctx.db, ctx.actor.branchId, id);
  if (!m) throw new UserError(t.noSuchMeeting(id));
  if (m.cancelledAt) throw new UserError(t.cancelled(id));
  return m;
}

const isExpected = async (ctx: MemberContext, m: Meeting) => (await expectedMembers(ctx.db, m, ctx.actor.memberId)).length > 0;
const ownRow = (ctx: MemberContext, m: Meeting) => attendanceOfMember(ctx.db, m.id, ctx.actor.memberId);

export const signin = defineCommand({
  name: 'signin',
  listedFor: ['member', 'leader', 'secretary'],
  aliases: ['签到'],
  access: 'member',
  params: [MEETING_ID_PARAM, { key: 'where', label: { zh: '地点', en: 'WHERE' }, optional: true, take: 'words' }],
  note: {
    zh: '（在课堂群里发送即记为该课堂；私聊可写「主课堂」或分课堂名）',
    en: '(in a classroom chat, that classroom counts; privately, name main or your sub-classroom)',
  },
  summary: { zh: '会议签到（开始前 30 分钟至结束）', en: 'sign in to a meeting (from 30 minutes before its start to its end)' },
  args: z.object({ id: meetingId, where: z.string().default('') }),
  run: async (ctx, a) => {
    const t = meetingTexts(ctx.lang);
    const m = await liveMeeting(ctx, a.id);
    const opens = new Date(m.startsAt.getTime() - SIGNIN_EARLY_MS);
    if (ctx.now < opens || ctx.now > m.endsAt) throw new UserError(t.outsideWindow(m.id, formatLocal(opens, m.tz), formatLocal(m.endsAt, m.tz)));
    const expected = await isExpected(ctx, m);
    // A 党小组会 is for Party groups: a member of another group may sit in (列席), someone in no group may not.
    if (m.groupId !== null && !expected && !isSecretary(ctx.actor) && !homeGroupId(ctx.actor))
      throw new UserError(t.notYourGroupMeeting(m.id, await scopeName(ctx.db, ctx.lang, m)));
    const where = await signInPlace(ctx.db, m, ctx.chat, a.where, ctx.lang);
    const before = await ownRow(ctx, m);
    await saveAttendance(ctx.db, m.id, ctx.actor.memberId, {
      status: 'present',
      expected,
      ...where,
      sourceChatId: ctx.chat.id,
      reason: null,
      byLeave: false,
      at: ctx.now,
    });
    return [{ text: t.signedIn({ id: m.id, name: ctx.actor.name, place: placeLabel(ctx.lang, where), again: before?.status === 'present' }) }];
  },
});

export const meetingLeave = defineSub({
  sub: 'leave',
  subAliases: ['请假'],
  access: 'member',
  listedFor: ['member', 'leader', 'secretary'],
  params: [MEETING_ID_PARAM, { key: 'reason', label: { zh: '事由', en: 'REASON' }, take: 'words' }],
  summary: { zh: '请假不参加会议（会后补学）', en: 'be excused from a meeting (make-up study follows)' },
  args: z.object({ id: meetingId, reason: z.string().trim().min(1, { error: 'text' }).max(200) }),
  run: async (ctx, a) => {
    const t = meetingTexts(ctx.lang);
    const m = await liveMeeting(ctx, a.id);
    if (ctx.now > m.endsAt || m.closedAt) throw new UserError(t.leaveAfterEnd(m.id));
    if (!(await isExpected(ctx, m))) throw new UserError(t.notExpected(m.id));
    if ((await ownRow(ctx, m))?.status === 'present') throw new UserError(t.leaveButSignedIn(m.id));
    await saveAttendance(ctx.db, m.id, ctx.actor.memberId, { status: 'excused', expected: true, reason: a.reason, byLeave: false, at: ctx.now });
    if (m.organiserId !== ctx.actor.memberId) {
      const info = { id: m.id, name: ctx.actor.name, reason: a.reason };
      await notifyMember(
        ctx.db,
        ctx.now,
        m.organiserId,
        (lang) => meetingTexts(lang).leaveToOrganiser(info),
        `meeting.leave:m${m.id}:${ctx.actor.memberId}`,
        'meeting.leave',
      );
    }
    return [{ text: t.leaveRecorded(m.id), private: true }];
  },
});
