import { count, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { meetingAttendance, meetings, members } from '../db/schema';
import { forEachBackend } from './harness/backends';
import { DEMO_GROUP_CHAT, GROUP2_CHAT, rig, seedTwoGroups, sent, sh } from './study-fixture';

forEachBackend('meeting commands refuse clearly and change nothing', (get) => {
  it('arranging: type, time, mode, link, duration, scope and role are checked', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    await db.update(members).set({ lang: 'en' }).where(eq(members.name, '孙组长'));
    const { h } = rig(db);
    const badType = await h.ask('李书记', '/meeting new 茶话会 2026-12-08 20:00 主题');
    expect(badType).toContain('会议类型「茶话会」不认识：可选 支部党员大会、支委会、党小组会、党课、主题党日');
    expect(badType).toContain('用法：/meeting new');
    expect(await h.ask('李书记', '/meeting new 党课 2026-12-08 主题')).toContain('会议时间应写成 YYYY-MM-DD HH:MM');
    expect(await h.ask('李书记', '/meeting new 党课 2026-12-08 25:00 主题')).toContain('会议时间应写成 YYYY-MM-DD HH:MM');
    expect(await h.ask('李书记', '/meeting new 党课 2026-12-08 20:00')).toContain('需要会议主题');
    expect(await h.ask('李书记', '/meeting new 党课 2026-12-08 20:00 主题 | 电话')).toContain('会议形式「电话」不认识：可选 现场、视频、传达');
    expect(await h.ask('李书记', '/meeting new 党课 2026-12-08 20:00 主题 duration=5')).toContain('时长应为 15 到 480');
    expect(await h.ask('李书记', '/meeting new 党课 2026-11-30 20:00 主题')).toContain('已经过去');
    expect(await h.ask('李书记', '/meeting new 党小组会 2026-12-08 20:00 主题')).toContain('请指明党小组');
    expect(await h.ask('王组长', '/meeting new 支委会 2026-12-08 20:00 主题')).toContain('党小组长只能安排本组的党小组会');
    expect(await h.ask('王组长', '/meeting new 党小组会 2026-12-08 20:00 主题 group=第二党小组')).toContain('党小组长只能管理自己带领的党小组');
    expect(await h.ask('孙组长', '/meeting new tea 2026-12-08 20:00 topic')).toContain(
      'Unknown meeting type "tea": choose general, committee, group, lecture, themed',
    );
    expect(await h.ask('张云', '/meeting new 党小组会 2026-12-08 20:00 主题')).toContain('没有使用 /meeting new 的权限');
    expect((await db.select({ n: count() }).from(meetings))[0]?.n).toBe(0);
    expect(await sent(db, 'meeting')).toHaveLength(0);
    expect(await h.ask('孙组长', '/meeting new group 2026-12-08 20:00 Weekly study | relay', { chat: GROUP2_CHAT })).toContain(
      'Meeting #1 arranged: Party group meeting',
    );
  });

  it('sign-in, leave, minutes and report: window, cancellation, order and roles', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h } = rig(db);
    await h.ask('王组长', '/meeting new 党小组会 2026-12-08 20:00 学习 | 传达', { chat: DEMO_GROUP_CHAT });
    await h.ask('李书记', '/meeting new 党课 2026-12-09 20:00 党史');
    expect(await h.ask('张云', '/meeting cancel 2')).toContain('没有使用 /meeting cancel 的权限');
    expect(await h.ask('李书记', '/会议 取消 2')).toContain('已取消会议 #2');
    expect((await sent(db, 'meeting.cancel')).map((r) => r.text)[0]).toContain('❌ 会议 #2 党课「党史」');
    expect(await h.ask('张云', '/signin 2')).toContain('会议 #2 已取消');
    expect(await h.ask('张云', '/signin x')).toContain('编号应为正整数');
    expect(await h.ask('张云', '/signin 7')).toContain('没有会议 #7');
    expect(await h.ask('张云', '/meeting leave 1')).toContain('内容不能为空');
    expect(await h.ask('周闽', '/meeting leave 1 有事')).toContain('你不在会议 #1 的应到名单中');
    expect(await h.ask('张云', '/meeting minutes 1 纪要')).toContain('没有使用 /meeting minutes 的权限');
    expect(await h.ask('孙组长', '/meeting minutes 1 纪要')).toContain('只有支部书记或本次会议的组织人');
    h.clock.set(sh('2026-12-08 19:40'));
    expect(await h.ask('刘川', '/signin 1', { chat: DEMO_GROUP_CHAT })).toContain('分课堂「原料物资科党小组群」（传达）');
    expect(await h.ask('刘川', '/meeting leave 1 临时有事')).toContain('你已签到会议 #1，无需请假');
    h.clock.set(sh('2026-12-08 22:01'));
    expect(await h.ask('陈闽', '/signin 1')).toContain('签到时间为 2026-12-08 19:30 至 2026-12-08 22:00');
    expect(await h.ask('陈闽', '/meeting leave 1 忘了')).toContain('会议 #1 已结束，不能再请假');
    expect(await db.select().from(meetingAttendance)).toHaveLength(1);
    const list = await h.ask('张云', '/meeting list');
    expect(list).toContain('#1 党小组会「学习」2026-12-08 20:00–22:00｜已结束，出席率 25%');
    expect(list).toContain('#2 党课「党史」2026-12-09 20:00–22:00｜已取消');
  });
});
