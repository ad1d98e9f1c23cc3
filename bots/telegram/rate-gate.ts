const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Slot = { doneAt: number };

/**
 * A hard ceiling on messages per second for this process, shared by outbox sends and direct replies (the
 * outbox paces only what it sends). A message holds its slot from the moment it is taken until a second
 * after its call returned: Telegram counts arrivals, and an arrival is never later than the answer.
 * Waits are short (about a second at most), so the gate never holds a caller for long.
 */
export class RateGate {
  private slots: Slot[] = [];

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for a slot; call the returned function when the API call has returned (or failed). */
  async take(): Promise<() => void> {
    for (;;) {
      const t = this.now();
      this.slots = this.slots.filter((s) => s.doneAt > t - 1000);
      if (this.slots.length < this.perSecond) {
        const slot: Slot = { doneAt: Number.POSITIVE_INFINITY };
        this.slots.push(slot);
        return () => {
          slot.doneAt = this.now();
        };
      }
      const finished = this.slots.filter((s) => s.doneAt !== Number.POSITIVE_INFINITY).map((s) => s.doneAt);
      await sleep(finished.length > 0 ? Math.min(...finished) + 1000 - t + 1 : 10);
    }
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
