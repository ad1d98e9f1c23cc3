/**
 * WechatyStandin — a real gRPC peer for the WeChat/WeCom adapter tests.
 *
 * A `PuppetServer` (wechaty-puppet-service) wraps a `PuppetMock` (wechaty-puppet-mock)
 * on 127.0.0.1:<free port> with TLS ON (bundled self-signed "insecure" certificate).
 * The adapter under test connects with its own Wechaty + `PuppetService({ token, endpoint })`.
 * Fully offline: the endpoint is always explicit, so no token discovery is attempted.
 *
 * What the harness does on top of the bare mock:
 *  - logs the bot user in, emits `ready` (PuppetMock never does), and re-does both when a
 *    client's `stop()` RPC stopped the mock (so several bots can connect one after another);
 *  - emits `heartbeat` periodically (PuppetMock never does; without it the client watchdog
 *    and the mock's own watchdog reset the puppet after 60 s idle);
 *  - injects inbound messages (room / 1:1 / @-mention / quote-reply text);
 *  - captures everything the bot sends (text with mention ids, files), because PuppetMock
 *    drops the `mentionIdList` of `messageSendText` and cannot serialize buffer/stream files.
 *
 * Facts (verified on wechaty 1.20.2 / wechaty-puppet-service 1.19.9, see the self-test):
 *  - Over gRPC the message payload always carries `mentionIdList` (possibly empty), so Wechaty's
 *    `mentionList()` NEVER falls back to parsing "@Name\u2005" out of the text: mention detection
 *    is only as good as the mention ids the puppet service sends.
 *  - There is no quote field anywhere in the puppet payload / gRPC schema: a quote-reply can only
 *    arrive as text ("「Name：quoted」\n- - - - - - - - - - - - - - -\nreply").
 *  - While the gRPC link is down, events are dropped on both sides (no queue).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

import { FileBox, type FileBoxInterface } from 'file-box';
import * as PUPPET from 'wechaty-puppet';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { PuppetServer } from 'wechaty-puppet-service';

export type ContactMock = mock.ContactMock;
export type RoomMock = mock.RoomMock;

/** WeChat puts U+2005 (four-per-em space) after an @-mention name. */
export const AT_SEPARATOR = '\u2005';
/** The separator line WeChat puts between the quoted text and the reply. */
export const QUOTE_SEPARATOR = '- - - - - - - - - - - - - - -';

export interface SentMessage {
  /** message id the standin assigned (also returned to the bot by `say()`) */
  id: string;
  /** set for room messages */
  roomId?: string;
  /** set for 1:1 messages */
  toContactId?: string;
  /** text as the bot sent it; for `room.say(text, ...contacts)` Wechaty prefixes "@Name\u2005@Name2 " */
  text: string;
  /** `mentionIdList` the bot sent (from `room.say(text, ...contacts)`) */
  mentionIds: string[];
  /** for files (FileBox): the media type is what the puppet tells WeChat (an image shows as a picture) */
  file?: { name: string; size: number; mediaType: string };
  /** Date.now() when it arrived at the standin */
  at: number;
}

export type QuoteSpec =
  /** quote a message known to the standin (one injected with `say()` or sent by the bot) */
  | { messageId: string }
  /** quote arbitrary text; `senderName` defaults to the bot's name */
  | { text: string; senderName?: string };

export interface SayOptions {
  /** room to post in; omitted → 1:1 message from `contact` to the bot */
  room?: RoomMock | string;
  /** prefix "@<botName>\u2005" and put the bot id into `mentionIdList` (room only) */
  mentionBot?: boolean;
  /** extra mention ids (room only); the text is left as given */
  mentionIds?: string[];
  /** make it a WeChat quote-reply: text becomes "「Name：quoted」\n- - - … -\n<text>" */
  quote?: QuoteSpec;
}

export interface StandinStartOptions {
  /**
   * default: `insecure_standin-<uuid>`. With TLS on, the client takes the SNI from the token prefix
   * (`<sni>_…`) and the bundled certificate is for `insecure`, so keep that prefix — unless the client
   * passes `tls.serverName: 'insecure'` (which `clientTls` does).
   */
  token?: string;
  /** default: a free port on 127.0.0.1 */
  port?: number;
  /** display name of the bot account, default 'Bot' */
  botName?: string;
  /** how often to emit `heartbeat`, default 10 000 ms (client watchdog default is 60 s) */
  heartbeatIntervalMs?: number;
}

/** The TLS options the standin runs with, usable as `new PuppetService({ tls })`. */
export interface StandinClientTls {
  disable: false;
  caCert: string;
  serverName: string;
}

/* ------------------------------------------------------------------------------------------ */

interface BundledCa {
  TLS_CA_CERT: string;
  TLS_INSECURE_SERVER_CERT: string;
  TLS_INSECURE_SERVER_KEY: string;
  TLS_INSECURE_SERVER_CERT_COMMON_NAME: string;
}

/**
 * The self-signed "insecure" certificate bundled in wechaty-puppet-service (valid until 2031-08).
 * Not exported by the package (exports map has "." only), so load the CJS build by path.
 * Passing it explicitly makes the TLS setup independent of WECHATY_PUPPET_SERVICE_TLS_* env vars.
 */
function loadBundledCa(): BundledCa {
  const require = createRequire(import.meta.url);
  const modPath = require.resolve('wechaty-puppet-service'); // …/dist/cjs/src/mod.js
  return require(path.join(path.dirname(modPath), 'auth', 'ca.js')) as BundledCa;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function newId(): string {
  return randomUUID().replace(/-/g, '');
}

interface StandinPuppetHooks {
  onSendText(conversationId: string, text: string, mentionIds: string[]): string;
  onSendFile(conversationId: string, file: FileBoxInterface): Promise<string>;
  onStarted(): void;
}

/**
 * PuppetMock with
 *  - send methods that keep mentionIdList / file name+size and return a message id,
 *  - re-login + ready after (re)start.
 */
class StandinPuppet extends PuppetMock {
  hooks?: StandinPuppetHooks;

  override async onStart(): Promise<void> {
    await super.onStart();
    // the server's start() RPC awaits this; login after the current tick so `start()` resolves first
    setImmediate(() => this.hooks?.onStarted());
  }

  // PuppetMock declares (id, text): Promise<void>, while the Puppet contract is
  // (id, text, mentionIdList?): Promise<void | string>. We return the new message id (typed `as never`
  // to fit PuppetMock's signature) so that `room.say()` / `contact.say()` resolve to a Message.
  override async messageSendText(conversationId: string, text: string, mentionIdList?: string[]): Promise<void> {
    if (!this.isLoggedIn) throw new Error('not logged in');
    if (!this.hooks) throw new Error('standin puppet has no hooks');
    return this.hooks.onSendText(conversationId, text, mentionIdList ?? []) as never;
  }

  override async messageSendFile(conversationId: string, file: FileBoxInterface): Promise<void> {
    if (!this.isLoggedIn) throw new Error('not logged in');
    if (!this.hooks) throw new Error('standin puppet has no hooks');
    return (await this.hooks.onSendFile(conversationId, file)) as never;
  }
}

type Waiter = {
  predicate: (m: SentMessage) => boolean;
  resolve: (m: SentMessage) => void;
};

export class WechatyStandin {
  readonly token: string;
  readonly port: number;
  readonly endpoint: string;
  readonly botName: string;
  /** TLS options matching this server; pass as `new PuppetService({ token, endpoint, tls })` */
  readonly clientTls: StandinClientTls;

  readonly mocker: mock.Mocker;
  /** the PuppetMock behind the server (emit raw puppet events on it if a test needs to) */
  readonly puppet: PuppetMock;
  private readonly standinPuppet: StandinPuppet;
  readonly botUser: ContactMock;

  /** everything the bot sent, in order */
  readonly sent: SentMessage[] = [];

  private server?: PuppetServer;
  private heartbeatTimer?: NodeJS.Timeout;
  private readonly heartbeatIntervalMs: number;
  private readonly ca: BundledCa;
  private waiters: Waiter[] = [];
  private stopped = false;
  /** listeners on puppet 'message' that are not gRPC event streams */
  private baseMessageListeners = 0;

  private constructor(opts: Required<StandinStartOptions>, ca: BundledCa) {
    this.token = opts.token;
    this.port = opts.port;
    this.endpoint = `127.0.0.1:${opts.port}`;
    this.botName = opts.botName;
    this.heartbeatIntervalMs = opts.heartbeatIntervalMs;
    this.ca = ca;
    this.clientTls = {
      disable: false,
      caCert: ca.TLS_CA_CERT,
      serverName: ca.TLS_INSECURE_SERVER_CERT_COMMON_NAME,
    };

    this.mocker = new mock.Mocker();
    const puppet = new StandinPuppet({ mocker: this.mocker });
    this.puppet = puppet;
    this.standinPuppet = puppet;
    this.botUser = this.mocker.createContact({ name: this.botName });

    puppet.hooks = {
      onSendText: (conversationId, text, mentionIds) => this.recordText(conversationId, text, mentionIds),
      onSendFile: (conversationId, file) => this.recordFile(conversationId, file),
      onStarted: () => this.loginAndReady(),
    };
    // the mock's own errors (e.g. its watchdog) must not become unhandled 'error' events
    puppet.on('error', () => {});
  }

  static async start(options: StandinStartOptions = {}): Promise<WechatyStandin> {
    const token = options.token ?? `insecure_standin-${randomUUID()}`;
    const port = options.port ?? (await freePort());
    const standin = new WechatyStandin(
      {
        token,
        port,
        botName: options.botName ?? 'Bot',
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 10_000,
      },
      loadBundledCa(),
    );
    await standin.puppet.start(); // → onStart → login + ready
    await standin.waitLoggedIn();
    standin.baseMessageListeners = standin.puppet.listenerCount('message');
    await standin.startServer();
    standin.heartbeatTimer = setInterval(() => {
      standin.puppet.emit('heartbeat', { data: 'standin heartbeat' });
    }, standin.heartbeatIntervalMs);
    standin.heartbeatTimer.unref();
    return standin;
  }

  /* ------------------------------------------------------------------ fixtures */

  get botUserId(): string {
    return this.botUser.id;
  }

  createContact(name: string, payload: Partial<PUPPET.payloads.Contact> = {}): ContactMock {
    return this.mocker.createContact({ ...payload, name });
  }

  /** creates a room whose id ends with '@chatroom'; the bot is a member unless `includeBot: false` */
  createRoom(topic: string, members: ContactMock[], opts: { includeBot?: boolean; ownerId?: string } = {}): RoomMock {
    const memberIdList = [...(opts.includeBot === false ? [] : [this.botUserId]), ...members.map((m) => m.id)];
    return this.mocker.createRoom({
      id: `${newId()}@chatroom`,
      topic,
      memberIdList,
      adminIdList: [],
      ownerId: opts.ownerId ?? members[0]?.id,
    });
  }

  /* ------------------------------------------------------------------ inbound */

  /**
   * Inject a text message from `contact`. Returns the message id (usable in `quote: { messageId }`).
   * Dropped silently if no client is connected (like the real link) — check `clientConnected`.
   */
  say(contact: ContactMock, text: string, opts: SayOptions = {}): string {
    const roomId = typeof opts.room === 'string' ? opts.room : opts.room?.id;
    const mentionIdList: string[] = [];
    let body = text;

    if (opts.mentionBot) {
      if (!roomId) throw new Error('mentionBot needs a room');
      body = `@${this.botName}${AT_SEPARATOR}${body}`;
      mentionIdList.push(this.botUserId);
    }
    if (opts.mentionIds?.length) {
      if (!roomId) throw new Error('mentionIds needs a room');
      mentionIdList.push(...opts.mentionIds);
    }
    if (opts.quote) {
      // the quoted part comes first, the (possibly @-prefixed) reply after the separator line
      const q = this.resolveQuote(opts.quote);
      body = `「${q.senderName}：${q.text}」\n${QUOTE_SEPARATOR}\n${body}`;
    }

    const base = {
      id: newId(),
      talkerId: contact.id,
      text: body,
      timestamp: Date.now(),
      type: PUPPET.types.Message.Text,
    };
    const payload: PUPPET.payloads.Message = roomId ? { ...base, roomId, mentionIdList } : { ...base, listenerId: this.botUserId };
    this.emitMessage(payload);
    return base.id;
  }

  /** Emits an injected message again, as a puppet does when it redelivers after a reconnect. */
  redeliver(messageId: string): void {
    this.puppet.emit('message', { messageId });
  }

  /** true while a gRPC client has the event stream open */
  get clientConnected(): boolean {
    return this.puppet.listenerCount('message') > this.baseMessageListeners;
  }

  /** resolves once a client has the event stream open (e.g. after `restartServer()`) */
  async waitForClient(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.clientConnected) {
      if (Date.now() > deadline) throw new Error(`WechatyStandin: no gRPC client connected within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /* ------------------------------------------------------------------ outbound */

  /**
   * Resolves with the first message the bot sent (already or within `timeoutMs`) that matches.
   * Rejects with a list of everything the bot sent so far.
   */
  waitFor(predicate: (m: SentMessage) => boolean, timeoutMs = 5_000): Promise<SentMessage> {
    const found = this.sent.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`WechatyStandin.waitFor: no matching message within ${timeoutMs} ms. ${this.describeSent()}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** forget captured messages (e.g. between test phases) */
  clearSent(): void {
    this.sent.length = 0;
  }

  describeSent(): string {
    if (this.sent.length === 0) return 'The bot sent nothing.';
    const lines = this.sent.map((m, i) => {
      const where = m.roomId ? `room ${m.roomId}` : `contact ${m.toContactId}`;
      const mentions = m.mentionIds.length ? ` mentions=[${m.mentionIds.join(',')}]` : '';
      const file = m.file ? ` file=${m.file.name}(${m.file.size}B)` : '';
      return `  #${i} → ${where}: ${JSON.stringify(m.text)}${mentions}${file}`;
    });
    return `The bot sent ${this.sent.length} message(s):\n${lines.join('\n')}`;
  }

  /* ------------------------------------------------------------------ link control */

  /** take the gRPC server down (the puppet, fixtures and captured messages stay) */
  async stopServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await server.stop();
    // the event stream's close/cancel handlers detach from the puppet a tick later
    for (let i = 0; i < 100 && this.clientConnected; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** bring the gRPC server back on the same port and token */
  async restartServer(): Promise<void> {
    if (this.server) await this.stopServer();
    await this.startServer();
  }

  /** stop everything; leaves no open handles */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    await this.stopServer();
    this.standinPuppet.hooks = undefined;
    await this.puppet.stop();
    // PuppetMock.onStop defers mocker.stop() with setImmediate; let it run
    await new Promise((r) => setImmediate(r));
    this.waiters = [];
  }

  /* ------------------------------------------------------------------ internals */

  private async startServer(): Promise<void> {
    const server = new PuppetServer({
      endpoint: this.endpoint,
      puppet: this.puppet,
      token: this.token,
      tls: {
        disable: false,
        serverCert: this.ca.TLS_INSECURE_SERVER_CERT,
        serverKey: this.ca.TLS_INSECURE_SERVER_KEY,
      },
    });
    await server.start();
    this.server = server;
  }

  private loginAndReady(): void {
    if (this.stopped || this.puppet.isLoggedIn) return;
    this.mocker.login(this.botUser);
    this.puppet.emit('ready', { data: 'standin ready' });
  }

  private async waitLoggedIn(): Promise<void> {
    for (let i = 0; i < 200 && !this.puppet.isLoggedIn; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    if (!this.puppet.isLoggedIn) throw new Error('WechatyStandin: mock puppet did not log in');
  }

  private emitMessage(payload: PUPPET.payloads.Message): void {
    // stores the payload in the mocker cache (served by messagePayload) …
    this.mocker.MessageMock.create(payload);
    // … and tells the server (and through it the client) about it
    this.puppet.emit('message', { messageId: payload.id });
  }

  private resolveQuote(quote: QuoteSpec): { senderName: string; text: string } {
    if ('messageId' in quote) {
      const payload = this.mocker.cacheMessagePayload.get(quote.messageId);
      if (!payload) throw new Error(`WechatyStandin: unknown message id to quote: ${quote.messageId}`);
      const talker = payload.talkerId ? this.mocker.cacheContactPayload.get(payload.talkerId) : undefined;
      return { senderName: talker?.name ?? '?', text: payload.text ?? '' };
    }
    return { senderName: quote.senderName ?? this.botName, text: quote.text };
  }

  private conversation(conversationId: string): { roomId: string } | { toContactId: string } {
    // the same rule as PuppetMock: room ids contain '@'
    return conversationId.includes('@') ? { roomId: conversationId } : { toContactId: conversationId };
  }

  private recordText(conversationId: string, text: string, mentionIds: string[]): string {
    const conv = this.conversation(conversationId);
    const id = newId();
    this.record({ id, ...conv, text, mentionIds: [...mentionIds], at: Date.now() });
    // echo it back like a real account does (arrives at the bot as msg.self())
    const base = { id, talkerId: this.botUserId, text, timestamp: Date.now(), type: PUPPET.types.Message.Text };
    this.emitMessage('roomId' in conv ? { ...base, roomId: conv.roomId, mentionIdList: [...mentionIds] } : { ...base, listenerId: conv.toContactId });
    return id;
  }

  private async recordFile(conversationId: string, file: FileBoxInterface): Promise<string> {
    const conv = this.conversation(conversationId);
    const buf = await file.toBuffer();
    const id = newId();
    this.record({
      id,
      ...conv,
      text: '',
      mentionIds: [],
      file: { name: file.name, size: buf.length, mediaType: file.mediaType },
      at: Date.now(),
    });
    // keep a serializable copy so the bot can fetch its own file message back
    this.mocker.cacheFileBoxPayload.set(id, FileBox.fromBase64(buf.toString('base64'), file.name).toJSON());
    const base = {
      id,
      talkerId: this.botUserId,
      filename: file.name,
      timestamp: Date.now(),
      type: PUPPET.types.Message.Attachment,
    };
    this.emitMessage('roomId' in conv ? { ...base, roomId: conv.roomId } : { ...base, listenerId: conv.toContactId });
    return id;
  }

  private record(m: SentMessage): void {
    this.sent.push(m);
    for (const w of [...this.waiters]) {
      if (w.predicate(m)) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(m);
      }
    }
  }
}

/**
 * PuppetService (client) keeps a leveldb payload cache under
 * `os.homedir()/.wechaty/wechaty-puppet-service/<token>/…`, resolved when the PuppetService is constructed.
 * Call this BEFORE constructing the client: it points HOME at a fresh temp dir (os.homedir() reads $HOME
 * on POSIX) and returns a cleanup that restores HOME and deletes the dir. Call cleanup after `bot.stop()`.
 */
export function useTempWechatyHome(): { dir: string; cleanup: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechaty-standin-home-'));
  const previous = process.env.HOME;
  process.env.HOME = dir;
  return {
    dir,
    cleanup: async () => {
      if (previous === undefined) delete process.env.HOME;
      else process.env.HOME = previous;
      await fs.promises.rm(dir, { recursive: true, force: true });
    },
  };
}
