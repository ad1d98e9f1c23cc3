import { sequentialize } from '@grammyjs/runner';
import { Bot, GrammyError } from 'grammy';
import type { Context } from 'grammy';
import type { CallbackQuery, Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { AdapterHealth, ChatAdapter, InboundHandler, MenuCommand, Outbound, Pacing, SendResult } from '../../src/chat/types';
import { setCommandMenu } from './commands-menu';
import { SeenIds } from '../shared/seen-ids';
import { normaliseCallback, normaliseUpdate, onlyOnce, PLATFORM } from './normalise';
import type { Normalised } from './normalise';
import { PollingLoop } from './polling';
import { RateGate } from './rate-gate';
import { CallbackCodec } from './render';
import { sendOutbound } from './send';
import { telegramTexts } from './telegram.text';
import { WebhookServer } from './webhook';
import type { OtherRoutes } from './webhook';

export type TelegramWebhook = {
  /** The public https URL Telegram posts to. */
  url: string;
  secret: string;
  port: number;
  host?: string;
  /** Path the local server answers on; default the URL's path (differs behind a rewriting proxy). */
  path?: string;
  answerWithinMs?: number;
  /** Other requests the webhook's port answers (the health check); true when it answered. */
  otherRoutes?: OtherRoutes;
};

export type TelegramOptions = {
  token: string;
  /** A self-hosted Bot API server; default https://api.telegram.org. */
  apiRoot?: string;
  /** Webhook mode when set; long polling otherwise. */
  webhook?: TelegramWebhook;
  log: Logger;
  /** 'runner' (default): concurrent, in order within a chat. 'simple': grammY's one-at-a-time loop (a baseline). */
  polling?: 'runner' | 'simple';
  pacing?: Partial<Pacing>;
  /** The process-wide ceiling on messages per second (default 30); the benchmark's baseline lifts it. */
  maxPerSecond?: number;
  staleAfterMs?: number;
  partGapMs?: number;
  /** What the command menu lists (the composition root hands over the registry's commands); no menu is set without it. */
  commands?: readonly MenuCommand[];
};

/** Telegram's documented limits (Bots FAQ): ~1 message/s per chat, 20/min per group, ~30/s overall. */
export const TELEGRAM_MAX_PER_SECOND = 30;
/**
 * Telegram's documented limits (Bots FAQ): ~1 message/s per chat, 20/min per group, ~30/s overall. The outbox
 * takes 28/s, leaving a little room under the adapter's hard 30/s gate for direct replies to commands.
 */
export const TELEGRAM_PACING: Pacing = { perChatIntervalMs: 1000, perChatPerMinute: 20, globalPerSecond: 28 };
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** Telegram through grammY: long polling with @grammyjs/runner, or a webhook; sends for the outbox. */
export class TelegramAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  readonly pacing: Pacing;
  readonly bot: Bot;
  private readonly codec = new CallbackCodec();
  private readonly seen = new SeenIds();
  private readonly gate: RateGate;
  private onMessage: InboundHandler = async () => {};
  private readonly inflight = new Set<Promise<void>>();
  private lastUpdateId: number | undefined;
  private polling: PollingLoop | undefined;
  private simple: Promise<void> | undefined;
  private webhook: WebhookServer | undefined;
  private started = false;
  private stopping: Promise<void> | undefined;
  /** The local port of the webhook server once listening (useful when asked for port 0). */
  webhookPort: number | undefined;

  constructor(private readonly opts: TelegramOptions) {
    this.pacing = { ...TELEGRAM_PACING, ...opts.pacing };
    this.gate = new RateGate(opts.maxPerSecond ?? TELEGRAM_MAX_PER_SECOND);
    this.bot = new Bot(opts.token, { client: { apiRoot: opts.apiRoot?.replace(/\/+$/, ''), timeoutSeconds: 60 } });
    this.bot.use(this.track);
    this.bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined) ?? []));
    this.bot.use((ctx) => this.handle(ctx.update));
    this.bot.catch((err) => this.opts.log.error({ err: err.error }, 'telegram: update failed'));
    this.bot.api.config.use(async (prev, method, payload, signal) => {
      if (method !== 'getUpdates') return prev(method, payload, signal);
      try {
        const answer = await prev(method, payload, signal);
        if (answer.ok) this.polling?.fetched();
        return answer;
      } catch (err) {
        if (!signal?.aborted) this.polling?.fetchFailed(err);
        throw err;
      }
    });
  }

  /** Connected: polling answers (or the webhook is set); the health check shows the state and the last error. */
  health(): AdapterHealth {
    if (!this.started) return { connected: false, state: 'starting' };
    if (this.webhook) return { connected: true, state: 'webhook' };
    if (!this.polling) return { connected: true, state: 'polling' };
    return { connected: this.polling.state === 'polling', state: this.polling.state, lastError: this.polling.lastError };
  }

  async start(onMessage: InboundHandler): Promise<void> {
    this.onMessage = onMessage;
    // One getMe, not bot.init(): that one retries an unreachable Bot API forever and silently. The runtime retries us.
    if (!this.bot.isInited()) {
      this.bot.botInfo = await this.bot.api.getMe().catch((err: unknown) => {
        if (err instanceof GrammyError && err.error_code === 401) {
          throw Object.assign(new Error('telegram: the Bot API refused TELEGRAM_BOT_TOKEN (401 Unauthorized)'), { fatal: true });
        }
        throw err;
      });
    }
    this.started = true;
    const log = this.opts.log.child({ platform: PLATFORM, bot: this.bot.botInfo.username });
    const commands = this.opts.commands ?? [];
    if (commands.length > 0)
      await setCommandMenu(this.bot.api, commands).catch((err: unknown) => log.warn({ err: String(err) }, 'telegram: command menu not set'));
    const hook = this.opts.webhook;
    if (hook) {
      this.webhook = new WebhookServer({
        bot: this.bot,
        path: hook.path ?? (new URL(hook.url).pathname || '/'),
        secret: hook.secret,
        port: hook.port,
        host: hook.host,
        answerWithinMs: hook.answerWithinMs ?? 5000,
        otherRoutes: hook.otherRoutes,
        log,
      });
      this.webhookPort = await this.webhook.listen();
      try {
        await this.bot.api.setWebhook(hook.url, { secret_token: hook.secret, allowed_updates: [...ALLOWED_UPDATES] });
      } catch (err) {
        await this.webhook.close(async () => {});
        throw err;
      }
      log.info({ port: this.webhookPort }, 'telegram: webhook mode');
      return;
    }
    // A webhook left over from an earlier deployment would make getUpdates fail with 409.
    await this.bot.api.deleteWebhook({ drop_pending_updates: false });
    if (this.opts.polling === 'simple') {
      let ready!: () => void;
      const started = new Promise<void>((resolve) => (ready = resolve));
      this.simple = this.bot.start({ allowed_updates: [...ALLOWED_UPDATES], onStart: () => ready() });
      this.simple.catch((err: unknown) => log.error({ err: String(err) }, 'telegram: polling stopped'));
      await Promise.race([started, this.simple]);
    } else {
      this.polling = new PollingLoop({ bot: this.bot, log, allowedUpdates: ALLOWED_UPDATES, secrets: [this.opts.token] });
      this.polling.start();
    }
    log.info('telegram: long polling');
  }

  send(out: Outbound): Promise<SendResult> {
    return sendOutbound(
      {
        api: this.bot.api,
        gate: this.gate,
        codec: this.codec,
        log: this.opts.log,
        partGapMs: this.opts.partGapMs ?? 1000,
        secrets: [this.opts.token],
      },
      out,
    );
  }

  /** t.me/<bot>?start=CODE: Telegram opens the bot's private chat and sends "/start CODE" on one tap. */
  inviteLink(code: string): string | undefined {
    return this.started ? `https://t.me/${this.bot.botInfo.username}?start=${encodeURIComponent(code)}` : undefined;
  }

  /** Stops taking updates, finishes every one already taken, and confirms them so none comes back. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    if (this.webhook) await this.webhook.close(() => this.drain());
    if (this.polling) await this.polling.stop();
    if (this.simple) {
      await this.bot.stop(); // confirms the offset itself
      await this.simple.catch(() => {});
    }
    await this.drain();
    if (this.polling && this.lastUpdateId !== undefined) {
      // The runner confirms a batch only with its next getUpdates; do that now (limit 1: that one stays unconfirmed).
      await this.bot.api.getUpdates({ offset: this.lastUpdateId + 1, limit: 1, timeout: 0 }).catch(() => {});
    }
  }

  /** Resolves once no update is in hand (tests: after the stand-in saw the offset confirmed, handling may still run). */
  settled(): Promise<void> {
    return this.drain();
  }

  private async drain(): Promise<void> {
    while (this.inflight.size > 0 || (this.polling?.size() ?? 0) > 0) {
      if (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Counts updates in hand (so stop can wait for them) and keeps any failure inside. */
  private readonly track = async (ctx: Context, next: () => Promise<void>): Promise<void> => {
    const id = ctx.update.update_id;
    const work = next().catch((err: unknown) => this.opts.log.error({ err, update: id }, 'telegram: update failed'));
    this.inflight.add(work);
    try {
      await work;
    } finally {
      this.inflight.delete(work);
      this.lastUpdateId = Math.max(this.lastUpdateId ?? id, id);
    }
  };

  private async handle(update: Update): Promise<void> {
    const me = this.bot.botInfo;
    const pressed = update.callback_query && (await this.pressed(update.callback_query));
    const result = pressed
      ? onlyOnce(pressed, this.seen)
      : normaliseUpdate(update, { me, nowMs: Date.now(), staleAfterMs: this.opts.staleAfterMs ?? 10 * 60_000, seen: this.seen });
    if (!result) return;
    if (!result.ok) {
      this.opts.log.debug({ update: update.update_id, reason: result.reason }, 'telegram: update ignored');
      return;
    }
    await this.onMessage(result.msg);
  }

  /** Answers the button press at once (the spinner stops), then hands on the command it stands for. */
  private async pressed(query: CallbackQuery): Promise<Normalised | undefined> {
    const command = query.data === undefined ? undefined : this.codec.decode(query.data);
    const lang = query.from.language_code?.startsWith('en') ? 'en' : 'zh';
    // A redelivered press was answered already: Telegram says 400, which changes nothing.
    await this.bot.api.answerCallbackQuery(query.id, command ? {} : { text: telegramTexts(lang).buttonExpired(), show_alert: true }).catch(() => {});
    if (!command) return undefined;
    return normaliseCallback(query, command, { me: this.bot.botInfo, nowMs: Date.now() });
  }
}
