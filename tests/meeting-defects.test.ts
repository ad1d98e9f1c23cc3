import { count } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { meetingAttendance, meetings } from '../db/schema';
import { forEachBackend } from './harness/backends';
import { DEMO_GROUP_CHAT, GROUP2_CHAT, MAIN_CHAT, rig, seedTwoGroups, sh } from './study-fixture';

forEachBackend('meeting defects found by a new user (issue 10)', (get) => {
  it('a video meeting may be arranged without a link, as PRODUCT.md says', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h } = rig(db);
    expect(await h.ask('李书记', '/meeting new 党课 2026-12-08 20:00 主题 | 视频')).toContain('已安排会议 #1');
    expect((await db.select({ n: count() }).from(meetings))[0]?.n).toBe(1);
  });

  it('/signin checks the place: in a classroom chat another place is refused, privately an invented classroom is refused', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h } = rig(db);
    await h.ask('李书记', '/classroom main', { chat: MAIN_CHAT, chatTitle: MAIN_CHAT });
    await h.ask('李书记', '/meeting new 支部党员大会 2026-12-08 20:00 年度评议');
    h.clock.set(sh('2026-12-08 19:45'));
    expect(await h.ask('张云', '/signin 1 主课堂', { chat: DEMO_GROUP_CHAT })).toContain(
      '没有签到：在群里签到只能记为本群（分课堂「原料物资科党小组群」',
    );
    expect(await h.ask('张云', '/signin 1 火星分课堂')).toContain('没有叫「火星分课堂」的课堂。可写：主课堂、');
    expect(await db.select().from(meetingAttendance)).toEqual([]);
    expect(await h.ask('张云', `/signin 1 ${GROUP2_CHAT}`)).toContain(`分课堂「${GROUP2_CHAT}」`);
    expect(await h.ask('刘川', '/signin 1', { chat: DEMO_GROUP_CHAT })).toContain('分课堂「原料物资科党小组群」');
  });

  it('a volunteer in no group cannot sign in to a 党小组会', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h } = rig(db);
    await h.ask('王组长', '/meeting new 党小组会 2026-12-08 20:00 学习 | 现场', { chat: DEMO_GROUP_CHAT });
    h.clock.set(sh('2026-12-08 19:45'));
    expect(await h.ask('赵志愿', '/signin 1')).toContain('会议 #1 是「原料物资科党小组」的党小组会，你不属于任何党小组');
    expect(await db.select().from(meetingAttendance)).toEqual([]);
  });

  it("an on-site 党小组会 signed in from the group's own classroom is 现场 in the reply and on record, not 视频", async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h } = rig(db);
    await h.ask('王组长', '/meeting new 党小组会 2026-12-08 20:00 学习 | 现场', { chat: DEMO_GROUP_CHAT });
    h.clock.set(sh('2026-12-08 19:45'));
    expect(await h.ask('张云', '/signin 1', { chat: DEMO_GROUP_CHAT })).toContain('分课堂「原料物资科党小组群」（现场）');
    const [row] = await db.select().from(meetingAttendance);
    expect(row).toMatchObject({ status: 'present', place: 'sub', mode: 'onsite' });
  });
});
