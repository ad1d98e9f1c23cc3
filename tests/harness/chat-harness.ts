import type { Logger } from 'pino';
import type { App } from '../../src/app/app';
import { createApp } from '../../src/app/app';
import type { InboundMessage, Outbound } from '../../src/chat/types';
import { ControllableClock } from '../../src/clock';
import type { Db } from '../../db/client';
import { silentLogger } from '../../src/log';

let counter = 0;

/**
 * Errbot-style test backend: push a message as someone, get back what the bot answers.
 * It goes through the same `handleInbound` every adapter uses.
 */
export class ChatHarness {
  readonly app: App;
  readonly clock: ControllableClock;

  constructor(
    db: Db,
    start = new Date('2026-12-01T00:00:00Z'),
    readonly platform = 'console',
    log: Logger = silentLogger(),
  ) {
    this.clock = new ControllableClock(start);
    this.app = createApp({ db, clock: this.clock.now, log });
  }

  message(from: string, text: string, opts: Partial<InboundMessage> & { chat?: string } = {}): InboundMessage {
    const chat = opts.chat ?? from;
    return {
      platform: this.platform,
      messageId: opts.messageId ?? `m${++counter}-${process.pid}`,
      chatId: chat,
      chatKind: opts.chatKind ?? (chat === from ? 'private' : 'group'),
      chatTitle: opts.chatTitle,
      senderId: from,
      senderName: opts.senderName ?? from,
      text,
      mentionsBot: opts.mentionsBot ?? false,
      replyToMessageId: opts.replyToMessageId,
      botUsername: opts.botUsername,
      at: this.clock.now(),
    };
  }

  /** Sends `text` from account `from` (in a group chat when `chat` differs from `from`). */
  async say(from: string, text: string, opts: Partial<InboundMessage> & { chat?: string } = {}): Promise<Outbound[]> {
    return this.app.handleInbound(this.message(from, text, opts));
  }

  /** The text of the first reply, for the common one-answer case. */
  async ask(from: string, text: string, opts: Partial<InboundMessage> & { chat?: string } = {}): Promise<string> {
    const out = await this.say(from, text, opts);
    return out.map((o) => o.text).join('\n---\n');
  }
}
