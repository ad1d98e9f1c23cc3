import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { rawRows } from '../db/client';
import { members } from '../db/schema';
import { argProblems, coreTexts } from '../src/commands/commands.text';
import { cleanName, cleanText, lookAlikeKey } from '../src/commands/hygiene';
import { DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { orgTexts } from '../src/org/org.text';
import { forEachBackend } from './harness/backends';
import { ChatHarness } from './harness/chat-harness';
import { snapshot } from './harness/snapshot';

const zh = { core: coreTexts('zh'), org: orgTexts('zh'), arg: argProblems('zh') };
/** 2026-12-01 10:00 in Shanghai, a workday after the prompt. */
const NOW = new Date('2026-12-01T02:00:00Z');
const ZWSP = '\u200B';
const RLO = '\u202E';
const inGroup = { chat: DEMO_GROUP_CHAT };

it('names lose invisible characters and take one Unicode form; look-alikes share a key', () => {
  expect(cleanName(`张${ZWSP}云`)).toBe('张云');
  expect(cleanName(`赵${RLO}四\u2066`)).toBe('赵四');
  expect(cleanName('Jose\u0301')).toBe('José');
  expect(lookAlikeKey('张 云')).toBe(lookAlikeKey('张云'));
  expect(lookAlikeKey('ｚｈａｎｇ　ｙｕｎ')).toBe(lookAlikeKey('Zhang Yun'));
  expect(lookAlikeKey('张云')).not.toBe(lookAlikeKey('张芸'));
  // Free text keeps the joiner that holds an emoji together, and drops the rest.
  expect(cleanText(`平安👨‍👩‍👧${ZWSP}${RLO}`)).toBe('平安👨‍👩‍👧');
});

forEachBackend('input hygiene through the bot', (get) => {
  async function demo(): Promise<ChatHarness> {
    await seedDemo(get().db, NOW);
    return new ChatHarness(get().db, NOW);
  }

  it('a name with hidden characters or a look-alike of an existing name is refused when adding a member or a group', async () => {
    const h = await demo();
    const before = await snapshot(get().db);
    expect(await h.ask('李书记', `/member add 张${ZWSP}云`, inGroup)).toBe(zh.org.memberExists('张云'));
    expect(await h.ask('李书记', '/member add 张 云', inGroup)).toBe(zh.org.lookAlike('张 云', '张云'));
    expect(await h.ask('李书记', '/group add 原料物资科 党小组')).toBe(zh.org.lookAlike('原料物资科 党小组', '原料物资科党小组'));
    expect(await snapshot(get().db)).toEqual(before);

    expect(await h.ask('李书记', '/member add Zhang Yun', inGroup)).toContain('已添加 Zhang Yun');
    expect(await h.ask('李书记', '/member add ｚｈａｎｇ　ｙｕｎ', inGroup)).toBe(zh.org.lookAlike('ｚｈａｎｇ ｙｕｎ', 'Zhang Yun'));
    expect(await h.ask('李书记', `/member add 赵${RLO}四`, inGroup)).toContain('已添加 赵四');
    const [stored] = await get().db.select().from(members).where(eq(members.name, '赵四'));
    expect(stored?.name).toBe('赵四');
  });

  it('free text is stored without invisible characters', async () => {
    const h = await demo();
    expect(await h.ask('张云', `/checkin 云南${ZWSP}曲靖 在岗 一切${RLO}正常`)).toContain('张云');
    const rows = await rawRows<{ row: string }>(get().db, sql`select row_to_json(c)::text as row from checkins c`);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.row).toContain('云南曲靖');
    expect(rows[0]?.row).not.toMatch(/\\u200b|\\u202e|\u200B|\u202E/i);
  });

  it('dates before 2000 or more than two years ahead, and ids beyond the database range, get the usage line', async () => {
    const h = await demo();
    const before = await snapshot(get().db);
    const cases: [string, string, string][] = [
      ['刘川', '/leave 2099-01-01 2099-01-02 探亲', zh.arg.date()],
      ['刘川', '/leave 1999-12-30 1999-12-31 探亲', zh.arg.date()],
      ['刘川', '/leave 0000-01-01 0000-01-02 探亲', zh.arg.date()],
      ['王组长', '/unreported 2031-01-05', '「2031-01-05」不是可用的日期'],
      ['张云', '/checkin 1970-01-01 云南曲靖 在岗', '「1970-01-01」不是可用的日期'],
      ['王组长', '/approve 99999999999', zh.arg.id()],
      ['王组长', '/reject 2147483648 理由', zh.arg.id()],
      ['张云', '/signin 3000000000', zh.arg.id()],
      ['张云', '/studied 99999999999 学习体会', zh.arg.id()],
    ];
    for (const [who, text, problem] of cases) {
      const reply = await h.ask(who, text, { chat: who === '王组长' ? DEMO_GROUP_CHAT : who });
      expect(reply, text).toContain(problem);
      expect(reply, text).toContain('用法：');
      expect(reply, text).not.toBe(zh.core.internalError());
    }
    expect(await snapshot(get().db)).toEqual(before);
  });
});
