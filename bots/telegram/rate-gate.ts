const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Slot = { startedAt: number; answeredAt?: number };

/** Round trips remembered for the shortest one. */
const RECENT_ROUND_TRIPS = 50;
/** At most this much of the second is waived, however slow every recent call was (a slow server is not a long wire). */
const MAX_WAIVED_MS = 250;
/** Not waived: the time a request and its answer spend in our own process and timers, on neither wire. */
const SLACK_MS = 10;

/**
 * A hard ceiling on messages per second for this process, shared by outbox sends and direct replies (the
 * outbox paces only what it sends). Telegram counts arrivals, which the client cannot see: a call arrives
 * after it starts and before its answer. A call counts while it is running, and after its answer for one second
 * less the shortest recent round trip (at most 250 ms, and less 10 ms of slack): the call it made room for arrives at least half such a round trip after
 * it starts, and this one arrived at least half a round trip before its answer. Counting a full second after
 * the answer instead capped the rate at `perSecond / (1 + round trip)`, 26/s at 150 ms, under the outbox's 28/s.
 */
export class RateGate {
  private slots: Slot[] = [];
  private readonly roundTrips: number[] = [];

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for a slot; call the returned function when the API call has returned (or failed). */
  async take(): Promise<() => void> {
    for (;;) {
      const t = this.now();
      const waived = this.roundTrips.length > 0 ? Math.max(0, Math.min(MAX_WAIVED_MS, ...this.roundTrips) - SLACK_MS) : 0;
      const countsUntil = (s: Slot) => (s.answeredAt === undefined ? Number.POSITIVE_INFINITY : s.answeredAt + 1000 - waived);
      this.slots = this.slots.filter((s) => countsUntil(s) > t);
      if (this.slots.length < this.perSecond) {
        const slot: Slot = { startedAt: t };
        this.slots.push(slot);
        return () => this.answered(slot);
      }
      // The first answered call to run out frees a slot; while every call is still running, look again shortly.
      const ends = this.slots.map(countsUntil).filter(Number.isFinite);
      await sleep(ends.length > 0 ? Math.min(...ends) - t + 1 : 10);
    }
  }

  private answered(slot: Slot): void {
    slot.answeredAt = this.now();
    this.roundTrips.push(slot.answeredAt - slot.startedAt);
    if (this.roundTrips.length > RECENT_ROUND_TRIPS) this.roundTrips.shift();
  }

  /** Runs one API call inside a slot. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    const release = await this.take();
    try {
      return await call();
    } finally {
      release();
    }
  }
}
