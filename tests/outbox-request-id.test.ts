import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { outbox } from '../db/schema';
import { ControllableClock } from '../src/clock';
import { createLogger, requestIdOf } from '../src/log';
import { OutboxDispatcher } from '../src/outbox/dispatcher';
import { enqueue } from '../src/outbox/enqueue';
import { sendRequestId } from '../src/outbox/request-id';
import { forEachBackend } from './harness/backends';
import { ScriptedPlatform } from './harness/scripted-platform';

it('a queued reply carries its inbound message’s request id (message ids may hold colons); other rows their outbox id', () => {
  expect(sendRequestId({ id: 7, dedupKey: 'reply:telegram:-1001234:56:1' })).toBe(requestIdOf('telegram', '-1001234:56'));
  expect(sendRequestId({ id: 7, dedupKey: 'checkin.prompt:g3:2026-12-01' })).toBe('outbox:7');
  expect(sendRequestId({ id: 8, dedupKey: 'reply:telegram:oops' })).toBe('outbox:8');
});

forEachBackend('outbox send log lines', (get) => {
  it('every line of a send carries the row’s request id and outbox id: a failure, its retry, the delivery', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ level: 'debug', secrets: [], destination: { write: (l: string) => lines.push(JSON.parse(l)) } });
    const clock = new ControllableClock(new Date('2026-12-01T00:00:00Z'));
    const platform = new ScriptedPlatform();
    const dispatcher = new OutboxDispatcher({ db: get().db, clock: clock.now, adapters: [platform], log, random: () => 0 });
    await enqueue(get().db, clock.now(), { dedupKey: 'reply:scripted:m-42:0', platform: 'scripted', chatId: 'c1', text: 'answer' });
    await enqueue(get().db, clock.now(), { dedupKey: 'notice:1', platform: 'scripted', chatId: 'c2', text: 'notice' });
    const id = async (key: string) => (await get().db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupKey, key)))[0]?.id;
    platform.byChat.set('c1', [{ ok: false, error: '502 Bad Gateway' }]);
    await dispatcher.drain();
    clock.advance(60_000);
    await dispatcher.drain();
    expect(platform.delivered.map((m) => m.text).sort()).toEqual(['answer', 'notice']);

    const reply = { reqId: requestIdOf('scripted', 'm-42'), outbox: await id('reply:scripted:m-42:0') };
    const said = (msg: string) => lines.filter((l) => l.msg === msg).map((l) => ({ reqId: l.reqId, outbox: l.outbox }));
    expect(said('outbox send failed; retrying later')).toEqual([reply]);
    expect(said('outbox message sent')).toEqual(
      expect.arrayContaining([reply, { reqId: `outbox:${await id('notice:1')}`, outbox: await id('notice:1') }]),
    );
    expect(said('outbox message sent')).toHaveLength(2);
  });
});
