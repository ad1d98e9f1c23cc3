import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { ChatAdapter, Outbound, SendResult } from '../chat/types';
import { inRequest } from '../log';
import { backoffMs, FloodWatch } from './backoff';
import type { GoneChat, OutboxRow } from './claim';
import { claimDue, markChatGone, markDead, markSent, recentSends, release } from './claim';
import type { DeliveredHook } from './delivery';
import { HoldBook, holdDelivery, loadHolds, WHOLE_PLATFORM } from './holds';
import { InFlight, inFlightLimit } from './in-flight';
import { sendRequestId } from './request-id';
import { Pacer } from './pacer';
import { SendSchedule } from './send-schedule';

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

const DEFAULT_LEASE_MS = 60_000;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Delivers outbox rows through the adapters, several at once across chats (one at a time and in order within a
 * chat), paced per chat here and per platform by a schedule shared by every process, with retry and
 * dead-lettering. A platform's
 * "wait" (retry-after) holds that chat, or the whole platform for a global flood, in the database for every
 * process; a platform this process cannot reach is left alone here for a growing while (other instances may
 * send); other failures back off exponentially with jitter.
 */
export class OutboxDispatcher {
  readonly holds: HoldBook;
  private readonly adapters = new Map<string, ChatAdapter>();
  private readonly pacers = new Map<string, Pacer>();
  private readonly schedules = new Map<string, SendSchedule>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly floods = new FloodWatch();
  /** Consecutive unreachable answers per platform, for the hold's back-off. */
  private readonly unreachable = new Map<string, number>();
  /** When each such hold ends, and whether the adapter has said it is disconnected since: see liftRecovered. */
  private readonly unreachableUntil = new Map<string, number>();
  private readonly sawDown = new Set<string>();
  private readonly random: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  readonly maxAttempts: number;

  constructor(private readonly opts: DispatcherOptions) {
    for (const a of opts.adapters) {
      this.adapters.set(a.platform, a);
      this.pacers.set(a.platform, new Pacer(a.pacing));
      this.schedules.set(a.platform, new SendSchedule(opts.db, a.platform, a.pacing.globalPerSecond, opts.clock));
      this.inFlight.set(a.platform, new InFlight(inFlightLimit(a)));
    }
    this.maxAttempts = opts.maxAttempts ?? 8;
    this.holds = opts.holds ?? new HoldBook();
    this.random = opts.random ?? Math.random;
  }

  /** One pass: claim a batch and deliver it. */
  async runOnce(): Promise<DispatchStats> {
    const pass = await this.startPass();
    return pass.done;
  }

  /**
   * Runs passes until nothing is due now (used by the console's clock and by tests). The next batch is claimed
   * while the current one's last few rows still wait for their send time, so neither the claim's round trip nor
   * the batch's last answers leave a gap in the rate (the gap was a fifth of the time at a 150 ms round trip).
   */
  async drain(maxPasses = 1000): Promise<DispatchStats> {
    const total: DispatchStats = { sent: 0, retried: 0, dead: 0, deferred: 0 };
    const add = (s: DispatchStats) => {
      for (const k of Object.keys(total) as (keyof DispatchStats)[]) total[k] += s[k];
    };
    let previous: Promise<DispatchStats> | undefined;
    for (let i = 0; i < maxPasses; i++) {
      const pass = await this.startPass();
      if (pass.claimed === 0) {
        // Rows of chats still in flight become due once those finish; a pass that finished none is the end.
        const last = previous ? await previous : undefined;
        previous = undefined;
        if (last) add(last);
        if (!last || last.sent + last.dead === 0) break;
        continue;
      }
      await pass.nearlyStarted;
      if (previous) add(await previous);
      previous = pass.done;
    }
    if (previous) add(await previous);
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

  /** Finishes the messages in hand; rows not yet sent go back to the queue for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Claims a batch and starts delivering it, each platform on its own. */
  private async startPass(): Promise<{ claimed: number; nearlyStarted: Promise<void>; done: Promise<DispatchStats> }> {
    const { db, clock } = this.opts;
    const all = [...this.adapters.keys()];
    await loadHolds(db, all, clock(), this.holds);
    this.liftRecovered();
    const nowMs = clock().getTime();
    const platforms = all.filter((p) => !this.holds.until(p, WHOLE_PLATFORM, nowMs));
    const rows = await claimDue(db, platforms, clock(), this.opts.leaseMs ?? DEFAULT_LEASE_MS, this.opts.batchSize ?? 50);
    const stats: DispatchStats = { sent: 0, retried: 0, dead: 0, deferred: 0 };
    const runs = platforms.map((p) =>
      this.deliverAll(
        p,
        rows.filter((r) => r.platform === p),
        stats,
      ),
    );
    const nearlyStarted = Promise.all(runs.map((r) => r.nearlyStarted)).then(() => {});
    const done = Promise.all(runs.map((r) => r.done)).then(() => stats);
    // Awaited later (drain overlaps passes): a failure must not count as unhandled meanwhile.
    nearlyStarted.catch(() => {});
    done.catch(() => {});
    return { claimed: rows.length, nearlyStarted, done };
  }

  /**
   * One platform's share of a batch (one row per chat): rows whose chat may be sent to now go first, in claim
   * order, then the others as their chats allow. Each waits for a send slot of the shared schedule; up to the
   * adapter's in-flight limit are on their way at once. `nearlyStarted`: at most that many rows are left to start
   * (the next claim cannot take their chats' later rows: a chat's earlier row still pending holds them back).
   */
  private deliverAll(platform: string, rows: OutboxRow[], stats: DispatchStats) {
    const pacer = this.pacers.get(platform) as Pacer;
    const inFlight = this.inFlight.get(platform) as InFlight;
    const sending: Promise<void>[] = [];
    let nearly = () => {};
    const nearlyReached = new Promise<void>((resolve) => {
      nearly = resolve;
    });
    const allStarted = (async () => {
      if (rows.length === 0) return;
      const now = this.opts.clock();
      pacer.prune(now.getTime());
      const recent = await recentSends(this.opts.db, platform, [...new Set(rows.map((r) => r.chatExternalId))], now);
      for (const [chatId, times] of recent) pacer.learn(chatId, times);
      const queue = rows
        .map((row) => ({ row, readyMs: now.getTime() + pacer.waitFor(row.chatExternalId, now.getTime()) }))
        .sort((a, b) => a.readyMs - b.readyMs || a.row.id - b.row.id);
      for (let i = 0; i < queue.length; i++) {
        if (queue.length - i <= inFlight.limit) nearly();
        const { row } = queue[i] as (typeof queue)[number];
        const early = this.stopped ? 'stopped' : await this.beforeSend(row);
        if (early === 'stopped') await release(this.opts.db, row, row.availableAt, undefined, false);
        else if (early) stats[early]++;
        else {
          await inFlight.slot();
          const ready = await this.waitForSlot(row, queue.length - i);
          if (ready === 'go') sending.push(inFlight.run(async () => this.count(stats, await this.send(row))));
          else inFlight.done();
          if (ready === 'deferred') stats.deferred++;
        }
      }
    })();
    return {
      nearlyStarted: Promise.race([nearlyReached, allStarted]),
      done: allStarted.then(() => Promise.all(sending)).then(() => {}),
    };
  }

  private count(stats: DispatchStats, outcome: Outcome): void {
    stats[outcome === 'gone' ? 'dead' : outcome]++;
  }

  /** Held or too soon for its chat: the row goes back to the queue. Otherwise waits the chat's short gap. */
  private async beforeSend(row: OutboxRow): Promise<'deferred' | undefined> {
    const { db, clock } = this.opts;
    const held = this.holds.current(row.platform, row.chatExternalId, clock().getTime());
    if (held) return this.putBack(row, held);
    const wait = (this.pacers.get(row.platform) as Pacer).waitFor(row.chatExternalId, clock().getTime());
    if (wait > (this.opts.maxInlineWaitMs ?? 2000)) {
      await release(db, row, new Date(clock().getTime() + wait), undefined, false);
      return 'deferred';
    }
    if (wait > 0) await this.sleep(wait);
    return undefined;
  }

  /**
   * Waits for the row's send time on the shared schedule; a hold that arrived meanwhile (a 429) defers it. A
   * sleep that ended more than a spacing late (a busy event loop) gives its slot up and takes the next: sends
   * whose timers fired together after a stall would otherwise go out in a bunch, over the platform's limit
   * when another process sends on time meanwhile.
   */
  private async waitForSlot(row: OutboxRow, want: number): Promise<'go' | 'deferred' | 'stopped' | 'expired'> {
    const { db, clock } = this.opts;
    const schedule = this.schedules.get(row.platform) as SendSchedule;
    for (;;) {
      const slot = await schedule.take(want);
      const wait = slot - clock().getTime();
      if (wait <= 0) break;
      await this.sleep(wait);
      if (clock().getTime() - slot <= schedule.spacingMs || this.stopped) break;
    }
    if (this.stopped) {
      await release(db, row, row.availableAt, undefined, false);
      return 'stopped';
    }
    // Waited so long that the lease may run out mid-send and another process take the row too: leave it to them.
    if (clock().getTime() > (row.lockedUntil?.getTime() ?? 0) - (this.opts.leaseMs ?? DEFAULT_LEASE_MS) / 2) return 'expired';
    const held = this.holds.current(row.platform, row.chatExternalId, clock().getTime());
    if (!held) return 'go';
    return this.putBack(row, held);
  }

  /**
   * A row found held goes back to the queue until the hold ends; but a wait that is only this process's (the
   * platform is unreachable from here, noted while the row was being claimed) leaves it due for other instances,
   * as the failed send that started the wait did.
   */
  private async putBack(row: OutboxRow, held: { untilMs: number; reason?: string }): Promise<'deferred'> {
    const ownWait = this.unreachableUntil.get(row.platform) === held.untilMs;
    await release(this.opts.db, row, ownWait ? row.availableAt : new Date(held.untilMs), held.reason || undefined, false);
    return 'deferred';
  }

  private sleep(ms: number): Promise<void> {
    return (this.opts.sleep ?? realSleep)(ms);
  }

  /** Every line logged while this row is sent (here, in the adapter, in the hooks) carries its request id. */
  private send(row: OutboxRow): Promise<Outcome> {
    return inRequest(sendRequestId(row), () => this.sendNow(row));
  }

  private async sendNow(row: OutboxRow): Promise<Outcome> {
    const { db, clock, log } = this.opts;
    const adapter = this.adapters.get(row.platform) as ChatAdapter;
    const result: SendResult = await adapter.send(toOutbound(row)).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
    (this.pacers.get(row.platform) as Pacer).sent(row.chatExternalId, clock().getTime());
    if (!result.ok) return this.failed(row, result);
    this.reachable(row.platform);
    await markSent(db, row, clock(), result.messageId, this.opts.onDelivered);
    log.debug({ outbox: row.id, platform: row.platform, chat: row.chatExternalId, attempts: row.attempts }, 'outbox message sent');
    return 'sent';
  }

  /** What a refused send means for the row, its chat and its platform. */
  private async failed(row: OutboxRow, result: Failure): Promise<Outcome> {
    const { db, clock, log } = this.opts;
    const now = clock();
    if (result.chatGone) {
      log.warn(
        { outbox: row.id, platform: row.platform, chat: row.chatExternalId, error: result.error },
        'bot removed from chat; marking it inactive',
      );
      const gone = await markChatGone(db, row.platform, row.chatExternalId, result.error);
      if (gone) await this.opts.onChatGone?.(db, now, gone);
      return 'gone';
    }
    if (result.retryAfterMs !== undefined && result.retryScope !== 'instance') {
      const wide =
        result.retryScope === 'platform' ||
        (result.retryScope === undefined && this.floods.isPlatformWide(row.platform, row.chatExternalId, now.getTime()));
      const until = new Date(now.getTime() + result.retryAfterMs);
      await this.hold(row.platform, wide ? WHOLE_PLATFORM : row.chatExternalId, until, result.error, row.id);
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
        log.warn(
          { outbox: row.id, platform: row.platform, error: result.error, streak, waitMs },
          'platform unreachable from here; its messages wait',
        );
      this.holds.note(row.platform, WHOLE_PLATFORM, now.getTime() + waitMs, result.error);
      this.unreachableUntil.set(row.platform, now.getTime() + waitMs);
      await release(db, row, row.availableAt, result.error, false);
      return 'retried';
    }
    if (row.attempts >= this.maxAttempts) {
      log.error({ outbox: row.id, platform: row.platform, chat: row.chatExternalId, error: result.error }, 'outbox message dead-lettered');
      await markDead(db, row, result.error);
      return 'dead';
    }
    const retryAt = new Date(now.getTime() + backoffMs(row.attempts, this.random));
    log.warn(
      { outbox: row.id, platform: row.platform, chat: row.chatExternalId, attempts: row.attempts, retryAt, error: result.error },
      'outbox send failed; retrying later',
    );
    await release(db, row, retryAt, result.error);
    return 'retried';
  }

  /**
   * The back-off on an unreachable platform grows to a minute, so after a long outage its messages would wait up to
   * that long once it is back. An adapter that said it was disconnected and now says it is connected again (its
   * link or polling answers) ends the wait at once. One that never said so keeps the back-off: a send failing
   * while the adapter still believes it is connected must not be retried every pass.
   */
  private liftRecovered(): void {
    for (const [platform, untilMs] of this.unreachableUntil) {
      const connected = this.adapters.get(platform)?.health?.().connected;
      if (connected === false) this.sawDown.add(platform);
      else if (connected && this.sawDown.has(platform)) {
        this.holds.lift(platform, WHOLE_PLATFORM, untilMs);
        this.reachable(platform);
        this.opts.log.info({ platform }, 'platform connected again; sending its waiting messages');
      }
    }
  }

  private reachable(platform: string): void {
    this.unreachable.delete(platform);
    this.unreachableUntil.delete(platform);
    this.sawDown.delete(platform);
  }

  /** Holds a chat (or the whole platform) here and in the database, so other passes and processes wait too. */
  async hold(platform: string, chatId: string, until: Date, reason: string, outboxId?: number): Promise<void> {
    this.holds.note(platform, chatId, until.getTime(), reason);
    this.opts.log.info({ outbox: outboxId, platform, chat: chatId, until, reason }, 'platform asked to wait; holding');
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
