/**
 * Exponential back-off with jitter: 2^n seconds (capped), less up to a quarter at random, so that many
 * rows failing together (a platform's 5xx burst) do not all come back in the same instant.
 */
export function backoffMs(attempt: number, random: () => number, capMs = 15 * 60_000): number {
  const base = Math.min(2 ** attempt * 1000, capMs);
  return Math.round(base * (1 - 0.25 * random()));
}

/**
 * Tells a per-chat 429 from a platform-wide one. Platforms rarely say which (Telegram never does): when 429s for
 * two different chats arrive within `windowMs`, the platform as a whole is over its limit.
 */
export class FloodWatch {
  private readonly recent = new Map<string, { chatId: string; atMs: number }[]>();

  constructor(private readonly windowMs = 1000) {}

  isPlatformWide(platform: string, chatId: string, nowMs: number): boolean {
    const list = (this.recent.get(platform) ?? []).filter((e) => e.atMs > nowMs - this.windowMs);
    list.push({ chatId, atMs: nowMs });
    this.recent.set(platform, list);
    return new Set(list.map((e) => e.chatId)).size >= 2;
  }
}
