import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { outbox } from '../db/schema';
import { seedDemo } from '../bots/console/demo/demo-seed';
import type { HealthReport } from '../src/app/health';
import { serveHealth } from '../src/app/health';
import { Runtime } from '../src/app/runtime';
import type { InboundMessage, Outbound, SendResult } from '../src/chat/types';
import { ControllableClock } from '../src/clock';
import { createLogger, requestIdOf, silentLogger } from '../src/log';
import { enqueue } from '../src/outbox/enqueue';
import { forEachBackend, openTestDb } from './harness/backends';
import { RecordingAdapter } from './harness/recording-adapter';

const NOW = new Date('2026-12-01T02:00:00Z');

/** A platform whose link is down: it cannot start, and says why (with a token in the text, as some SDKs do). */
class UnreachableAdapter extends RecordingAdapter {
  constructor(private readonly token: string) {
    super('telegram');
  }
  override async start(): Promise<void> {
    throw new Error(`connect ECONNREFUSED https://api.example.org/bot${this.token}/getMe`);
  }
}

/** A platform that refuses every send for now (5xx), so replies go to the outbox. */
class RefusingAdapter extends RecordingAdapter {
  override async send(_out: Outbound): Promise<SendResult> {
    return { ok: false, error: '502 Bad Gateway' };
  }
}

async function getJson(port: number, path = '/healthz'): Promise<{ status: number; body: HealthReport | null }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as HealthReport) : null };
}

forEachBackend('GET /healthz and request ids', (get) => {
  it('reports the database, each adapter, the scheduler and the outbox lag, and no secret', async () => {
    const token = '123456:AAH-very-secret-token';
    process.env.HEALTH_TEST_BOT_TOKEN = token;
    const up = new RecordingAdapter('console');
    const down = new UnreachableAdapter(token);
    const clock = new ControllableClock(NOW);
    const runtime = new Runtime({ db: get().db, log: silentLogger(), adapters: [up, down], clock });
    await runtime.start({ scheduler: false, dispatcher: false, adapterWaitMs: 200 });
    // Two rows due for 90 s and 30 s, one not yet due, one dead.
    for (const [key, ago] of [
      ['a', 90],
      ['b', 30],
      ['c', -60],
    ] as const)
      await enqueue(get().db, NOW, { dedupKey: key, platform: 'console', chatId: 'x', text: 't', availableAt: new Date(NOW.getTime() - ago * 1000) });
    await enqueue(get().db, NOW, { dedupKey: 'd', platform: 'console', chatId: 'x', text: 't', availableAt: NOW });
    await get().db.update(outbox).set({ status: 'dead' }).where(eq(outbox.dedupKey, 'd'));
    await runtime.scheduler.tick(NOW);
    const server = await serveHealth(runtime.healthSource(), { port: 0, host: '127.0.0.1', log: silentLogger() });
    try {
      const { status, body } = await getJson(server.port);
      expect(status).toBe(200);
      expect(body?.status).toBe('degraded');
      expect(body?.database).toEqual({ reachable: true });
      expect(body?.adapters.map((a) => [a.platform, a.connected, a.state])).toEqual([
        ['console', true, 'up'],
        ['telegram', false, 'retrying'],
      ]);
      expect(body?.adapters[1]?.lastError).toContain('ECONNREFUSED');
      expect(body?.adapters[1]?.lastError).toContain('[redacted]');
      expect(body?.scheduler.lastTickAt).toBe(NOW.toISOString());
      expect(body?.outbox).toEqual({ due: 2, lagSeconds: 90, dead: 1 });
      expect(body?.inboundWaiting).toBe(0);
      expect(JSON.stringify(body)).not.toContain('very-secret-token');
      expect((await getJson(server.port, '/')).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`, { method: 'POST' })).status).toBe(404);
    } finally {
      delete process.env.HEALTH_TEST_BOT_TOKEN;
      await server.close();
      await runtime.stop();
    }
  });

  it('answers 503 "down" when the database cannot be reached', async () => {
    const closed = await openTestDb(get().kind);
    await closed.dispose();
    const runtime = new Runtime({ db: closed.db, log: silentLogger(), adapters: [new RecordingAdapter()], clock: new ControllableClock(NOW) });
    const server = await serveHealth(runtime.healthSource(), { port: 0, host: '127.0.0.1', log: silentLogger() });
    try {
      const { status, body } = await getJson(server.port);
      expect(status).toBe(503);
      expect(body?.status).toBe('down');
      expect(body?.database.reachable).toBe(false);
      expect(body?.outbox).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('every log line on one inbound message’s path carries that message’s request id, and only that one', async () => {
    await seedDemo(get().db, NOW);
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ level: 'debug', secrets: [], destination: { write: (s: string) => lines.push(JSON.parse(s)) } });
    const adapter = new RefusingAdapter('console');
    const runtime = new Runtime({ db: get().db, log, adapters: [adapter], clock: new ControllableClock(NOW) });
    await runtime.start({ scheduler: false, dispatcher: false });
    const message = (id: string): InboundMessage => ({
      platform: 'console',
      messageId: id,
      chatId: '张云',
      chatKind: 'private',
      senderId: '张云',
      senderName: '张云',
      text: '/whoami',
      mentionsBot: false,
      at: NOW,
    });
    try {
      await adapter.onMessage?.(message('one'));
      await adapter.onMessage?.(message('two'));
    } finally {
      await runtime.stop();
    }
    for (const id of ['one', 'two']) {
      const reqId = requestIdOf('console', id);
      const path = lines.filter((l) => l.reqId === reqId).map((l) => l.msg);
      // The message arriving, and its reply failing and going to the outbox: one path, one id.
      expect(path).toEqual(['inbound message', 'reply not delivered; queued in the outbox']);
    }
    expect(requestIdOf('console', 'one')).not.toBe(requestIdOf('console', 'two'));
    expect(requestIdOf('console', 'one')).toMatch(/^[\w-]{12}$/);
  });
});
