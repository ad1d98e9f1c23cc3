/** The time every part of the bot reads; tests and the console move it, production follows the wall clock. */
export class ControllableClock {
  private offsetMs = 0;
  private frozenAt: number | null;

  constructor(start?: Date) {
    this.frozenAt = start ? start.getTime() : null;
  }

  now = (): Date => new Date((this.frozenAt ?? Date.now()) + this.offsetMs);

  set(to: Date): void {
    if (this.frozenAt !== null) this.frozenAt = to.getTime();
    else this.offsetMs = to.getTime() - Date.now();
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }
}
