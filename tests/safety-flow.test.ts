import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { checkins, groups } from '../db/schema';
import { checkinsSheet } from '../src/checkins/checkins.sheet';
import { forEachBackend } from './harness/backends';
import type { Scenario as S } from './harness/scenario';
import { Scenario } from './harness/scenario';

const DAY = '2026-12-01';

async function dayRow(s: S, name: string) {
  const [row] = await s.db
    .select()
    .from(checkins)
    .where(and(eq(checkins.memberId, await s.memberId(name)), eq(checkins.localDate, DAY)));
  return row;
}

const alertsTo = async (s: S, who: string) => (await s.outbox('safety.unsafe')).filter((r) => r.chatExternalId === who);
const todayDetails = async (s: S) => (await s.say('王组长', '/today')).find((o) => o.chatId === '王组长')?.text ?? '';

forEachBackend('graded safety in check-ins', (get) => {
  it('urgent alerts the leader and the secretary once; a repeat does not, a new emergency does', async () => {
    const s = await Scenario.create(get().db, DAY, '08:10');
    const reply = await s.say('张云', '/checkin 云南曲靖 昨晚吃了路边摊 上吐下泻');
    expect(reply.find((o) => o.chatId === '张云')?.text).toContain('已立即通知党小组长和支部书记');
    expect((await alertsTo(s, '王组长')).map((r) => r.text)).toEqual([
      expect.stringContaining('⚠️ 安全提醒：张云（2026-12-01）报告：「云南曲靖 昨晚吃了路边摊 上吐下泻」'),
    ]);
    expect(await alertsTo(s, '李书记')).toHaveLength(1);
    await s.say('张云', '/checkin 云南曲靖 还是上吐下泻');
    expect(await alertsTo(s, '王组长')).toHaveLength(1);
    await s.say('张云', '/checkin 去医院路上 车被撞了');
    expect((await alertsTo(s, '王组长')).map((r) => r.text)[1]).toContain('车被撞了');
    expect((await dayRow(s, '张云'))?.safetyLevel).toBe('urgent');
  });

  it('attention alerts nobody but is marked in /today, the evening details and the export', async () => {
    const s = await Scenario.create(get().db, DAY, '08:10');
    const reply = await s.say('刘川', '/checkin 四川凉山 在岗 有点感冒 咳嗽');
    expect(reply.map((o) => o.text)).toEqual(['✅ 已收到 刘川 2026-12-01 的报告。']);
    expect(await s.outbox('safety.unsafe')).toEqual([]);
    expect(await todayDetails(s)).toContain('· 刘川｜四川凉山｜在岗｜有点感冒 咳嗽 ⚠️需关注');
    await s.goTo(DAY, '21:05');
    const evening = (await s.outbox('checkin.summary')).filter((r) => r.chatExternalId === '李书记' || r.chatExternalId === '王组长');
    expect(evening).toHaveLength(2);
    for (const r of evening) expect(r.text).toContain('有点感冒 咳嗽 ⚠️需关注');
    const [group] = await s.db.select({ branchId: groups.branchId }).from(groups).limit(1);
    const rows = await checkinsSheet.rows({
      db: s.db,
      branchId: group!.branchId,
      from: DAY,
      to: DAY,
      tz: 'Asia/Shanghai',
      month: '2026-12',
      request: {},
      now: s.now(),
      details: false,
    });
    expect(rows.find((r) => r.member === '刘川')?.safety).toBe('需关注 (needs attention)');
  });

  it('an unclear report asks the member once: "1" alerts, "2" or "不需要，谢谢" records no alert and keeps the report', async () => {
    const s = await Scenario.create(get().db, DAY, '08:10');
    const asked = await s.say('张云', '云南曲靖 身体有点不舒服', { private: true });
    expect(asked.map((o) => o.text)).toEqual(['✅ 已收到 张云 2026-12-01 的报告。', '需要组织帮助吗？回复 1 需要，回复 2 不需要。']);
    expect(await s.outbox('safety.unsafe')).toEqual([]);
    expect(await s.text('张云', '1', { private: true })).toBe('⚠️ 已立即通知党小组长和支部书记，请保持电话畅通。');
    expect((await alertsTo(s, '王组长')).map((r) => r.text)).toEqual([expect.stringContaining('本人回复需要组织帮助')]);
    expect(await alertsTo(s, '李书记')).toHaveLength(1);
    expect((await dayRow(s, '张云'))?.help).toBe('yes');
    // A second "1" is not an answer to anything any more, and not a report either.
    expect(await s.say('张云', '1', { private: true })).toEqual([]);
    expect(await alertsTo(s, '王组长')).toHaveLength(1);

    await s.say('陈闽', '福建三明 今天不太舒服', { private: true });
    expect(await s.text('陈闽', '2', { private: true })).toContain('不通知党小组长');
    expect(await alertsTo(s, '王组长')).toHaveLength(1);
    expect(await dayRow(s, '陈闽')).toMatchObject({ help: 'no', safetyLevel: 'attention' });
    expect(await todayDetails(s)).toContain('（本人表示不需要帮助）');

    await s.say('刘川', '四川凉山 在岗 身体不舒服', { private: true });
    expect(await s.text('刘川', '不需要，谢谢', { private: true })).toContain('不通知党小组长');
    expect(await dayRow(s, '刘川')).toMatchObject({ help: 'no', rawText: '四川凉山 在岗 身体不舒服', place: '四川凉山' });
  });

  it('issue 14: "发烧 头疼" then privately "好的，谢谢书记关心" keeps the report, the alert and the leader\'s view', async () => {
    const s = await Scenario.create(get().db, DAY, '08:10');
    await s.say('张云', '发烧 头疼', { private: true });
    expect(await alertsTo(s, '王组长')).toHaveLength(1);
    expect(await s.say('张云', '好的，谢谢书记关心', { private: true })).toEqual([]);
    expect(await s.say('张云', '👍', { private: true })).toEqual([]);
    expect(await s.say('张云', '明天几点开会？', { private: true })).toEqual([]);
    expect(await dayRow(s, '张云')).toMatchObject({ rawText: '发烧 头疼', safetyLevel: 'urgent', unsafe: true });
    expect(await todayDetails(s)).toContain('· 张云｜—｜—｜发烧 头疼 ⚠️紧急');
  });

  it('a later report keeps the day urgent unless the member says they are well again; the leader sees the history', async () => {
    const s = await Scenario.create(get().db, DAY, '08:10');
    await s.say('张云', '/checkin 云南曲靖 被狗咬了 腿上流血');
    await s.say('张云', '/checkin 云南曲靖 在岗');
    expect((await dayRow(s, '张云'))?.safetyLevel).toBe('urgent');
    let details = await todayDetails(s);
    expect(details).toContain('· 张云｜云南曲靖｜在岗｜— ⚠️紧急');
    expect(details).toContain('早些时候报告：「云南曲靖 被狗咬了 腿上流血」（紧急）');
    await s.say('张云', '/checkin 云南曲靖 打了疫苗 已经好了 在岗');
    expect((await dayRow(s, '张云'))?.safetyLevel).toBe('none');
    details = await todayDetails(s);
    expect(details).not.toContain('⚠️紧急');
    expect(details).toContain('早些时候报告：「云南曲靖 被狗咬了 腿上流血」（紧急）');
    expect(await alertsTo(s, '王组长')).toHaveLength(1);
  });

  it("a leader's proxy report does not overwrite the member's own report of the day", async () => {
    const s = await Scenario.create(get().db, DAY, '08:10');
    await s.say('张云', '/checkin 云南曲靖 在岗 一切正常');
    const refused = await s.text('王组长', '/checkin @张云 云南曲靖 休假');
    expect(refused).toBe('张云 今天已经自己报过平安：「云南曲靖 在岗 一切正常」。代报没有覆盖本人的报告；如有变化，请本人再报一次。');
    expect((await dayRow(s, '张云'))?.rawText).toBe('云南曲靖 在岗 一切正常');
    expect(await s.text('王组长', '/checkin @刘川 四川凉山 在岗')).toContain('由 王组长 代报');
  });
});
