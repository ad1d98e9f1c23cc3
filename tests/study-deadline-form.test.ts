import { expect, it } from 'vitest';
import { studyItems } from '../db/schema';
import { forEachBackend } from './harness/backends';
import { DEMO_GROUP_CHAT, rig, seedTwoGroups, sent, sh } from './study-fixture';

forEachBackend('/study post deadline in the form /help shows (issue 10)', (get) => {
  it('"| 截止 2026-12-06 18:00" is stored as the deadline, not body text, and the evening before reminds', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h, tickAt } = rig(db);
    const posted = await h.ask('王组长', '/study post 小组学习 | 第一章 | 截止 2026-12-06 18:00', { chat: DEMO_GROUP_CHAT });
    expect(posted).toContain('#1');
    const [item] = await db.select().from(studyItems);
    expect(item?.body).toBe('第一章');
    expect(item?.deadline?.toISOString()).toBe(sh('2026-12-06 18:00').toISOString());
    await tickAt(sh('2026-12-05 20:01'));
    expect((await sent(db, 'study.reminder')).length).toBeGreaterThan(0);
    await h.ask('王组长', '/study post 另一项 | 第二章 | DEADLINE 2026-12-07', { chat: DEMO_GROUP_CHAT });
    const rows = await db.select().from(studyItems);
    expect(rows.find((r) => r.title === '另一项')?.deadline).not.toBeNull();
  });

  it('a deadline in another date shape ("| 12月6日", "| Dec 5") is refused with the form, not broadcast as body text', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h } = rig(db);
    for (const shape of ['12月6日', 'Dec 5', '明天 20:00']) {
      const answer = await h.ask('王组长', `/study post 小组学习 | 第一章 | ${shape}`, { chat: DEMO_GROUP_CHAT });
      expect(answer).toContain(`截止时间「${shape}」看不懂`);
    }
    expect(await db.select().from(studyItems)).toEqual([]);
    await h.ask('王组长', '/study post 小组学习 | 第一章 | 第二章', { chat: DEMO_GROUP_CHAT });
    expect((await db.select().from(studyItems))[0]?.body).toBe('第一章 | 第二章');
  });
});
