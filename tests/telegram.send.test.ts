/** The adapter's sender against the stand-in, and through the outbox: limits, errors, mentions, long texts, files, buttons. */
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../bots/telegram/telegram.adapter';
import { chats, outbox } from '../db/schema';
import type { InboundMessage } from '../src/chat/types';
import { silentLogger } from '../src/log';
import { enqueue } from '../src/outbox/enqueue';
import { forEachBackend } from './harness/backends';
import type { SentRecord, TelegramStandin } from './harness/telegram-standin';
import { at, newClock, newStandin, shown, stoppedAfterEach } from './telegram.fixture';

describe('Telegram sender', () => {
  let s: TelegramStandin;
  let adapter: TelegramAdapter;
  const inbound: InboundMessage[] = [];

  beforeAll(async () => {
    s = await newStandin();
    adapter = new TelegramAdapter({ token: s.token, apiRoot: s.apiRoot, log: silentLogger(), partGapMs: 0 });
    await adapter.start(async (msg) => {
      inbound.push(msg);
    });
  });
  afterAll(async () => {
    await adapter.stop();
    await s.stop();
  });
  afterEach(() => s.clearRecords());

  it('mentions as text_mention entities with UTF-16 offsets (Chinese 1 unit, emoji 2)', async () => {
    const group = s.createSupergroup();
    const a = s.createUser({ first_name: '刘川' });
    const b = s.createUser({ first_name: '陈闽😀' });
    const result = await adapter.send({
      platform: 'telegram',
      chatId: String(group.id),
      text: '⏰😀 还有 2 人未报平安：',
      mentions: [
        { externalId: String(a.id), name: '刘川' },
        { externalId: String(b.id), name: '陈闽😀' },
      ],
    });
    expect(result.ok).toBe(true);
    const [m] = s.sent;
    const text = shown(m as never);
    const entities = (m?.entities ?? []) as { type: string; offset: number; length: number; user: { id: number } }[];
    expect(entities.map((e) => [e.user.id, text.slice(e.offset, e.offset + e.length)])).toEqual([
      [a.id, '@刘川'],
      [b.id, '@陈闽😀'],
    ]);
    expect(entities[1]?.length).toBe(5); // '@' + 2 Chinese + a surrogate pair
  });

  it('splits a text longer than 4096 on line boundaries; the first part is the message id', async () => {
    const chat = s.privateChat(s.createUser());
    const lines = Array.from({ length: 400 }, (_, i) => `第 ${i + 1} 行：${'叶'.repeat(20)}`);
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(8192);
    const result = await adapter.send({ platform: 'telegram', chatId: String(chat.id), text });
    expect(s.sent).toHaveLength(3);
    expect(s.sent.every((m) => (m.text ?? '').length <= 4096)).toBe(true);
    expect(s.sent.map((m) => m.text).join('\n')).toBe(text);
    expect(result).toEqual({ ok: true, messageId: String(s.sent[0]?.message_id) });
  });

  it('sends an xlsx by sendDocument and a png by sendPhoto, with the text as caption', async () => {
    const chat = s.privateChat(s.createUser());
    const xlsx = Buffer.from('PK\u0003\u0004 fake workbook');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const mime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    await adapter.send({
      platform: 'telegram',
      chatId: String(chat.id),
      text: '12 月打卡记录',
      file: { name: '打卡-2026-12.xlsx', mime, data: xlsx },
    });
    await adapter.send({ platform: 'telegram', chatId: String(chat.id), text: '本周报表', file: { name: 'week.png', mime: 'image/png', data: png } });
    expect(s.sent.map((m) => [m.method, m.caption, m.file?.filename])).toEqual([
      ['sendDocument', '12 月打卡记录', '打卡-2026-12.xlsx'],
      ['sendPhoto', '本周报表', 'week.png'],
    ]);
    expect(s.sent[0]?.file?.data?.equals(xlsx)).toBe(true);
  });

  it('maps 429 to retryAfterMs, 403 to chatGone, a dropped connection to a plain failure', async () => {
    const chat = s.privateChat(s.createUser());
    const out = { platform: 'telegram', chatId: String(chat.id), text: 'hi' };
    s.failNext('sendMessage', { error_code: 429, retry_after: 7 });
    expect(await adapter.send(out)).toMatchObject({ ok: false, retryAfterMs: 7000 });
    s.failNext('sendMessage', { kind: 'reset' });
    const reset = await adapter.send(out);
    expect(reset).toMatchObject({ ok: false });
    expect(reset).not.toHaveProperty('chatGone');
    expect(reset).not.toHaveProperty('retryAfterMs');
    s.chatBlocked(chat);
    expect(await adapter.send(out)).toMatchObject({ ok: false, chatGone: true });
    const kicked = s.createSupergroup();
    s.chatBlocked(kicked);
    expect(await adapter.send({ ...out, chatId: String(kicked.id) })).toMatchObject({ ok: false, chatGone: true });
    expect(await adapter.send({ ...out, chatId: '-100999' })).toMatchObject({ ok: false, chatGone: true }); // chat not found
  });

  it('buttons: a press comes back as the command from the presser; long commands travel as tokens', async () => {
    const group = s.createSupergroup({ title: '课堂' });
    const user = s.createUser({ first_name: '张云' });
    const long = `/study studied 12 ${'学习心得'.repeat(6)}`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(64);
    const result = await adapter.send({
      platform: 'telegram',
      chatId: String(group.id),
      text: '新的学习',
      actions: [
        { label: '平安 在岗', command: '/checkin 平安 在岗' },
        { label: '写心得', command: long },
      ],
    });
    const messageId = Number((result as { messageId: string }).messageId);
    const data = ((s.sent[0] as SentRecord).reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard
      .flat()
      .map((b) => b.callback_data);
    expect(data[0]).toBe('/checkin 平安 在岗');
    expect(data[1]).toMatch(/^#/);
    inbound.length = 0;
    const press = s.pressButton(user, group.id, messageId, data[0] as string);
    s.pressButton(user, group.id, messageId, data[1] as string);
    s.pressButton(user, group.id, messageId, '#unknown', { unchecked: true });
    await s.waitForConfirmed();
    await adapter.settled();
    expect(inbound.map((m) => [m.text, m.chatId, m.senderId, m.chatKind])).toEqual([
      ['/checkin 平安 在岗', String(group.id), String(user.id), 'group'],
      [long, String(group.id), String(user.id), 'group'],
    ]);
    expect(inbound[0]?.messageId).toBe(`cb:${press.callback_query?.id}`);
    expect(s.callbackAnswers).toHaveLength(3);
    expect(s.callbackAnswers[2]).toMatchObject({ show_alert: true });
  });

  it('gives a deep link for invite codes', () => {
    expect(adapter.inviteLink('K7Q2MX')).toBe('https://t.me/yemai_test_bot?start=K7Q2MX');
  });
});

describe('Telegram sender under enforced limits', () => {
  it('never passes 30 messages a second overall, even for a burst of direct replies', async () => {
    const s = await newStandin({ enforceLimits: true });
    const adapter = new TelegramAdapter({ token: s.token, apiRoot: s.apiRoot, log: silentLogger(), commands: [] });
    try {
      await adapter.start(async () => {});
      const groups = Array.from({ length: 45 }, () => s.createSupergroup());
      const started = Date.now();
      const results = await Promise.all(groups.map((g) => adapter.send({ platform: 'telegram', chatId: String(g.id), text: '✅ 已收到' })));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(s.tooManyRequestsCount).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // the last 15 waited for the next second
    } finally {
      await adapter.stop();
      await s.stop();
    }
  });
});

forEachBackend('Telegram through the outbox', (get) => {
  const started = stoppedAfterEach();

  it('the dispatcher waits out a 429 and marks a chat inactive on 403', async () => {
    const db = get().db;
    const clock = newClock(at('10:00'));
    const s = await started.standin();
    const bot = await started.bot(s, db, clock);
    const gone = s.createSupergroup({ title: '已退出的群' });
    const busy = s.createSupergroup({ title: '忙碌的群' });
    await db.insert(chats).values([
      { platform: 'telegram', externalId: String(gone.id), kind: 'group', title: 'gone' },
      { platform: 'telegram', externalId: String(busy.id), kind: 'group', title: 'busy' },
    ]);
    await enqueue(db, clock.now(), { dedupKey: 'a', platform: 'telegram', chatId: String(gone.id), text: '通知' });
    await enqueue(db, clock.now(), { dedupKey: 'b', platform: 'telegram', chatId: String(busy.id), text: '通知' });
    s.chatBlocked(gone);
    s.failNext('sendMessage', { error_code: 429, retry_after: 1 }, { chatId: busy.id });
    await bot.runtime.dispatcher.drain();
    const [goneChat] = await db
      .select()
      .from(chats)
      .where(eq(chats.externalId, String(gone.id)));
    expect(goneChat?.active).toBe(false);
    const rows = await db.select().from(outbox).orderBy(outbox.id);
    expect(rows.map((r) => r.status)).toEqual(['dead', 'pending']);
    expect(rows[1]?.availableAt.getTime()).toBe(clock.now().getTime() + 1000);
    clock.advance(1000);
    await bot.runtime.dispatcher.drain();
    expect((await db.select().from(outbox).orderBy(outbox.id)).map((r) => r.status)).toEqual(['dead', 'sent']);
    expect(s.sent.map((m) => m.chat_id)).toEqual([busy.id]);
  });
});
