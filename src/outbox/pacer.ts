import type { Pacing } from '../chat/types';

/**
 * Keeps one platform's sends within its limits: a gap per chat, a per-minute cap per chat and an
 * overall rate. It only answers "when may this chat next be sent to"; callers wait or defer.
 */
export class Pacer {
  private readonly lastByChat = new Map<string, number>();
  private readonly minuteByChat = new Map<string, number[]>();
  private readonly recentGlobal: number[] = [];

  constructor(
    private readonly pacing: Pacing,
    private readonly random: () => number = Math.random,
  ) {}

  /** Milliseconds from `nowMs` until a message to `chatId` fits every limit (0: send now). */
  waitFor(chatId: string, nowMs: number): number {
    const { perChatIntervalMs, perChatPerMinute, globalPerSecond } = this.pacing;
    let wait = 0;
    const last = this.lastByChat.get(chatId);
    if (last !== undefined) wait = Math.max(wait, last + perChatIntervalMs - nowMs);
    if (perChatPerMinute) {
      const window = (this.minuteByChat.get(chatId) ?? []).filter((t) => t > nowMs - 60_000);
      this.minuteByChat.set(chatId, window);
      if (window.length >= perChatPerMinute) wait = Math.max(wait, (window[0] as number) + 60_000 - nowMs);
    }
    while (this.recentGlobal.length && (this.recentGlobal[0] as number) <= nowMs - 1000) this.recentGlobal.shift();
    if (this.recentGlobal.length >= globalPerSecond) wait = Math.max(wait, (this.recentGlobal[0] as number) + 1000 - nowMs);
    return Math.max(0, Math.ceil(wait));
  }

  /** Records a send; the jitter spreads a room's messages so they do not look machine-timed. */
  sent(chatId: string, nowMs: number): void {
    const jitter = this.pacing.jitterMs ? Math.round(this.random() * this.pacing.jitterMs) : 0;
    this.lastByChat.set(chatId, nowMs + jitter);
    this.minuteByChat.set(chatId, [...(this.minuteByChat.get(chatId) ?? []), nowMs]);
    this.recentGlobal.push(nowMs);
  }
}
