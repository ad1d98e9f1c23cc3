import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { expect, it } from 'vitest';
import { outbox } from '../db/schema';
import { coreTexts } from '../src/commands/commands.text';
import { DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { JOIN_LIMIT } from '../src/org/join-throttle';
import { orgTexts } from '../src/org/org.text';
import { forEachBackend } from './harness/backends';
import { ChatHarness } from './harness/chat-harness';

const zh = { core: coreTexts('zh'), org: orgTexts('zh') };
const EARLY = new Date('2026-11-30T22:00:00Z');
const MINUTE = 60_000;
const codeIn = (text: string) => /邀请码：([A-Z0-9]+)/.exec(text)?.[1] ?? '';
/** Well-formed codes that were never issued. */
const wrong = (i: number) => `WRONGCODE${'ABCDEFGHJK'[i]}`;

forEachBackend('invite codes and the /join throttle', (get) => {
  async function demo(log?: pino.Logger): Promise<ChatHarness> {
    await seedDemo(get().db, EARLY);
    return new ChatHarness(get().db, EARLY, 'console', log);
  }

  it('codes are ten symbols from an alphabet without look-alikes (50 bits)', async () => {
    const h = await demo();
    const codes = new Set<string>();
    for (let i = 0; i < 8; i++) codes.add(codeIn(await h.ask('李书记', '/invite 张云')));
    expect(codes.size).toBe(8);
    for (const c of codes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(await h.ask('路人甲', '/join ABC')).toBe(`${zh.core.badArgs('邀请码是 10 位字母和数字', '/join 邀请码')}`);
  });

  it('a new /invite revokes the older unused code, which then says it was replaced', async () => {
    const h = await demo();
    const first = codeIn(await h.ask('李书记', '/invite 张云'));
    const second = codeIn(await h.ask('李书记', '/invite 张云'));
    expect(await h.ask('new-phone', `/join ${first}`)).toBe(zh.org.inviteSuperseded());
    expect(await h.ask('new-phone', `/join ${second}`)).toContain('绑定成功：张云');
  });

  it("a removed member's unused code no longer binds", async () => {
    const h = await demo();
    const code = codeIn(await h.ask('李书记', '/invite 陈闽'));
    await h.ask('李书记', '/member remove 陈闽');
    expect(await h.ask('somebody', `/join ${code}`)).toBe(zh.org.inviteSuperseded());
  });

  it(`${JOIN_LIMIT.failures} wrong codes lock /join for ${JOIN_LIMIT.cooldownMinutes} minutes, even for a right code; afterwards the right code works`, async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (chunk, _e, done) => done(void lines.push(String(chunk))) }));
    const h = await demo(log);
    const right = codeIn(await h.ask('李书记', '/invite 刘川'));
    for (let i = 0; i < JOIN_LIMIT.failures; i++) expect(await h.ask('guesser', `/join ${wrong(i)}`)).toBe(zh.org.inviteUnknown());
    const locked = zh.org.joinThrottled(JOIN_LIMIT.cooldownMinutes, JOIN_LIMIT);
    expect(await h.ask('guesser', `/join ${right}`)).toBe(locked);

    // Another instance (or the same after a restart) reads the same lock from the database.
    const other = new ChatHarness(get().db, h.clock.now());
    other.clock.advance(10 * MINUTE);
    expect(await other.ask('guesser', `/join ${right}`)).toBe(zh.org.joinThrottled(5, JOIN_LIMIT));

    // One log line and one private note to the secretary, with no code and no account in either.
    expect(lines.filter((l) => l.includes('join locked after repeated wrong invite codes'))).toHaveLength(1);
    for (const l of lines) expect(l).not.toMatch(/WRONGCODE|guesser/);
    const notes = await get().db.select().from(outbox).where(eq(outbox.purpose, 'join-guessing'));
    expect(notes.map((n) => [n.chatExternalId, n.text])).toEqual([['李书记', zh.org.joinGuessing('console', JOIN_LIMIT)]]);

    h.clock.advance(JOIN_LIMIT.cooldownMinutes * MINUTE);
    expect(await h.ask('guesser', `/join ${right}`)).toContain('绑定成功：刘川');
  });

  it('wrong codes from many accounts in one group chat lock /join in that chat', async () => {
    const h = await demo();
    const inRoom = { chat: 'lobby' };
    for (let i = 0; i < JOIN_LIMIT.failures; i++) expect(await h.ask(`stranger${i}`, `/join ${wrong(i)}`, inRoom)).toBe(zh.org.inviteUnknown());
    expect(await h.ask('stranger-new', `/join ${wrong(9)}`, inRoom)).toBe(zh.org.joinThrottled(JOIN_LIMIT.cooldownMinutes, JOIN_LIMIT));
    // The same accounts may still try in their private chats: one wrong code each is under the limit.
    expect(await h.ask('stranger0', `/join ${wrong(9)}`)).toBe(zh.org.inviteUnknown());
    expect(await h.ask('stranger-new', `/join ${wrong(9)}`, { chat: DEMO_GROUP_CHAT })).toBe(zh.org.inviteUnknown());
  });

  it('failures spread over more than the window do not lock', async () => {
    const h = await demo();
    for (let i = 0; i < JOIN_LIMIT.failures * 2; i++) {
      expect(await h.ask('slow', `/join ${wrong(i % 10)}`)).toBe(zh.org.inviteUnknown());
      h.clock.advance(3 * MINUTE);
    }
  });
});
