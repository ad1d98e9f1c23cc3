import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { meetings } from '../../db/schema';
import { UserError, defineSub } from '../commands/types';
import { homeGroupId, isSecretary, leadsGroup } from '../org/identity';
import { recordAudit } from '../org/audit';
import { postToRooms } from '../audience/audience';
import type { Room } from '../audience/rooms';
import { roomsInScope } from '../audience/rooms';
import { MEETING_ID_PARAM } from '../commands/params';
import { typeName } from './meeting-types';
import { whenText } from './meetings.service';
import { reportTexts } from './report.text';
import { tally } from './report';
import { liveMeeting, meetingId } from './signin.commands';

const LIST_DAYS = 31;

export const meetingList = defineSub({
  sub: 'list',
  subAliases: ['列表'],
  access: 'member',
  summary: { zh: '近期和待开的会议（编号、时间、出席率）', en: 'recent and upcoming meetings (id, time, attendance)' },
  args: z.object({}),
  run: async (ctx) => {
    const t = reportTexts(ctx.lang);
    const own = homeGroupId(ctx.actor);
    const rows = await ctx.db
      .select()
      .from(meetings)
      .where(and(eq(meetings.branchId, ctx.actor.branchId), gt(meetings.endsAt, new Date(ctx.now.getTime() - LIST_DAYS * 86_400_000))))
      .orderBy(asc(meetings.startsAt))
      .limit(100);
    const visible = rows
      .filter((m) => m.groupId === null || m.groupId === own || isSecretary(ctx.actor) || leadsGroup(ctx.actor, m.groupId))
      .slice(-30);
    if (visible.length === 0) return [{ text: t.listEmpty() }];
    const lines = [t.listHeader()];
    for (const m of visible) {
      const state = m.cancelledAt
        ? t.stateCancelled()
        : ctx.now < m.startsAt
          ? t.stateUpcoming()
          : ctx.now <= m.endsAt
            ? t.stateOn()
            : t.stateOver((await tally(ctx.db, m)).rate);
      lines.push(t.listLine({ id: m.id, type: typeName(ctx.lang, m.type), topic: m.topic, when: whenText(m), state }));
    }
    return [{ text: lines.join('\n') }];
  },
});

export const meetingCancel = defineSub({
  sub: 'cancel',
  subAliases: ['取消'],
  access: ['secretary', 'leader'],
  params: [MEETING_ID_PARAM],
  summary: { zh: '取消尚未开始的会议并通知课堂', en: 'cancel a meeting that has not started; the classrooms are told' },
  args: z.object({ id: meetingId }),
  run: async (ctx, a) => {
    const t = reportTexts(ctx.lang);
    const m = await liveMeeting(ctx, a.id);
    const allowed = isSecretary(ctx.actor) || m.organiserId === ctx.actor.memberId || (m.groupId !== null && leadsGroup(ctx.actor, m.groupId));
    if (!allowed) throw new UserError(t.notYours());
    if (ctx.now >= m.startsAt) throw new UserError(t.cannotCancelOver(m.id));
    await ctx.db
      .update(meetings)
      .set({ cancelledAt: ctx.now })
      .where(and(eq(meetings.id, m.id), isNull(meetings.cancelledAt)));
    const rooms = await roomsInScope(ctx.db, m.branchId, m.groupId);
    const text = (room: Room) =>
      reportTexts(room.lang).cancelNotice({ id: m.id, type: typeName(room.lang, m.type), topic: m.topic, when: whenText(m) });
    await postToRooms(ctx.db, ctx.now, [{ rooms, text, dedupKey: `meeting.cancel:m${m.id}`, purpose: 'meeting.cancel' }]);
    await recordAudit(ctx, { action: 'meeting.cancel', groupId: m.groupId, detail: { meetingId: m.id } });
    return [{ text: t.cancelledOk(m.id) }];
  },
});
