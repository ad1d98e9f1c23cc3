import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { checkins, members } from '../db/schema';
import { DEMO_GROUP_CHAT } from '../bots/console/demo/demo-seed';
import { forEachBackend } from './harness/backends';
import { inbound, Scenario } from './harness/scenario';

forEachBackend('check-in commands', (get) => {
  it('plain text counts only as an answer to an open day; commands always work', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '07:00');
    expect(await s.text('张云', '云南曲靖 在岗', { private: true })).toContain('现在还不到报平安的时间');
    expect(await s.say('张云', '今天天气不错')).toEqual([]);
    await s.goTo('2026-12-01', '08:05');
    expect(await s.text('张云', '云南曲靖 在岗', { private: true })).toContain('已收到 张云 2026-12-01');
    expect(await s.say('刘川', '大家早上好')).toEqual([]);
    const mention = await s.runtime.app.handleInbound({
      ...inbound('刘川', '四川凉山 在岗', DEMO_GROUP_CHAT, s.now()),
      mentionsBot: true,
    });
    expect(mention.map((o) => o.text).join()).toContain('已收到 刘川');
    expect(await s.text('赵志愿', '/checkin 滁州 在岗')).toContain('你还不属于任何党小组');
    expect(await s.text('陌生人', '/checkin 滁州 在岗')).toContain('你还没有加入');
    expect(await s.text('张云', '/checkin')).toContain('请写上地点和状态');
    expect(await s.text('张云', '/checkin 2026-12-05 未来')).toContain('不能为将来的日期报平安');
    expect(await s.text('刘川', '/checkin @张云 云南 在岗')).toContain('只有党小组长或支部书记可以代报');
    expect((await get().db.select().from(checkins)).length).toBe(2);
  });

  it('/today, /unreported, /remind and /my give leaders counts in the group and details privately', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '08:30');
    await s.text('张云', '/checkin 云南曲靖 在岗 收购进度正常');
    await s.text('王组长', '/checkin 云南玉溪 在岗');
    const today = await s.say('王组长', '/today');
    expect(today.find((o) => o.chatId === DEMO_GROUP_CHAT && o.text.startsWith('📋'))?.text).toContain('应报 4 人，已报 2 人，未报 2 人，请假 0 人');
    const details = today.find((o) => o.chatId === '王组长')?.text ?? '';
    expect(details).toContain('· 张云｜云南曲靖｜在岗｜收购进度正常');
    expect(details).toContain('未报：刘川、陈闽');
    expect(await s.text('张云', '/today')).toContain('没有使用 /today 的权限');
    await s.text('王组长', '/settings checkin.summary names');
    expect((await s.say('王组长', '/unreported')).map((o) => o.text)).toEqual(['原料物资科党小组：2026-12-01 未报 2 人：刘川、陈闽']);
    expect(await s.text('王组长', '/unreported 2026-12-05')).toContain('不是应报日');
    expect(await s.text('王组长', '/remind')).toContain('已提醒 2 人');
    const reminders = await s.outbox('checkin.remind');
    expect(reminders.find((r) => r.chatExternalId === DEMO_GROUP_CHAT)?.mentions.map((m) => m.name)).toEqual(['刘川', '陈闽']);
    expect(
      reminders
        .filter((r) => r.chatExternalId !== DEMO_GROUP_CHAT)
        .map((r) => r.chatExternalId)
        .sort(),
    ).toEqual(['刘川', '陈闽']);
    // 张云 joined before 11-30 (days before a member existed are never missed days).
    await s.db
      .update(members)
      .set({ createdAt: new Date('2026-11-20T00:00:00Z') })
      .where(eq(members.name, '张云'));
    const my = await s.say('张云', '/my 3');
    expect(my.find((o) => o.chatId === '张云')?.text).toMatch(/最近 3 天的报告（已连续 1 个应报日报平安）。漏报：2026-11-30/);
    expect(await s.text('张云', '/my 400')).toContain('天数应为 1 到 90 的整数');
  });

  it('the deadline summary follows checkin.summary; /attendance sums the month', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '08:30');
    await s.text('王组长', '/settings checkin.summary names');
    for (const who of ['张云', '刘川']) await s.text(who, '/checkin 在岗');
    await s.goTo('2026-12-01', '21:05', 30);
    const summary = (await s.outbox('checkin.summary')).find((r) => r.chatExternalId === DEMO_GROUP_CHAT);
    expect(summary?.text).toContain('应报 4 人，已报 2 人，未报 2 人');
    expect(summary?.text).toContain('未报：王组长、陈闽');
    const details = (await s.outbox('checkin.summary')).filter((r) => r.chatExternalId !== DEMO_GROUP_CHAT);
    expect(details.map((r) => r.chatExternalId).sort()).toEqual(['李书记', '王组长']);
    await s.goTo('2026-12-02', '09:00', 60);
    const attendance = await s.text('李书记', '/attendance 2026-12', { private: true });
    expect(attendance).toContain('· 张云：2 / 1 / 0 / 0 / 0'); // 12-02 is required and still open
    expect(attendance).toContain('· 陈闽：2 / 0 / 0 / 0 / 1');
    expect(await s.text('刘川', '/考勤', { private: true })).not.toContain('张云');
  });
});
