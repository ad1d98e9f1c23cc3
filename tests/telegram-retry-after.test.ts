import { expect, it } from 'vitest';
import { TelegramAdapter } from '../bots/telegram/telegram.adapter';
import { silentLogger } from '../src/log';
import { OutboxDispatcher } from '../src/outbox/dispatcher';
import { enqueue } from '../src/outbox/enqueue';
import { forEachBackend } from './harness/backends';
import type { CallRecord } from './harness/telegram-standin';
import { TelegramStandin } from './harness/telegram-standin';

const RETRY_AFTER_S = 2;
const STORM_MS = 5000;

/** Per chat, the gaps between an attempt answered 429 and the next attempt to that chat. */
function gapsAfter429(calls: CallRecord[]): number[] {
  const byChat = new Map<string, CallRecord[]>();
  for (const c of calls.filter((c) => c.method === 'sendMessage')) {
    const chat = String(c.params.chat_id);
    byChat.set(chat, [...(byChat.get(chat) ?? []), c]);
  }
  const gaps: number[] = [];
  for (const list of byChat.values()) {
    for (let i = 1; i < list.length; i++) {
      if ((list[i - 1] as CallRecord).status === 429) gaps.push((list[i] as CallRecord).at - (list[i - 1] as CallRecord).at);
    }
  }
  return gaps;
}

forEachBackend('Telegram 429 storm through the outbox', (get) => {
  it(`with 429 retry_after ${RETRY_AFTER_S} on every send for ${STORM_MS / 1000} s, no chat is tried again before retry_after; all arrive once`, async () => {
    const standin = await TelegramStandin.start();
    const adapter = new TelegramAdapter({ token: standin.token, apiRoot: standin.apiRoot, log: silentLogger(), partGapMs: 0 });
    const dispatcher = new OutboxDispatcher({ db: get().db, clock: () => new Date(), adapters: [adapter], log: silentLogger() });
    try {
      const rooms = [standin.createGroup({ title: 'g1' }), standin.createGroup({ title: 'g2' }), standin.createSupergroup({ title: 'g3' })];
      standin.failNext('sendMessage', { error_code: 429, retry_after: RETRY_AFTER_S }, { count: 100_000 });
      const stormEnds = Date.now() + STORM_MS;
      for (const [r, room] of rooms.entries()) {
        for (let i = 0; i < 4; i++) {
          await enqueue(get().db, new Date(), {
            dedupKey: `storm:${r}:${i}`,
            platform: 'telegram',
            chatId: String(room.id),
            text: `room ${r} message ${i}`,
          });
        }
      }
      dispatcher.start(100);
      while (Date.now() < stormEnds) await new Promise((res) => setTimeout(res, 50));
      standin.clearFaults();
      for (const room of rooms) {
        await standin.waitFor((m) => m.chat_id === room.id && m.text === `room ${rooms.indexOf(room)} message 3`, 20_000);
      }
      await dispatcher.stop();
      const refused = standin.calls.filter((c) => c.method === 'sendMessage' && c.status === 429);
      const gaps = gapsAfter429(standin.calls);
      expect(refused.length).toBeGreaterThan(0);
      expect(gaps.length).toBe(refused.length);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
      const texts = standin.sent.map((m) => m.text);
      expect(texts).toHaveLength(12);
      expect(new Set(texts).size).toBe(12);
      // In order within each chat.
      for (const [r, room] of rooms.entries()) {
        expect(standin.sent.filter((m) => m.chat_id === room.id).map((m) => m.text)).toEqual([0, 1, 2, 3].map((i) => `room ${r} message ${i}`));
      }
    } finally {
      await dispatcher.stop();
      await standin.stop();
    }
  }, 60_000);
});
