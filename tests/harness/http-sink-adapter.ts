import type { ChatAdapter, InboundHandler, Outbound, Pacing, SendResult } from '../../src/chat/types';

/** A platform reached over HTTP on loopback: each send is a POST the test's sink counts. */
export class HttpSinkAdapter implements ChatAdapter {
  readonly platform = 'sink';
  readonly pacing: Pacing;

  constructor(
    private readonly url: string,
    maxInFlight = 1,
  ) {
    this.pacing = { perChatIntervalMs: 0, globalPerSecond: 400, maxInFlight };
  }

  async start(_onMessage: InboundHandler): Promise<void> {}

  async send(out: Outbound): Promise<SendResult> {
    try {
      const res = await fetch(this.url, { method: 'POST', body: JSON.stringify({ chatId: out.chatId, text: out.text }) });
      const body = (await res.json()) as { messageId: string };
      return { ok: true, messageId: body.messageId };
    } catch (err) {
      return { ok: false, error: String(err) };
    }
  }

  async stop(): Promise<void> {}
}
