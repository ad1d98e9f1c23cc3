import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { chats, outbox } from '../db/schema';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { claimDue } from '../src/outbox/claim';
import { OutboxDispatcher } from '../src/outbox/dispatcher';
import { enqueue } from '../src/outbox/enqueue';
import { Pacer } from '../src/outbox/pacer';
import { forEachBackend } from './harness/backends';
import { ScriptedPlatform } from './harness/scripted-platform';

forEachBackend('outbox dispatcher', (get) => {
  const setup = () => {
    const clock = new ControllableClock(new Date('2026-12-01T00:00:00Z'));
    const platform = new ScriptedPlatform();
    const dispatcher = new OutboxDispatcher({
      db: get().db,
      clock: clock.now,
      adapters: [platform],
      log: silentLogger(),
      maxAttempts: 3,
      random: () => 0,
    });
    const put = (key: string, chatId = 'c1') => enqueue(get().db, clock.now(), { dedupKey: key, platform: 'scripted', chatId, text: key });
    const row = async (key: string) => (await get().db.select().from(outbox).where(eq(outbox.dedupKey, key)))[0];
    return { clock, platform, dispatcher, put, row };
  };

  it('ignores a second message with the same key and sends the first once', async () => {
    const { platform, dispatcher, put, row } = setup();
    expect(await put('k1')).toBe(true);
    expect(await put('k1')).toBe(false);
    await dispatcher.drain();
    await dispatcher.drain();
    expect(platform.delivered.map((m) => m.text)).toEqual(['k1']);
    expect((await row('k1'))?.status).toBe('sent');
  });

  it("waits the platform's retry-after before trying that message again", async () => {
    const { clock, platform, dispatcher, put, row } = setup();
    await put('slow');
    platform.script = [{ ok: false, error: '429', retryAfterMs: 30_000 }];
    expect((await dispatcher.runOnce()).retried).toBe(1);
    expect((await row('slow'))?.availableAt.getTime()).toBe(clock.now().getTime() + 30_000);
    expect((await dispatcher.runOnce()).sent).toBe(0);
    clock.advance(30_000);
    expect((await dispatcher.runOnce()).sent).toBe(1);
    expect((await row('slow'))?.attempts).toBe(1);
  });

  it('marks the chat inactive and drops its queue when the bot was removed', async () => {
    const { platform, dispatcher, put, row } = setup();
    await get().db.insert(chats).values({ platform: 'scripted', externalId: 'gone', kind: 'group' });
    await put('a', 'gone');
    await put('b', 'gone');
    await put('c', 'other');
    platform.script = [{ ok: false, error: '403: bot was kicked', chatGone: true }];
    await dispatcher.drain();
    const [chat] = await get().db.select().from(chats).where(eq(chats.externalId, 'gone'));
    expect(chat?.active).toBe(false);
    expect((await row('a'))?.status).toBe('dead');
    expect((await row('b'))?.status).toBe('dead');
    expect((await row('b'))?.lastError).toContain('kicked');
    expect((await row('c'))?.status).toBe('sent');
  });

  it('backs off after failures and dead-letters after the last attempt, keeping the reason', async () => {
    const { clock, platform, dispatcher, put, row } = setup();
    await put('flaky');
    platform.script = [
      { ok: false, error: 'timeout 1' },
      { ok: false, error: 'timeout 2' },
      { ok: false, error: 'timeout 3' },
    ];
    await dispatcher.runOnce();
    const first = await row('flaky');
    expect(first?.status).toBe('pending');
    expect(first?.availableAt.getTime()).toBe(clock.now().getTime() + 2000);
    clock.advance(2000);
    await dispatcher.runOnce();
    expect((await row('flaky'))?.availableAt.getTime()).toBe(clock.now().getTime() + 4000);
    clock.advance(4000);
    await dispatcher.runOnce();
    const dead = await row('flaky');
    expect(dead?.status).toBe('dead');
    expect(dead?.attempts).toBe(3);
    expect(dead?.lastError).toBe('timeout 3');
    expect(platform.delivered).toEqual([]);
  });

  it('a lease held by a live dispatcher keeps others off the row until it expires', async () => {
    const { clock, dispatcher, put } = setup();
    await put('leased');
    const taken = await claimDue(get().db, ['scripted'], clock.now(), 60_000, 10);
    expect(taken.map((r) => r.dedupKey)).toEqual(['leased']);
    expect((await dispatcher.runOnce()).sent).toBe(0);
    clock.advance(60_001);
    expect((await dispatcher.runOnce()).sent).toBe(1);
  });
});

it('pacer: one message a second per chat, 20 a minute per chat', () => {
  const pacer = new Pacer({ perChatIntervalMs: 1000, perChatPerMinute: 20, globalPerSecond: 30 });
  expect(pacer.waitFor('a', 0)).toBe(0);
  pacer.sent('a', 0);
  expect(pacer.waitFor('a', 400)).toBe(600);
  expect(pacer.waitFor('b', 400)).toBe(0);
  for (let i = 1; i < 20; i++) pacer.sent('a', i * 1000);
  expect(pacer.waitFor('a', 20_000)).toBe(40_000);
});
