import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { ChatAdapter, Outbound, SendResult } from '../chat/types';
import type { OutboxRow } from './claim';
import { claimDue, markChatGone, markDead, markSent, release } from './claim';
import type { DeliveredHook } from './delivery';
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
};

export type DispatchStats = { sent: number; retried: number; dead: number; deferred: number };

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Delivers outbox rows through the adapters, paced per platform, with retry and dead-lettering. */
export class OutboxDispatcher {
  private readonly adapters = new Map<string, ChatAdapter>();
  private readonly pacers = new Map<string, Pacer>();
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
  }

  /** One pass: claim a batch and deliver it. */
  async runOnce(): Promise<DispatchStats> {
    const stats: DispatchStats = { sent: 0, retried: 0, dead: 0, deferred: 0 };
    const rows = await claimDue(this.opts.db, [...this.adapters.keys()], this.opts.clock(), this.opts.leaseMs ?? 60_000, this.opts.batchSize ?? 50);
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

  private async deliver(row: OutboxRow): Promise<keyof DispatchStats | 'gone'> {
    const { db, clock, log } = this.opts;
    const adapter = this.adapters.get(row.platform) as ChatAdapter;
    const pacer = this.pacers.get(row.platform) as Pacer;
    const wait = pacer.waitFor(row.chatExternalId, clock().getTime());
    if (wait > (this.opts.maxInlineWaitMs ?? 2000)) {
      await release(db, row, new Date(clock().getTime() + wait), undefined, false);
      return 'deferred';
    }
    if (wait > 0) await (this.opts.sleep ?? realSleep)(wait);
    const result: SendResult = await adapter.send(toOutbound(row)).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
    pacer.sent(row.chatExternalId, clock().getTime());
    if (result.ok) {
      await markSent(db, row, clock(), result.messageId, this.opts.onDelivered);
      return 'sent';
    }
    if (result.chatGone) {
      log.warn({ platform: row.platform, chat: row.chatExternalId }, 'bot removed from chat; marking it inactive');
      await markChatGone(db, row.platform, row.chatExternalId, result.error);
      return 'gone';
    }
    if (result.retryAfterMs !== undefined) {
      pacer.holdChat(row.chatExternalId, clock().getTime() + result.retryAfterMs);
      await release(db, row, new Date(clock().getTime() + result.retryAfterMs), result.error, false);
      return 'retried';
    }
    if (row.attempts >= this.maxAttempts) {
      log.error({ id: row.id, error: result.error }, 'outbox message dead-lettered');
      await markDead(db, row, result.error);
      return 'dead';
    }
    const backoffMs = Math.min(2 ** row.attempts * 1000, 15 * 60_000);
    await release(db, row, new Date(clock().getTime() + backoffMs), result.error);
    return 'retried';
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
