import { expect, it } from 'vitest';
import { seedDemo } from '../bots/console/demo/demo-seed';
import { forEachBackend } from './harness/backends';
import type { ChatHarness } from './harness/chat-harness';
import { rig, sent, sentTo, sh } from './study-fixture';

/** Arranges a meeting an hour ahead, then has someone expected sign in five minutes after its start. */
async function hold(h: ChatHarness, type: string, at: string, who = '张云'): Promise<number> {
  h.clock.set(new Date(sh(at).getTime() - 3_600_000));
  const organiser = type === '党小组会' ? '王组长' : '李书记';
  const reply = await h.ask(organiser, `/meeting new ${type} ${at} ${type}学习 duration=60`, { chat: '原料物资科党小组群' });
  const id = Number(/#(\d+)/.exec(reply)?.[1]);
  if (!id) throw new Error(reply);
  h.clock.set(new Date(sh(at).getTime() + 5 * 60_000));
  expect(await h.ask(who, `/signin ${id}`)).toContain('已签到');
  return id;
}

forEachBackend('organisational life (/orglife)', (get) => {
  it('a quarter with 党课 missing: counts against the rules, the gap, attendance, and one reminder a week before the end', async () => {
    const db = get().db;
    await seedDemo(db, sh('2026-10-01 08:00'));
    const { h, tickAt } = rig(db, sh('2026-10-01 08:00'));
    await hold(h, '支委会', '2026-10-10 09:00', '李书记');
    await hold(h, '党小组会', '2026-10-15 20:00');
    await hold(h, '支部党员大会', '2026-10-20 09:00');
    await hold(h, '主题党日', '2026-11-01 09:00');
    await hold(h, '支委会', '2026-11-10 09:00', '王组长');
    await hold(h, '党小组会', '2026-11-15 20:00');
    await hold(h, '支委会', '2026-12-10 09:00', '李书记');
    await hold(h, '党小组会', '2026-12-15 20:00');

    await tickAt(sh('2026-12-24 08:59'));
    expect(await sent(db, 'orglife.remind')).toHaveLength(0);
    await tickAt(sh('2026-12-24 09:00'));
    await tickAt(sh('2026-12-24 09:01'));
    const reminders = await sent(db, 'orglife.remind');
    expect(reminders.map((r) => r.chatExternalId)).toEqual(['李书记']);
    expect(reminders[0]?.text).toBe('⏰ 2026 年第 4 季度还剩一周，以下组织生活尚未召开，请及时安排：\n· 党课：本季度尚未召开');

    h.clock.set(sh('2027-01-05 10:00'));
    const record = await h.ask('李书记', '/组织生活 2026 4');
    expect(record).toContain('📊 2026 年第 4 季度组织生活（三会一课）：');
    expect(record).toContain('· 支部党员大会：1 次（要求每季度至少 1 次） ✅');
    expect(record).toContain('· 支委会：3 次（要求每月至少 1 次） ✅');
    expect(record).toContain('· 党小组会：3 次（要求每个党小组每月至少 1 次） ✅');
    expect(record).toContain('· 党课：0 次（要求每季度至少 1 次） ⚠️');
    expect(record).toContain('· 主题党日：1 次');
    expect(record).toContain('缺口：\n· 党课：本季度未召开');
    expect(record).toContain('· #1 10-10 支委会「支委会学习」出席 1/2（50%），请假 0');
    expect(record).toContain('· #3 10-20 支部党员大会「支部党员大会学习」出席 1/5（20%），请假 0');
    expect(await h.ask('李书记', '/orglife 2026Q4')).toBe(record);
    expect(await h.ask('李书记', '/orglife 2026 5')).toContain('年份和季度应写成：/orglife 2026 4');
    expect(await h.ask('王组长', '/orglife')).toContain('没有使用 /orglife 的权限');
    expect(await sentTo(db, 'orglife.remind', '王组长')).toHaveLength(0);
  });

  it('mid-quarter: a month that is over with none held is a gap, the running month is pending, arranged ones are counted', async () => {
    const db = get().db;
    await seedDemo(db, sh('2026-10-01 08:00'));
    const { h } = rig(db, sh('2026-10-01 08:00'));
    await hold(h, '支委会', '2026-10-10 09:00', '李书记');
    await hold(h, '党小组会', '2026-11-05 20:00');
    h.clock.set(sh('2026-11-20 10:00'));
    await h.ask('李书记', '/meeting new 支委会 2026-11-25 09:00 月度支委会');
    const record = await h.ask('李书记', '/orglife');
    expect(record).toContain('📊 2026 年第 4 季度');
    expect(record).toContain('· 党小组会：原料物资科党小组 10月 未召开');
    expect(record).toContain('· 支委会：11月 尚未召开（已安排 1 次）');
    expect(record).toContain('· 支部党员大会：本季度尚未召开');
    expect(record).not.toContain('12月');
  });
});
