const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Below this the fastest round trip is a loopback or a queue, not a network: its legs say nothing about each
 * other, so the slot is held the full second after the answer.
 */
const NETWORK_MS = 20;

/** `doneAt`: the answer's time less the fastest round trip (see below); infinite while in flight. */
type Slot = { doneAt: number };

/**
 * A hard ceiling on messages per second for this process, shared by outbox sends and direct replies (the
 * outbox paces only what it sends). Telegram counts arrivals: a new message must not arrive within a second of
 * the 30th before it. It arrives at least its request leg after it is taken, and an earlier one arrived at least
 * its answer leg before its answer came back; together the two legs are a round trip, never shorter than the
 * fastest one seen. So a slot is held until a second after its answer, less the fastest round trip. (Holding it
 * a full second after the answer would cap a steady 150 ms round trip at 26/s of the 30; under a burst with
 * slow answers and a fast best case it is held almost that long.)
 * Waits are short (about a second at most), so the gate never holds a caller for long.
 */
export class RateGate {
  private slots: Slot[] = [];
  /** The fastest round trip seen: a lower bound on one message's request leg plus another's answer leg. */
  private fastestMs = Number.POSITIVE_INFINITY;

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
          const end = this.now();
          this.fastestMs = Math.min(this.fastestMs, end - t);
          slot.doneAt = Math.max(t, end - (this.fastestMs >= NETWORK_MS ? this.fastestMs : 0));
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
