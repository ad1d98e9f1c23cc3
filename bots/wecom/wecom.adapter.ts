import { AsyncLocalStorage } from 'node:async_hooks';
import { WSClient } from '@wecom/aibot-node-sdk';
import type { Logger as SdkLogger } from '@wecom/aibot-node-sdk';
import type { Logger } from 'pino';
import type { AdapterHealth, ChatAdapter, InboundHandler, Outbound, Pacing, SendResult } from '../../src/chat/types';
import type { Lease } from '../../src/lease/lease';
import { scrubSecrets } from '../../src/log';
import { SeenIds } from '../shared/seen-ids';
import { SerialByKey } from '../shared/serial-by-key';
import { errorText } from './errors';
import { WecomLink } from './link';
import { normaliseCardClick, normaliseMessage, PLATFORM } from './normalise';
import type { CallbackBody, Normalised } from './normalise';
import { sendOutbound } from './send';
import { heardPrefix } from './wecom.text';

/**
 * WeCom publishes no figures for the intelligent bot's pushes; its group robot is documented at 20 messages a
 * minute, and bursts of requests draw `45009 api freq out of limit`. So: one message a second per chat, 20 a
 * minute per chat, 5 a second overall. An official API bans nobody for regularity, so no jitter.
 */
export const WECOM_PACING: Pacing = { perChatIntervalMs: 1000, perChatPerMinute: 20, globalPerSecond: 5 };

/** How soon a message refused by a standby instance is due again (the holder's dispatcher then takes it). */
const STANDBY_RETRY_MS = 1_000;

export const DEFAULT_WS_URL = 'wss://openws.work.weixin.qq.com';

export type WecomAdapterOptions = {
  log: Logger;
  botId: string;
  secret: string;
  /** Default WeCom's public endpoint; private deployments and tests give their own. */
  wsUrl?: string;
  /** The bot's name in groups, for stripping "@name" exactly (optional). */
  botNames?: string[];
  /** Two instances on one database coordinate through this lease; without one this process always connects. */
  lease?: Lease;
  holdOffMs?: number;
  heartbeatMs?: number;
  connectTimeoutMs?: number;
  reconnectBaseMs?: number;
  linkDownRetryMs?: number;
  /** The longest wait before another try of a later part of a message (tests shorten it). */
  partWaitCapMs?: number;
  pacing?: Partial<Pacing>;
};

/** While a voice message is handled, the transcript to show in front of the first answer. */
type VoiceContext = { heard: string; chats: Set<string>; shown: boolean };

/** WeCom's official intelligent bot over its long connection: the link, the inbound normaliser and the sender. */
export class WecomAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  readonly pacing: Pacing;
  readonly groupAddressing = 'mention' as const;
  readonly client: WSClient;
  readonly link: WecomLink;
  private readonly seen = new SeenIds();
  private readonly chains: SerialByKey;
  private readonly voice = new AsyncLocalStorage<VoiceContext>();
  private readonly secrets: string[];
  private onMessage: InboundHandler = async () => {};
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: WecomAdapterOptions) {
    this.pacing = { ...WECOM_PACING, ...opts.pacing };
    this.secrets = [opts.secret];
    this.chains = new SerialByKey(opts.log, 'wecom: message failed');
    const reconnectBaseMs = opts.reconnectBaseMs ?? 1000;
    this.client = new WSClient({
      botId: opts.botId,
      secret: opts.secret,
      wsUrl: opts.wsUrl ?? DEFAULT_WS_URL,
      heartbeatInterval: opts.heartbeatMs ?? 30_000,
      reconnectInterval: reconnectBaseMs,
      // The link decides when to give up (start-up); after that, always come back.
      maxReconnectAttempts: -1,
      maxAuthFailureAttempts: -1,
      logger: sdkLogger(opts.log, this.secrets),
    });
    this.link = new WecomLink({
      client: this.client,
      log: opts.log,
      secrets: this.secrets,
      url: opts.wsUrl ?? DEFAULT_WS_URL,
      connectTimeoutMs: opts.connectTimeoutMs ?? 60_000,
      reconnectBaseMs,
      lease: opts.lease,
      holdOffMs: opts.holdOffMs ?? 10 * 60_000,
    });
    this.client.on('message', (frame) => this.received(frame.body as CallbackBody, false));
    this.client.on('event.template_card_event', (frame) => this.received(frame.body as CallbackBody, true));
  }

  health(): AdapterHealth {
    return this.link.health();
  }

  get online(): boolean {
    return this.link.up;
  }

  waitOnline(ms: number): Promise<boolean> {
    return this.link.waitUp(ms);
  }

  /** Resolves once subscribed (or standing by for another instance); rejects clearly on rejected credentials. */
  async start(onMessage: InboundHandler): Promise<void> {
    this.onMessage = onMessage;
    await this.link.start();
  }

  async send(out: Outbound): Promise<SendResult> {
    if (this.stopping) return { ok: false, error: 'wecom: stopping', retryAfterMs: 5_000, retryScope: 'instance' };
    // A standby's dispatcher claims WeCom rows too: hand them back quickly for the holder to send.
    if (!this.link.holder)
      return { ok: false, error: 'wecom: another instance holds the connection', retryAfterMs: STANDBY_RETRY_MS, retryScope: 'instance' };
    const voice = this.voice.getStore();
    const prefixed = voice && !voice.shown && voice.chats.has(out.chatId) ? { ...out, text: heardPrefix(voice.heard, out.text) + out.text } : out;
    const result = await sendOutbound(
      {
        client: this.client,
        link: this.link,
        secrets: this.secrets,
        linkDownRetryMs: this.opts.linkDownRetryMs ?? 5_000,
        log: this.opts.log,
        partWaitCapMs: this.opts.partWaitCapMs,
      },
      prefixed,
    );
    if (result.ok && prefixed !== out && voice) voice.shown = true;
    return result;
  }

  /** Resolves when every message taken in has been handled (its replies sent, or queued in the outbox). */
  idle(): Promise<void> {
    return this.chains.idle();
  }

  /** Finishes the messages in hand, then disconnects and lets the lease go. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.idle();
      await this.link.stop();
    })();
    return this.stopping;
  }

  private received(body: CallbackBody | undefined, click: boolean): void {
    if (this.stopping || !body) return;
    const ctx = { nowMs: Date.now(), seen: this.seen, botNames: this.opts.botNames ?? [] };
    let result: Normalised;
    try {
      result = click ? normaliseCardClick(body, ctx) : normaliseMessage(body, ctx);
    } catch (err) {
      this.opts.log.warn({ err: errorText(err, this.secrets) }, 'wecom: unreadable callback');
      return;
    }
    if (!result.ok) {
      this.opts.log.debug({ message: body.msgid, reason: result.reason }, 'wecom: message ignored');
      return;
    }
    const { msg, heard } = result;
    this.chains.run(
      msg.chatId,
      () => {
        if (heard === undefined) return this.onMessage(msg);
        // A private reply to a group message goes to the sender's own chat: both count as "the answer".
        const context: VoiceContext = { heard, chats: new Set([msg.chatId, msg.senderId]), shown: false };
        return this.voice.run(context, () => this.onMessage(msg));
      },
      { message: msg.messageId },
      (err) => errorText(err, this.secrets),
    );
  }
}

/**
 * The SDK's own log, into ours: its debug lines carry whole message bodies (members' words), so they are
 * dropped; info becomes debug (our link logs what matters); warnings and errors stay, secret scrubbed.
 */
function sdkLogger(log: Logger, secrets: string[]): SdkLogger {
  const line = (message: string, args: unknown[]) => scrubSecrets([message, ...args.map((a) => errorText(a, secrets))].join(' '), secrets);
  return {
    debug: () => {},
    info: (message, ...args) => log.debug({ sdk: line(message, args) }, 'wecom sdk'),
    warn: (message, ...args) => log.warn({ sdk: line(message, args) }, 'wecom sdk'),
    error: (message, ...args) => log.warn({ sdk: line(message, args) }, 'wecom sdk'),
  };
}
