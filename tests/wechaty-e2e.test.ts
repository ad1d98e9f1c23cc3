/**
 * The WeChat adapter end to end: a real Wechaty + PuppetService client (TLS on) against the stand-in
 * PuppetServer wrapping wechaty-puppet-mock on 127.0.0.1, the whole core behind it (Runtime: app, scheduler,
 * outbox dispatcher), on each database backend.
 */
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { log as wechatyLog, ScanStatus, types } from 'wechaty';
import { WechatyAdapter } from '../bots/wechaty/wechaty.adapter';
import type { InboundMessage } from '../src/chat/types';
import { chats, checkins, dayPrompts, outbox } from '../db/schema';
import type { Db } from '../db/client';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { enqueue } from '../src/outbox/enqueue';
import { createBranch, createGroup, createMember } from '../src/org/org.service';
import { Runtime } from '../src/app/runtime';
import { zonedInstant } from '../src/time';
import { forEachBackend } from './harness/backends';
import type { ContactMock, SentMessage } from './harness/wechaty-standin';
import { WechatyStandin, useTempWechatyHome } from './harness/wechaty-standin';

const TZ = 'Asia/Shanghai';
const DAY = '2026-09-28'; // a Monday, a required day

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A pino logger that keeps its lines, so a test can see what the adapter logged. */
function memoryLogger() {
  const lines: { msg: string; [k: string]: unknown }[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

async function seedBranch(db: Db, now: Date) {
  return db.transaction(async (tx) => {
    const branch = await createBranch(tx, '第一党支部');
    const group = await createGroup(tx, branch.id, '原料物资科党小组');
    await createMember(tx, { branchId: branch.id, name: '李书记', role: 'secretary' }, now);
    const wang = await createMember(tx, { branchId: branch.id, name: '王组长', role: 'leader', groupId: group.id }, now);
    const zhang = await createMember(tx, { branchId: branch.id, name: '张云', role: 'member', groupId: group.id }, now);
    const liu = await createMember(tx, { branchId: branch.id, name: '刘川', role: 'member', groupId: group.id }, now);
    return { groupId: group.id, codes: { wang: wang.inviteCode, zhang: zhang.inviteCode, liu: liu.inviteCode } };
  });
}

forEachBackend('WeChat adapter over a real gRPC puppet service', (get) => {
  let standin: WechatyStandin;
  let home: ReturnType<typeof useTempWechatyHome>;

  beforeAll(async () => {
    wechatyLog.level('silent');
    home = useTempWechatyHome(); // PuppetService's leveldb cache goes under $HOME
    standin = await WechatyStandin.start({ botName: '叶脉', heartbeatIntervalMs: 500 });
  });

  afterAll(async () => {
    await standin?.stop();
    await home?.cleanup();
  });

  function newAdapter(log = silentLogger(), pacing = { perChatIntervalMs: 100, jitterMs: 50, perChatPerMinute: 600, globalPerSecond: 20 }) {
    return new WechatyAdapter({
      log,
      token: standin.token,
      endpoint: standin.endpoint,
      tls: standin.clientTls,
      loginTimeoutMs: 10_000,
      retryMinMs: 200,
      retryMaxMs: 1_000,
      linkDownRetryMs: 1_000,
      watchdogSeconds: 30,
      pacing,
    });
  }

  it('a check-in day: join, bind, prompt, replies, reminder with @-mentions, /unreported privately, leave; an outage mid-day', async () => {
    const { db } = get();
    const clock = new ControllableClock(zonedInstant(DAY, '07:30', TZ));
    const { groupId, codes } = await seedBranch(db, clock.now());
    const wang = standin.createContact('王组长');
    const zhang = standin.createContact('张云');
    const liu = standin.createContact('刘川');
    const room = standin.createRoom('原料物资科党小组群', [wang, zhang, liu]);
    const { log, lines } = memoryLogger();
    const adapter = newAdapter(log);
    const runtime = new Runtime({ db, log: silentLogger(), adapters: [adapter], clock });
    const goTo = (time: string) => runtime.advance(clock.now(), zonedInstant(DAY, time, TZ), 5 * 60_000);
    let mark = 0;
    /** The first message the bot sends from now on that matches. */
    const next = (pred: (m: SentMessage) => boolean, ms = 10_000) => standin.waitFor((m) => m.at >= mark && pred(m), ms);
    const said = (c: ContactMock, text: string, opts: Parameters<WechatyStandin['say']>[2] = {}) => {
      mark = Date.now();
      return standin.say(c, text, opts);
    };
    const inRoom = (part: string) => (m: SentMessage) => m.roomId === room.id && m.text.includes(part);
    const to = (c: ContactMock, part: string) => (m: SentMessage) => m.toContactId === c.id && m.text.includes(part);

    try {
      await runtime.start({ scheduler: false, dispatcher: false });
      expect(adapter.online).toBe(true);

      // Join: each person binds their WeChat account privately with the invite code (ASCII, full-width, alias).
      said(wang, `/join ${codes.wang}`);
      await next(to(wang, '绑定成功：王组长'));
      said(zhang, `／join ${codes.zhang}`);
      await next(to(zhang, '绑定成功：张云'));
      said(liu, `/加入 ${codes.liu}`);
      await next(to(liu, '绑定成功：刘川'));

      // Bind: the leader makes the room a classroom, @-mentioning the bot (the mention is stripped).
      said(wang, '/bind 原料物资科党小组', { room, mentionBot: true });
      await next(inRoom('本群已成为「原料物资科党小组」的课堂'));
      const [chat] = await db
        .select()
        .from(chats)
        .where(and(eq(chats.platform, 'wechaty'), eq(chats.externalId, room.id)));
      expect(chat).toMatchObject({ kind: 'group', groupId, title: '原料物资科党小组群' });

      // The room is renamed: it is known by its id, so everything below keeps working.
      room.topic('原料物资科 2026').by(wang);

      // 08:00 the prompt, with the one-tap answers as a line of commands to type.
      await goTo('08:05');
      const prompt = await next((m) => m.roomId === room.id && m.text.startsWith(`☀️ ${DAY}`));
      expect(prompt.text).toContain('今天应报 3 人');
      expect(prompt.text).toMatch(/快捷回复：.*\/checkin 平安 在岗/);
      const [stored] = await db.select().from(dayPrompts).where(eq(dayPrompts.groupId, groupId));
      expect(stored).toMatchObject({ platform: 'wechaty', chatExternalId: room.id, platformMessageId: prompt.id });

      // A command in the room.
      said(zhang, '/checkin 云南曲靖 在岗 一切正常', { room });
      await next(inRoom(`✅ 已收到 张云 ${DAY}`));

      // Outage just before the 12:00 reminder: the puppet server goes away (between messages: a link lost in
      // the middle of a send may repeat that one reply, which is then retried from the outbox).
      await adapter.idle();
      await standin.stopServer();
      await until(() => !adapter.online, 5_000, 'the adapter to notice the link is down');
      standin.say(zhang, '/today', { room }); // lost with the link, as on a real puppet; nothing breaks
      await goTo('12:05');
      const queued = await db.select().from(outbox).where(eq(outbox.purpose, 'checkin.remind'));
      expect(queued).toHaveLength(3); // the room post and a private message to each of the two silent
      // All wait in the outbox; the first attempt met the dead link, and its hold keeps the others from being tried.
      expect(queued.every((r) => r.status === 'pending')).toBe(true);
      expect(queued.some((r) => /link down/.test(r.lastError ?? ''))).toBe(true);
      expect(standin.sent.some((m) => m.text.includes('⏰'))).toBe(false);

      await standin.restartServer();
      expect(await adapter.waitOnline(20_000)).toBe(true);
      await goTo('12:10');
      const reminder = await next(inRoom('还有 2 人未报平安'));
      expect([...reminder.mentionIds].sort()).toEqual([liu.id, wang.id].sort());
      expect(reminder.text).toMatch(/^@(王组长|刘川)\u2005@(王组长|刘川) ⏰/); // real @-mentions, as WeChat shows them
      await next(to(liu, '还没有报平安'));
      await next(to(wang, '还没有报平安'));
      expect(lines.some((l) => l.msg === 'wechaty: link lost; reconnecting')).toBe(true);
      expect(lines.some((l) => l.msg === 'wechaty: reconnected')).toBe(true);

      // /unreported with a full-width slash and the Chinese alias: the names go to the leader privately.
      said(wang, '／未报', { room });
      await next(inRoom('未报 2 人。'));
      const names = await next(to(wang, '未报 2 人：'));
      expect(names.text).toMatch(/刘川/);
      expect(names.text).toMatch(/王组长/);
      expect(names.roomId).toBeUndefined();

      // A quote-reply to the prompt is a check-in for the prompt's day.
      said(liu, '四川凉山 在岗', { room, quote: { messageId: prompt.id } });
      await next(inRoom(`✅ 已收到 刘川 ${DAY}`));
      // An @-mention of the bot with plain text while the day is open.
      said(wang, '云南玉溪 在岗', { room, mentionBot: true });
      await next(inRoom(`✅ 已收到 王组长 ${DAY}`));
      // The Chinese alias with a full-width slash, after an @-mention: an update.
      said(zhang, '／打卡 云南曲靖 出差途中', { room, mentionBot: true });
      await next(inRoom(`✅ 已更新 张云 ${DAY}`));
      const reports = await db.select().from(checkins).where(eq(checkins.localDate, DAY));
      expect(new Set(reports.map((r) => r.memberId)).size).toBe(3);

      // A 1:1 leave request and its approval.
      said(liu, '/leave 2026-09-29 2026-09-30 回家照顾母亲');
      await next(to(liu, '等待 王组长 审批'));
      await runtime.dispatcher.drain();
      const request = await next(to(wang, '📝 刘川 申请请假 #'));
      const leaveId = /#(\d+)/.exec(request.text)?.[1];
      expect(request.text).toContain(`/approve ${leaveId}`);
      said(wang, `/批准 ${leaveId}`);
      await next(to(wang, `已批准 刘川 的请假 #${leaveId}`));
      await runtime.dispatcher.drain();
      await next(to(liu, `你的请假 #${leaveId}`));

      // The evening summary; then every queued message went out exactly once.
      await goTo('21:05');
      await next(inRoom('应报 3 人，已报 3 人，未报 0 人'));
      const rows = await db.select().from(outbox);
      expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
      for (const row of rows) {
        const copies = standin.sent.filter((m) => (m.roomId ?? m.toContactId) === row.chatExternalId && m.text.includes(row.text));
        expect(
          copies.map((m) => m.id),
          row.text,
        ).toEqual([row.platformMessageId]);
      }
      const wechatyRooms = await db
        .select()
        .from(chats)
        .where(and(eq(chats.platform, 'wechaty'), eq(chats.kind, 'group')));
      expect(wechatyRooms.map((c) => [c.externalId, c.groupId, c.title])).toEqual([[room.id, groupId, '原料物资科 2026']]);
    } finally {
      await runtime.stop();
    }
    expect(adapter.online).toBe(false);
  }, 120_000);

  it('paces a room at about one message a second, with jitter', async () => {
    const { db } = get();
    const alice = standin.createContact('Alice');
    const paced = standin.createRoom('Pacing', [alice]);
    // A running clock: the dispatcher sleeps in real time, and a frozen clock would add the chat's gap and the
    // platform's send slot up instead of letting them overlap as they do in a running process.
    const clock = new ControllableClock();
    clock.set(zonedInstant(DAY, '09:00', TZ));
    const adapter = newAdapter(silentLogger(), { perChatIntervalMs: 1_000, jitterMs: 300, perChatPerMinute: 20, globalPerSecond: 1 });
    const runtime = new Runtime({ db, log: silentLogger(), adapters: [adapter], clock });
    try {
      await runtime.start({ scheduler: false, dispatcher: false });
      for (let i = 1; i <= 3; i++) {
        await enqueue(db, clock.now(), { dedupKey: `pace-${i}`, platform: 'wechaty', chatId: paced.id, text: `paced ${i}` });
      }
      await runtime.dispatcher.drain();
      const sent = standin.sent.filter((m) => m.roomId === paced.id);
      expect(sent.map((m) => m.text)).toEqual(['paced 1', 'paced 2', 'paced 3']);
      const gaps = sent.slice(1).map((m, i) => m.at - (sent[i] as SentMessage).at);
      for (const gap of gaps) {
        expect(gap).toBeGreaterThanOrEqual(990);
        expect(gap).toBeLessThan(2_500); // 1 s + up to 300 ms jitter + the send itself (slow on a loaded machine)
      }
    } finally {
      await runtime.stop();
    }
  }, 30_000);
});

describe('WeChat adapter inbound robustness (no database)', () => {
  it('drops echoes, redeliveries and stale messages; a failing handler does not stop the next message; logs the QR state', async () => {
    wechatyLog.level('silent');
    const home = useTempWechatyHome();
    const standin = await WechatyStandin.start({ botName: '叶脉', heartbeatIntervalMs: 500 });
    const { log, lines } = memoryLogger();
    const adapter = new WechatyAdapter({ log, token: standin.token, endpoint: standin.endpoint, tls: standin.clientTls, loginTimeoutMs: 10_000 });
    const got: InboundMessage[] = [];
    const failures: unknown[] = [];
    const onUnhandled = (e: unknown) => failures.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const alice = standin.createContact('Alice');
      const room = standin.createRoom('Robust', [alice]);
      await adapter.start(async (m) => {
        if (m.text === 'boom') throw new Error('handler exploded');
        got.push(m);
      });

      standin.say(alice, 'boom', { room });
      const first = standin.say(alice, 'after the boom', { room });
      await until(() => got.some((m) => m.text === 'after the boom'), 5_000, 'the message after the failing one');
      expect(lines.some((l) => l.msg === 'wechaty: message failed' && /handler exploded/.test(String(l.err)))).toBe(true);

      // the same message id delivered again by the puppet: handed on once
      standin.puppet.emit('message', { messageId: first });
      // an old message (a backlog after an outage): ignored
      const old = 'stale-message-id-1';
      standin.mocker.MessageMock.create({
        id: old,
        talkerId: alice.id,
        roomId: room.id,
        mentionIdList: [],
        text: 'from an hour ago',
        timestamp: Date.now() - 3_600_000,
        type: types.Message.Text,
      });
      standin.puppet.emit('message', { messageId: old });
      // the bot's own message comes back as a message event: never handed on
      expect(await adapter.send({ platform: 'wechaty', chatId: room.id, text: 'own words' })).toMatchObject({ ok: true });
      standin.say(alice, 'last', { room });
      await until(() => got.some((m) => m.text === 'last'), 5_000, 'the last message');
      expect(got.map((m) => m.text)).toEqual(['after the boom', 'last']);
      expect(lines.filter((l) => l.msg === 'wechaty: message ignored').map((l) => l.reason)).toEqual(expect.arrayContaining(['duplicate', 'stale']));

      // personal-WeChat puppets: the QR code to scan is logged with an image link
      standin.mocker.scan('https://login.weixin.qq.com/l/abc123', ScanStatus.Waiting);
      await until(() => lines.some((l) => l.msg === 'wechaty: scan the QR code to log in'), 5_000, 'the QR code log line');
      const scan = lines.find((l) => l.msg === 'wechaty: scan the QR code to log in');
      expect(scan).toMatchObject({ scan: 'Waiting', qrcode: 'https://login.weixin.qq.com/l/abc123' });
      expect(String(scan?.qrcodeImage)).toMatch(/^https:\/\/.*abc123/);
      expect(failures).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await adapter.stop();
      await standin.stop();
      await home.cleanup();
    }
  }, 30_000);

  it('an outage longer than the client watchdog (which then gives up for good) is still survived', async () => {
    wechatyLog.level('silent');
    const home = useTempWechatyHome();
    const standin = await WechatyStandin.start({ botName: '叶脉', heartbeatIntervalMs: 300 });
    const { log, lines } = memoryLogger();
    const adapter = new WechatyAdapter({
      log,
      token: standin.token,
      endpoint: standin.endpoint,
      tls: standin.clientTls,
      watchdogSeconds: 2,
      retryMinMs: 200,
      retryMaxMs: 1_000,
    });
    const got: string[] = [];
    try {
      const bob = standin.createContact('Bob');
      await adapter.start(async (m) => void got.push(m.text));
      await new Promise((r) => setTimeout(r, 1_000)); // heartbeats arm the watchdog
      await standin.stopServer();
      // The watchdog fires 2 s after the last heartbeat, resets the puppet, whose start fails 5 s later:
      // PuppetService alone would now stay stopped for good.
      await until(() => adapter.bot.puppet.state.inactive() === true, 15_000, 'PuppetService to give up');
      expect(lines.some((l) => /WatchdogAgent reset/.test(String(l.why)))).toBe(true);
      expect(adapter.online).toBe(false);
      expect(await adapter.send({ platform: 'wechaty', chatId: bob.id, text: 'while down' })).toMatchObject({ ok: false, retryAfterMs: 5_000 });
      await standin.restartServer();
      expect(await adapter.waitOnline(15_000)).toBe(true);
      expect(await adapter.send({ platform: 'wechaty', chatId: bob.id, text: 'back' })).toMatchObject({ ok: true });
      await standin.waitFor((m) => m.toContactId === bob.id && m.text === 'back');
      standin.say(bob, 'hello again');
      await until(() => got.includes('hello again'), 5_000, 'an inbound message after the outage');
      expect(lines.filter((l) => l.msg === 'wechaty: endpoint not reachable yet').length).toBeGreaterThan(0);
      expect(lines.some((l) => l.msg === 'wechaty: reconnected')).toBe(true);
    } finally {
      await adapter.stop();
      await standin.stop();
      await home.cleanup();
    }
  }, 40_000);
});
