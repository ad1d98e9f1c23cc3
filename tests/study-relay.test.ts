import { expect, it } from 'vitest';
import { groups, studyPassages, studyRelayPosts } from '../db/schema';
import { groupSettings } from '../src/org/settings';
import { RELAY_JOB } from '../src/study/relay.job';
import { forEachBackend } from './harness/backends';
import { DEMO_GROUP_CHAT, rig, seedTwoGroups, sent, sh } from './study-fixture';

const BODY = '第一段：坚持党的全面领导。§第二段：坚持以人民为中心。§第三段：坚持全面深化改革。';
const NOTE = (n: number) => `第${n}段学习体会：联系烟叶收购一线工作，认真领会并落实到日常工作中。`;

forEachBackend('relay study (小组传达定期学)', (get) => {
  it('posts three passages on three scheduled evenings, each once, and keeps per-member progress', async () => {
    const db = get().db;
    const { group1 } = await seedTwoGroups(db);
    const { h, tickAt } = rig(db);
    await h.ask('王组长', `/study post 传达二十大报告 | ${BODY}`, { chat: DEMO_GROUP_CHAT });
    const set = await h.ask('王组长', '/学习 传达 1 0 20 * * 2', { chat: DEMO_GROUP_CHAT });
    expect(set).toContain('共 3 段');
    expect(set).toContain('下一次：2026-12-01 20:00');
    expect((await db.select().from(studyPassages)).map((p) => p.text)).toEqual([
      '第一段：坚持党的全面领导。',
      '第二段：坚持以人民为中心。',
      '第三段：坚持全面深化改革。',
    ]);
    expect(await h.ask('张云', `/studied 1 ${NOTE(1)}`)).toContain('第一段还没有推送');

    await tickAt(sh('2026-12-01 19:59'));
    expect(await sent(db, 'study.relay')).toHaveLength(0);
    await tickAt(sh('2026-12-01 20:00'));
    await tickAt(sh('2026-12-01 20:01'));
    await tickAt(sh('2026-12-02 20:00')); // a Wednesday: nothing
    let posts = await sent(db, 'study.relay');
    expect(posts.map((p) => [p.chatExternalId, p.text.split('\n')[0]])).toEqual([[DEMO_GROUP_CHAT, '📖 传达学习 #1「传达二十大报告」第 1/3 段：']]);
    expect(await h.ask('张云', `/studied 1 ${NOTE(1)}`)).toContain('第 1 段');

    // The process was down at 20:00 on the second Tuesday: the passage still goes out within the grace window.
    await tickAt(sh('2026-12-08 20:30'));
    await tickAt(sh('2026-12-08 20:31'));
    await tickAt(sh('2026-12-15 20:00'));
    posts = await sent(db, 'study.relay');
    expect(posts.map((p) => p.text.split('\n')[1])).toEqual([
      '第一段：坚持党的全面领导。',
      '第二段：坚持以人民为中心。',
      '第三段：坚持全面深化改革。',
    ]);
    expect(posts.every((p) => p.chatExternalId === DEMO_GROUP_CHAT)).toBe(true);
    expect(await db.select().from(studyRelayPosts)).toHaveLength(3);

    // 张云 catches up passage by passage; 刘川 confirms only the first.
    expect(await h.ask('张云', `/studied 1 ${NOTE(2)}`)).toContain('第 2 段');
    expect(await h.ask('刘川', `/studied 1 ${NOTE(1)}`)).toContain('第 1 段');
    expect(await h.ask('张云', '/study list')).toContain('已学 2/3 段（共 3 段）');
    expect(await h.ask('刘川', '/study list')).toContain('已学 1/3 段（共 3 段）');
    const status = await h.ask('王组长', '/study status 1');
    expect(status).toContain('已学 0/4 人');
    expect(status).toContain('未学：王组长、张云、刘川、陈闽');

    // All passages are out: nothing more is due, however long the clock runs.
    await tickAt(sh('2026-12-22 20:00'));
    expect(await sent(db, 'study.relay')).toHaveLength(3);
    const scheduled = (await db.select().from(groups)).map((g) => ({ ...g, config: groupSettings(g.settings) }));
    expect(scheduled.some((g) => g.id === group1)).toBe(true);
    expect(await RELAY_JOB.due({ db, now: sh('2026-12-22 20:00') })).toEqual([]);
  });

  it('refuses a bad schedule or a body that cannot be cut, with the reason, and changes nothing', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h } = rig(db);
    await h.ask('王组长', '/study post 一段话 | 只有一段内容', { chat: DEMO_GROUP_CHAT });
    await h.ask('王组长', `/study post 三段 | ${BODY}`, { chat: DEMO_GROUP_CHAT });
    const bad = await h.ask('王组长', '/study relay 2 每周二晚上');
    expect(bad).toContain('推送时间「每周二晚上」不是有效的 cron 表达式');
    expect(bad).toContain('用法：/study relay');
    expect(await h.ask('王组长', '/study relay 2 0 25 * * 2')).toContain('不是有效的 cron 表达式');
    expect(await h.ask('王组长', '/study relay 1 0 20 * * 2')).toContain('至少要分成 2 段');
    expect(await h.ask('孙组长', '/study relay 2 0 20 * * 2')).toContain('不属于你管理的党小组');
    expect(await db.select().from(studyPassages)).toHaveLength(0);
    expect(await h.ask('王组长', '/study relay 2 off')).toContain('已停止学习 #2 的定期推送（已推送 0 段）');
  });
});
