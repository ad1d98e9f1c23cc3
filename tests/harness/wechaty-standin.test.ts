/**
 * Self-test of the WechatyStandin harness: a real Wechaty bot (PuppetService over gRPC + TLS)
 * against the standin (PuppetServer + PuppetMock) on 127.0.0.1.
 */
import fs from 'node:fs';
import path from 'node:path';

import { FileBox } from 'file-box';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Message, type Wechaty, WechatyBuilder } from 'wechaty';
import { log } from 'wechaty-puppet';
import { PuppetService } from 'wechaty-puppet-service';

import { AT_SEPARATOR, QUOTE_SEPARATOR, WechatyStandin, useTempWechatyHome } from './wechaty-standin';

interface TestBot {
  bot: Wechaty;
  puppet: PuppetService;
  messages: Message[];
  errors: string[];
  logins: number[];
  logouts: number[];
  handlerErrors: unknown[];
  waitForMessage(predicate: (m: Message) => boolean, timeoutMs?: number): Promise<Message>;
  waitForLogin(count?: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `bot.start()` never rejects; failures only show as `error` events and a missing `login`. */
function startTestBot(opts: { token: string; endpoint: string; tls: PuppetService['options']['tls']; timeoutSeconds?: number }): TestBot {
  const puppet = new PuppetService({
    token: opts.token,
    endpoint: opts.endpoint, // always explicit: without it the token is resolved via api.chatie.io
    tls: opts.tls,
    ...(opts.timeoutSeconds ? { timeoutSeconds: opts.timeoutSeconds } : {}),
  });
  const bot = WechatyBuilder.build({ puppet });
  const t: TestBot = {
    bot,
    puppet,
    messages: [],
    errors: [],
    logins: [],
    logouts: [],
    handlerErrors: [],
    async waitForMessage(predicate, timeoutMs = 5_000) {
      await until(() => t.messages.some(predicate), timeoutMs, 'a matching message on the bot side');
      return t.messages.find(predicate) as Message;
    },
    async waitForLogin(count = 1, timeoutMs = 5_000) {
      await until(() => t.logins.length >= count, timeoutMs, `login #${count}`);
    },
    async stop() {
      await bot.stop();
    },
  };
  bot.on('login', () => {
    t.logins.push(Date.now());
  });
  bot.on('logout', () => {
    t.logouts.push(Date.now());
  });
  bot.on('error', (e) => {
    t.errors.push(String(e));
  });
  // an async listener that throws would become an unhandled rejection: wrap it
  bot.on('message', async (m) => {
    try {
      // (a real handler would await things here; Message objects arrive ready)
      t.messages.push(m);
    } catch (e) {
      t.handlerErrors.push(e);
    }
  });
  return t;
}

describe('WechatyStandin', () => {
  let standin: WechatyStandin;
  let home: ReturnType<typeof useTempWechatyHome>;
  let logLevel: ReturnType<typeof log.level>;

  beforeAll(async () => {
    // the reconnect/wrong-token cases make wechaty log many expected WARNs; keep errors only
    // (one brolog instance is shared by wechaty, wechaty-puppet(-service) and state-switch)
    logLevel = log.level();
    if (!process.env.WECHATY_LOG) log.level('error');
    home = useTempWechatyHome(); // before any PuppetService is constructed
    standin = await WechatyStandin.start({ heartbeatIntervalMs: 500 });
  });

  afterAll(async () => {
    await standin?.stop();
    await home?.cleanup();
    log.level(logLevel);
  });

  const newBot = (extra: { token?: string; timeoutSeconds?: number } = {}) =>
    startTestBot({
      token: extra.token ?? standin.token,
      endpoint: standin.endpoint,
      tls: standin.clientTls,
      timeoutSeconds: extra.timeoutSeconds,
    });

  it('exposes endpoint/token and logs the bot in over gRPC (cache goes to the temp HOME)', async () => {
    expect(standin.endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(standin.token).toMatch(/^insecure_/);
    const t = newBot();
    try {
      await t.bot.start();
      await t.waitForLogin();
      expect(t.bot.currentUser.id).toBe(standin.botUserId);
      expect(t.bot.currentUser.name()).toBe('Bot');
      expect(fs.existsSync(path.join(home.dir, '.wechaty', 'wechaty-puppet-service', standin.token))).toBe(true);
    } finally {
      await t.stop();
    }
  });

  it('delivers room and 1:1 messages, @-mentions and quote-replies; captures what the bot sends', async () => {
    const alice = standin.createContact('Alice');
    const bob = standin.createContact('Bob');
    const room = standin.createRoom('Branch 1', [alice, bob]);
    expect(room.id).toContain('@');

    const t = newBot(); // a second bot on the same standin: the standin logs the mock in again
    try {
      await t.bot.start();
      await t.waitForLogin();

      // room message
      standin.say(alice, 'hello room', { room });
      const rm = await t.waitForMessage((m) => m.text() === 'hello room');
      expect(rm.room()?.id).toBe(room.id);
      expect(rm.talker().id).toBe(alice.id);
      expect(rm.self()).toBe(false);
      expect(await rm.mentionSelf()).toBe(false);
      expect(await rm.room()?.topic()).toBe('Branch 1');

      // 1:1 message
      standin.say(bob, 'hello bot');
      const dm = await t.waitForMessage((m) => m.text() === 'hello bot');
      expect(dm.room()).toBeUndefined();
      expect(dm.talker().id).toBe(bob.id);
      expect(dm.listener()?.id).toBe(standin.botUserId);

      // @-mention of the bot
      standin.say(alice, '/checkin', { room, mentionBot: true });
      const mm = await t.waitForMessage((m) => m.text().endsWith('/checkin'));
      expect(mm.text()).toBe(`@Bot${AT_SEPARATOR}/checkin`);
      expect(await mm.mentionSelf()).toBe(true);
      expect((await mm.mentionList()).map((c) => c.id)).toEqual([standin.botUserId]);
      expect(await mm.mentionText()).toBe('/checkin');

      // quote-reply: only representable as WeChat's text format
      const quotedId = standin.say(alice, 'original line', { room });
      standin.say(bob, 'my reply', { room, quote: { messageId: quotedId } });
      const qm = await t.waitForMessage((m) => m.text().endsWith('my reply'));
      expect(qm.text()).toBe(`「Alice：original line」\n${QUOTE_SEPARATOR}\nmy reply`);
      expect(qm.type()).toBe(t.bot.Message.Type.Text);

      // quote-reply that also @-mentions the bot: quote block first, "@Bot\u2005…" after the separator
      standin.say(bob, '/done', { room, mentionBot: true, quote: { text: 'please confirm' } });
      const qmm = await t.waitForMessage((m) => m.text().endsWith('/done'));
      expect(qmm.text()).toBe(`「Bot：please confirm」\n${QUOTE_SEPARATOR}\n@Bot${AT_SEPARATOR}/done`);
      expect(await qmm.mentionSelf()).toBe(true);

      // outbound: room.say with a mention
      const botRoom = await t.bot.Room.find({ id: room.id });
      const botAlice = await t.bot.Contact.find({ id: alice.id });
      if (!botRoom || !botAlice) throw new Error('room/contact not found on the bot side');
      const ret = await botRoom.say('hi', botAlice);
      const sentMention = await standin.waitFor((m) => m.roomId === room.id && m.text.endsWith('hi'));
      expect(sentMention.text).toBe('@Alice hi'); // Wechaty: '@' + name, joined by U+2005, then ' ' + text
      expect(sentMention.mentionIds).toEqual([alice.id]);
      expect(ret?.id).toBe(sentMention.id);
      // the bot's own message comes back as a message event with self() === true
      const echo = await t.waitForMessage((m) => m.id === sentMention.id);
      expect(echo.self()).toBe(true);
      expect(echo.room()?.id).toBe(room.id);

      // outbound: 1:1 text and a file
      const botBob = await t.bot.Contact.find({ id: bob.id });
      if (!botBob) throw new Error('bob not found');
      await botBob.say('private hello');
      const dmSent = await standin.waitFor((m) => m.text === 'private hello');
      expect(dmSent.toContactId).toBe(bob.id);
      expect(dmSent.roomId).toBeUndefined();
      expect(dmSent.mentionIds).toEqual([]);

      await botRoom.say(FileBox.fromBuffer(Buffer.alloc(30_000, 1), 'report.csv'));
      const fileSent = await standin.waitFor((m) => m.file?.name === 'report.csv');
      expect(fileSent.file).toEqual({ name: 'report.csv', size: 30_000, mediaType: 'text/csv' });
      expect(fileSent.roomId).toBe(room.id);

      // quoting one of the bot's own messages
      standin.say(alice, 'thanks', { room, quote: { messageId: sentMention.id } });
      const q2 = await t.waitForMessage((m) => m.text().endsWith('thanks'));
      expect(q2.text()).toBe(`「Bot：@Alice hi」\n${QUOTE_SEPARATOR}\nthanks`);

      expect(t.handlerErrors).toEqual([]);
    } finally {
      await t.stop();
    }
  }, 20_000);

  it('waitFor rejects with a listing of what the bot sent', async () => {
    const err = await standin.waitFor((m) => m.text === 'never sent', 100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err)).toMatch(/no matching message within 100 ms/);
    expect(String(err)).toMatch(/#0 → room .*@chatroom: "@Alice hi" mentions=\[/);
    expect(String(err)).toMatch(/file=report\.csv\(30000B\)/);
  });

  it('short outage: the client reconnects by itself when its watchdog fires; messages flow again', async () => {
    const alice = standin.createContact('Carol');
    const room = standin.createRoom('Branch 2', [alice]);
    // watchdog 2 s instead of the default 60 s, to keep the test fast
    const t = newBot({ timeoutSeconds: 2 });
    try {
      await t.bot.start();
      await t.waitForLogin();
      standin.say(alice, 'before', { room });
      await t.waitForMessage((m) => m.text() === 'before');

      const down = Date.now();
      await standin.stopServer();
      expect(standin.clientConnected).toBe(false);
      await until(() => t.errors.some((e) => e.includes('UNAVAILABLE')), 3_000, 'UNAVAILABLE error');
      standin.say(alice, 'lost while down', { room }); // dropped: no stream

      await new Promise((r) => setTimeout(r, 500));
      await standin.restartServer();
      const up = Date.now();

      await standin.waitForClient(10_000);
      await t.waitForLogin(2, 5_000); // logout on reset, login again after reconnect
      const reconnected = Date.now();
      console.info(
        `[standin] reconnect: ${reconnected - up} ms after the server came back, ${reconnected - down} ms after it went down (client watchdog 2 s)`,
      );
      expect(reconnected - down).toBeLessThan(6_000);

      standin.say(alice, 'after', { room });
      await t.waitForMessage((m) => m.text() === 'after');
      const botRoom = await t.bot.Room.find({ id: room.id });
      await botRoom?.say('back online');
      await standin.waitFor((m) => m.text === 'back online');
      expect(t.messages.some((m) => m.text() === 'lost while down')).toBe(false);
    } finally {
      await t.stop();
    }
  }, 20_000);

  it('long outage: if the server is still down when the watchdog fires, the client stays dead until puppet.start()', async () => {
    const dave = standin.createContact('Dave');
    const t = newBot({ timeoutSeconds: 1 });
    try {
      await t.bot.start();
      await t.waitForLogin();
      await standin.stopServer();
      // watchdog reset → stop → start fails (UNAVAILABLE) → PuppetService ends up stopped
      await until(() => t.puppet.state.inactive() === true, 15_000, 'the PuppetService to give up');
      expect(t.bot.isLoggedIn).toBe(false);
      expect(t.bot.state.active()).toBe(true); // Wechaty itself still thinks it is running

      await standin.restartServer();
      await new Promise((r) => setTimeout(r, 1_500));
      expect(standin.clientConnected).toBe(false); // no retry on its own

      const t0 = Date.now();
      await t.bot.puppet.start(); // what an adapter has to do (or bot.stop() + bot.start())
      await standin.waitForClient(5_000);
      await t.waitForLogin(2, 5_000);
      console.info(`[standin] manual recovery via bot.puppet.start(): ${Date.now() - t0} ms`);
      standin.say(dave, 'hello again');
      await t.waitForMessage((m) => m.text() === 'hello again');
    } finally {
      await t.stop();
    }
  }, 30_000);

  it('wrong token: error event UNAUTHENTICATED "Invalid Wechaty TOKEN", no login, start() still resolves', async () => {
    const wrong = `insecure_wrong-${Date.now()}`;
    const t = newBot({ token: wrong });
    try {
      const started = t.bot.start().then(() => 'resolved');
      await until(() => t.errors.length > 0, 3_000, 'an error event');
      expect(t.errors[0]).toBe(`Error: 16 UNAUTHENTICATED: Invalid Wechaty TOKEN "${wrong}"`);
      await new Promise((r) => setTimeout(r, 2_000));
      expect(t.logins).toEqual([]);
      expect(await started).toBe('resolved'); // after ~5 s (ServiceCtl waits for the failed start)
      expect(t.bot.isLoggedIn).toBe(false);
      expect(t.puppet.state.inactive()).toBe(true);
    } finally {
      await t.stop();
    }
  }, 15_000);
});

if (process.env.STANDIN_SLOW === '1')
  describe('WechatyStandin (slow: default 60 s client watchdog)', () => {
    it('reconnects ~60 s after the last event received before the outage', async () => {
      const home = useTempWechatyHome();
      const standin = await WechatyStandin.start();
      const alice = standin.createContact('Alice');
      const t = startTestBot({ token: standin.token, endpoint: standin.endpoint, tls: standin.clientTls });
      try {
        await t.bot.start();
        await t.waitForLogin();
        standin.say(alice, 'before');
        await t.waitForMessage((m) => m.text() === 'before');
        const down = Date.now();
        await standin.stopServer();
        await new Promise((r) => setTimeout(r, 2_000));
        await standin.restartServer();
        const up = Date.now();
        await standin.waitForClient(90_000);
        const afterOutage = Date.now() - down;
        console.info(`[standin] default watchdog: reconnected ${Date.now() - up} ms after restart, ${afterOutage} ms after outage`);
        // The last event before the outage is at most one 10 s heartbeat before it; the watchdog fires 60 s after
        // that event: not before, and (with the client's reconnect) not much later.
        expect(afterOutage).toBeGreaterThan(48_000);
        expect(afterOutage).toBeLessThan(75_000);
      } finally {
        await t.stop();
        await standin.stop();
        await home.cleanup();
      }
    }, 120_000);
  });
