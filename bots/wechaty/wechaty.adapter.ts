import type { Logger } from 'pino';
import { log as wechatyLog, WechatyBuilder } from 'wechaty';
import type { Message, PuppetModuleName, Room, Wechaty } from 'wechaty';
import { PuppetService } from 'wechaty-puppet-service';
import type { AdapterHealth, ChatAdapter, InboundHandler, Outbound, Pacing, SendResult } from '../../src/chat/types';
import { errorText } from './errors';
import { SeenIds } from '../shared/seen-ids';
import { SerialByKey } from '../shared/serial-by-key';
import { normaliseMessage, PLATFORM } from './normalise';
import { messageView } from './message-view';
import { RecentSent } from './quote';
import type { SentBefore } from './quote';
import { sendOutbound } from './send';
import type { ChatKinds } from './send';
import { LinkSupervisor } from './supervisor';

export const SERVICE_PUPPET = 'wechaty-puppet-service';

/**
 * Unofficial puppets get accounts banned for bot-like bursts: about one message a second per room, with
 * jitter, 20 a minute per room, and a low overall rate.
 */
export const WECHATY_PACING: Pacing = { perChatIntervalMs: 1000, jitterMs: 1000, perChatPerMinute: 20, globalPerSecond: 1 };

export type WechatyTls = { disable?: boolean; caCert?: string; serverName?: string };

export type WechatyAdapterOptions = {
  log: Logger;
  /** Default wechaty-puppet-service; any other puppet module name is loaded by Wechaty (QR-code login). */
  puppet?: string;
  token?: string;
  /** host:port of the puppet service; required for the service puppet (no token discovery). */
  endpoint?: string;
  tls?: WechatyTls;
  /** The puppet's watchdog: without any event for this long it resets the link (default 60). */
  watchdogSeconds?: number;
  /** Wechaty's name: with it the login session is kept in `<name>.memory-card.json` (QR-code puppets). */
  name?: string;
  loginTimeoutMs?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  staleAfterMs?: number;
  linkDownRetryMs?: number;
  pacing?: Partial<Pacing>;
  /**
   * What the bot sent lately (oldest first), as the outbox recorded it: WeChat quotes carry only text, so this
   * is what lets a reply quoting a message sent before a restart still find that message's id.
   */
  remembered?: readonly SentBefore[];
  /** Wechaty's own (brolog) log level; default silent — this adapter logs what matters, tokens scrubbed. */
  wechatyLogLevel?: 'silent' | 'error' | 'warn' | 'info' | 'verbose' | 'silly';
};

/** WeCom/WeChat through Wechaty: a supervised link, inbound normaliser, and the outbox sender. */
export class WechatyAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  readonly pacing: Pacing;
  readonly bot: Wechaty;
  private readonly link: LinkSupervisor;
  private readonly seen = new SeenIds();
  private readonly recent: RecentSent;
  private readonly kinds: ChatKinds = new Map();
  /** Topics from rename events, until Wechaty's payload cache agrees (it can lag behind a rename). */
  private readonly topics = new Map<string, string>();
  private readonly secrets: string[];
  /** One message at a time per chat, in order. */
  private readonly chains: SerialByKey;
  private onMessage: InboundHandler = async () => {};
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: WechatyAdapterOptions) {
    wechatyLog.level(opts.wechatyLogLevel ?? 'silent');
    this.pacing = { ...WECHATY_PACING, ...opts.pacing };
    this.secrets = [opts.token].filter((s): s is string => Boolean(s));
    this.chains = new SerialByKey(opts.log, 'wechaty: message failed');
    this.recent = RecentSent.from(opts.remembered ?? []);
    const puppetName = opts.puppet ?? SERVICE_PUPPET;
    if (puppetName === SERVICE_PUPPET) {
      if (!opts.token || !opts.endpoint) throw new Error('wechaty-puppet-service needs a token and an endpoint (host:port)');
      const puppet = new PuppetService({
        token: opts.token,
        endpoint: opts.endpoint,
        tls: opts.tls,
        ...(opts.watchdogSeconds ? { timeoutSeconds: opts.watchdogSeconds } : {}),
      });
      this.bot = WechatyBuilder.build({ puppet, name: opts.name });
    } else {
      this.bot = WechatyBuilder.build({ puppet: puppetName as PuppetModuleName, name: opts.name });
    }
    this.link = new LinkSupervisor({
      bot: this.bot,
      log: opts.log,
      secrets: this.secrets,
      endpoint: puppetName === SERVICE_PUPPET ? opts.endpoint : undefined,
      loginTimeoutMs: opts.loginTimeoutMs ?? 60_000,
      retryMinMs: opts.retryMinMs ?? 1_000,
      retryMaxMs: opts.retryMaxMs ?? 60_000,
    });
    this.bot.on('message', (msg) => this.received(msg));
    this.bot.on('room-topic', (room, topic) => {
      if (typeof topic === 'string' && topic) this.topics.set(room.id, topic);
    });
  }

  /** Logged in with a live link. */
  get online(): boolean {
    return this.link.up;
  }

  health(): AdapterHealth {
    return { connected: this.link.up, state: this.link.up ? 'logged in' : 'link down' };
  }

  /** Resolves once the link is up again (true), or false after `ms`. */
  waitOnline(ms: number): Promise<boolean> {
    return this.link.waitUp(ms);
  }

  /** Resolves at login; rejects with a clear, token-free message when the puppet cannot log in. */
  async start(onMessage: InboundHandler): Promise<void> {
    this.onMessage = onMessage;
    await this.link.start();
  }

  send(out: Outbound): Promise<SendResult> {
    if (this.stopping) return Promise.resolve({ ok: false, error: 'wechaty: stopping', retryAfterMs: 5_000, retryScope: 'instance' });
    return sendOutbound(
      {
        bot: this.bot,
        link: this.link,
        recent: this.recent,
        kinds: this.kinds,
        log: this.opts.log,
        secrets: this.secrets,
        linkDownRetryMs: this.opts.linkDownRetryMs ?? 5_000,
      },
      out,
    );
  }

  /** Resolves when every message taken in has been handled (its replies sent, or queued in the outbox). */
  idle(): Promise<void> {
    return this.chains.idle();
  }

  /** Finishes the messages in hand, then stops Wechaty (its timers and the gRPC link). Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.idle();
      await this.link.stop();
    })();
    return this.stopping;
  }

  /** Every message is handled inside a catch: one bad message never brings the process down. */
  private received(msg: Message): void {
    if (this.stopping) return;
    let key: string;
    try {
      if (msg.self()) return; // our own sends come back as messages
      key = msg.room()?.id ?? msg.talker().id;
    } catch (err) {
      this.opts.log.warn({ err: errorText(err, this.secrets) }, 'wechaty: unreadable message');
      return;
    }
    this.chains.run(
      key,
      () => this.handle(msg),
      { message: msg.id },
      (err) => errorText(err, this.secrets),
    );
  }

  private async handle(msg: Message): Promise<void> {
    const result = normaliseMessage(await messageView(this.bot, msg, (room) => this.topicOf(room)), {
      nowMs: Date.now(),
      staleAfterMs: this.opts.staleAfterMs ?? 10 * 60_000,
      seen: this.seen,
      recent: this.recent,
    });
    if (!result.ok) {
      this.opts.log.debug({ message: msg.id, reason: result.reason }, 'wechaty: message ignored');
      return;
    }
    this.kinds.set(result.msg.chatId, result.msg.chatKind === 'group' ? 'room' : 'contact');
    await this.onMessage(result.msg);
  }

  private async topicOf(room: Room): Promise<string | undefined> {
    const cached = await room.topic().catch(() => undefined);
    const renamed = this.topics.get(room.id);
    if (renamed !== undefined && renamed === cached) this.topics.delete(room.id);
    return renamed ?? cached;
  }
}
