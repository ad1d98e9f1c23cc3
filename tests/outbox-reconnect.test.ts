import { expect, it } from 'vitest';
import type { AdapterHealth } from '../src/chat/types';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { OutboxDispatcher } from '../src/outbox/dispatcher';
import { enqueue } from '../src/outbox/enqueue';
import { forEachBackend } from './harness/backends';
import { ScriptedPlatform } from './harness/scripted-platform';

/** A platform whose link the test switches, as the Telegram adapter reports polling (or WeCom its socket). */
class LinkedPlatform extends ScriptedPlatform {
  connected = true;
  health(): AdapterHealth {
    return { connected: this.connected };
  }
}

const unreachable = { ok: false as const, error: 'network: connect ECONNREFUSED', unreachable: true };

forEachBackend('outbox after a platform was unreachable', (get) => {
  const setup = async () => {
    const clock = new ControllableClock(new Date('2026-12-01T00:00:00Z'));
    const platform = new LinkedPlatform();
    const dispatcher = new OutboxDispatcher({ db: get().db, clock: clock.now, adapters: [platform], log: silentLogger(), random: () => 0 });
    // A long outage: six refused sends in a row, so the back-off has grown to a minute.
    await enqueue(get().db, clock.now(), { dedupKey: 'k1', platform: 'scripted', chatId: 'c1', text: 'waiting' });
    platform.script = Array.from({ length: 6 }, () => unreachable);
    for (let i = 0; i < 6; i++) {
      await dispatcher.runOnce();
      clock.advance(i < 5 ? 61_000 : 1_000);
    }
    await dispatcher.runOnce();
    expect(platform.attempts).toHaveLength(6);
    return { clock, platform, dispatcher };
  };

  it('sends at once when the adapter, having said it was down, says it is connected again', async () => {
    const { platform, dispatcher } = await setup();
    platform.connected = false;
    await dispatcher.runOnce();
    expect(platform.delivered).toHaveLength(0);
    platform.connected = true;
    await dispatcher.runOnce();
    expect(platform.delivered.map((m) => m.text)).toEqual(['waiting']);
  });

  it('keeps the back-off when the adapter never said it was down (no retry every pass)', async () => {
    const { clock, platform, dispatcher } = await setup();
    clock.advance(5_000);
    await dispatcher.runOnce();
    expect(platform.attempts).toHaveLength(6);
    clock.advance(60_000);
    await dispatcher.runOnce();
    expect(platform.delivered.map((m) => m.text)).toEqual(['waiting']);
  });
});
