/** Webhook mode end to end: the secret is enforced, errors stay inside, redeliveries change nothing, nothing is lost across a restart. */
import net from 'node:net';
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../bots/telegram/telegram.adapter';
import { silentLogger } from '../src/log';
import { checkins, processedMessages } from '../db/schema';
import { forEachBackend } from './harness/backends';
import { at, newClock, newStandin, seedBranch, shown, stoppedAfterEach } from './telegram.fixture';
import type { Db } from '../db/client';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function post(url: string, body: string, secret?: string): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
  const res = await fetch(url, { method: 'POST', headers, body });
  await res.arrayBuffer();
  return res.status;
}

const processed = async (db: Db) => (await db.select({ n: count() }).from(processedMessages))[0]?.n ?? 0;

forEachBackend('Telegram webhook mode', (get) => {
  const started = stoppedAfterEach();

  it('refuses a wrong or missing secret, handles a redelivered update once, and keeps updates sent while stopped', async () => {
    const db = get().db;
    const clock = newClock(at('09:00'));
    const { codes } = await seedBranch(db, clock.now());
    const s = await started.standin();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/telegram/hook`;
    const webhook = { url, secret: 'right-secret_1', port, host: '127.0.0.1' };
    const first = await started.bot(s, db, clock, { webhook });
    expect(first.adapter.webhookPort).toBe(port);
    expect(s.calls.find((c) => c.method === 'setWebhook')?.params).toMatchObject({ url, secret_token: 'right-secret_1' });

    // Someone who is not Telegram: refused before the update is even read.
    const zhang = s.createUser({ first_name: '张云' });
    s.privateChat(zhang);
    const forged = JSON.stringify({
      update_id: 1,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: zhang.id, type: 'private', first_name: '张云' },
        from: zhang,
        text: `/start ${codes.zhang}`,
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    });
    expect(await post(url, forged, 'wrong-secret')).toBe(401);
    expect(await post(url, forged)).toBe(401);
    expect(await post(`http://127.0.0.1:${port}/elsewhere`, forged, 'right-secret_1')).toBe(404);
    expect(await post(url, '{not json', 'right-secret_1')).toBe(400);
    expect(await processed(db)).toBe(0);
    expect(s.sent).toHaveLength(0);

    // Telegram itself (the stand-in posts with the registered secret).
    const join = s.sendText(zhang, zhang.id, `/start ${codes.zhang}`);
    await s.waitFor((m) => m.chat_id === zhang.id && shown(m).includes('绑定成功：张云'));
    await s.waitForConfirmed();
    expect(s.webhookDeliveries.map((d) => d.status)).toEqual([200]);

    // The same update again (Telegram redelivers after a timeout or a 5xx): accepted, changes nothing.
    const report = s.sendText(zhang, zhang.id, '/checkin 云南曲靖 在岗');
    await s.waitFor((m) => shown(m).includes('已收到 张云'));
    s.pushUpdate(report);
    s.pushUpdate(join);
    await s.waitForConfirmed();
    expect(s.webhookDeliveries.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    expect(s.sent.filter((m) => shown(m).includes('已收到 张云'))).toHaveLength(1);
    expect(s.sent.filter((m) => shown(m).includes('绑定成功'))).toHaveLength(1);
    expect((await db.select().from(checkins)).length).toBe(1);

    // Stopped: the webhook stays registered, so Telegram keeps what arrives meanwhile.
    await started.stop(first);
    expect(s.calls.some((c) => c.method === 'deleteWebhook')).toBe(false);
    s.sendText(zhang, zhang.id, '/checkin 云南曲靖 在岗 更新');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.pendingUpdates).toHaveLength(1);
    expect(s.webhookDeliveries.some((d) => d.status !== 200)).toBe(true);

    await started.bot(s, db, clock, { webhook });
    await s.waitFor((m) => shown(m).includes('已更新 张云'), 3000);
    await s.waitForConfirmed();
  });
});

describe('Telegram webhook: errors and slow handlers stay inside', () => {
  it('answers 200 when a handler throws, answers fast when one is slow, and stop waits for the slow one', async () => {
    const s = await newStandin();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    const adapter = new TelegramAdapter({
      token: s.token,
      apiRoot: s.apiRoot,
      log: silentLogger(),
      webhook: { url, secret: 'sekret', port, host: '127.0.0.1', answerWithinMs: 100 },
    });
    const done: string[] = [];
    try {
      await adapter.start(async (msg) => {
        if (msg.text === 'boom') throw new Error('handler exploded');
        if (msg.text === 'slow') await new Promise((resolve) => setTimeout(resolve, 600));
        done.push(msg.text);
      });
      const user = s.createUser();
      s.privateChat(user);
      s.sendText(user, user.id, 'boom');
      s.sendText(user, user.id, 'after boom');
      await s.waitForConfirmed();
      expect(s.webhookDeliveries.map((d) => d.status)).toEqual([200, 200]);
      expect(done).toEqual(['after boom']);

      const started = Date.now();
      s.sendText(user, user.id, 'slow');
      await s.waitForConfirmed(3000);
      expect(Date.now() - started).toBeLessThan(500); // Telegram got its answer before the handler finished
      expect(done).toEqual(['after boom']);
    } finally {
      await adapter.stop();
      await s.stop();
    }
    expect(done).toEqual(['after boom', 'slow']);
  });
});
