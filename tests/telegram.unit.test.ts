/** The Telegram adapter's pure parts: normalising updates, rendering, the command menu, error mapping, config. */
import { GrammyError, HttpError } from 'grammy';
import type { InlineKeyboardMarkup, Message, UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { menuCommands } from '../bots/telegram/commands-menu';
import { telegramFromConfig } from '../bots/telegram/from-config';
import { normaliseMessage } from '../bots/telegram/normalise';
import { CallbackCodec, keyboard, splitText, withMentions } from '../bots/telegram/render';
import { sendError } from '../bots/telegram/send';
import { TELEGRAM_PACING } from '../bots/telegram/telegram.adapter';
import { platformAdapters } from '../bots/platforms';
import { createRegistry } from '../src/app/app';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { telegramEntities } from './harness/telegram-standin';

const me = { id: 42, is_bot: true, first_name: 'Yemai', username: 'yemai_bot' } as UserFromGetMe;
const now = Date.UTC(2026, 11, 1, 1, 0, 0);
const opts = { me, nowMs: now, staleAfterMs: 600_000 };
const alice = { id: 7, is_bot: false, first_name: '张', last_name: '云' };
const group = { id: -1001234567890, type: 'supergroup' as const, title: '小组群' };

function message(text: string, extra: Partial<Message> = {}): Message {
  const entities = telegramEntities(text);
  return {
    message_id: 5,
    date: Math.floor(now / 1000) - 5,
    chat: group,
    from: alice,
    text,
    ...(entities.length ? { entities } : {}),
    ...extra,
  } as Message;
}

describe('normaliseMessage', () => {
  it('gives stable ids: chat:message as the message id, the chat id, the sender id', () => {
    const n = normaliseMessage(message('/checkin 云南 在岗'), opts);
    expect(n).toMatchObject({
      ok: true,
      msg: {
        platform: 'telegram',
        messageId: '-1001234567890:5',
        chatId: '-1001234567890',
        chatKind: 'group',
        chatTitle: '小组群',
        senderId: '7',
        senderName: '张 云',
        text: '/checkin 云南 在岗',
        mentionsBot: false,
        botUsername: 'yemai_bot',
      },
    });
  });

  it('takes /cmd@thisbot, drops /cmd@otherbot, and slash chatter without a bot_command entity in groups', () => {
    expect(normaliseMessage(message('/checkin@YeMai_Bot 云南'), opts).ok).toBe(true);
    expect(normaliseMessage(message('/checkin@other_bot 云南'), opts)).toEqual({ ok: false, reason: 'command for another bot' });
    expect(normaliseMessage(message('/usr/bin/env'), opts).ok).toBe(false);
    // Chinese aliases carry no entity but are the core's to parse.
    expect(normaliseMessage(message('/打卡 云南 在岗'), opts).ok).toBe(true);
    // In a private chat the core answers an unknown command helpfully.
    expect(normaliseMessage(message('/checkin云南', { chat: { id: 7, type: 'private', first_name: '张' } }), opts).ok).toBe(true);
  });

  it('strips an @-mention of the bot and says so; other mentions stay', () => {
    const n = normaliseMessage(message('@yemai_bot 云南曲靖 在岗 @someone_else'), opts);
    expect(n).toMatchObject({ ok: true, msg: { text: '云南曲靖 在岗 @someone_else', mentionsBot: true } });
    const cmd = normaliseMessage(message('@yemai_bot /today'), opts);
    expect(cmd).toMatchObject({ ok: true, msg: { text: '/today', mentionsBot: true } });
  });

  it('marks a reply only when it answers the bot', () => {
    const toBot = message('在岗', {
      reply_to_message: { message_id: 3, date: 0, chat: group, from: { id: 42, is_bot: true, first_name: 'Yemai' } } as Message['reply_to_message'],
    });
    const toPerson = message('在岗', { reply_to_message: { message_id: 4, date: 0, chat: group, from: alice } as Message['reply_to_message'] });
    expect(normaliseMessage(toBot, opts)).toMatchObject({ ok: true, msg: { replyToMessageId: '3' } });
    const other = normaliseMessage(toPerson, opts);
    expect(other.ok && other.msg.replyToMessageId).toBeUndefined();
  });

  it('ignores bots, channels, stale messages and messages without text', () => {
    expect(normaliseMessage(message('/checkin', { from: { id: 9, is_bot: true, first_name: 'B' } }), opts).ok).toBe(false);
    expect(normaliseMessage(message('hi', { chat: { id: -100, type: 'channel', title: 'c' } }), opts).ok).toBe(false);
    expect(normaliseMessage(message('/checkin', { date: Math.floor(now / 1000) - 3600 }), opts)).toEqual({ ok: false, reason: 'stale' });
    const photo = { ...message(''), text: undefined } as Message;
    expect(normaliseMessage(photo, opts).ok).toBe(false);
  });

  it('private chats: chatId is the sender id', () => {
    const n = normaliseMessage(message('云南 在岗', { chat: { id: 7, type: 'private', first_name: '张' } }), opts);
    expect(n).toMatchObject({ ok: true, msg: { chatId: '7', senderId: '7', chatKind: 'private' } });
  });
});

describe('rendering', () => {
  it('withMentions appends text_mention entities at UTF-16 offsets', () => {
    const r = withMentions('😀提醒：', [
      { externalId: '100', name: '刘川' },
      { externalId: 'not-a-number', name: 'X' },
    ]);
    expect(r.text).toBe('😀提醒：\n@刘川 @X');
    expect(r.entities).toEqual([{ type: 'text_mention', offset: 6, length: 3, user: { id: 100, is_bot: false, first_name: '刘川' } }]);
  });

  it('splitText keeps parts within the limit, prefers line breaks, never cuts a surrogate pair, and cuts entities', () => {
    const text = `${'a'.repeat(5)}\n${'b'.repeat(5)}\n${'c'.repeat(3)}`;
    expect(splitText({ text, entities: [] }, 8).map((p) => p.text)).toEqual(['aaaaa', 'bbbbb', 'ccc']);
    const emoji = '😀'.repeat(5); // 10 units
    const parts = splitText({ text: emoji, entities: [] }, 5);
    expect(parts.map((p) => p.text)).toEqual(['😀😀', '😀😀', '😀']);
    const withEntity = splitText({ text: 'xx\n@abc', entities: [{ type: 'bold', offset: 3, length: 4 }] }, 4);
    expect(withEntity).toEqual([
      { text: 'xx', entities: [] },
      { text: '@abc', entities: [{ type: 'bold', offset: 0, length: 4 }] },
    ]);
    expect(splitText({ text: '', entities: [] })).toEqual([]);
  });

  it('keyboard: two to a row; callback data within 64 bytes', () => {
    const codec = new CallbackCodec();
    const long = `/approve 1 ${'很长的理由'.repeat(5)}`;
    const kb = keyboard(
      [
        { label: 'A', command: '/a' },
        { label: 'B', command: '/b' },
        { label: 'C', command: long },
      ],
      codec,
    );
    expect(kb?.inline_keyboard.map((r) => r.length)).toEqual([2, 1]);
    const data = ((kb as InlineKeyboardMarkup).inline_keyboard.flat()[2] as { callback_data: string }).callback_data;
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(codec.decode(data)).toBe(long);
    expect(codec.decode('/a')).toBe('/a');
    expect(codec.decode('#nope')).toBeUndefined();
    expect(keyboard([], codec)).toBeUndefined();
  });
});

describe('command menu', () => {
  it('one entry per top-level ASCII name, both languages, sub-commands folded, /start hidden', () => {
    const defs = createRegistry().all;
    const zh = menuCommands(defs, 'zh');
    const en = menuCommands(defs, 'en');
    const names = zh.map((c) => c.command);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toBe('help');
    expect(names).toContain('checkin');
    expect(names).toContain('group');
    expect(names).not.toContain('start');
    expect(names.every((n) => /^[a-z0-9_]{1,32}$/.test(n))).toBe(true);
    expect(en.map((c) => c.command)).toEqual(names);
    expect(zh.find((c) => c.command === 'group')?.description).toMatch(/^add: .*；list: /);
    expect([...zh, ...en].every((c) => c.description.length >= 1 && c.description.length <= 256)).toBe(true);
  });
});

describe('sendError', () => {
  const grammyError = (code: number, description: string, parameters: Record<string, number> = {}) =>
    new GrammyError('call failed', { ok: false, error_code: code, description, parameters }, 'sendMessage', {});

  it('maps Telegram errors to what the outbox does next', () => {
    expect(sendError(grammyError(429, 'Too Many Requests: retry after 3', { retry_after: 3 }))).toMatchObject({ ok: false, retryAfterMs: 3000 });
    expect(sendError(grammyError(403, 'Forbidden: bot was kicked from the supergroup chat'))).toMatchObject({ ok: false, chatGone: true });
    expect(sendError(grammyError(403, 'Forbidden: user is deactivated'))).toMatchObject({ chatGone: true });
    expect(sendError(grammyError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -100123 }))).toMatchObject({
      chatGone: true,
      error: expect.stringContaining('-100123'),
    });
    const other = sendError(grammyError(400, 'Bad Request: message is too long'));
    expect(other).toEqual({ ok: false, error: '400 Bad Request: message is too long' });
    const network = sendError(new HttpError('Network request for sendMessage failed: bot123:SECRET', new Error('ECONNRESET')), ['123:SECRET']);
    expect(network).toMatchObject({ ok: false });
    expect(JSON.stringify(network)).not.toContain('SECRET');
  });
});

describe('composition', () => {
  it('runs Telegram when its token is set, in webhook mode when a URL is set, with Telegram pacing', async () => {
    const log = silentLogger();
    expect(await platformAdapters(loadConfig({}), log)).toEqual([]);
    const polling = telegramFromConfig(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc' }), log);
    expect(polling?.platform).toBe('telegram');
    expect(polling?.pacing).toEqual(TELEGRAM_PACING);
    expect(TELEGRAM_PACING).toMatchObject({ perChatIntervalMs: 1000, perChatPerMinute: 20 });
    const adapters = await platformAdapters(
      loadConfig({
        TELEGRAM_BOT_TOKEN: '123:abc',
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg',
        TELEGRAM_WEBHOOK_SECRET: 's3cret',
        PORT: '8443',
      }),
      log,
    );
    expect(adapters.map((a) => a.platform)).toEqual(['telegram']);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg' })).toThrow(/SECRET/);
  });
});
