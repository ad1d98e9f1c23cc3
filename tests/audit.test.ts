import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditLog, groups } from '../db/schema';
import { coreTexts } from '../src/commands/commands.text';
import { ALL_JOBS } from '../src/app/features';
import { Scheduler } from '../src/jobs/scheduler';
import { silentLogger } from '../src/log';
import { auditRetentionJob } from '../src/app/audit-retention.job';
import { DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { forEachBackend } from './harness/backends';
import { ChatHarness } from './harness/chat-harness';
import { snapshot } from './harness/snapshot';

/** Tuesday 2026-12-01 10:00 in Shanghai. */
const START = new Date('2026-12-01T02:00:00Z');
const DAY = 86_400_000;
const inGroup = { chat: DEMO_GROUP_CHAT, chatTitle: DEMO_GROUP_CHAT };

forEachBackend('audit log and /audit', (get) => {
  async function demo(start = START): Promise<ChatHarness> {
    await seedDemo(get().db, start);
    return new ChatHarness(get().db, start);
  }

  it('records who did what to whom and from which chat; /audit lists it to the secretary privately, newest first', async () => {
    const h = await demo();
    await h.say('李书记', '/settings checkin.prompt 07:30', inGroup);
    h.clock.advance(60_000);
    await h.say('王组长', '/invite 张云');
    h.clock.advance(60_000);
    await h.say('王组长', '/checkin @刘川 四川凉山 在岗 一切正常', inGroup);
    h.clock.advance(60_000);
    await h.say('李书记', '/export checkins');
    h.clock.advance(60_000);
    const out = await h.say('李书记', '/audit', inGroup);
    // The list goes to the secretary's private chat; the group sees only the note.
    const list = out.find((o) => o.chatId === '李书记');
    expect(list?.text).toBeDefined();
    expect(out.find((o) => o.chatId === DEMO_GROUP_CHAT)?.text).toBe(coreTexts('zh').receivedPrivately());
    const lines = (list?.text ?? '').split('\n');
    expect(lines[0]).toBe('最近 7 天的操作记录（4 条，新的在前）：');
    expect(lines[1]).toBe('12-01 10:03 李书记：导出数据，checkins 2026-12（来自控制台私聊）');
    expect(lines[2]).toBe(`12-01 10:02 王组长：代报平安 刘川「原料物资科党小组」（来自控制台群「${DEMO_GROUP_CHAT}」）`);
    expect(lines[3]).toBe('12-01 10:01 王组长：生成邀请码 张云（来自控制台私聊）');
    expect(lines[4]).toBe(`12-01 10:00 李书记：修改设置「原料物资科党小组」，每日报平安提醒时间 = 07:30（来自控制台群「${DEMO_GROUP_CHAT}」）`);
    // Reading the log is recorded too.
    const views = await get().db.select().from(auditLog).where(eq(auditLog.action, 'audit.view'));
    expect(views).toHaveLength(1);
  });

  it('records reading someone else’s family contacts and going on or off duty; reading one’s own family is not recorded', async () => {
    const h = await demo();
    await h.say('张云', '/family add 李秀英 母亲 滁州市南谯区 13912345678');
    await h.say('张云', '/family list');
    h.clock.advance(60_000);
    await h.say('李书记', '/family list 张云');
    h.clock.advance(60_000);
    await h.say('李书记', '/family list');
    h.clock.advance(60_000);
    await h.say('赵志愿', '/duty on');
    h.clock.advance(60_000);
    await h.say('赵志愿', '/duty off');
    // A refused look leaves no entry.
    await h.say('刘川', '/family list 张云');
    const rows = await get().db.select().from(auditLog).orderBy(auditLog.id);
    expect(rows.map((r) => r.action)).toEqual(['family.view', 'family.view-all', 'duty.on', 'duty.off']);
    h.clock.advance(60_000);
    const lines = (await h.ask('李书记', '/audit')).split('\n');
    expect(lines.slice(1, 5)).toEqual([
      '12-01 10:04 赵志愿：结束值班（来自控制台私聊）',
      '12-01 10:03 赵志愿：上岗值班（来自控制台私聊）',
      '12-01 10:02 李书记：查看全支部的家属登记，1 人（来自控制台私聊）',
      '12-01 10:01 李书记：查看家属登记 张云（来自控制台私聊）',
    ]);
    await h.say('李书记', '/member set 李书记 lang en');
    const en = await h.ask('李书记', '/audit');
    expect(en).toContain('赵志愿: went on duty (from a private console chat)');
    expect(en).toContain('李书记: viewed the family contacts of 张云 (from a private console chat)');
    expect(en).toContain("李书记: viewed the whole branch's family contacts, 1 member (from a private console chat)");
  });

  it('answers in English for an English reader', async () => {
    const h = await demo();
    await h.say('李书记', '/member set 张云 station 昆明');
    await h.say('李书记', '/settings checkin.prompt 07:30', inGroup);
    await h.say('王组长', '/checkin @刘川 四川凉山 在岗', inGroup);
    await h.say('李书记', '/member set 李书记 lang en');
    const text = await h.ask('李书记', '/audit 1');
    expect(text).toContain('Audit log for the last day (4 entries, newest first):');
    // The group is quoted where it is what was changed, and otherwise named as where it happened.
    expect(text).toContain('李书记: changed a setting of "原料物资科党小组", Daily check-in prompt = 07:30');
    expect(text).toContain('王组长: checked in for 刘川 (group 原料物资科党小组)');
    expect(text).toContain('12-01 10:00 李书记: changed 张云, station → 昆明 (from a private console chat)');
  });

  it('is the secretary’s alone: a leader, a member and a volunteer are refused and nothing is written', async () => {
    const h = await demo();
    await h.say('李书记', '/settings checkin.prompt 07:30', inGroup);
    for (const who of ['王组长', '张云', '赵志愿']) {
      const before = await snapshot(get().db);
      const text = await h.ask(who, '/audit');
      expect(text).toBe(coreTexts('zh').notAllowed('/audit'));
      expect(await snapshot(get().db)).toEqual(before);
    }
  });

  it('a refused command leaves no entry; a bad number of days is explained and changes nothing', async () => {
    const h = await demo();
    const before = await snapshot(get().db);
    await h.say('王组长', '/member set 李书记 station 昆明');
    await h.say('张云', '/settings checkin.prompt 07:30', inGroup);
    expect(await snapshot(get().db)).toEqual(before);
    for (const bad of ['/audit 0', '/audit 91', '/audit abc', '/audit 7 days', '/audit -3']) {
      const text = await h.ask('李书记', bad);
      expect(text).toContain('天数应为 1 到 90 的整数');
      expect(text).toContain('/audit [天数]');
      expect(text).not.toMatch(/Invalid|Expected|zod/i);
    }
    expect(await snapshot(get().db)).toEqual(before);
  });

  it('lists only the asker’s branch', async () => {
    const h = await demo();
    await h.say('李书记', '/settings checkin.prompt 07:30', inGroup);
    await get()
      .db.insert(auditLog)
      .values({ at: START, branchId: 999, action: 'settings', detail: { key: 'tz', value: 'UTC' } });
    const text = await h.ask('李书记', '/audit');
    expect(text).toContain('（1 条，新的在前）');
    expect(text).not.toContain('UTC');
  });

  it('entries older than the retention are deleted by the nightly job, once, newer ones kept', async () => {
    await demo();
    const db = get().db;
    const [group] = await db.select().from(groups);
    await db.insert(auditLog).values([
      { at: new Date(START.getTime() - 40 * DAY), branchId: group?.branchId, action: 'settings', detail: {} },
      { at: new Date(START.getTime() - 20 * DAY), branchId: group?.branchId, action: 'settings', detail: {} },
    ]);
    const scheduler = new Scheduler({ db, clock: () => START, jobs: [...ALL_JOBS, auditRetentionJob(30)], log: silentLogger() });
    // 03:00 Shanghai on 2 December.
    const night = new Date('2026-12-01T19:00:00Z');
    const first = await scheduler.tick(night);
    expect(first.ran.map((s) => s.job)).toContain('audit.prune');
    const left = await db.select({ at: auditLog.at }).from(auditLog);
    expect(left.map((r) => r.at.getTime())).toEqual([START.getTime() - 20 * DAY]);
    const again = await scheduler.tick(new Date(night.getTime() + 60_000));
    expect(again.ran.map((s) => s.job)).not.toContain('audit.prune');
  });
});
