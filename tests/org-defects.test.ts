import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { members } from '../db/schema';
import { authzTexts } from '../src/org/authz.text';
import { coreTexts } from '../src/commands/commands.text';
import { DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { orgTexts, settingHints } from '../src/org/org.text';
import { forEachBackend } from './harness/backends';
import { ChatHarness } from './harness/chat-harness';
import { snapshot } from './harness/snapshot';

const zh = { core: coreTexts('zh'), org: orgTexts('zh'), hint: settingHints('zh'), authz: authzTexts('zh') };
const EARLY = new Date('2026-11-30T22:00:00Z');
const inGroup = { chat: DEMO_GROUP_CHAT };

forEachBackend('org commands a new secretary trips over', (get) => {
  async function demo(): Promise<ChatHarness> {
    await seedDemo(get().db, EARLY);
    return new ChatHarness(get().db, EARLY);
  }

  it("/member set NAME station … asked in a group answers privately; the group never sees the member's place", async () => {
    const h = await demo();
    const out = await h.say('李书记', '/member set 张云 station 云南 昆明 官渡区', inGroup);
    expect(out.map((o) => [o.chatId, o.text])).toEqual([
      ['李书记', '已将张云的驻地改为云南 昆明 官渡区。'],
      [DEMO_GROUP_CHAT, zh.core.sentPrivately()],
    ]);
    for (const o of out.filter((x) => x.chatId === DEMO_GROUP_CHAT)) expect(o.text).not.toContain('昆明');
  });

  it('member and setting changes read as Chinese sentences, with no English keys', async () => {
    const h = await demo();
    expect(await h.ask('李书记', '/member set 刘川 role leader')).toBe('已将刘川的角色改为党小组长。');
    expect(await h.ask('李书记', '/member set 刘川 lang en')).toBe('已将刘川的语言改为英文。');
    expect(await h.ask('李书记', '/settings checkin.days daily', inGroup)).toBe('已将应报日设为每天。');
    expect(await h.ask('李书记', '/settings checkin.summary names', inGroup)).toBe('已将晚间小结方式设为列出姓名。');
    expect(await h.ask('李书记', '/settings checkin.prompt 07:30', inGroup)).toBe('已将每日报平安提醒时间设为 07:30。');
  });

  it('settings refuse a deadline before the prompt and say the allowed range of a number', async () => {
    const h = await demo();
    const before = await snapshot(get().db);
    const refused: [string, string][] = [
      ['/settings checkin.deadline 07:00', zh.org.settingBad('checkin.deadline', '07:00', zh.hint.afterPrompt('08:00'))],
      ['/settings checkin.deadline 08:00', zh.org.settingBad('checkin.deadline', '08:00', zh.hint.afterPrompt('08:00'))],
      ['/settings checkin.prompt 22:00', zh.org.settingBad('checkin.prompt', '22:00', zh.hint.beforeDeadline('21:00'))],
      ['/settings checkin.backfill_days -1', zh.org.settingBad('checkin.backfill_days', '-1', zh.hint.number(0, 31))],
      ['/settings checkin.backfill_days 99999', zh.org.settingBad('checkin.backfill_days', '99999', zh.hint.number(0, 31))],
      ['/settings study.min_note_chars 0', zh.org.settingBad('study.min_note_chars', '0', zh.hint.number(1, 2000))],
      ['/settings safety.silent_days 2.5', zh.org.settingBad('safety.silent_days', '2.5', zh.hint.number(1, 30))],
    ];
    for (const [text, reply] of refused) expect(await h.ask('王组长', text, inGroup), text).toBe(reply);
    expect(await h.ask('王组长', '/settings checkin.backfill_days -1', inGroup)).toBe(
      '可补报天数（checkin.backfill_days）不能设为“-1”：应为 0 到 31 的整数。',
    );
    expect(await snapshot(get().db)).toEqual(before);
    expect(await h.ask('王组长', '/settings checkin.backfill_days 31', inGroup)).toBe(zh.org.settingChanged('checkin.backfill_days', '31'));
  });

  it('a leader setting a role is told that roles are the secretary’s, not that the member is outside their group', async () => {
    const h = await demo();
    const before = await snapshot(get().db);
    for (const text of ['/member set 张云 role leader', '/member set 张云 group 原料物资科党小组']) {
      const reply = await h.ask('王组长', text, inGroup);
      expect(reply, text).toBe(zh.authz.roleSecretaryOnly());
      expect(reply).not.toContain('只能管理自己带领的党小组');
    }
    expect(await snapshot(get().db)).toEqual(before);
  });

  it("party status is typed in the reader's language and stored as the Chinese the branch files", async () => {
    const h = await demo();
    const db = get().db;
    await db.update(members).set({ lang: 'en' }).where(eq(members.name, '李书记'));
    const status = async (name: string) => (await db.select().from(members).where(eq(members.name, name)))[0]?.partyStatus;
    expect(await h.ask('李书记', '/member set 陈闽 status party')).toBe("陈闽's party status is now Party member.");
    expect(await status('陈闽')).toBe('党员');
    // A value the key does not take says what it takes, not which keys exist.
    expect(await h.ask('李书记', '/member set 陈闽 lang fr')).toBe('lang cannot be "fr": use zh or en.');
    await h.ask('李书记', '/member add Jane Doe group=原料物资科党小组 status=probationary');
    expect(await status('Jane Doe')).toBe('预备党员');
    await h.ask('李书记', '/member set 张云 status 群众');
    expect(await status('张云')).toBe('群众');
    const before = await snapshot(db);
    const refused = await h.ask('李书记', '/member add Tom status=comrade');
    expect(refused).toContain('status must be party, probationary or non-party');
    expect(refused).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await snapshot(db)).toEqual(before);
    const roster = await h.ask('李书记', '/member list');
    expect(roster).toContain('· 张云 | 原料物资科党小组 member | non-Party staff |');
  });
});
