import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, GrammyError, HttpError, InlineKeyboard, InputFile, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { type StandinOptions, TelegramStandin, telegramEntities } from './telegram-standin';

// ─────────── helpers ───────────

async function withStandin(opts: StandinOptions, fn: (standin: TelegramStandin) => Promise<void>): Promise<void> {
  const standin = await TelegramStandin.start(opts);
  try {
    await fn(standin);
  } finally {
    await standin.stop();
  }
}

function newBot(standin: TelegramStandin): Bot {
  return new Bot(standin.token, { client: { apiRoot: standin.apiRoot } });
}

/** Starts long polling and returns a stopper that also awaits the loop, surfacing its errors. */
async function startPolling(bot: Bot): Promise<{ errors: unknown[]; stop: () => Promise<void> }> {
  const errors: unknown[] = [];
  bot.catch((err) => errors.push(err.error));
  let onStart!: () => void;
  const started = new Promise<void>((resolve) => (onStart = resolve));
  const running = bot.start({ onStart: () => onStart() });
  await Promise.race([started, running]);
  return {
    errors,
    stop: async () => {
      await bot.stop();
      await running;
    },
  };
}

async function until(check: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function catchError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

// ─────────── tests ───────────

describe('TelegramStandin with a real grammY bot', () => {
  it('delivers an injected command over long polling and records the reply', async () => {
    await withStandin({}, async (standin) => {
      const bot = newBot(standin);
      bot.command('ping', (ctx) => ctx.reply(`pong ${ctx.match}`));
      const polling = await startPolling(bot);
      try {
        const alice = standin.createUser({ first_name: 'Alice', username: 'alice_w' });
        const chat = standin.privateChat(alice);
        expect(chat.id).toBe(alice.id);

        const update = standin.sendText(alice, chat, '/ping 你好');
        expect(update.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 5 }]);

        const reply = await standin.waitFor((m) => m.text?.startsWith('pong') ?? false);
        expect(reply).toMatchObject({ method: 'sendMessage', chat_id: alice.id, text: 'pong 你好' });
        expect(reply.message.from?.id).toBe(standin.botInfo.id);
        expect(reply.message_id).toBe((update.message?.message_id ?? 0) + 1);
      } finally {
        await polling.stop();
      }
      expect(polling.errors).toEqual([]);
      const methods = standin.calls.map((c) => c.method);
      expect(methods).toContain('getMe');
      expect(methods).toContain('deleteWebhook');
    });
  });

  it('marks /cmd@otherbot as a bot_command that bot.command() then ignores', async () => {
    await withStandin({}, async (standin) => {
      const bot = newBot(standin);
      const handled: string[] = [];
      bot.command('ping', async (ctx) => {
        handled.push(ctx.msg.text);
        await ctx.reply('pong');
      });
      const polling = await startPolling(bot);
      try {
        const bob = standin.createUser({ first_name: 'Bob' });
        const chat = standin.privateChat(bob);
        const other = standin.sendText(bob, chat, '/ping@otherbot');
        expect(other.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 14 }]);
        await standin.waitForConfirmed();
        expect(standin.sent).toEqual([]);

        standin.sendText(bob, chat, '/ping@yemai_test_bot');
        await standin.waitFor((m) => m.text === 'pong');
        expect(handled).toEqual(['/ping@yemai_test_bot']);
      } finally {
        await polling.stop();
      }
    });
  });

  it('sees an injected 429 as a GrammyError with parameters.retry_after, and 403 / resets too', async () => {
    await withStandin({}, async (standin) => {
      const bot = newBot(standin);
      const carol = standin.createUser();
      const chat = standin.privateChat(carol);

      standin.failNext('sendMessage', { error_code: 429, retry_after: 7 });
      const err = await catchError(bot.api.sendMessage(chat.id, 'hi'));
      expect(err).toBeInstanceOf(GrammyError);
      expect((err as GrammyError).error_code).toBe(429);
      expect((err as GrammyError).parameters.retry_after).toBe(7);
      expect((err as GrammyError).description).toBe('Too Many Requests: retry after 7');
      expect(standin.tooManyRequestsCount).toBe(1);
      expect(standin.sent).toEqual([]);

      await bot.api.sendMessage(chat.id, 'hi');
      expect(standin.sent).toHaveLength(1);

      const group = standin.createSupergroup({ title: '第一支部' });
      expect(String(group.id)).toMatch(/^-100\d{10}$/);
      standin.chatBlocked(group.id);
      const kicked = (await catchError(bot.api.sendMessage(group.id, 'hi'))) as GrammyError;
      expect(kicked.error_code).toBe(403);
      expect(kicked.description).toBe('Forbidden: bot was kicked from the supergroup chat');

      standin.failNext('sendMessage', { kind: 'reset' });
      expect(await catchError(bot.api.sendMessage(chat.id, 'hi'))).toBeInstanceOf(HttpError);
    });
  });

  it('delivers to a webhook with the secret header; a refused update is redelivered', async () => {
    await withStandin({ webhookRetryMs: 30 }, async (standin) => {
      const bot = newBot(standin);
      bot.command('ping', (ctx) => ctx.reply('pong'));
      const handle = webhookCallback(bot, 'http', { secretToken: 'right-secret' });
      const server = http.createServer((req, res) => {
        handle(req, res).catch(() => {
          if (!res.headersSent) res.writeHead(500).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      try {
        await bot.api.setWebhook(url, { secret_token: 'stale-secret' });
        const dora = standin.createUser();
        const update = standin.sendText(dora, standin.privateChat(dora), '/ping');

        await until(() => standin.webhookDeliveries.filter((d) => d.status === 401).length >= 2, 2000, 'two refusals');
        const info = await bot.api.getWebhookInfo();
        expect(info).toMatchObject({ url, pending_update_count: 1 });
        expect(info.last_error_message).toContain('401');
        const conflict = (await catchError(bot.api.getUpdates())) as GrammyError;
        expect(conflict.error_code).toBe(409);

        await bot.api.setWebhook(url, { secret_token: 'right-secret' });
        await standin.waitFor((m) => m.text === 'pong');
        await standin.waitForConfirmed();

        const deliveries = standin.webhookDeliveries;
        expect(deliveries.every((d) => d.update_id === update.update_id)).toBe(true);
        expect(deliveries.at(-1)?.status).toBe(200);
        expect(deliveries.slice(0, -1).every((d) => d.status === 401)).toBe(true);
        expect(standin.sent.filter((m) => m.text === 'pong')).toHaveLength(1);
      } finally {
        await bot.api.deleteWebhook();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  it('runs an API call returned in the body of a webhook response (grammY webhook reply)', async () => {
    await withStandin({}, async (standin) => {
      const bot = new Bot(standin.token, { client: { apiRoot: standin.apiRoot, canUseWebhookReply: (m) => m === 'sendMessage' } });
      bot.command('ping', (ctx) => ctx.reply('pong via webhook reply'));
      const handle = webhookCallback(bot, 'http');
      const server = http.createServer((req, res) => void handle(req, res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        await bot.api.setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        const erin = standin.createUser();
        standin.sendText(erin, standin.privateChat(erin), '/ping');
        const reply = await standin.waitFor((m) => m.text === 'pong via webhook reply');
        expect(reply.chat_id).toBe(erin.id);
        expect(standin.calls.find((c) => c.method === 'sendMessage')?.via).toBe('webhook-reply');
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  it('enforceLimits answers 429 for a burst to one chat and does not record those messages', async () => {
    await withStandin({ enforceLimits: true, limits: { perChatBurst: 3 } }, async (standin) => {
      const bot = newBot(standin);
      const frank = standin.createUser();
      standin.privateChat(frank);
      const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => bot.api.sendMessage(frank.id, `m${i}`)));
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as GrammyError);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect(rejected).toHaveLength(3);
      for (const err of rejected) {
        expect(err.error_code).toBe(429);
        expect(err.parameters.retry_after).toBeGreaterThanOrEqual(1);
      }
      expect(standin.sent).toHaveLength(3);
      expect(standin.tooManyRequestsCount).toBe(3);
    });
  });

  it('enforceLimits: 20 per minute per group and 30 per second overall (controlled clock)', async () => {
    let now = 1_700_000_000_000;
    await withStandin({ enforceLimits: true, now: () => now }, async (standin) => {
      const bot = newBot(standin);
      const group = standin.createSupergroup();
      for (let i = 0; i < 20; i++) {
        await bot.api.sendMessage(group.id, `g${i}`);
        now += 2000;
      }
      const err = (await catchError(bot.api.sendMessage(group.id, 'one too many'))) as GrammyError;
      expect(err.error_code).toBe(429);
      expect(err.parameters.retry_after).toBe(20);
      now += 20_000;
      await bot.api.sendMessage(group.id, 'after waiting');

      now += 60_000;
      const users = Array.from({ length: 31 }, () => standin.createUser());
      for (const u of users) standin.privateChat(u);
      const results = [];
      for (const u of users)
        results.push(
          await bot.api.sendMessage(u.id, 'broadcast').then(
            () => 'ok',
            (e: GrammyError) => e.error_code,
          ),
        );
      expect(results.filter((r) => r === 'ok')).toHaveLength(30);
      expect(results.at(-1)).toBe(429);
    });
  });

  it('parses grammY multipart uploads and serves uploaded files back through getFile', async () => {
    await withStandin({}, async (standin) => {
      const bot = newBot(standin);
      const gina = standin.createUser();
      standin.privateChat(gina);
      const csv = Buffer.from('姓名,支部\n张三,一支部\n', 'utf8');
      await bot.api.sendDocument(gina.id, new InputFile(csv, '名单.csv'), {
        caption: '导出',
        reply_markup: new InlineKeyboard().text('再导出', 'export:again'),
      });
      const [doc] = standin.sent;
      expect(doc).toMatchObject({ method: 'sendDocument', chat_id: gina.id, caption: '导出' });
      expect(doc?.file).toMatchObject({ field: 'document', filename: '名单.csv', size: csv.length });
      expect(doc?.file?.data?.equals(csv)).toBe(true);
      expect(doc?.reply_markup).toEqual({ inline_keyboard: [[{ text: '再导出', callback_data: 'export:again' }]] });
      const call = standin.calls.find((c) => c.method === 'sendDocument');
      expect(call?.params.document).toMatch(/^attach:\/\//);
      expect(call?.multipartFields?.slice(0, 4)).toEqual(['chat_id', 'document', 'caption', 'reply_markup']);

      await bot.api.sendPhoto(gina.id, new InputFile(Buffer.from([0xff, 0xd8, 0xff, 0xd9])));
      expect(standin.sent[1]?.file).toMatchObject({ field: 'photo', filename: 'photo.jpg', size: 4 });

      const upload = standin.sendFile(gina, gina.id, { filename: 'roster.csv', data: 'a,b\n1,2\n' });
      const file = await bot.api.getFile(upload.message?.document?.file_id ?? 'missing');
      const res = await fetch(`${standin.apiRoot}/file/bot${standin.token}/${file.file_path}`);
      expect(await res.text()).toBe('a,b\n1,2\n');
    });
  });

  it('answers callback queries and edits the way Telegram does (keyboard dropped, not-modified 400)', async () => {
    await withStandin({}, async (standin) => {
      const bot = newBot(standin);
      bot.command('vote', (ctx) => ctx.reply('参加吗?', { reply_markup: new InlineKeyboard().text('参加', 'vote:yes') }));
      bot.callbackQuery('vote:yes', async (ctx) => {
        await ctx.answerCallbackQuery({ text: '已记录' });
        await ctx.editMessageText('已参加');
      });
      const polling = await startPolling(bot);
      try {
        const hana = standin.createUser();
        const group = standin.createSupergroup({ title: '支部' });
        standin.sendText(hana, group, '/vote');
        const question = await standin.waitFor((m) => m.text === '参加吗?');
        expect(() => standin.pressButton(hana, group, question.message_id, 'vote:no')).toThrow(/offers no button/);

        const press = standin.pressButton(hana, group, question.message_id, 'vote:yes');
        const queryId = press.callback_query?.id ?? 'missing';
        const edit = await standin.waitFor((m) => m.method === 'editMessageText');
        expect(edit).toMatchObject({ chat_id: group.id, message_id: question.message_id, text: '已参加' });
        expect(edit.message).not.toHaveProperty('reply_markup');
        expect(standin.callbackAnswers).toMatchObject([{ callback_query_id: queryId, text: '已记录' }]);

        const again = (await catchError(bot.api.answerCallbackQuery(queryId))) as GrammyError;
        expect(again.description).toContain('query is too old');
        const same = (await catchError(bot.api.editMessageText(group.id, question.message_id, '已参加'))) as GrammyError;
        expect(same.description).toMatch(/^Bad Request: message is not modified/);
      } finally {
        await polling.stop();
      }
      expect(polling.errors).toEqual([]);
    });
  });

  it('rejects what Telegram rejects: bad markup, long callback_data, Chinese command names', async () => {
    await withStandin({}, async (standin) => {
      const bot = newBot(standin);
      const ivan = standin.createUser();
      const stranger = standin.createUser();
      const never = (await catchError(bot.api.sendMessage(stranger.id, 'hi'))) as GrammyError;
      expect(never.description).toBe("Forbidden: bot can't initiate conversation with a user");
      standin.privateChat(ivan);
      const md = (await catchError(bot.api.sendMessage(ivan.id, 'Done.', { parse_mode: 'MarkdownV2' }))) as GrammyError;
      expect(md.description).toBe("Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'");
      const html = (await catchError(bot.api.sendMessage(ivan.id, 'a<br>b', { parse_mode: 'HTML' }))) as GrammyError;
      expect(html.description).toMatch(/Unsupported start tag "br"/);

      const ok = await bot.api.sendMessage(ivan.id, '<b>张三</b> &lt;3 <a href="tg://user?id=42">李四</a>', { parse_mode: 'HTML' });
      expect(ok.text).toBe('张三 <3 李四');
      expect(ok.entities).toMatchObject([
        { type: 'bold', offset: 0, length: 2 },
        { type: 'text_mention', offset: 6, length: 2, user: { id: 42 } },
      ]);

      const longData = '签'.repeat(22); // 66 bytes
      const button = (await catchError(
        bot.api.sendMessage(ivan.id, 'x', { reply_markup: new InlineKeyboard().text('签', longData) }),
      )) as GrammyError;
      expect(button.description).toBe('Bad Request: BUTTON_DATA_INVALID');

      await bot.api.setMyCommands([{ command: 'checkin', description: '签到' }], { language_code: 'zh' });
      expect(standin.commandsFor({ type: 'default' }, 'zh')).toEqual([{ command: 'checkin', description: '签到' }]);
      expect(await bot.api.getMyCommands()).toEqual([]);
      const chinese = (await catchError(bot.api.setMyCommands([{ command: '签到', description: '签到' }]))) as GrammyError;
      expect(chinese.description).toBe('Bad Request: BOT_COMMAND_INVALID');
    });
  });

  it('filters group messages like privacy mode and redelivers a duplicated update_id', async () => {
    await withStandin({}, async (standin) => {
      const bot = newBot(standin);
      const seen: { id: number; text: string }[] = [];
      bot.on('message:text', async (ctx) => {
        seen.push({ id: ctx.update.update_id, text: ctx.msg.text });
        if (ctx.msg.text === '/hello') await ctx.reply('hi');
      });
      const polling = await startPolling(bot);
      try {
        const jin = standin.createUser({ first_name: '金' });
        const group = standin.createSupergroup();
        standin.sendText(jin, group, '大家好');
        standin.sendText(jin, group, '/签到');
        standin.sendText(jin, group, '/hello');
        standin.sendText(jin, group, '@yemai_test_bot 请假');
        const hi = await standin.waitFor((m) => m.text === 'hi');
        const reply = standin.sendText(jin, group, '收到', { replyToMessageId: hi.message_id });
        await standin.waitForConfirmed();
        expect(seen.map((s) => s.text)).toEqual(['/hello', '@yemai_test_bot 请假', '收到']);
        expect(standin.droppedUpdates.map((d) => d.update.message?.text)).toEqual(['大家好', '/签到']);

        // The same update again, as after a crash before the offset was confirmed.
        standin.pushUpdate(reply);
        await standin.waitForConfirmed();
        expect(seen.filter((s) => s.id === reply.update_id)).toHaveLength(2);
      } finally {
        await polling.stop();
      }
    });
  });
});

describe('TelegramStandin protocol details', () => {
  it('computes entities like Telegram, in UTF-16 offsets', () => {
    expect(telegramEntities('/签到')).toEqual([]);
    expect(telegramEntities('/checkin签到')).toEqual([]);
    expect(telegramEntities('请 /help')).toEqual([{ type: 'bot_command', offset: 2, length: 5 }]);
    expect(telegramEntities('/start@ab')).toEqual([]);
    expect(telegramEntities('a/b')).toEqual([]);
    expect(telegramEntities('👍 @alice_w 你好')).toEqual([{ type: 'mention', offset: 3, length: 8 }]);
    expect(telegramEntities('mail a@example.com')).toEqual([]);
  });

  it('answers 401 for a wrong token and 404 for an unknown method', async () => {
    await withStandin({}, async (standin) => {
      const wrong = await fetch(`${standin.apiRoot}/bot999:WRONG/getMe`, { method: 'POST' });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
      const unknown = await fetch(`${standin.apiRoot}/bot${standin.token}/noSuchMethod`, { method: 'POST' });
      expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });
      const me = await newBot(standin).api.getMe();
      expect(me).toMatchObject({ id: 123456, is_bot: true, username: 'yemai_test_bot', can_read_all_group_messages: false });
    });
  });

  it('holds getUpdates until an update arrives, kicks out a second poller, and ends polls on stop', async () => {
    const standin = await TelegramStandin.start({ latencyMs: 30 });
    const bot = newBot(standin);
    const kim = standin.createUser();
    standin.privateChat(kim);

    const started = Date.now();
    await bot.api.getMe();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);

    const first = bot.api.getUpdates({ timeout: 5 });
    const kicked = catchError(first);
    await until(() => standin.calls.filter((c) => c.method === 'getUpdates').length === 1, 1000, 'first poll');
    const second = bot.api.getUpdates({ timeout: 5 });
    expect(((await kicked) as GrammyError).error_code).toBe(409);

    setTimeout(() => standin.sendText(kim, kim.id, 'hello'), 50);
    const updates: Update[] = await second;
    expect(updates.map((u) => u.message?.text)).toEqual(['hello']);

    const pending = bot.api.getUpdates({ offset: (updates[0]?.update_id ?? 0) + 1, timeout: 30 });
    await until(() => standin.calls.filter((c) => c.method === 'getUpdates').length === 3, 1000, 'third poll');
    const stopAt = Date.now();
    await standin.stop();
    expect(await pending).toEqual([]);
    expect(Date.now() - stopAt).toBeLessThan(500);
  });
});
