import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { ChatAdapter, Outbound, SendResult } from '../chat/types';
import { backoffMs, FloodWatch } from './backoff';
import type { GoneChat, OutboxRow } from './claim';
import { claimDue, markChatGone, markDead, markSent, release } from './claim';
import type { DeliveredHook } from './delivery';
import { HoldBook, holdDelivery, loadHolds, WHOLE_PLATFORM } from './holds';
import { Pacer } from './pacer';

export type DispatcherOptions = {
  db: Db;
  clock: () => Date;
  adapters: ChatAdapter[];
  log: Logger;
  maxAttempts?: number;
  leaseMs?: number;
  batchSize?: number;
  /** Longest a dispatcher sleeps for pacing before deferring a row instead. */
  maxInlineWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The features' "a message I posted was delivered" hooks, composed into one. */
  onDelivered?: DeliveredHook;
  /** Jitter source for back-off (tests pass a fixed one). */
  random?: () => number;
  /** Shared with direct replies, so both respect a platform's retry-after. */
  holds?: HoldBook;
  /** Told once when a chat stops taking the bot's messages (e.g. so the secretary hears a classroom went silent). */
  onChatGone?: (db: Db, now: Date, chat: GoneChat) => Promise<void>;
};

export type DispatchStats = { sent: number; retried: number; dead: number; deferred: number };
type Outcome = keyof DispatchStats | 'gone';
type Failure = Extract<SendResult, { ok: false }>;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Delivers outbox rows through the adapters, paced per platform, with retry and dead-lettering. A platform's
 * "wait" (retry-after) holds that chat, or the whole platform for a global flood, in the database for every
 * process; a platform this process cannot reach is left alone here for a growing while (other instances may
 * send); other failures back off exponentially with jitter.
 */
export class OutboxDispatcher {
  readonly holds: HoldBook;
  private readonly adapters = new Map<string, ChatAdapter>();
  private readonly pacers = new Map<string, Pacer>();
  private readonly floods = new FloodWatch();
  /** Consecutive unreachable answers per platform, for the hold's back-off. */
  private readonly unreachable = new Map<string, number>();
  private readonly random: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  readonly maxAttempts: number;

  constructor(private readonly opts: DispatcherOptions) {
    for (const a of opts.adapters) {
      this.adapters.set(a.platform, a);
      this.pacers.set(a.platform, new Pacer(a.pacing));
    }
    this.maxAttempts = opts.maxAttempts ?? 8;
    this.holds = opts.holds ?? new HoldBook();
    this.random = opts.random ?? Math.random;
  }

  /** One pass: claim a batch and deliver it. */
  async runOnce(): Promise<DispatchStats> {
    const stats: DispatchStats = { sent: 0, retried: 0, dead: 0, deferred: 0 };
    const all = [...this.adapters.keys()];
    await loadHolds(this.opts.db, all, this.opts.clock(), this.holds);
    const nowMs = this.opts.clock().getTime();
    const platforms = all.filter((p) => !this.holds.until(p, WHOLE_PLATFORM, nowMs));
    const rows = await claimDue(this.opts.db, platforms, this.opts.clock(), this.opts.leaseMs ?? 60_000, this.opts.batchSize ?? 50);
    const gone = new Set<string>();
    for (const row of rows) {
      if (gone.has(`${row.platform}:${row.chatExternalId}`)) continue;
      if (this.stopped) {
        await release(this.opts.db, row, row.availableAt, undefined, false);
        continue;
      }
      const outcome = await this.deliver(row);
      if (outcome === 'gone') gone.add(`${row.platform}:${row.chatExternalId}`);
      stats[outcome === 'gone' ? 'dead' : outcome]++;
    }
    return stats;
  }

  /** Runs passes until nothing is due now (used by the console's clock and by tests). */
  async drain(maxPasses = 1000): Promise<DispatchStats> {
    const total: DispatchStats = { sent: 0, retried: 0, dead: 0, deferred: 0 };
    for (let i = 0; i < maxPasses; i++) {
      const s = await this.runOnce();
      for (const k of Object.keys(total) as (keyof DispatchStats)[]) total[k] += s[k];
      // Only a pass that finished rows can have made room for more; retries and deferrals wait for later.
      if (s.sent + s.dead === 0) break;
    }
    return total;
  }

  start(intervalMs = 500): void {
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.drain(20).catch((err) => this.opts.log.error({ err }, 'outbox pass failed'));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(loop, intervalMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Finishes the message in hand; rows not yet sent go back to the queue for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async deliver(row: OutboxRow): Promise<Outcome> {
    const { db, clock } = this.opts;
    const adapter = this.adapters.get(row.platform) as ChatAdapter;
    const pacer = this.pacers.get(row.platform) as Pacer;
    const held = this.holds.current(row.platform, row.chatExternalId, clock().getTime());
    if (held) {
      await release(db, row, new Date(held.untilMs), held.reason || undefined, false);
      return 'deferred';
    }
    const wait = pacer.waitFor(row.chatExternalId, clock().getTime());
    if (wait > (this.opts.maxInlineWaitMs ?? 2000)) {
      await release(db, row, new Date(clock().getTime() + wait), undefined, false);
      return 'deferred';
    }
    if (wait > 0) await (this.opts.sleep ?? realSleep)(wait);
    const result: SendResult = await adapter.send(toOutbound(row)).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
    pacer.sent(row.chatExternalId, clock().getTime());
    if (!result.ok) return this.failed(row, result);
    this.unreachable.delete(row.platform);
    await markSent(db, row, clock(), result.messageId, this.opts.onDelivered);
    return 'sent';
  }

  /** What a refused send means for the row, its chat and its platform. */
  private async failed(row: OutboxRow, result: Failure): Promise<Outcome> {
    const { db, clock, log } = this.opts;
    const now = clock();
    if (result.chatGone) {
      log.warn({ platform: row.platform, chat: row.chatExternalId, error: result.error }, 'bot removed from chat; marking it inactive');
      const gone = await markChatGone(db, row.platform, row.chatExternalId, result.error);
      if (gone) await this.opts.onChatGone?.(db, now, gone);
      return 'gone';
    }
    if (result.retryAfterMs !== undefined && result.retryScope !== 'instance') {
      const wide =
        result.retryScope === 'platform' ||
        (result.retryScope === undefined && this.floods.isPlatformWide(row.platform, row.chatExternalId, now.getTime()));
      const until = new Date(now.getTime() + result.retryAfterMs);
      await this.hold(row.platform, wide ? WHOLE_PLATFORM : row.chatExternalId, until, result.error);
      await release(db, row, until, result.error, false);
      return 'retried';
    }
    if (result.retryAfterMs !== undefined || result.unreachable) {
      // Only this process cannot send (its link is down, it stands by): it stops claiming that platform for a
      // while and leaves the row due, so another instance may send it at once.
      const streak = (this.unreachable.get(row.platform) ?? 0) + 1;
      this.unreachable.set(row.platform, streak);
      const waitMs = result.retryAfterMs ?? backoffMs(streak, this.random, 60_000);
      if (result.unreachable)
        log.warn({ platform: row.platform, error: result.error, streak, waitMs }, 'platform unreachable from here; its messages wait');
      this.holds.note(row.platform, WHOLE_PLATFORM, now.getTime() + waitMs, result.error);
      await release(db, row, row.availableAt, result.error, false);
      return 'retried';
    }
    if (row.attempts >= this.maxAttempts) {
      log.error({ id: row.id, error: result.error }, 'outbox message dead-lettered');
      await markDead(db, row, result.error);
      return 'dead';
    }
    await release(db, row, new Date(now.getTime() + backoffMs(row.attempts, this.random)), result.error);
    return 'retried';
  }

  /** Holds a chat (or the whole platform) here and in the database, so other passes and processes wait too. */
  async hold(platform: string, chatId: string, until: Date, reason: string): Promise<void> {
    this.holds.note(platform, chatId, until.getTime(), reason);
    this.opts.log.info({ platform, chat: chatId, until, reason }, 'platform asked to wait; holding');
    await holdDelivery(this.opts.db, platform, chatId, until, reason);
  }
}

export function toOutbound(row: OutboxRow): Outbound {
  return {
    platform: row.platform,
    chatId: row.chatExternalId,
    text: row.text,
    mentions: row.mentions,
    actions: row.actions.length ? row.actions : undefined,
    file: row.file ? { name: row.file.name, mime: row.file.mime, data: Buffer.from(row.file.base64, 'base64') } : undefined,
  };
}
