import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { deliveryPace } from '../../db/schema';

/** A reservation never reaches further ahead than this (a quarter of a second of sends): others get their turn. */
const RESERVE_AHEAD_MS = 250;
/** A cursor this far ahead of our clock was left by a clock that ran ahead (or was set back): start again from now. */
const STALE_AHEAD_MS = 5000;

/**
 * One platform's overall rate, kept across every dispatcher process on the database: send times ("slots") are
 * handed out a few at a time from one cursor per platform, spaced `1000 / perSecond` ms apart, so all processes
 * together send at most `perSecond` a second however many there are. A slot is used at its time or, if the
 * sender is late, within one spacing of it; later than that it is dropped (using it late could bunch with the
 * slots after it that other processes hold), and a wasted slot only costs a little throughput. One exception: the
 * caller whose reservation it was takes its first slot however late the answer came, else at a rate whose spacing
 * is shorter than the database's round trip (a fast platform, or a slow database) every slot would be stale on
 * arrival and the dispatcher would reserve forever without sending.
 */
export class SendSchedule {
  readonly spacingMs: number;
  private slots: number[] = [];
  private reserving: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly platform: string,
    perSecond: number,
    private readonly clock: () => Date,
  ) {
    this.spacingMs = 1000 / perSecond;
  }

  /** The next send time for this process (epoch ms); `want` is how many more sends it has in hand now. */
  async take(want: number): Promise<number> {
    for (;;) {
      const nowMs = this.clock().getTime();
      while (this.slots.length > 0 && (this.slots[0] as number) + this.spacingMs < nowMs) this.slots.shift();
      const slot = this.slots.shift();
      if (slot !== undefined) return slot;
      if (this.reserving) {
        await this.reserving;
        continue;
      }
      const mine = this.reserve(nowMs, want).finally(() => {
        this.reserving = undefined;
      });
      this.reserving = mine;
      await mine;
      // However late the answer came: every reservation then sends at least once (see above).
      const first = this.slots.shift();
      if (first !== undefined) return first;
    }
  }

  /** Moves the shared cursor past `n` slots in one statement and keeps them. */
  private async reserve(nowMs: number, want: number): Promise<void> {
    const n = Math.max(1, Math.min(want, Math.ceil(RESERVE_AHEAD_MS / this.spacingMs)));
    const span = Math.ceil(n * this.spacingMs);
    const from = sql`case when ${deliveryPace.nextMs} > ${nowMs + STALE_AHEAD_MS} then ${nowMs} else greatest(${deliveryPace.nextMs}, ${nowMs}) end`;
    const [row] = await this.db
      .insert(deliveryPace)
      .values({ platform: this.platform, nextMs: nowMs + span })
      .onConflictDoUpdate({ target: deliveryPace.platform, set: { nextMs: sql`${from} + ${span}` } })
      .returning({ nextMs: deliveryPace.nextMs });
    const first = Number(row?.nextMs) - span;
    for (let i = 0; i < n; i++) this.slots.push(first + i * this.spacingMs);
  }
}
