import type { ChatAdapter } from '../chat/types';

/**
 * Sends in flight at once for an adapter: what it declares, else enough to keep its overall rate with a quarter
 * second round trip. Not more: a process killed mid-send may repeat each send it had in flight.
 */
export function inFlightLimit(adapter: ChatAdapter): number {
  const { maxInFlight, globalPerSecond } = adapter.pacing;
  return Math.max(1, Math.floor(maxInFlight ?? Math.min(Math.ceil(globalPerSecond / 4), 32)));
}

/**
 * A bound on tasks running at once, shared by every pass of a platform (passes overlap): `slot()` waits for
 * room and keeps it, `run()` starts a task in the room kept and gives it back when the task ends, `done()`
 * gives back room kept but not used.
 */
export class InFlight {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async slot(): Promise<void> {
    while (this.busy >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy++;
  }

  run(task: () => Promise<void>): Promise<void> {
    return task().finally(() => this.done());
  }

  done(): void {
    this.busy--;
    this.waiting.shift()?.();
  }
}
