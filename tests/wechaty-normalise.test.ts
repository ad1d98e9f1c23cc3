/** The WeChat adapter's pure parts: inbound normaliser, quote matching, text rendering, error handling, settings. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyError, errorText, isConfigError } from '../bots/wechaty/errors';
import { caCertFrom, wechatyConfigured } from '../bots/wechaty/from-config';
import { SeenIds } from '../bots/shared/seen-ids';
import { normaliseMessage, stripBotMentions } from '../bots/wechaty/normalise';
import type { MessageView } from '../bots/wechaty/normalise';
import { parseQuote, QUOTE_SEPARATOR, RecentSent, stripLeadingMentions } from '../bots/wechaty/quote';
import { isRoomId } from '../bots/wechaty/send';
import { withActionHint } from '../bots/wechaty/wechaty.text';
import { loadConfig } from '../src/config';

const ROOM = { id: '1234@chatroom', topic: '原料物资科党小组群' };
const NOW = Date.UTC(2026, 8, 28, 1, 0, 0);

function view(over: Partial<MessageView> = {}): MessageView {
  return {
    id: `m${Math.random()}`,
    self: false,
    isText: true,
    text: 'hello',
    date: new Date(NOW - 1_000),
    talkerId: 'wxid_zhang',
    talkerName: '张云',
    room: ROOM,
    mentionSelf: false,
    botNames: ['叶脉'],
    ...over,
  };
}

function ctx(recent = new RecentSent()) {
  return { nowMs: NOW, staleAfterMs: 600_000, seen: new SeenIds(), recent };
}

const quoted = (name: string, original: string, reply: string) => `「${name}：${original}」\n${QUOTE_SEPARATOR}\n${reply}`;

describe('normaliseMessage', () => {
  it('a room message: stable ids, title, text as sent', () => {
    const r = normaliseMessage(view({ id: 'abc', text: '/checkin 云南 在岗' }), ctx());
    expect(r).toEqual({
      ok: true,
      msg: {
        platform: 'wechaty',
        messageId: 'abc',
        chatId: ROOM.id,
        chatKind: 'group',
        chatTitle: ROOM.topic,
        senderId: 'wxid_zhang',
        senderName: '张云',
        text: '/checkin 云南 在岗',
        mentionsBot: false,
        replyToMessageId: undefined,
        at: new Date(NOW - 1_000),
      },
    });
  });

  it('a 1:1 message: the chat id is the contact id', () => {
    const r = normaliseMessage(view({ room: undefined, text: '福建三明 在岗' }), ctx());
    expect(r.ok && r.msg).toMatchObject({ chatId: 'wxid_zhang', chatKind: 'private', chatTitle: undefined, mentionsBot: false });
  });

  it('drops own messages, non-text, stale ones and duplicates', () => {
    const c = ctx();
    expect(normaliseMessage(view({ self: true }), c)).toEqual({ ok: false, reason: 'own message' });
    expect(normaliseMessage(view({ isText: false }), c)).toEqual({ ok: false, reason: 'not text' });
    expect(normaliseMessage(view({ date: new Date(NOW - 601_000) }), c)).toEqual({ ok: false, reason: 'stale' });
    expect(normaliseMessage(view({ id: 'same' }), c).ok).toBe(true);
    expect(normaliseMessage(view({ id: 'same' }), c)).toEqual({ ok: false, reason: 'duplicate' });
  });

  it('strips the @-mention of the bot (name or room alias), keeps mentions of others', () => {
    const a = normaliseMessage(view({ text: '@叶脉\u2005/checkin @刘川 四川 在岗', mentionSelf: true }), ctx());
    expect(a.ok && a.msg).toMatchObject({ text: '/checkin @刘川 四川 在岗', mentionsBot: true });
    const b = normaliseMessage(view({ text: '云南 在岗 @小叶', mentionSelf: true, botNames: ['叶脉', '小叶'] }), ctx());
    expect(b.ok && b.msg).toMatchObject({ text: '云南 在岗', mentionsBot: true });
    // a puppet that leaves the mention list empty: a leading "@<bot name>" still counts
    const c = normaliseMessage(view({ text: '@叶脉 ／打卡 在岗' }), ctx());
    expect(c.ok && c.msg).toMatchObject({ text: '／打卡 在岗', mentionsBot: true });
    // "@叶脉" in the middle of chatter, with no mention id, is not addressed to the bot
    const d = normaliseMessage(view({ text: '问问 @叶脉 吧' }), ctx());
    expect(d.ok && d.msg).toMatchObject({ text: '问问 @叶脉 吧', mentionsBot: false });
    expect(normaliseMessage(view({ text: '@叶脉\u2005', mentionSelf: true }), ctx())).toEqual({ ok: false, reason: 'empty' });
  });

  it('a quote-reply of a bot message it remembers carries that message id', () => {
    const recent = new RecentSent();
    recent.remember(ROOM.id, 'prompt-1', '☀️ 2026-09-28（周一） 每日报平安：今天应报 3 人。\n直接回复本消息\n快捷回复：/checkin 平安 在岗');
    recent.remember(ROOM.id, 'remind-1', '⏰ 2026-09-28 还有 2 人未报平安，请尽快报告：');
    const text = quoted('叶脉', '☀️ 2026-09-28（周一） 每日报平安：今天应报 3 人。\n直接回复本消息\n快捷回复：/checkin 平安 在岗', '四川凉山 在岗');
    const r = normaliseMessage(view({ text }), ctx(recent));
    expect(r.ok && r.msg).toMatchObject({ text: '四川凉山 在岗', replyToMessageId: 'prompt-1', mentionsBot: false });
    // the reminder as WeChat shows it, with the mentions in front
    const r2 = normaliseMessage(
      view({ text: quoted('叶脉', '@刘川\u2005@王组长 ⏰ 2026-09-28 还有 2 人未报平安，请尽快报告：', '在路上') }),
      ctx(recent),
    );
    expect(r2.ok && r2.msg.replyToMessageId).toBe('remind-1');
  });

  it('a quote-reply with an @-mention after the separator', () => {
    const recent = new RecentSent();
    recent.remember(ROOM.id, 'p', '☀️ prompt');
    const r = normaliseMessage(view({ text: quoted('叶脉', '☀️ prompt', '@叶脉\u2005/checkin 在岗'), mentionSelf: true }), ctx(recent));
    expect(r.ok && r.msg).toMatchObject({ text: '/checkin 在岗', replyToMessageId: 'p', mentionsBot: true });
  });

  it('after a restart (nothing remembered) a quote of the bot’s prompt still answers the bot', () => {
    const r = normaliseMessage(view({ text: quoted('叶脉', '☀️ 2026-09-28 每日报平安', '云南 在岗') }), ctx());
    expect(r.ok && r.msg).toMatchObject({ text: '云南 在岗', replyToMessageId: undefined, mentionsBot: true });
    // a quote of someone else's text is plain chatter
    const other = normaliseMessage(view({ text: quoted('刘川', '☀️ 好天气', '是啊') }), ctx());
    expect(other.ok && other.msg).toMatchObject({ text: '是啊', mentionsBot: false, replyToMessageId: undefined });
  });
});

describe('quotes and mentions', () => {
  it('parseQuote splits WeChat quote text; ordinary text is not a quote', () => {
    expect(parseQuote(quoted('Alice', 'line 1\nline 2', 'reply'))).toEqual({ senderName: 'Alice', quoted: 'line 1\nline 2', reply: 'reply' });
    expect(parseQuote('「Bob: x」\n- - - - - - - - - - - - - - -\n')).toEqual({ senderName: 'Bob', quoted: ' x', reply: '' });
    expect(parseQuote('「just brackets」')).toBeNull();
    expect(parseQuote('hello')).toBeNull();
  });

  it('stripLeadingMentions and stripBotMentions', () => {
    expect(stripLeadingMentions('@刘川\u2005@王组长 ⏰ text')).toBe('⏰ text');
    expect(stripLeadingMentions('no mention @here')).toBe('no mention @here');
    expect(stripBotMentions('@叶脉 a @叶脉\u2005b', ['叶脉'])).toEqual({ text: 'a b', found: true });
    expect(stripBotMentions('@叶脉助手 a', ['叶脉'])).toEqual({ text: '@叶脉助手 a', found: false });
  });

  it('RecentSent matches a shortened quote by its start, prefers the newest, and is bounded', () => {
    const r = new RecentSent(2, 2);
    r.remember('a', '1', 'the same long text here');
    r.remember('a', '2', 'the same long text here');
    expect(r.find('a', 'the same long…')).toBe('2');
    expect(r.find('a', 'the')).toBeUndefined(); // too short to match by its start
    r.remember('a', '3', 'x');
    r.remember('a', '4', 'y');
    expect(r.find('a', 'the same long text here')).toBeUndefined();
    r.remember('b', '5', 'in b');
    r.remember('c', '6', 'in c');
    expect(r.find('a', 'y')).toBeUndefined(); // chat 'a' was evicted
    expect(r.find('c', 'in c')).toBe('6');
  });

  it('SeenIds forgets the oldest beyond its size', () => {
    const s = new SeenIds(2);
    expect([s.add('a'), s.add('b'), s.add('a'), s.add('c'), s.add('a')]).toEqual([true, true, false, true, true]);
  });
});

describe('outbound text and chat ids', () => {
  it('buttons become a line of commands in the message language', () => {
    expect(
      withActionHint('☀️ 每日报平安', [
        { label: '平安在岗', command: '/checkin 平安 在岗' },
        { label: '出差途中', command: '/checkin 出差途中' },
      ]),
    ).toBe('☀️ 每日报平安\n快捷回复：平安在岗 /checkin 平安 在岗 ｜ /checkin 出差途中');
    expect(withActionHint('Daily check-in', [{ label: 'Approve', command: '/approve 3' }])).toBe('Daily check-in\nQuick replies: Approve /approve 3');
    expect(withActionHint('plain', undefined)).toBe('plain');
  });

  it('room ids by shape, unless seen inbound', () => {
    const kinds = new Map<string, 'room' | 'contact'>([['odd-id', 'room']]);
    expect(isRoomId('123@chatroom', kinds)).toBe(true);
    expect(isRoomId('R:10696052', kinds)).toBe(true);
    expect(isRoomId('wxid_abc', kinds)).toBe(false);
    expect(isRoomId('abc@openim', kinds)).toBe(false);
    expect(isRoomId('odd-id', kinds)).toBe(true);
  });
});

describe('errors', () => {
  it('classifies what PuppetService reports', () => {
    expect(classifyError('Error: 16 UNAUTHENTICATED: Invalid Wechaty TOKEN "insecure_x"')).toBe('auth');
    expect(classifyError("Hostname/IP does not match certificate's altnames: ERR_TLS_CERT_ALTNAME_INVALID")).toBe('tls');
    expect(classifyError('Error: Wechaty Puppet Service requires a SNI as prefix of the token')).toBe('tls');
    expect(classifyError('14 UNAVAILABLE: Connection dropped')).toBe('link');
    expect(classifyError('connect ECONNREFUSED 127.0.0.1:1')).toBe('link');
    expect(classifyError('WatchdogAgent reset: lastFood: "{}"')).toBe('link');
    expect(classifyError('no payload')).toBe('other');
    expect(isConfigError('auth') && isConfigError('tls') && !isConfigError('link')).toBe(true);
  });

  it('errorText scrubs the token and keeps it short', () => {
    const token = 'insecure_abcdef-123456';
    const text = errorText(new Error(`16 UNAUTHENTICATED: Invalid Wechaty TOKEN "${token}"\nat a\nat b\nat c`), [token]);
    expect(text).toBe('16 UNAUTHENTICATED: Invalid Wechaty TOKEN "[redacted]" at a at b');
    expect(errorText('14 UNAVAILABLE: No connection established. Resolution note: ', [])).toBe('14 UNAVAILABLE: No connection established.');
  });
});

describe('settings', () => {
  const base = { WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_abc', WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:8788' };

  it('defaults: pacing about one a second per room, low overall rate, quiet Wechaty log', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      WECHATY_SEND_INTERVAL_MS: 1000,
      WECHATY_SEND_JITTER_MS: 1000,
      WECHATY_SEND_PER_MINUTE: 20,
      WECHATY_SEND_GLOBAL_PER_SECOND: 1,
      WECHATY_WATCHDOG_SECONDS: 60,
      WECHATY_LOG: 'silent',
    });
    expect(wechatyConfigured(c)).toBe(true);
    expect(wechatyConfigured(loadConfig({}))).toBe(false);
    expect(wechatyConfigured(loadConfig({ WECHATY_PUPPET: 'wechaty-puppet-wechat4u' }))).toBe(true);
  });

  it('refuses a token without endpoint, an endpoint that is not host:port, a token without its SNI prefix', () => {
    expect(() => loadConfig({ WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_abc' })).toThrow(/WECHATY_PUPPET_SERVICE_ENDPOINT/);
    expect(() => loadConfig({ ...base, WECHATY_PUPPET_SERVICE_ENDPOINT: 'grpc://host' })).toThrow(/host:port/);
    expect(() => loadConfig({ ...base, WECHATY_PUPPET_SERVICE_TOKEN: 'plain-token' })).toThrow(/SNI|prefix/);
    // With the SNI given, the same token is accepted as it was written (a config object is always truthy: say what it holds).
    expect(loadConfig({ ...base, WECHATY_PUPPET_SERVICE_TOKEN: 'plain-token', WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME: 'insecure' })).toMatchObject({
      WECHATY_PUPPET_SERVICE_TOKEN: 'plain-token',
      WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME: 'insecure',
    });
    expect(() => loadConfig({ ...base, WECHATY_SEND_GLOBAL_PER_SECOND: '0' })).toThrow(/WECHATY_SEND_GLOBAL_PER_SECOND/);
  });

  it('the CA certificate: PEM text (with "\\n" escapes) or a file', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expect(caCertFrom(pem.replace(/\n/g, '\\n'))).toBe(pem);
    const dir = mkdtempSync(join(tmpdir(), 'yemai-ca-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), pem);
      expect(caCertFrom(join(dir, 'ca.pem'))).toBe(pem);
      expect(() => caCertFrom(join(dir, 'missing.pem'))).toThrow(/cannot read .*ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(caCertFrom(undefined)).toBeUndefined();
  });
});
