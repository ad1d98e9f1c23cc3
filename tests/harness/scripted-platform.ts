import type { ChatAdapter, InboundHandler, Outbound, SendResult } from '../../src/chat/types';

/** A platform whose answers the test scripts: each send takes the next scripted result (default: ok). */
export class ScriptedPlatform implements ChatAdapter {
  constructor(readonly platform = 'scripted') {}
  readonly pacing = { perChatIntervalMs: 0, globalPerSecond: 1000 };
  readonly delivered: Outbound[] = [];
  /** Every send tried, delivered or not. */
  readonly attempts: Outbound[] = [];
  script: SendResult[] = [];
  /** Answers by chat, taken before `script` (e.g. one chat gone while others are fine). */
  readonly byChat = new Map<string, SendResult[]>();
  async start(_h: InboundHandler) {}
  async stop() {}
  async send(out: Outbound): Promise<SendResult> {
    this.attempts.push(out);
    const next = this.byChat.get(out.chatId)?.shift() ?? this.script.shift() ?? { ok: true, messageId: String(this.delivered.length + 1) };
    if (next.ok) this.delivered.push(out);
    return next;
  }
}
