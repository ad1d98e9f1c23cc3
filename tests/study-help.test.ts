import { expect, it } from 'vitest';
import { forEachBackend } from './harness/backends';
import { rig, seedTwoGroups } from './study-fixture';

forEachBackend('study and meeting commands in /help', (get) => {
  it('/help lists the study and meeting commands a member may use; /study alone offers its sub-commands', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h } = rig(db);
    const help = await h.ask('张云', '/help');
    for (const usage of ['/studied 编号 学习笔记', '/study list', '/signin 会议编号', '/meeting leave 会议编号 事由', '/meeting list'])
      expect(help).toContain(usage);
    expect(help).not.toContain('/study post');
    expect(help).not.toContain('/orglife');
    expect(await h.ask('李书记', '/help')).toContain('/orglife [年份] [季度]');
    const choose = await h.ask('王组长', '/学习');
    expect(choose).toContain('请指明要做什么');
    expect(choose).toContain('/study post 标题');
    expect(choose).toContain('/study relay 编号');
  });
});
