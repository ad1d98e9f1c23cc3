import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { checkins } from '../db/schema';
import { forEachBackend } from './harness/backends';
import { Scenario } from './harness/scenario';

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

  it('the prompt\'s one-tap button "平安 在岗" stores no place', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '08:30');
    await s.say('张云', '/checkin 平安 在岗');
    const [row] = await s.db
      .select()
      .from(checkins)
      .where(and(eq(checkins.memberId, await s.memberId('张云')), eq(checkins.localDate, '2026-12-01')));
    expect(row).toMatchObject({ place: null, status: '在岗' });
  });

  it('/unreported refuses a future date with the allowed form', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    expect(await s.text('王组长', '/unreported 2026-12-08')).toContain('不能查询将来的日期');
    expect(await s.text('王组长', '/unreported 2026-12-01')).toContain('未报');
  });

  it('/remind says who never joined and cannot get a private reminder', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    await s.text('王组长', '/member add 孙新 group=原料物资科党小组', { private: true });
    const answer = await s.text('王组长', '/remind');
    expect(answer).toContain('其中 孙新 还没有加入机器人，收不到私信，请电话联系');
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
