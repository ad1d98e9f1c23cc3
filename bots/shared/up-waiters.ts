/** Callers waiting for a link to be up: woken when it comes up, or when its owner stops. */
export class UpWaiters {
  private readonly waiters = new Set<() => void>();

  /** Resolves with `isUp()` once woken, or after `ms`. */
  wait(isUp: () => boolean, ms: number): Promise<boolean> {
    if (isUp()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(isUp());
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  wakeAll(): void {
    for (const w of [...this.waiters]) w();
  }
}
