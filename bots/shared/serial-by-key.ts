import type { Logger } from 'pino';

/**
 * Runs tasks one at a time per key (a chat), in arrival order, each inside a catch: one failing message
 * neither stops the next nor becomes an unhandled rejection.
 */
export class SerialByKey {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly log: Logger,
    private readonly failure: string,
  ) {}

  run(key: string, task: () => Promise<void>, context: Record<string, unknown> = {}, errText: (err: unknown) => string = String): void {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(task).catch((err: unknown) => this.log.error({ err: errText(err), ...context }, this.failure));
    this.chains.set(key, next);
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** Resolves when every task taken in has finished. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }
}
