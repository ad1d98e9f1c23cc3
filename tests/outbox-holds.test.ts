import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { chats, deliveryHolds, outbox } from '../db/schema';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { backoffMs } from '../src/outbox/backoff';
import { OutboxDispatcher } from '../src/outbox/dispatcher';
import { enqueue } from '../src/outbox/enqueue';
import { DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { tellSecretariesClassroomSilent } from '../src/org/silent-classroom';
import { forEachBackend } from './harness/backends';
import { ScriptedPlatform } from './harness/scripted-platform';

forEachBackend('outbox holds, back-off and chats that go away', (get) => {
  const setup = (platformName = 'scripted') => {
    const clock = new ControllableClock(new Date('2026-12-01T00:00:00Z'));
    const platform = new ScriptedPlatform(platformName);
    const dispatcher = () =>
      new OutboxDispatcher({
        db: get().db,
        clock: clock.now,
        adapters: [platform],
        log: silentLogger(),
        random: () => 0,
        onChatGone: tellSecretariesClassroomSilent,
      });
    const put = (key: string, chatId: string) => enqueue(get().db, clock.now(), { dedupKey: key, platform: platformName, chatId, text: key });
    const row = async (key: string) => (await get().db.select().from(outbox).where(eq(outbox.dedupKey, key)))[0];
    return { clock, platform, dispatcher, put, row };
  };

  it("a chat's retry-after holds every row of that chat, in later passes and in another dispatcher, and no other chat", async () => {
    const { clock, platform, dispatcher, put, row } = setup();
    for (const k of ['a1', 'a2', 'a3']) await put(k, 'A');
    await put('b1', 'B');
    platform.byChat.set('A', [{ ok: false, error: '429', retryAfterMs: 5000 }]);
    await dispatcher().drain();
    expect(platform.attempts.map((o) => o.text)).toEqual(['a1', 'b1']);
    // Only a chat's oldest due row is ever claimed: a2 was never taken, and waits behind a1.
    expect((await row('a2'))?.status).toBe('pending');
    const [hold] = await get().db.select().from(deliveryHolds).where(eq(deliveryHolds.chatExternalId, 'A'));
    expect(hold?.until.getTime()).toBe(clock.now().getTime() + 5000);
    // A message queued after the answer waits too, and so does a second process that never saw the 429.
    await put('a4', 'A');
    clock.advance(4999);
    await dispatcher().drain();
    expect(platform.attempts.map((o) => o.text)).toEqual(['a1', 'b1']);
    clock.advance(1);
    await dispatcher().drain();
    expect(platform.delivered.map((o) => o.text).sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'b1']);
    expect((await row('a1'))?.attempts).toBe(1);
  });

  it('429s from two chats at once hold the whole platform', async () => {
    const { clock, platform, dispatcher, put } = setup();
    await put('a', 'A');
    await put('b', 'B');
    await put('c', 'C');
    platform.script = [
      { ok: false, error: '429', retryAfterMs: 3000 },
      { ok: false, error: '429', retryAfterMs: 3000 },
    ];
    await dispatcher().drain();
    expect(platform.attempts.map((o) => o.chatId)).toEqual(['A', 'B']);
    const holds = await get().db.select().from(deliveryHolds);
    expect(holds.map((h) => h.chatExternalId).sort()).toEqual(['*', 'A']);
    clock.advance(2999);
    await dispatcher().drain();
    expect(platform.attempts).toHaveLength(2);
    clock.advance(1);
    await dispatcher().drain();
    expect(platform.delivered.map((o) => o.chatId).sort()).toEqual(['A', 'B', 'C']);
  });

  it('an unreachable platform is left alone by this process with growing waits; the row stays due and counts no attempt', async () => {
    const { clock, platform, dispatcher, put, row } = setup();
    await put('m', 'A');
    const down = { ok: false as const, error: 'network: ECONNREFUSED', unreachable: true };
    platform.script = Array.from({ length: 12 }, () => down);
    const d = dispatcher();
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      await d.drain();
      const heldUntil = d.holds.until('scripted', '*', clock.now().getTime());
      waits.push(heldUntil - clock.now().getTime());
      expect((await row('m'))?.availableAt.getTime()).toBeLessThanOrEqual(clock.now().getTime());
      // Nothing is claimed while the hold lasts.
      clock.set(new Date(heldUntil - 1));
      await d.drain();
      expect(platform.attempts).toHaveLength(i + 1);
      clock.set(new Date(heldUntil));
    }
    expect(waits.slice(0, 4)).toEqual([2000, 4000, 8000, 16000]);
    expect(Math.max(...waits)).toBe(60_000);
    expect((await row('m'))?.status).toBe('pending');
    await d.drain();
    expect((await row('m'))?.status).toBe('sent');
    expect((await row('m'))?.attempts).toBe(1);
  });

  it('back-off after a failure carries jitter of up to a quarter', () => {
    expect(backoffMs(3, () => 0)).toBe(8000);
    expect(backoffMs(3, () => 1)).toBe(6000);
    expect(backoffMs(3, () => 0.5)).toBe(7000);
    expect(backoffMs(30, () => 0)).toBe(15 * 60_000);
  });

  it('a classroom that refuses the bot: the secretary is told privately once; a later send restores it', async () => {
    const { clock, platform, dispatcher, put } = setup('console');
    await seedDemo(get().db, clock.now());
    await put('p1', DEMO_GROUP_CHAT);
    platform.byChat.set(DEMO_GROUP_CHAT, [{ ok: false, error: '403 Forbidden: bot was kicked', chatGone: true }]);
    await dispatcher().drain();
    const room = async () =>
      (
        await get()
          .db.select()
          .from(chats)
          .where(and(eq(chats.platform, 'console'), eq(chats.externalId, DEMO_GROUP_CHAT)))
      )[0];
    expect((await room())?.active).toBe(false);
    const notices = platform.delivered.filter((o) => o.chatId === '李书记');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain(`「${DEMO_GROUP_CHAT}」`);
    expect(notices[0]?.text).toContain('把机器人重新拉进群');
    // A second refusal of a chat already marked gone tells nobody again.
    await put('p2', DEMO_GROUP_CHAT);
    platform.byChat.set(DEMO_GROUP_CHAT, [{ ok: false, error: '403 Forbidden: bot was kicked', chatGone: true }]);
    await dispatcher().drain();
    expect(platform.delivered.filter((o) => o.chatId === '李书记')).toHaveLength(1);
    await put('p3', DEMO_GROUP_CHAT);
    await dispatcher().drain();
    expect((await room())?.active).toBe(true);
  });
});
