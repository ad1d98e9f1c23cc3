import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { checkins } from '../db/schema';
import { DEMO_GROUP_CHAT } from '../bots/console/demo/demo-seed';
import { forEachBackend } from './harness/backends';
import { Scenario } from './harness/scenario';

/**
 * A fortnight across National Day 2026: 9-28..9-30 and 10-8..10-10 are required (10-10 is the make-up Saturday),
 * 10-1..10-7 and 10-11 are not. 张云 (云南), 刘川 (四川), 陈闽 (福建) and leader 王组长 report to 原料物资科党小组;
 * 陈闽 is on approved leave 9-29..10-9.
 */
const REQUIRED = ['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10'];

forEachBackend('check-in fortnight across a statutory holiday', (get) => {
  it('prompts, reminds, excuses, back-fills, proxies, alerts and sums up as the rules say', async () => {
    const s = await Scenario.create(get().db, '2026-09-28', '07:00');
    const ids = {
      zhang: await s.memberId('张云'),
      liu: await s.memberId('刘川'),
      chen: await s.memberId('陈闽'),
      wang: await s.memberId('王组长'),
      li: await s.memberId('李书记'),
    };
    const promptFor = (date: string) => s.adapter.sent.find((m) => m.chatId === DEMO_GROUP_CHAT && m.text.includes(`☀️ ${date}`));

    // Day 1, Monday 9-28: everyone reports, each in a different way; 陈闽 asks for leave and it is approved.
    await s.goTo('2026-09-28', '08:05');
    const prompt1 = promptFor('2026-09-28');
    expect(prompt1?.text).toContain('应报 4 人');
    expect(prompt1?.actions?.map((a) => a.command)).toContain('/checkin 平安 在岗');
    expect(await s.text('张云', '云南曲靖 在岗 一切正常', { replyTo: prompt1?.messageId })).toContain('已收到 张云 2026-09-28');
    expect(await s.text('刘川', '/checkin 四川凉山 在岗')).toContain('已收到 刘川');
    expect(await s.text('王组长', '／打卡 云南玉溪 在岗')).toContain('已收到 王组长');
    expect(await s.text('陈闽', '福建三明 在岗', { private: true })).toContain('已收到 陈闽');
    expect(await s.text('陈闽', '/leave 2026-09-29 2026-10-09 回家照顾母亲', { private: true })).toContain('等待 王组长 审批');
    expect(await s.text('陈闽', '/leave 2026-10-05 2026-10-06 重复申请', { private: true })).toContain('日期重叠');
    const request = (await s.outbox('leave.request'))[0];
    expect(request?.chatExternalId).toBe('王组长');
    expect(await s.text('王组长', '/approve 1', { private: true })).toContain('已批准 陈闽');
    await s.goTo('2026-09-28', '21:05');
    expect((await s.outbox('checkin.remind')).length).toBe(0);
    const summary1 = (await s.outbox('checkin.summary')).find((r) => r.chatExternalId === DEMO_GROUP_CHAT);
    expect(summary1?.text).toContain('应报 4 人，已报 4 人，未报 0 人，请假 0 人');

    // 9-29: 刘川 is silent; only he is reminded; at night the leader reports for him (代报).
    await s.goTo('2026-09-29', '09:00');
    await s.text('张云', '/checkin 云南曲靖 在岗');
    await s.text('王组长', '/checkin 云南玉溪 在岗');
    await s.goTo('2026-09-29', '12:05');
    const reminder = (await s.outbox('checkin.remind')).filter((r) => r.createdAt.toISOString().startsWith('2026-09-29'));
    const groupReminder = reminder.find((r) => r.chatExternalId === DEMO_GROUP_CHAT);
    expect(groupReminder?.mentions.map((m) => m.name)).toEqual(['刘川']);
    expect(reminder.filter((r) => r.chatExternalId !== DEMO_GROUP_CHAT).map((r) => r.chatExternalId)).toEqual(['刘川']);
    await s.goTo('2026-09-29', '19:00');
    expect(await s.text('王组长', '/checkin @刘川 四川凉山 在岗 山里没信号，电话报平安')).toContain('由 王组长 代报');
    await s.goTo('2026-09-29', '21:05');
    const summaries = await s.outbox('checkin.summary');
    expect(summaries.find((r) => r.chatExternalId === DEMO_GROUP_CHAT && r.text.includes('2026-09-29'))?.text).toContain(
      '应报 3 人，已报 3 人，未报 0 人，请假 1 人',
    );
    const proxied = await s.db
      .select()
      .from(checkins)
      .where(and(eq(checkins.memberId, ids.liu), eq(checkins.localDate, '2026-09-29')));
    expect(proxied[0]?.proxyBy).toBe(ids.wang);

    // 9-30: 张云 reports a fever: the leader and the secretary are alerted in the same transaction.
    await s.goTo('2026-09-30', '09:00');
    await s.text('王组长', '/checkin 云南玉溪 在岗');
    await s.goTo('2026-09-30', '10:00');
    const unsafeReply = await s.say('张云', '/checkin 云南曲靖 发烧 在宾馆休息');
    expect(unsafeReply.find((o) => o.chatId === '张云')?.text).toContain('已立即通知党小组长和支部书记');
    const alerts = await s.outbox('safety.unsafe');
    expect(alerts.map((r) => r.chatExternalId).sort()).toEqual(['李书记', '王组长']);
    expect(alerts.every((r) => r.status === 'pending' && r.text.includes('张云'))).toBe(true);
    await s.runtime.dispatcher.drain();
    expect((await s.outbox('safety.unsafe')).every((r) => r.status === 'sent')).toBe(true);
    await s.say('张云', '/checkin 云南曲靖 发烧 好些了');
    expect((await s.outbox('safety.unsafe')).length).toBe(2);
    await s.goTo('2026-09-30', '20:00');
    const asked = await s.say('王组长', '/unreported');
    expect(asked.find((o) => o.chatId === DEMO_GROUP_CHAT)?.text).toContain('未报 1 人');
    expect(asked.find((o) => o.chatId === '王组长')?.text).toMatch(/未报 1 人：刘川$/);
    await s.goTo('2026-09-30', '21:05');
    expect((await s.outbox('checkin.summary')).find((r) => r.chatExternalId === DEMO_GROUP_CHAT && r.text.includes('2026-09-30'))?.text).toContain(
      '应报 3 人，已报 2 人，未报 1 人，请假 1 人',
    );

    // The holiday: no prompts; 刘川 back-fills 9-30 on 10-2 (within 3 days, marked late).
    await s.goTo('2026-10-02', '10:00');
    expect(await s.text('刘川', '/checkin 2026-09-30 四川凉山 在岗 前天山区无信号')).toContain('（补报）');
    expect(await s.text('刘川', '/checkin 2026-09-25 四川凉山 在岗')).toContain('只能补报最近 3 天');
    const late = await s.db
      .select()
      .from(checkins)
      .where(and(eq(checkins.memberId, ids.liu), eq(checkins.localDate, '2026-09-30')));
    expect(late[0]?.late).toBe(true);

    // 10-8 and 10-9: 刘川 silent two required days in a row → one silence alert, at the second deadline.
    for (const day of ['2026-10-08', '2026-10-09']) {
      await s.goTo(day, '09:00');
      await s.text('张云', '/checkin 云南曲靖 在岗');
      await s.text('王组长', '/checkin 云南玉溪 在岗');
    }
    await s.goTo('2026-10-09', '20:55');
    expect((await s.outbox('safety.silent')).length).toBe(0);
    await s.goTo('2026-10-09', '21:05');
    const silent = await s.outbox('safety.silent');
    expect(silent.map((r) => r.chatExternalId).sort()).toEqual(['李书记', '王组长']);
    expect(silent[0]?.text).toContain('刘川 自 2026-10-08 起已连续 2 个应报日未报告');

    // 10-10, the make-up Saturday: a normal day again, and 陈闽 is back from leave.
    await s.goTo('2026-10-10', '09:00');
    expect(promptFor('2026-10-10')?.text).toContain('应报 4 人');
    for (const who of ['张云', '刘川', '王组长']) await s.text(who, '/checkin 在岗');
    await s.goTo('2026-10-10', '12:05');
    const satReminder = (await s.outbox('checkin.remind')).find((r) => r.chatExternalId === DEMO_GROUP_CHAT && r.text.includes('2026-10-10'));
    expect(satReminder?.mentions.map((m) => m.name)).toEqual(['陈闽']);
    await s.text('陈闽', '/checkin 福建三明 在岗');
    await s.goTo('2026-10-11', '23:00');

    // Prompts on exactly the required days, once each; the member on leave never prompted, reminded or listed.
    const prompts = await s.outbox('checkin.prompt');
    expect(prompts.map((r) => (r.purposeRef as { localDate: string }).localDate)).toEqual(REQUIRED);
    const remindRows = await s.outbox('checkin.remind');
    const duringLeave = remindRows.filter((r) => r.createdAt >= new Date('2026-09-28T16:00:00Z') && r.createdAt < new Date('2026-10-09T16:00:00Z'));
    expect(duringLeave.length).toBeGreaterThan(0);
    expect(duringLeave.some((r) => r.chatExternalId === '陈闽' || r.mentions.some((m) => m.name === '陈闽'))).toBe(false);
    expect((await s.outbox('safety.silent')).length).toBe(2);
    expect((await s.outbox()).every((r) => r.status === 'sent')).toBe(true);
    expect(ids.chen).toBeGreaterThan(0);
  }, 300_000);
});
