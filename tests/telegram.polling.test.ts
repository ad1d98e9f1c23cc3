/** Long polling end to end: redeliveries, addressing, a restart mid-day, and a stop that loses nothing. */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../bots/telegram/telegram.adapter';
import { checkins } from '../db/schema';
import type { InboundMessage } from '../src/chat/types';
import { silentLogger } from '../src/log';
import { forEachBackend } from './harness/backends';
import type { SentRecord } from './harness/telegram-standin';
import { at, GROUP, newClock, newStandin, seedBranch, shown, stoppedAfterEach } from './telegram.fixture';

forEachBackend('Telegram long polling', (get) => {
  const started = stoppedAfterEach();

  it('handles a redelivered message and button press once; ignores /cmd@otherbot and other bots', async () => {
    const db = get().db;
    const clock = newClock(at('09:00'));
    const { codes } = await seedBranch(db, clock.now());
    const s = await started.standin();
    const bot = await started.bot(s, db, clock);
    expect(s.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);

    const zhang = s.createUser({ first_name: '张云' });
    s.privateChat(zhang);
    // A group where the bot is admin: Telegram delivers everything there, so the adapter's own guards show.
    const group = s.createSupergroup({ title: '闲聊群', botIsAdmin: true });
    s.sendText(zhang, zhang.id, `/start ${codes.zhang}`);
    await s.waitFor((m) => shown(m).includes('绑定成功：张云'));

    const report = s.sendText(zhang, zhang.id, '/checkin 云南曲靖 在岗');
    await s.waitFor((m) => shown(m).includes('已收到 张云'));
    s.pushUpdate(report); // as after a crash before the offset was confirmed
    await s.waitForConfirmed();
    await bot.adapter.settled();
    expect(s.sent.filter((m) => shown(m).includes('张云'))).toHaveLength(2); // the join and the one report

    const sentBefore = s.sent.length;
    s.sendText(zhang, group.id, '/checkin@other_bot 云南 在岗');
    s.sendText(zhang, group.id, '/usr/bin 不是命令');
    s.sendText(zhang, group.id, '大家好');
    const robot = s.createUser({ first_name: 'Robot', username: 'some_bot', is_bot: true });
    s.sendText(robot, group.id, '/checkin 云南 在岗');
    await s.waitForConfirmed();
    await bot.adapter.settled();
    expect(s.sent.length).toBe(sentBefore);

    // An @-mention of the bot reaches the core without the mention (here: a plain-text check-in update).
    s.sendText(zhang, group.id, '@yemai_test_bot 云南曲靖 在岗 更新');
    await s.waitFor((m) => m.chat_id === group.id && shown(m).includes('已更新 张云'));

    // A private prompt with buttons; the same press delivered twice counts once.
    const prompt = await bot.adapter.send({
      platform: 'telegram',
      chatId: String(zhang.id),
      text: '请报平安',
      actions: [{ label: '平安 在岗', command: '/checkin 平安 在岗' }],
    });
    expect(prompt.ok).toBe(true);
    const messageId = Number((prompt as { messageId: string }).messageId);
    const press = s.pressButton(zhang, zhang.id, messageId, '/checkin 平安 在岗');
    await s.waitFor((m) => m.chat_id === zhang.id && shown(m).includes('已更新 张云') && m.message_id > messageId);
    s.pushUpdate(press);
    await s.waitForConfirmed();
    await bot.adapter.settled();
    expect(s.sent.filter((m) => m.message_id > messageId && m.chat_id === zhang.id)).toHaveLength(1);
    const [row] = await db.select().from(checkins);
    expect(row?.status).toBe('在岗');
  });

  it('restarts mid-day without a second prompt or reminder, and handles what arrived while it was down', async () => {
    const db = get().db;
    const clock = newClock(at('07:30'));
    const { codes } = await seedBranch(db, clock.now());
    const s = await started.standin();
    const wang = s.createUser({ first_name: '王组长' });
    const zhang = s.createUser({ first_name: '张云' });
    for (const u of [wang, zhang]) s.privateChat(u);
    const group = s.createSupergroup({ title: '原料物资科党小组群' });

    const first = await started.bot(s, db, clock);
    s.sendText(wang, wang.id, `/start ${codes.wang}`);
    s.sendText(zhang, zhang.id, `/start ${codes.zhang}`);
    // Updates from different chats are handled side by side: the leader's /bind waits for his own /start.
    await s.waitFor((m) => shown(m).includes('绑定成功：张云'));
    await s.waitFor((m) => shown(m).includes('绑定成功：王组长'));
    s.sendText(wang, group.id, `/bind ${GROUP}`);
    await s.waitFor((m) => m.chat_id === group.id && shown(m).includes('课堂'));
    await first.runtime.advance(at('07:58'), at('08:05'));
    const prompts = () => s.sent.filter((m) => m.chat_id === group.id && shown(m).includes('每日报平安：'));
    expect(prompts()).toHaveLength(1);
    const prompt = prompts()[0] as SentRecord;

    await started.stop(first);
    // While the bot is down a member answers the prompt; Telegram keeps the update.
    clock.set(at('09:00'));
    s.sendText(zhang, group.id, '云南曲靖 在岗', { replyToMessageId: prompt.message_id });
    expect(s.pendingUpdates).toHaveLength(1);

    const second = await started.bot(s, db, clock);
    await s.waitFor((m) => m.chat_id === group.id && shown(m).includes('已收到 张云'));
    // The new process goes over the morning's slots again (e.g. it restarted with an old clock): nothing twice.
    await second.runtime.advance(at('07:55'), at('08:10'));
    await second.runtime.advance(at('11:55'), at('12:05'));
    expect(prompts()).toHaveLength(1);
    const reminders = () => s.sent.filter((m) => m.chat_id === group.id && shown(m).includes('未报平安'));
    expect(reminders()).toHaveLength(1);
    expect(shown(reminders()[0] as SentRecord)).toContain('@王组长');
    expect(shown(reminders()[0] as SentRecord)).not.toContain('@张云');

    await started.stop(second);
    const third = await started.bot(s, db, clock);
    await third.runtime.advance(at('07:58'), at('08:02'));
    await third.runtime.advance(at('11:58'), at('12:30'));
    expect(prompts()).toHaveLength(1);
    expect(reminders()).toHaveLength(1);
    expect((await db.select().from(checkins).where(eq(checkins.localDate, '2026-12-01'))).length).toBe(1);
  });
});

describe('Telegram graceful stop', () => {
  it('finishes every update already taken and confirms them, so none is lost or comes back', async () => {
    const s = await newStandin({ latencyMs: 15 });
    const handled: InboundMessage[] = [];
    const adapter = new TelegramAdapter({ token: s.token, apiRoot: s.apiRoot, log: silentLogger() });
    try {
      let begun = 0;
      await adapter.start(async (msg) => {
        begun++;
        await new Promise((resolve) => setTimeout(resolve, 150)); // a slow command
        handled.push(msg);
      });
      const users = Array.from({ length: 12 }, (_, i) => s.createUser({ first_name: `U${i}` }));
      for (const u of users) s.privateChat(u);
      for (const u of users) s.sendText(u, u.id, '/help');
      // Wait until the runner has taken the batch (handling has begun), then stop at once.
      await until(() => begun > 0);
      expect(handled).toHaveLength(0);
      await adapter.stop();
      expect(handled).toHaveLength(12);
      expect(s.pendingUpdates).toHaveLength(0); // confirmed: a restart will not see them again
    } finally {
      await adapter.stop();
      await s.stop();
    }
  });

  it('keeps per-chat order while handling chats concurrently', async () => {
    const s = await newStandin();
    const order: string[] = [];
    let concurrent = 0;
    let peak = 0;
    const adapter = new TelegramAdapter({ token: s.token, apiRoot: s.apiRoot, log: silentLogger() });
    try {
      await adapter.start(async (msg) => {
        concurrent++;
        peak = Math.max(peak, concurrent);
        await new Promise((resolve) => setTimeout(resolve, 30));
        order.push(`${msg.senderName}:${msg.text}`);
        concurrent--;
      });
      const a = s.createUser({ first_name: 'A' });
      const b = s.createUser({ first_name: 'B' });
      s.privateChat(a);
      s.privateChat(b);
      for (let i = 1; i <= 3; i++) {
        s.sendText(a, a.id, `a${i}`);
        s.sendText(b, b.id, `b${i}`);
      }
      await until(() => order.length === 6);
      expect(order.filter((o) => o.startsWith('A'))).toEqual(['A:a1', 'A:a2', 'A:a3']);
      expect(order.filter((o) => o.startsWith('B'))).toEqual(['B:b1', 'B:b2', 'B:b3']);
      expect(peak).toBe(2);
    } finally {
      await adapter.stop();
      await s.stop();
    }
  });
});

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
