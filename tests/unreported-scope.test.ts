import { expect, it } from 'vitest';
import { accounts } from '../db/schema';
import { createGroup, createMember, findBranch, updateGroupSettings } from '../src/org/org.service';
import { forEachBackend } from './harness/backends';
import { Scenario } from './harness/scenario';

/**
 * The secretary's /unreported covers every group with one query per local day (not one per group): each group
 * still gets its own answer, on its own day, in group order.
 */
forEachBackend('/unreported over several groups', (get) => {
  it('answers per group, each on its own local day, from one query per day', async () => {
    const { db } = get();
    const s = await Scenario.create(db, '2026-12-01', '09:00');
    const branch = await findBranch(db);
    if (!branch) throw new Error('no demo branch');
    const second = await createGroup(db, branch.id, '第二党小组');
    const far = await createGroup(db, branch.id, '驻美党小组');
    await updateGroupSettings(db, far.id, { tz: 'America/Los_Angeles' });
    for (const [name, groupId] of [
      ['孙甲', second.id],
      ['孙乙', second.id],
      ['周远', far.id],
    ] as const) {
      const { member } = await createMember(db, { branchId: branch.id, name, groupId }, s.now());
      await db.insert(accounts).values({ platform: 'console', externalId: name, memberId: member.id, displayName: name, lastSeenAt: s.now() });
    }
    await s.text('张云', '/checkin 云南曲靖 在岗');
    await s.text('孙甲', '/checkin 贵州遵义 在岗', { private: true });
    await s.text('孙乙', '/checkin 贵州毕节 在岗', { private: true });

    // 09:00 in Shanghai on Tuesday 1 December is 17:00 on Monday 30 November in Los Angeles.
    expect((await s.say('李书记', '/unreported', { private: true })).map((o) => o.text)).toEqual([
      '原料物资科党小组：2026-12-01 未报 3 人：王组长、刘川、陈闽',
      '第二党小组：2026-12-01 全部已报平安 👍',
      '驻美党小组：2026-11-30 未报 1 人：周远',
    ]);
    expect((await s.say('李书记', '/unreported 2026-12-05', { private: true })).map((o) => o.text)).toEqual([
      '原料物资科党小组：2026-12-05 不是应报日（节假日或休息日）。',
      '第二党小组：2026-12-05 不是应报日（节假日或休息日）。',
      '驻美党小组：2026-12-05 不是应报日（节假日或休息日）。',
    ]);
    expect((await s.say('李书记', '/unreported 第二党小组', { private: true })).map((o) => o.text)).toEqual([
      '第二党小组：2026-12-01 全部已报平安 👍',
    ]);
  });
});
