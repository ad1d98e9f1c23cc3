import type { ChatAdapter, InboundHandler, Outbound, Pacing, SendResult } from '../../src/chat/types';

/** A platform that accepts every message and remembers it; tests read `sent`. */
export class RecordingAdapter implements ChatAdapter {
  readonly sent: (Outbound & { messageId: string })[] = [];
  readonly pacing: Pacing = { perChatIntervalMs: 0, globalPerSecond: 10_000 };
  private counter = 0;
  onMessage: InboundHandler | undefined;

  constructor(readonly platform = 'console') {}

  async start(onMessage: InboundHandler): Promise<void> {
    this.onMessage = onMessage;
  }

  async send(out: Outbound): Promise<SendResult> {
    const messageId = `bot-${++this.counter}`;
    this.sent.push({ ...out, messageId });
    return { ok: true, messageId };
  }

  async stop(): Promise<void> {}

  to(chatId: string) {
    return this.sent.filter((m) => m.chatId === chatId);
  }
}
