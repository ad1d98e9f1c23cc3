import type { Logger } from 'pino';
import type { InboundMessage, Outbound } from '../chat/types';
import { parseCommand } from '../commands/parser';
import type { App } from './app';
import { inRequest, requestIdOf } from '../log';
import { DatabaseUnavailable } from './db-unavailable';
import type { InboundJournal } from './inbound-journal';

export type DurableInboundOptions = {
  app: App;
  journal: InboundJournal;
  /** Sends a handled message's replies. */
  answer: (msg: InboundMessage, replies: Outbound[]) => Promise<void>;
  /** Tells the sender their message is in hand when the wait is long ("收到，稍后处理"). */
  acknowledge: (msg: InboundMessage) => Promise<void>;
  log: Logger;
  /** How long a message waits before the sender is told it is in hand (default 10 s). */
  ackAfterMs?: number;
  /** First wait before trying the database again; doubles up to 10 s. */
  retryMs?: number;
};

/** Messages that would get an answer: commands, private messages, @-mentions and replies to the bot. */
const expectsAnswer = (msg: InboundMessage) =>
  msg.event === undefined && (parseCommand(msg.text) !== null || msg.chatKind === 'private' || msg.mentionsBot || msg.replyToMessageId !== undefined);

/**
 * Every platform message passes here. While the database answers, a message is handled at once. When it cannot
 * be reached, the message goes to the journal (durable before the platform is told we have it), and so does every
 * later one until the journal is empty again, so they are handled in arrival order, each once, when it is back.
 */
export class DurableInbound {
  private draining: Promise<void> | undefined;
  private readonly ackTimers = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(private readonly opts: DurableInboundOptions) {}

  /** Handles what an earlier run left in the journal (a crash during an outage). */
  start(): void {
    if (this.opts.journal.size > 0) {
      this.opts.log.warn({ waiting: this.opts.journal.size }, 'inbound journal holds messages from an earlier run; handling them');
      this.kick();
    }
  }

  take(msg: InboundMessage): Promise<void> {
    return inRequest(requestIdOf(msg.platform, msg.messageId), () => this.takeNow(msg));
  }

  /** Messages handled or journaled, waiting for the database now. */
  get waiting(): number {
    return this.opts.journal.size;
  }

  private async takeNow(msg: InboundMessage): Promise<void> {
    if (this.opts.journal.size === 0 && !this.stopped) {
      try {
        await this.opts.answer(msg, await this.opts.app.handleInbound(msg));
        return;
      } catch (err) {
        if (!(err instanceof DatabaseUnavailable)) throw err;
        this.opts.log.error({ err: err.reason }, 'database unreachable: inbound messages wait in the journal');
      }
    }
    this.keep(msg);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    for (const t of this.ackTimers.values()) clearTimeout(t);
    await this.draining;
  }

  private keep(msg: InboundMessage): void {
    if (!this.opts.journal.append(msg)) {
      this.opts.log.error(
        { platform: msg.platform, chat: msg.chatId, messageId: msg.messageId, waiting: this.opts.journal.size },
        'inbound journal full: message dropped',
      );
      return;
    }
    if (expectsAnswer(msg)) {
      const key = `${msg.platform}:${msg.messageId}`;
      const timer = setTimeout(() => {
        this.ackTimers.delete(key);
        this.opts.acknowledge(msg).catch((err: unknown) => this.opts.log.warn({ err: String(err) }, 'acknowledgement not sent'));
      }, this.opts.ackAfterMs ?? 10_000);
      timer.unref();
      this.ackTimers.set(key, timer);
    }
    this.kick();
  }

  private kick(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  private async drain(): Promise<void> {
    const { journal, app, log } = this.opts;
    const first = this.opts.retryMs ?? 1000;
    let wait = first;
    for (let msg = journal.head(); msg && !this.stopped; msg = journal.head()) {
      let replies: Outbound[];
      const current = msg;
      try {
        replies = await inRequest(requestIdOf(msg.platform, msg.messageId), () => app.handleInbound(current));
      } catch (err) {
        if (!(err instanceof DatabaseUnavailable)) throw err;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, wait).unref();
        });
        wait = Math.min(wait * 2, 10_000);
        continue;
      }
      wait = first;
      const key = `${msg.platform}:${msg.messageId}`;
      clearTimeout(this.ackTimers.get(key));
      this.ackTimers.delete(key);
      // Handled and committed: a failure to answer must not bring it back (it would be de-duplicated, unanswered).
      await inRequest(requestIdOf(msg.platform, msg.messageId), () => this.opts.answer(current, replies)).catch((err: unknown) =>
        log.error({ err, messageId: msg?.messageId }, 'reply after the outage failed'),
      );
      journal.shift();
      if (journal.size === 0) log.info('inbound journal empty: the database is back');
    }
  }
}
