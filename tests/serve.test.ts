import { expect, it } from 'vitest';
import type { Outbound, SendResult } from '../src/chat/types';
import { replyingHandler } from '../src/app/serve';
import { forEachBackend } from './harness/backends';
import { inbound, Scenario } from './harness/scenario';

forEachBackend('replies', (get) => {
  it('a reply the platform refuses for now is queued in the outbox and delivered later, once', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    const refusals: SendResult[] = [{ ok: false, error: '429 Too Many Requests', retryAfterMs: 3000 }];
    const original = s.adapter.send.bind(s.adapter);
    s.adapter.send = async (out: Outbound) => refusals.shift() ?? original(out);
    const handler = replyingHandler(s.runtime.app, s.adapter);
    const msg = inbound('张云', '/whoami', '张云', s.now());
    await handler(msg);
    await handler(msg);
    const queued = await s.outbox('reply');
    expect(queued.length).toBe(1);
    expect(queued[0]?.text).toContain('张云（党员）');
    expect(queued[0]?.availableAt.getTime()).toBe(s.now().getTime() + 3000);
    await s.runtime.dispatcher.drain();
    expect(s.adapter.sent.length).toBe(0);
    s.runtime.clock.advance(3000);
    await s.runtime.dispatcher.drain();
    expect(s.adapter.sent.map((m) => m.chatId)).toEqual(['张云']);
    expect((await s.outbox('reply'))[0]?.status).toBe('sent');
  });
});
