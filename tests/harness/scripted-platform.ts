import type { ChatAdapter, InboundHandler, Outbound, Pacing, SendResult } from '../../src/chat/types';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A platform whose answers the test scripts: each send takes the next scripted result (default: ok). */
export class ScriptedPlatform implements ChatAdapter {
  readonly pacing: Pacing;
  readonly delivered: Outbound[] = [];
  /** Every send tried, delivered or not. */
  readonly attempts: Outbound[] = [];
  script: SendResult[] = [];
  /** Answers by chat, taken before `script` (e.g. one chat gone while others are fine). */
  readonly byChat = new Map<string, SendResult[]>();
  /** Most sends in flight at once, overall and to any one chat (with `latencyMs`, sends overlap). */
  maxInFlight = 0;
  maxInFlightPerChat = 0;
  private readonly inFlight = new Map<string, number>();

  constructor(
    readonly platform = 'scripted',
    private readonly opts: { latencyMs?: number; pacing?: Partial<Pacing> } = {},
  ) {
    this.pacing = { perChatIntervalMs: 0, globalPerSecond: 1000, ...opts.pacing };
  }
  async start(_h: InboundHandler) {}
  async stop() {}
  async send(out: Outbound): Promise<SendResult> {
    this.attempts.push(out);
    const next = this.byChat.get(out.chatId)?.shift() ?? this.script.shift() ?? { ok: true, messageId: String(this.attempts.length) };
    if (this.opts.latencyMs) await this.travel(out.chatId, this.opts.latencyMs);
    if (next.ok) this.delivered.push(out);
    return next;
  }

  private async travel(chatId: string, ms: number): Promise<void> {
    this.inFlight.set(chatId, (this.inFlight.get(chatId) ?? 0) + 1);
    const all = [...this.inFlight.values()].reduce((a, b) => a + b, 0);
    this.maxInFlight = Math.max(this.maxInFlight, all);
    this.maxInFlightPerChat = Math.max(this.maxInFlightPerChat, this.inFlight.get(chatId) as number);
    await sleep(ms);
    this.inFlight.set(chatId, (this.inFlight.get(chatId) as number) - 1);
  }
}
