import type { Pacing } from '../chat/types';

/**
 * Keeps one platform's sends to each chat within its limits: a gap per chat and a per-minute cap per chat. It
 * only answers "when may this chat next be sent to"; callers wait or defer. The platform's overall rate is kept
 * by the shared `SendSchedule`, across processes.
 */
export class Pacer {
  private readonly lastByChat = new Map<string, number>();
  private readonly minuteByChat = new Map<string, number[]>();

  constructor(
    private readonly pacing: Pacing,
    private readonly random: () => number = Math.random,
  ) {}

  /** Milliseconds from `nowMs` until a message to `chatId` fits every per-chat limit (0: send now). */
  waitFor(chatId: string, nowMs: number): number {
    const { perChatIntervalMs, perChatPerMinute } = this.pacing;
    let wait = 0;
    const last = this.lastByChat.get(chatId);
    if (last !== undefined) wait = Math.max(wait, last + perChatIntervalMs - nowMs);
    if (perChatPerMinute) {
      const window = (this.minuteByChat.get(chatId) ?? []).filter((t) => t > nowMs - 60_000);
      if (window.length === 0) this.minuteByChat.delete(chatId);
      else this.minuteByChat.set(chatId, window);
      if (window.length >= perChatPerMinute) wait = Math.max(wait, (window[0] as number) + 60_000 - nowMs);
    }
    return Math.max(0, Math.ceil(wait));
  }

  /** Records a send; the jitter spreads a room's messages so they do not look machine-timed. */
  sent(chatId: string, nowMs: number): void {
    const jitter = this.pacing.jitterMs ? Math.round(this.random() * this.pacing.jitterMs) : 0;
    this.lastByChat.set(chatId, nowMs + jitter);
    this.minuteByChat.set(chatId, [...(this.minuteByChat.get(chatId) ?? []), nowMs]);
  }

  /** Sends to `chatId` other processes made (from the outbox), so this one paces the chat by all of them. */
  learn(chatId: string, sentMs: number[]): void {
    if (sentMs.length === 0) return;
    const latest = Math.max(...sentMs);
    if ((this.lastByChat.get(chatId) ?? Number.NEGATIVE_INFINITY) < latest) this.lastByChat.set(chatId, latest);
    // Ours are in the outbox too: the longer list is the fuller one.
    if ((this.minuteByChat.get(chatId)?.length ?? 0) < sentMs.length)
      this.minuteByChat.set(
        chatId,
        [...sentMs].sort((a, b) => a - b),
      );
  }

  /** Forgets chats whose limits no longer bind (keeps the maps small on a bot with thousands of chats). */
  prune(nowMs: number): void {
    for (const [chat, at] of this.lastByChat) if (at + this.pacing.perChatIntervalMs <= nowMs) this.lastByChat.delete(chat);
    for (const [chat, times] of this.minuteByChat) if ((times.at(-1) ?? 0) <= nowMs - 60_000) this.minuteByChat.delete(chat);
  }
}
