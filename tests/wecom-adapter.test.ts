/**
 * The WeCom adapter on the real SDK against the stand-in, in process: start-up failures, sends and their
 * failures, voice, files, the prompt's card and its click, reconnects, and two instances sharing one bot
 * through the database lease (and an outside connection taking the bot id), on each database backend.
 */
import { WSClient } from '@wecom/aibot-node-sdk';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomAdapter } from '../bots/wecom/wecom.adapter';
import type { WecomAdapterOptions } from '../bots/wecom/wecom.adapter';
import type { Db } from '../db/client';
import type { InboundMessage } from '../src/chat/types';
import { ControllableClock } from '../src/clock';
import { Lease } from '../src/lease/lease';
import { processLease } from '../src/lease/process-lease';
import { silentLogger } from '../src/log';
import { createBranch, createGroup, createMember } from '../src/org/org.service';
import { Runtime } from '../src/app/runtime';
import { zonedInstant } from '../src/time';
import { forEachBackend } from './harness/backends';
import { ERR_FREQ_LIMIT, ERR_INVALID_CHATID, WecomStandin } from './harness/wecom-standin';

const TZ = 'Asia/Shanghai';
const DAY = '2026-09-28';

function memoryLogger() {
  const lines: { msg: string; [k: string]: unknown }[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('WeCom adapter start-up and sends (no database)', () => {
  let standin: WecomStandin;
  beforeAll(async () => {
    standin = await WecomStandin.start();
  });
  afterAll(async () => {
    await standin.stop();
  });

  const adapter = (over: Partial<WecomAdapterOptions> = {}) =>
    new WecomAdapter({
      log: silentLogger(),
      botId: standin.botId,
      secret: standin.secret,
      wsUrl: standin.url,
      heartbeatMs: 200,
      reconnectBaseMs: 100,
      linkDownRetryMs: 1_000,
      connectTimeoutMs: 5_000,
      ...over,
    });

  it('a rejected secret ends start-up at once with a message naming the variables, never the secret', async () => {
    const secret = `wrong-${Date.now()}-do-not-print`;
    const a = adapter({ secret });
    const t0 = Date.now();
    const failure = await a
      .start(async () => {})
      .then(
        () => null,
        (e: unknown) => e as Error & { fatal?: boolean },
      );
    expect(failure?.fatal).toBe(true); // the runtime stops the process instead of retrying
    const error = String(failure);
    expect(error).toContain('WECOM_BOT_SECRET');
    expect(error).toContain('WECOM_BOT_ID');
    expect(error).toContain('40001');
    expect(error).not.toContain(secret);
    expect(Date.now() - t0).toBeLessThan(3_000);
    await a.stop();
    expect(a.online).toBe(false);
  });

  it('nothing listening: start-up fails after the timeout, naming the URL and the last error', async () => {
    const a = adapter({ wsUrl: 'ws://127.0.0.1:9', connectTimeoutMs: 1_500 });
    const failure = await a
      .start(async () => {})
      .then(
        () => null,
        (e: unknown) => e as Error & { fatal?: boolean },
      );
    expect(failure?.fatal).toBeUndefined(); // worth retrying: the runtime starts it again later
    const error = String(failure);
    expect(error).toContain('ws://127.0.0.1:9');
    expect(error).toContain('WECOM_WS_URL');
    expect(error).toMatch(/ECONNREFUSED/);
    await a.stop();
  });

  it('a start that timed out can be started again once the server is back (the runtime retries it)', async () => {
    const a = adapter({ connectTimeoutMs: 1_000 });
    standin.refuseConnections = true;
    try {
      await expect(a.start(async () => {})).rejects.toThrow(/1 秒内未连上/);
      expect(a.health()).toMatchObject({ connected: false });
      standin.refuseConnections = false;
      await a.start(async () => {});
      expect(a.online).toBe(true);
      expect(a.health()).toMatchObject({ connected: true, state: 'connected' });
    } finally {
      standin.refuseConnections = false;
      await a.stop();
    }
  });

  it('sends markdown with <@userid> mentions, a card for actions, a file by chunked upload; refusals map to the outbox', async () => {
    const a = adapter();
    try {
      await a.start(async () => {});
      const r = await a.send({
        platform: 'wecom',
        chatId: 'wrRoom',
        text: '⏰ 还有 2 人未报平安，请尽快报告：',
        mentions: [
          { externalId: 'liuchuan', name: '刘川' },
          { externalId: 'wangzz', name: '王组长' },
        ],
      });
      expect(r).toMatchObject({ ok: true });
      const md = await standin.waitFor((m) => m.chatid === 'wrRoom' && m.msgtype === 'markdown');
      expect(md.mentions).toEqual(['liuchuan', 'wangzz']);
      expect(r.ok && r.messageId).toBe(md.reqId);

      const xlsx = Buffer.alloc(600 * 1024, 3);
      expect(
        await a.send({
          platform: 'wecom',
          chatId: 'wangzz',
          text: '📝 刘川 申请请假 #4',
          actions: [{ label: '批准', command: '/approve 4' }],
          file: { name: '请假.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: xlsx },
        }),
      ).toMatchObject({ ok: true });
      const card = await standin.waitFor((m) => m.chatid === 'wangzz' && m.msgtype === 'template_card');
      expect(card.card?.buttons).toEqual([{ text: '批准', style: 1, key: '/approve 4' }]);
      const file = await standin.waitFor((m) => m.chatid === 'wangzz' && m.msgtype === 'file');
      expect(file.media?.filename).toBe('请假.xlsx');
      expect(file.media?.data.equals(xlsx)).toBe(true);
      const png = Buffer.from('89504e470d0a1a0a', 'hex');
      await a.send({ platform: 'wecom', chatId: 'wangzz', text: '', file: { name: 'chart.png', mime: 'image/png', data: png } });
      expect((await standin.waitFor((m) => m.msgtype === 'image')).media?.data.equals(png)).toBe(true);

      standin.failNextSend('gone', ERR_INVALID_CHATID, 'invalid chatid');
      expect(await a.send({ platform: 'wecom', chatId: 'gone', text: 'x' })).toMatchObject({
        ok: false,
        chatGone: true,
        error: expect.stringContaining('93006'),
      });
      standin.failNextSend('busy', ERR_FREQ_LIMIT, 'api freq out of limit');
      expect(await a.send({ platform: 'wecom', chatId: 'busy', text: 'x' })).toMatchObject({ ok: false, retryAfterMs: 60_000 });
    } finally {
      await a.stop();
    }
  });

  it('a card refused after its text went out is retried alone; one refused for good is logged, and the text is never sent twice', async () => {
    const { log, lines } = memoryLogger();
    const a = adapter({ log, partWaitCapMs: 50 });
    const withButtons = (chatId: string) => ({
      platform: 'wecom' as const,
      chatId,
      text: `📝 请假 #4 ${chatId}`,
      actions: [{ label: '批准', command: '/approve 4' }],
    });
    const sentTo = (chatId: string, msgtype: string) => standin.sent.filter((m) => m.chatid === chatId && m.msgtype === msgtype).length;
    try {
      await a.start(async () => {});
      standin.failNextSend('partly', ERR_FREQ_LIMIT, 'api freq out of limit', 'template_card');
      expect(await a.send(withButtons('partly'))).toMatchObject({ ok: true });
      expect([sentTo('partly', 'markdown'), sentTo('partly', 'template_card')]).toEqual([1, 1]);

      for (let i = 0; i < 3; i++) standin.failNextSend('cardless', 40058, 'invalid template_card', 'template_card');
      expect(await a.send(withButtons('cardless'))).toMatchObject({ ok: true });
      expect([sentTo('cardless', 'markdown'), sentTo('cardless', 'template_card')]).toEqual([1, 0]);
      expect(lines.filter((l) => l.msg.startsWith('part of a message not delivered'))).toEqual([
        expect.objectContaining({ chat: 'cardless', part: 2, kind: 'card', error: expect.stringContaining('40058') }),
      ]);
    } finally {
      await a.stop();
    }
  });

  it('voice: the answer says what was heard; the SDK error event and a throwing handler bring nothing down', async () => {
    const { log, lines } = memoryLogger();
    const a = adapter({ log, botNames: ['叶脉'] });
    const got: InboundMessage[] = [];
    const failures: unknown[] = [];
    const onUnhandled = (e: unknown) => failures.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      await a.start(async (m) => {
        if (m.text === 'boom') throw new Error('handler exploded');
        got.push(m);
        await a.send({ platform: 'wecom', chatId: m.chatId, text: `✅ 已收到 ${m.text}` });
      });
      standin.say('zhangyun', 'boom', { chatid: 'wrVoice' });
      standin.say('zhangyun', '@叶脉 云南曲靖 在岗', { chatid: 'wrVoice', msgtype: 'voice' });
      const answer = await standin.waitFor((m) => m.chatid === 'wrVoice' && m.text.includes('已收到'));
      expect(answer.text).toBe('🎤 我听到的是：云南曲靖 在岗\n✅ 已收到 云南曲靖 在岗');
      standin.say('zhangyun', '@叶脉 /today', { chatid: 'wrVoice' });
      const plain = await standin.waitFor((m) => m.chatid === 'wrVoice' && m.text.includes('/today'));
      expect(plain.text).toBe('✅ 已收到 /today');
      a.client.emit('error', { errcode: 500, errmsg: 'a frame, not an Error' } as unknown as Error);
      await until(() => lines.some((l) => l.msg === 'wecom: error' && /errcode 500/.test(String(l.err))), 2_000, 'the error logged');
      expect(lines.some((l) => l.msg === 'wecom: message failed' && /handler exploded/.test(String(l.err)))).toBe(true);
      expect(got.map((m) => m.text)).toEqual(['云南曲靖 在岗', '/today']);
      expect(failures).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await a.stop();
    }
  });

  it('a dropped connection: sends are refused (queued), every reconnect attempt is logged, then all flows again', async () => {
    const { log, lines } = memoryLogger();
    const a = adapter({ log });
    try {
      await a.start(async () => {});
      standin.refuseConnections = true;
      standin.dropConnections();
      await until(() => !a.online, 3_000, 'the adapter to notice');
      expect(await a.send({ platform: 'wecom', chatId: 'wrRoom', text: 'while down' })).toMatchObject({ ok: false, retryAfterMs: 1_000 });
      await until(() => lines.filter((l) => l.msg === 'wecom: reconnecting').length >= 2, 5_000, 'two reconnect attempts');
      standin.refuseConnections = false;
      expect(await a.waitOnline(10_000)).toBe(true);
      const attempts = lines.filter((l) => l.msg === 'wecom: reconnecting');
      expect(attempts.map((l) => l.attempt).slice(0, 2)).toEqual([1, 2]);
      expect(attempts.map((l) => l.inMs).slice(0, 2)).toEqual([100, 200]);
      expect(lines.some((l) => l.msg === 'wecom: connection lost')).toBe(true);
      expect(lines.some((l) => l.msg === 'wecom: reconnected')).toBe(true);
      expect(await a.send({ platform: 'wecom', chatId: 'wrRoom', text: 'back again' })).toMatchObject({ ok: true });
      expect(JSON.stringify(lines)).not.toContain(standin.secret);
    } finally {
      standin.refuseConnections = false;
      await a.stop();
    }
  });
});

async function seedGroup(db: Db, now: Date) {
  return db.transaction(async (tx) => {
    const branch = await createBranch(tx, '第一党支部');
    const group = await createGroup(tx, branch.id, '原料物资科党小组');
    const wang = await createMember(tx, { branchId: branch.id, name: '王组长', role: 'leader', groupId: group.id }, now);
    const zhang = await createMember(tx, { branchId: branch.id, name: '张云', role: 'member', groupId: group.id }, now);
    return { groupId: group.id, codes: { wang: wang.inviteCode, zhang: zhang.inviteCode } };
  });
}

forEachBackend('WeCom adapter with the database', (get) => {
  let standin: WecomStandin;
  beforeAll(async () => {
    standin = await WecomStandin.start();
  });
  afterAll(async () => {
    await standin.stop();
  });

  const adapter = (db: Db | undefined, log = silentLogger(), over: Partial<WecomAdapterOptions> = {}) =>
    new WecomAdapter({
      log,
      botId: standin.botId,
      secret: standin.secret,
      wsUrl: standin.url,
      botNames: ['叶脉'],
      // Generous against a loaded machine: a stalled event loop must not let the lease lapse under its holder.
      lease: db ? processLease(db, `wecom:${standin.botId}`, 2_000) : undefined,
      holdOffMs: 6_000,
      heartbeatMs: 300,
      reconnectBaseMs: 100,
      connectTimeoutMs: 5_000,
      pacing: { perChatIntervalMs: 50, perChatPerMinute: 600, globalPerSecond: 50 },
      ...over,
    });

  it('the group prompt says "请 @我 回复，或发送 @我 /报平安" with one-tap buttons; a click checks in the clicker; /help shows the @ form', async () => {
    const { db } = get();
    const clock = new ControllableClock(zonedInstant(DAY, '07:30', TZ));
    const { codes } = await seedGroup(db, clock.now());
    const a = adapter(db);
    const runtime = new Runtime({ db, log: silentLogger(), adapters: [a], clock });
    try {
      await runtime.start({ scheduler: false, dispatcher: false });
      standin.say('wangzz', `/join ${codes.wang}`);
      await standin.waitFor((m) => m.chatid === 'wangzz' && m.text.includes('绑定成功：王组长'));
      standin.say('zhangyun', `/join ${codes.zhang}`);
      await standin.waitFor((m) => m.chatid === 'zhangyun' && m.text.includes('绑定成功：张云'));
      standin.say('wangzz', '@叶脉 /bind 原料物资科党小组', { chatid: 'wrPromptRoom' });
      await standin.waitFor((m) => m.chatid === 'wrPromptRoom' && m.text.includes('课堂'));
      standin.say('zhangyun', '@叶脉 /help', { chatid: 'wrPromptRoom' });
      const help = await standin.waitFor((m) => m.chatid === 'wrPromptRoom' && m.text.includes('可用的命令'));
      expect(help.text).toMatch(/^在群里请先 @我 再发送/);

      await runtime.advance(clock.now(), zonedInstant(DAY, '08:05', TZ), 5 * 60_000);
      const prompt = await standin.waitFor((m) => m.chatid === 'wrPromptRoom' && m.text.startsWith(`☀️ ${DAY}`));
      expect(prompt.msgtype).toBe('markdown');
      expect(prompt.text).toContain('请 @我 回复，或发送 @我 /报平安');
      expect(prompt.text).not.toContain('直接回复本消息');
      const card = await standin.waitFor((m) => m.chatid === 'wrPromptRoom' && m.msgtype === 'template_card');
      expect(card.card?.buttons.map((b) => b.key)).toEqual(['/checkin 平安 在岗', '/checkin 出差途中']);

      standin.click('zhangyun', '/checkin 平安 在岗', { chatid: 'wrPromptRoom', shape: 'nested' });
      const ok = await standin.waitFor((m) => m.chatid === 'wrPromptRoom' && m.text.includes(`已收到 张云 ${DAY}`));
      expect(ok.text).toBe(`✅ 已收到 张云 ${DAY} 的报告。`);
      expect(ok.text).not.toContain('🎤'); // a click is not a voice message
    } finally {
      await runtime.stop();
    }
  }, 60_000);

  it('two instances on one database: one connection; the other stands by and takes over when the holder stops', async () => {
    const { db } = get();
    const first = memoryLogger();
    const second = memoryLogger();
    const a = adapter(db, first.log);
    const b = adapter(db, second.log);
    try {
      await a.start(async () => {});
      await b.start(async () => {});
      expect(a.online).toBe(true);
      expect(b.online).toBe(false);
      await new Promise((r) => setTimeout(r, 2_500)); // longer than the lease: a renews it, b keeps away
      expect(standin.subscribed).toBe(1);
      expect(b.online).toBe(false);
      expect(b.health()).toMatchObject({ connected: false, state: 'standby' });
      expect(second.lines.some((l) => l.msg === 'wecom: another instance holds the bot; standing by')).toBe(true);
      expect(await b.send({ platform: 'wecom', chatId: 'x', text: 'from the standby' })).toMatchObject({ ok: false, retryAfterMs: 1_000 });
      await a.stop();
      expect(await b.waitOnline(5_000)).toBe(true);
      expect(standin.subscribed).toBe(1);
      expect(second.lines.some((l) => l.msg === 'wecom: the lease is ours; connecting')).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 30_000);

  it('another connection takes the bot id: logged as such, no fight; both instances keep away for the hold-off', async () => {
    const { db } = get();
    const { log, lines } = memoryLogger();
    const a = adapter(db, log);
    const b = adapter(db);
    const outsider = new WSClient({
      botId: standin.botId,
      secret: standin.secret,
      wsUrl: standin.url,
      maxReconnectAttempts: 0,
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    outsider.on('error', () => {});
    try {
      await a.start(async () => {});
      await b.start(async () => {});
      const subscribesBefore = standin.subscribes.length;
      outsider.connect();
      await until(() => lines.some((l) => /another connection took over this bot id/.test(l.msg)), 5_000, 'the kick to be logged');
      expect(a.online).toBe(false);
      const reader = new Lease(db, `wecom:${standin.botId}`, 'reader', 1_000);
      let holder = '';
      for (let i = 0; i < 100 && !holder.startsWith('outside'); i++) {
        holder = (await reader.current())?.holder ?? '';
        if (!holder.startsWith('outside')) await new Promise((r) => setTimeout(r, 50));
      }
      expect(holder).toMatch(/^outside/);
      await new Promise((r) => setTimeout(r, 2_500)); // past the lease, within the hold-off
      expect(standin.subscribes.length).toBe(subscribesBefore + 1); // only the outsider subscribed
      expect(a.online || b.online).toBe(false);
      outsider.disconnect();
      // After the hold-off one of ours takes the bot back.
      await until(() => a.online || b.online, 12_000, 'an instance of ours to take over after the hold-off');
      expect(a.online && b.online).toBe(false);
    } finally {
      outsider.disconnect();
      await a.stop();
      await b.stop();
    }
  }, 30_000);
});
