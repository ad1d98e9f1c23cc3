import { count, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { TelegramAdapter } from '../bots/telegram/telegram.adapter';
import { outbox } from '../db/schema';
import { silentLogger } from '../src/log';
import { OutboxDispatcher } from '../src/outbox/dispatcher';
import { enqueue } from '../src/outbox/enqueue';
import { forEachBackend } from './harness/backends';
import { ScriptedPlatform } from './harness/scripted-platform';
import { TelegramStandin } from './harness/telegram-standin';

forEachBackend('outbox: several sends in flight', (get) => {
  const put = (platform: string, chatId: string, text: string) =>
    enqueue(get().db, new Date(), { dedupKey: `${platform}:${chatId}:${text}`, platform, chatId, text });

  it("keeps several chats' sends in flight at once, never two to one chat, each chat in order, each message once", async () => {
    const platform = new ScriptedPlatform('slow', { latencyMs: 40, pacing: { globalPerSecond: 200, maxInFlight: 8 } });
    const chats = Array.from({ length: 12 }, (_, i) => `c${i}`);
    for (let n = 0; n < 3; n++) for (const c of chats) await put('slow', c, `${c}-${n}`);
    const dispatcher = new OutboxDispatcher({ db: get().db, clock: () => new Date(), adapters: [platform], log: silentLogger() });
    await dispatcher.drain();
    expect(platform.maxInFlight).toBeGreaterThan(1);
    expect(platform.maxInFlight).toBeLessThanOrEqual(8);
    expect(platform.maxInFlightPerChat).toBe(1);
    for (const c of chats) expect(platform.delivered.filter((o) => o.chatId === c).map((o) => o.text)).toEqual([0, 1, 2].map((n) => `${c}-${n}`));
    expect(platform.delivered).toHaveLength(36);
    const [pending] = await get().db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'pending'));
    expect(pending?.n).toBe(0);
  }, 120_000);

  it('a failed send holds back the later messages of its chat only', async () => {
    const platform = new ScriptedPlatform('slow', { latencyMs: 10 });
    for (const c of ['a', 'b']) for (let n = 0; n < 2; n++) await put('slow', c, `${c}-${n}`);
    platform.byChat.set('a', [{ ok: false, error: '429', retryAfterMs: 60_000 }]);
    const dispatcher = new OutboxDispatcher({ db: get().db, clock: () => new Date(), adapters: [platform], log: silentLogger() });
    await dispatcher.drain();
    expect(platform.delivered.map((o) => o.text)).toEqual(['b-0', 'b-1']);
    expect(platform.attempts.filter((o) => o.chatId === 'a').map((o) => o.text)).toEqual(['a-0']);
  }, 120_000);

  it("two dispatchers on one database together keep the platform's overall rate: no 429 from the Telegram stand-in", async () => {
    // Each process may send 20/s; the stand-in allows 30/s overall. Pacing alone (40/s together) would draw 429s.
    const standin = await TelegramStandin.start({ enforceLimits: true, latencyMs: 20 });
    const log = silentLogger();
    const pacing = { globalPerSecond: 20 };
    const adapters = [0, 1].map(() => new TelegramAdapter({ token: standin.token, apiRoot: standin.apiRoot, log, partGapMs: 0, pacing }));
    const dispatchers = adapters.map((a) => new OutboxDispatcher({ db: get().db, clock: () => new Date(), adapters: [a], log, batchSize: 10 }));
    try {
      const rooms = Array.from({ length: 80 }, (_, i) => standin.createSupergroup({ title: `g${i}` }));
      for (const room of rooms) await put('telegram', String(room.id), 'prompt');
      const started = Date.now();
      const [first, second] = await Promise.all(dispatchers.map((d) => d.drain()));
      const seconds = (Date.now() - started) / 1000;
      expect(standin.tooManyRequestsCount).toBe(0);
      expect(standin.sent).toHaveLength(80);
      expect(new Set(standin.sent.map((m) => m.chat_id)).size).toBe(80);
      expect(first?.sent).toBeGreaterThan(0);
      expect(second?.sent).toBeGreaterThan(0);
      // Together at the one shared rate (20/s), 80 messages cannot take less than about 4 s (40/s would take 2 s).
      expect(seconds).toBeGreaterThan(3);
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await standin.stop();
    }
  }, 120_000);
});
