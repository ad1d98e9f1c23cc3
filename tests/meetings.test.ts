import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { chats, leaveRequests, meetingAttendance, studyAssignees, studyItems } from '../db/schema';
import { bindChat } from '../src/org/org.service';
import { seedDemo } from '../bots/console/demo/demo-seed';
import { forEachBackend } from './harness/backends';
import { DEMO_GROUP_CHAT, MAIN_CHAT, T0, memberId, rig, seedTwoGroups, sent, sentTo, sh } from './study-fixture';

const NOTE = '补学了会议纪要，领会了二十大精神，要在收购站把学习和工作结合起来。';

forEachBackend('meetings', (get) => {
  it('党小组会: one signs in from a sub-classroom, one is excused, one is absent → make-up for two, chased until noted', async () => {
    const db = get().db;
    const { group2 } = await seedTwoGroups(db);
    // A station classroom of the branch that 王组长 names when signing in privately (a sub-classroom must exist).
    const [yuxi] = await db.insert(chats).values({ platform: 'console', externalId: '玉溪群', kind: 'group', title: '云南玉溪分课堂' }).returning();
    await bindChat(db, yuxi!.id, group2, T0);
    const { h, tickAt } = rig(db);
    await h.ask('李书记', '/classroom main', { chat: MAIN_CHAT, chatTitle: MAIN_CHAT });
    const created = await h.ask('王组长', '/会议 新建 党小组会 2026-12-08 20:00 学习二十大精神 | 视频 | https://meet.example.com/1', {
      chat: DEMO_GROUP_CHAT,
    });
    expect(created).toContain('已安排会议 #1：党小组会「学习二十大精神」，2026-12-08 20:00–22:00（视频｜原料物资科党小组）');
    expect((await sent(db, 'meeting.notice')).map((r) => r.chatExternalId)).toEqual([DEMO_GROUP_CHAT]);

    const leave = await h.say('陈闽', '/meeting leave 1 回福建收购站盘点', { chat: DEMO_GROUP_CHAT });
    expect(leave[0]).toMatchObject({ chatId: '陈闽' });
    expect(leave[0]?.text).toContain('已记录你对会议 #1 的请假');
    expect((await sentTo(db, 'meeting.leave', '王组长'))[0]?.text).toBe('📝 陈闽 请假不参加会议 #1：回福建收购站盘点');

    await tickAt(sh('2026-12-07 20:00'));
    await tickAt(sh('2026-12-07 20:01'));
    const day = await sent(db, 'meeting.24h');
    expect(day.map((r) => r.chatExternalId).sort()).toEqual([DEMO_GROUP_CHAT, '刘川', '张云', '王组长'].sort());
    expect(day[0]?.text).toContain('将于明天（2026-12-08 20:00–22:00）开始');

    h.clock.set(sh('2026-12-08 19:00'));
    expect(await h.ask('张云', '/signin 1')).toBe('现在不能签到会议 #1：签到时间为 2026-12-08 19:30 至 2026-12-08 22:00。');
    await tickAt(sh('2026-12-08 19:30'));
    expect(await sent(db, 'meeting.30m')).toHaveLength(4);
    h.clock.set(sh('2026-12-08 19:45'));
    expect(await h.ask('张云', '/签到 1', { chat: DEMO_GROUP_CHAT })).toBe('✅ 张云 已签到会议 #1（分课堂「原料物资科党小组群」（视频））。');
    h.clock.set(sh('2026-12-08 20:05'));
    expect(await h.ask('王组长', '/signin 1 云南玉溪分课堂')).toContain('分课堂「云南玉溪分课堂」（视频）');
    expect(await h.ask('王组长', '/meeting report 1')).toContain('会议 #1 尚未结束，2026-12-08 22:00 之后可以查看考勤报告');

    await tickAt(sh('2026-12-08 22:00'));
    const report = (await sentTo(db, 'meeting.report', '王组长'))[0]?.text ?? '';
    expect(report).toContain('应到 4 人，出席 2 人（出席率 50%），请假 1 人，缺席 1 人。');
    expect(report).toContain('· 分课堂「原料物资科党小组群」（视频）：张云');
    expect(report).toContain('· 分课堂「云南玉溪分课堂」（视频）：王组长');
    expect(report).toContain('请假：陈闽（回福建收购站盘点）');
    expect(report).toContain('缺席：刘川');
    expect(report).toContain('补学 #1 已发给 2 人');
    expect(await sentTo(db, 'meeting.report', '李书记')).toHaveLength(1);
    expect(await sentTo(db, 'meeting.report', '张云')).toHaveLength(0);
    const assigned = await sent(db, 'study.makeup');
    expect(assigned.map((r) => r.chatExternalId).sort()).toEqual(['刘川', '陈闽'].sort());
    expect(assigned.find((r) => r.chatExternalId === '刘川')?.text).toContain(
      '你缺席了这次会议，请学习会议材料并在 2026-12-15 23:59 前发送 /studied 1 学习笔记',
    );

    h.clock.set(sh('2026-12-08 22:10'));
    const again = await h.say('李书记', '/meeting report 1', { chat: MAIN_CHAT });
    expect(again[0]).toMatchObject({ chatId: '李书记' });
    expect(again[0]?.text).toContain('缺席：刘川');
    expect(await db.select().from(studyItems)).toHaveLength(1);
    expect(await db.select().from(studyAssignees)).toHaveLength(2);
    expect(await h.ask('王组长', '/meeting minutes 1 传达了二十大精神，布置了收购季党员责任区。')).toContain('已记录会议 #1 的纪要');
    expect((await db.select().from(studyItems))[0]?.body).toBe('会议纪要：传达了二十大精神，布置了收购季党员责任区。');

    h.clock.set(sh('2026-12-10 09:00'));
    expect(await h.ask('刘川', `/studied 1 ${NOTE}`)).toContain('已记录你对学习 #1「学习二十大精神（党小组会）」的笔记');
    expect(await h.ask('张云', `/studied 1 ${NOTE}`)).toContain('不是发给你所在党小组的');
    await tickAt(sh('2026-12-14 20:00'));
    expect((await sent(db, 'study.reminder')).map((r) => r.chatExternalId)).toEqual(['陈闽']);
    await tickAt(sh('2026-12-22 20:00'));
    expect((await sent(db, 'study.overdue')).map((r) => r.chatExternalId)).toEqual(['陈闽']);
    h.clock.set(sh('2026-12-23 08:00'));
    expect(await h.ask('陈闽', `/studied 1 ${NOTE}`)).toContain('已过截止时间，记为补交');
    await tickAt(sh('2026-12-29 20:00'));
    expect(await sent(db, 'study.overdue')).toHaveLength(1);
    expect(await h.ask('王组长', '/study status 1')).toContain('已学 2/2 人');
  });

  it('a branch meeting: approved leave excuses automatically, sign-in in the main classroom counts as on site', async () => {
    const db = get().db;
    await seedDemo(db, T0);
    const { h, tickAt } = rig(db);
    await h.ask('李书记', '/classroom main', { chat: MAIN_CHAT, chatTitle: MAIN_CHAT });
    await db.insert(leaveRequests).values({
      memberId: await memberId(db, '刘川'),
      groupId: 1,
      fromDate: '2026-12-09',
      toDate: '2026-12-11',
      reason: '探亲',
      status: 'approved',
      createdAt: T0,
    });
    expect(await h.ask('李书记', '/meeting new 支部党员大会 2026-12-10 09:00 年度民主评议 duration=90')).toContain('#1');
    expect((await sent(db, 'meeting.notice')).map((r) => r.chatExternalId).sort()).toEqual([DEMO_GROUP_CHAT, MAIN_CHAT].sort());
    await tickAt(sh('2026-12-09 09:00'));
    const privately = (await sent(db, 'meeting.24h')).map((r) => r.chatExternalId).filter((c) => !c.includes('群') && c !== MAIN_CHAT);
    expect(privately.sort()).toEqual(['李书记', '王组长', '张云', '陈闽'].sort());
    h.clock.set(sh('2026-12-10 08:50'));
    expect(await h.ask('李书记', '/signin 1', { chat: MAIN_CHAT })).toContain('主课堂（现场）');
    expect(await h.ask('张云', '/signin 1')).toContain('主课堂（现场）');
    expect(await h.ask('王组长', '/signin 1', { chat: DEMO_GROUP_CHAT })).toContain('分课堂「原料物资科党小组群」');
    expect(await h.ask('赵志愿', '/signin 1')).toContain('已签到');
    await tickAt(sh('2026-12-10 10:30'));
    const report = (await sentTo(db, 'meeting.report', '李书记'))[0]?.text ?? '';
    expect(report).toContain('时间：2026-12-10 09:00–10:30（现场｜全支部）');
    expect(report).toContain('应到 5 人，出席 3 人（出席率 60%），请假 1 人，缺席 1 人。');
    expect(report).toContain('· 主课堂（现场）：李书记、张云');
    expect(report).toContain('请假：刘川（已批准请假）');
    expect(report).toContain('缺席：陈闽');
    expect(report).toContain('列席：赵志愿');
    const rows = await db
      .select()
      .from(meetingAttendance)
      .where(eq(meetingAttendance.memberId, await memberId(db, '刘川')));
    expect(rows[0]).toMatchObject({ status: 'excused', byLeave: true });
    expect((await sent(db, 'study.makeup')).map((r) => r.chatExternalId).sort()).toEqual(['刘川', '陈闽'].sort());
  });
});
