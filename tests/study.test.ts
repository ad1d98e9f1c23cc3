import { count, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { accounts, leaveRequests, members, studyItems, studyNoteEdits, studyNotes } from '../db/schema';
import { createGroup, createMember } from '../src/org/org.service';
import { announceItem } from '../src/study/post';
import { forEachBackend } from './harness/backends';
import { DEMO_GROUP_CHAT, GROUP2_CHAT, MAIN_CHAT, T0, memberId, rig, seedTwoGroups, sent, sentTo, sh } from './study-fixture';

const NOTE = '学习了党章总纲，体会到党员要在岗位上发挥先锋模范作用。';

forEachBackend('study items', (get) => {
  it('a branch-wide item reaches the classrooms of both groups and the main classroom, once', async () => {
    const db = get().db;
    const { branchId } = await seedTwoGroups(db);
    // A third group with no classroom yet: its people hear of the item privately.
    const g3 = await createGroup(db, branchId, '第三党小组');
    const { member } = await createMember(db, { branchId, name: '郑滇', groupId: g3.id }, T0);
    await db.insert(accounts).values({ platform: 'console', externalId: '郑滇', memberId: member.id, lastSeenAt: T0 });
    const { h } = rig(db);
    expect(await h.ask('李书记', '/classroom main', { chat: MAIN_CHAT, chatTitle: MAIN_CHAT })).toContain('主课堂');
    const reply = await h.ask('李书记', '/学习 发布 学习党章 | 第一章 总纲 | 2026-12-05');
    expect(reply).toContain('学习 #1');
    expect(reply).toContain('全支部');
    expect(reply).toContain('3 个课堂，另私信 1 人');
    const rows = (await sent(db, 'study.post')).filter((r) => r.chatExternalId !== '郑滇');
    expect(rows.map((r) => r.chatExternalId).sort()).toEqual([DEMO_GROUP_CHAT, GROUP2_CHAT, MAIN_CHAT].sort());
    for (const r of rows) {
      expect(r.text).toContain('📚 学习 #1：学习党章');
      expect(r.text).toContain('截止：2026-12-05 23:59');
      expect(r.text).toContain('/studied 1');
    }
    expect((await sentTo(db, 'study.post', '郑滇'))[0]?.text).toContain('📚 学习 #1：学习党章');
    const [item] = await db.select().from(studyItems);
    expect(item?.groupId).toBeNull();
    expect(item?.deadline?.toISOString()).toBe('2026-12-05T15:59:00.000Z');
    // Announcing again (a retried transaction) writes nothing twice.
    if (item) expect(await announceItem(db, T0, item)).toEqual({ rooms: 0, privately: 1 });
    expect(await sent(db, 'study.post')).toHaveLength(4);
  });

  it('a leader posts to their own group only; the whole branch is refused and nothing is written', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h } = rig(db);
    const refused = await h.ask('王组长', '/study post 学习 | 内容 scope=branch', { chat: DEMO_GROUP_CHAT });
    expect(refused).toContain('只有支部书记可以面向全支部发布');
    const otherGroup = await h.ask('王组长', '/study post 学习 | 内容 group=第二党小组');
    expect(otherGroup).toContain('党小组长只能管理自己带领的党小组');
    const badDeadline = await h.ask('王组长', '/study post 学习 | 内容 | 2026-12-45');
    expect(badDeadline).toContain('截止时间「2026-12-45」看不懂');
    expect(badDeadline).toContain('用法：/study post');
    expect(await h.ask('王组长', '/study post 学习 | 内容 | 2026-11-30')).toContain('已经过去');
    expect(await h.ask('王组长', '/study post 只有标题')).toContain('内容不能为空');
    expect((await db.select({ n: count() }).from(studyItems))[0]?.n).toBe(0);
    expect(await sent(db, 'study.post')).toHaveLength(0);
    const ok = await h.ask('王组长', '/study post 小组学习 | https://example.com/article | 2026-12-04 18:00', { chat: DEMO_GROUP_CHAT });
    expect(ok).toContain('原料物资科党小组');
    const rows = await sent(db, 'study.post');
    expect(rows.map((r) => r.chatExternalId)).toEqual([DEMO_GROUP_CHAT]);
    expect(rows[0]?.text).toContain('链接：https://example.com/article');
    expect(rows[0]?.text).toContain('截止：2026-12-04 18:00');
  });

  it('notes: too short is refused with the reason, a second note updates and keeps the first', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    await db.update(members).set({ lang: 'en' }).where(eq(members.name, '刘川'));
    const { h } = rig(db);
    await h.ask('李书记', '/study post 学习党章 | 第一章 总纲 | 2026-12-05');
    const short = await h.ask('张云', '/已学 1 学了', { chat: DEMO_GROUP_CHAT });
    expect(short).toBe('笔记太短：至少 15 个字，你写了 2 个字。请写下学习体会后重新发送：/studied 1 学习笔记');
    expect(await h.ask('刘川', '/studied 1 ok')).toContain('Your note is too short: at least 15 characters, you wrote 2');
    expect(await h.ask('张云', '/studied abc 学习体会')).toContain('编号应为正整数');
    expect(await h.ask('张云', '/studied 9 学习体会学习体会学习体会学习体会')).toContain('没有学习 #9');
    expect(await h.ask('赵志愿', `/studied 1 ${NOTE}`)).toContain('不是发给你所在党小组的');
    expect((await db.select({ n: count() }).from(studyNotes))[0]?.n).toBe(0);

    const first = await h.say('张云', `/studied 1 ${NOTE}`, { chat: DEMO_GROUP_CHAT });
    expect(first[0]?.chatId).toBe('张云');
    expect(first[0]?.text).toContain('已记录你对学习 #1「学习党章」的笔记');
    expect(first[1]).toMatchObject({ chatId: DEMO_GROUP_CHAT, text: '详情已私信发给你。' });
    const second = await h.ask('张云', `/studied 1 ${NOTE}再补充：要把学习和烟叶收购结合起来。`);
    expect(second).toContain('已更新');
    const notes = await db.select().from(studyNotes);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.note).toContain('再补充');
    const edits = await db.select().from(studyNoteEdits);
    expect(edits.map((e) => e.previous)).toEqual([NOTE]);
  });

  it('status (privately, the leader sees only their group) and list show who studied', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h } = rig(db);
    await h.ask('李书记', '/study post 学习党章 | 第一章 总纲 | 2026-12-05');
    await h.ask('张云', `/studied 1 ${NOTE}`);
    await h.ask('周闽', `/studied 1 ${NOTE}`);
    const leader = await h.say('王组长', '/study status 1', { chat: DEMO_GROUP_CHAT });
    expect(leader[0]?.chatId).toBe('王组长');
    const text = leader[0]?.text ?? '';
    expect(text).toContain('已学 1/4 人');
    expect(text).toContain('· 张云（12-01 08:00）：学习了党章总纲');
    expect(text).toContain('未学：王组长、刘川、陈闽');
    expect(text).not.toContain('周闽');
    const secretary = await h.ask('李书记', '/学习 情况 #1');
    expect(secretary).toContain('已学 2/7 人');
    expect(secretary).toContain('各党小组：');
    expect(await h.ask('张云', '/study status 1')).toContain('没有使用 /study status 的权限');
    expect(await h.ask('张云', '/study list')).toContain('#1 学习党章｜截止 2026-12-05 23:59｜✅ 你已学');
    expect(await h.ask('刘川', '/study list')).toContain('⏳ 你未学（/studied 1 学习笔记）');
    expect(await h.ask('李书记', '/study list')).toContain('全体 2/7');
  });

  it('the evening before the deadline reminds only the ones missing, once, and not those on leave', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const { h, tickAt } = rig(db);
    await h.ask('王组长', '/study post 小组学习 | 第一章 | 2026-12-05', { chat: DEMO_GROUP_CHAT });
    await h.ask('张云', `/studied 1 ${NOTE}`);
    await db.insert(leaveRequests).values({
      memberId: await memberId(db, '陈闽'),
      groupId: 1,
      fromDate: '2026-12-03',
      toDate: '2026-12-06',
      reason: '探亲',
      status: 'approved',
      createdAt: T0,
    });
    await tickAt(sh('2026-12-04 19:59'));
    expect(await sent(db, 'study.reminder')).toHaveLength(0);
    await tickAt(sh('2026-12-04 20:00'));
    await tickAt(sh('2026-12-04 20:01'));
    await tickAt(sh('2026-12-04 21:30'));
    const reminders = await sent(db, 'study.reminder');
    expect(reminders.map((r) => r.chatExternalId).sort()).toEqual(['刘川', '王组长'].sort());
    expect(reminders[0]?.text).toContain('学习 #1「小组学习」将于 2026-12-05 23:59 截止');
    expect(await sentTo(db, 'study.reminder', '张云')).toHaveLength(0);
  });
});
