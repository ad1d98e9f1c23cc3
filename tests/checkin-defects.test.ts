import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { checkins } from '../db/schema';
import { forEachBackend } from './harness/backends';
import { Scenario } from './harness/scenario';
import { DEMO_GROUP_CHAT } from '../bots/console/demo/demo-seed';

forEachBackend('check-in defects found by a new user (issue 10)', (get) => {
  it('/attendance and /my do not count days before the member existed', async () => {
    // The demo members are created on Monday 2026-11-30, the last day of November.
    const s = await Scenario.create(get().db, '2026-11-30', '08:30');
    const own = await s.text('张云', '/attendance 2026-11');
    expect(own).toContain('· 张云：1 / 0 / 0 / 0 / 0');
    const leader = await s.text('王组长', '/attendance 2026-11');
    expect(leader).toContain('· 刘川：1 / 0 / 0 / 0 / 0');
    expect(await s.text('张云', '/my 30')).toContain('漏报：无');
  });

  it('the prompt\'s one-tap buttons, "平安 在岗" and in English "safe on duty", store no place', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '08:30');
    const dayRow = async (name: string) =>
      (
        await s.db
          .select()
          .from(checkins)
          .where(and(eq(checkins.memberId, await s.memberId(name)), eq(checkins.localDate, '2026-12-01')))
      )[0];
    await s.say('张云', '/checkin 平安 在岗');
    expect(await dayRow('张云')).toMatchObject({ place: null, status: '在岗' });
    await s.say('刘川', '/checkin safe on duty');
    expect(await dayRow('刘川')).toMatchObject({ place: null, status: '在岗' });
  });

  it('a reply to the group reminder is a report for its day, like a reply to the prompt', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '11:50');
    await s.goTo('2026-12-01', '12:05');
    const reminder = s.adapter.sent.find((m) => m.chatId === DEMO_GROUP_CHAT && m.text.startsWith('⏰ 2026-12-01'));
    expect(reminder?.messageId).toBeTruthy();
    expect(await s.text('张云', '云南曲靖 在岗 一切正常', { replyTo: reminder?.messageId })).toContain('已收到 张云 2026-12-01');
    const [row] = await s.db
      .select()
      .from(checkins)
      .where(and(eq(checkins.memberId, await s.memberId('张云')), eq(checkins.localDate, '2026-12-01')));
    expect(row).toMatchObject({ place: '云南曲靖', status: '在岗' });
  });

  it('a back-fill date written as people write it fills that day; a day that does not exist is refused and nothing is stored', async () => {
    const s = await Scenario.create(get().db, '2026-12-02', '09:00');
    expect(await s.text('张云', '/checkin 12月1日 云南曲靖 在岗 补报')).toContain('张云 2026-12-01');
    expect(await s.text('刘川', '/checkin 昨天 四川凉山 在岗')).toContain('刘川 2026-12-01');
    expect(await s.text('陈闽', '/checkin 明天 福建三明 在岗')).toContain('不能为将来的日期报平安');
    expect(await s.text('陈闽', '/checkin tomorrow 福建三明 在岗')).toContain('不能为将来的日期报平安');
    const refused = await s.text('陈闽', '/checkin 12-32 福建三明 在岗');
    expect(refused).toContain('「12-32」不是可用的日期：可写成 2026-12-01、12-01、12月1日、1号、昨天');
    expect(refused).toContain('用法：/checkin [日期]');
    const rows = await s.db.select({ date: checkins.localDate, place: checkins.place }).from(checkins);
    expect(rows).toHaveLength(2);
    expect(rows).toContainEqual({ date: '2026-12-01', place: '四川凉山' });
    expect(rows).toContainEqual({ date: '2026-12-01', place: '云南曲靖' });
  });

  it('a report said to the bot before the 08:00 prompt is not met with silence: it says how to check in now', async () => {
    const s = await Scenario.create(get().db, '2026-12-02', '07:30');
    const early = await s.text('张云', '云南曲靖 在岗 早上七点半私聊', { private: true });
    expect(early).toContain('现在还不到报平安的时间（应报日 08:00 开始），这条没有记录');
    expect(early).toContain('/checkin 云南曲靖 在岗');
    expect(await s.db.select().from(checkins)).toEqual([]);
    expect(await s.text('张云', '/checkin 云南曲靖 在岗 早上七点半')).toContain('已收到 张云 2026-12-02');
  });

  it("a report of injury said to the bot at night is kept and alerted on at once, outside the day's window", async () => {
    const s = await Scenario.create(get().db, '2026-12-05', '23:10');
    expect(await s.text('刘川', '我摔伤了腿，走不了路', { private: true })).toContain('已收到 刘川 2026-12-05');
    const alerts = (await s.outbox('safety.unsafe')).map((r) => r.chatExternalId).sort();
    expect(alerts).toEqual(['李书记', '王组长']);
    // Told "需要帮助请随时说", the member's "需要！" is that request: the leaders hear it, and the report stays.
    expect(await s.text('刘川', '需要！', { private: true })).toContain('已立即通知党小组长和支部书记');
    const again = (await s.outbox('safety.unsafe')).filter((r) => r.chatExternalId === '王组长');
    expect(again.at(-1)?.text).toContain('本人回复需要组织帮助');
    const [row] = await s.db.select().from(checkins);
    expect(row).toMatchObject({ rawText: '我摔伤了腿，走不了路', help: 'yes', safetyLevel: 'urgent' });
    // A bare yes with nothing to answer is not a report either.
    expect(await s.say('刘川', '需要！', { private: true })).toEqual([]);
    expect((await s.db.select().from(checkins))[0]?.rawText).toBe('我摔伤了腿，走不了路');
  });

  it("a later report naming no place or status keeps the day's place and status", async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    await s.say('刘川', '/checkin 四川凉山 在岗 一切正常');
    await s.say('刘川', '/checkin 吃坏了肚子，有点拉肚子');
    const [row] = await s.db.select().from(checkins);
    expect(row).toMatchObject({ place: '四川凉山', status: '在岗', note: '吃坏了肚子，有点拉肚子' });
  });

  it('a report on a rest day is kept but does not make the day required', async () => {
    const s = await Scenario.create(get().db, '2026-12-05', '10:00');
    expect(await s.text('张云', '/checkin 云南曲靖 在岗 周六加班收购')).toContain('已收到 张云 2026-12-05');
    expect(await s.text('张云', '/attendance 2026-12')).toContain('· 张云：0 / 0 / 0 / 0 / 0');
    expect(await s.text('张云', '/my')).toContain('周六加班收购');
  });

  it('/unreported refuses a future date with the allowed form, and reads days as people write them and 全支部', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    expect(await s.text('王组长', '/unreported 2026-12-08')).toContain('不能查询将来的日期');
    expect(await s.text('王组长', '/unreported 2026-12-01')).toContain('未报');
    expect(await s.text('王组长', '/unreported 昨天 全支部')).toContain('2026-11-30');
    expect(await s.text('王组长', '/unreported 12月1日')).toContain('2026-12-01 未报');
    expect(await s.text('王组长', '/unreported Dec 1')).toContain('2026-12-01 未报');
    expect(await s.text('王组长', '/unreported 全支部 昨天')).toContain('2026-11-30');
  });

  it('/remind says who never joined and cannot get a private reminder', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    await s.text('王组长', '/member add 孙新 group=原料物资科党小组', { private: true });
    const answer = await s.text('王组长', '/remind');
    expect(answer).toContain('其中 孙新 还没有加入机器人，收不到私信，请电话联系');
  });

  it('a second /remind within ten minutes of any reminder is refused and reminds nobody again; after that it works', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    expect(await s.text('王组长', '/remind')).toContain('已提醒');
    const first = (await s.outbox('checkin.remind')).length;
    expect(first).toBeGreaterThan(0);
    s.runtime.clock.set(new Date(s.now().getTime() + 5 * 60_000));
    expect(await s.text('王组长', '/remind')).toContain('09:00 刚提醒过，10 分钟内不再重复提醒');
    expect(await s.outbox('checkin.remind')).toHaveLength(first);
    s.runtime.clock.set(new Date(s.now().getTime() + 6 * 60_000));
    expect(await s.text('王组长', '/remind')).toContain('已提醒');
    expect((await s.outbox('checkin.remind')).length).toBe(2 * first);
    // Right after the scheduled 12:00 reminder, a manual one would ping the same people again.
    await s.goTo('2026-12-01', '12:01');
    expect(await s.text('王组长', '/remind')).toContain('12:00 刚提醒过');
  });

  it('a check-in report is capped at 500 characters, and nothing is stored', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    expect(await s.text('张云', `/checkin 云南曲靖 在岗 ${'收购正常'.repeat(200)}`)).toContain('报告太长了（最多 500 个字）');
    expect(await s.db.select().from(checkins)).toEqual([]);
  });

  it('the secretary checking in is not told to contact the secretary', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    const answer = await s.text('李书记', '/checkin 昆明 在岗');
    expect(answer).toContain('你是支部书记，不属于任何党小组');
    expect(answer).not.toContain('请联系支部书记');
  });

  it('no raw English validation text inside a Chinese reply', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    await s.text('王组长', '/study post 学习党章 | 第一章');
    const answer = await s.text('张云', `/studied 1 ${'学'.repeat(4001)}`);
    expect(answer).toContain('内容太长，最多 4000 个字');
    // The problem line (before the usage line with its command word) holds no English.
    expect(answer.split('\n')[0]).not.toMatch(/[A-Za-z]/);
  });

  it('/checkin with nothing but emoji is refused with the form, and nothing is stored', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    expect(await s.text('张云', '/checkin 🙂🙂🙂')).toContain('请写上地点和状态，例如：/checkin 云南曲靖 在岗 一切正常');
    expect(await s.db.select().from(checkins)).toEqual([]);
  });
});
