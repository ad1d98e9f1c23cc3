import type { Logger } from 'pino';
import type { AdapterHealth, ChatAdapter, InboundHandler } from '../chat/types';

export type SupervisorOptions = {
  log: Logger;
  /** First wait after a failed start; doubles up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
};

/**
 * Starts one adapter and keeps trying, with back-off and a log line per failure, until it is up — in the
 * background, so one platform that cannot be reached (Telegram blocked, a puppet service down) holds up neither
 * the scheduler, nor the outbox, nor the other platforms. Its messages wait in the outbox meanwhile.
 */
export class AdapterSupervisor {
  private state: 'starting' | 'up' | 'retrying' | 'failed' | 'stopped' = 'starting';
  private stopped = false;
  private lastError: string | undefined;
  /** Set when the adapter said retrying cannot help (e.g. a wrong token). */
  fatalError: Error | undefined;
  private attempts = 0;
  private running: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private firstAttempt!: Promise<void>;

  constructor(
    readonly adapter: ChatAdapter,
    private readonly handler: InboundHandler,
    private readonly opts: SupervisorOptions,
  ) {}

  /** Begins starting; the promise settles after the first attempt (up or failed), never rejects. */
  start(): Promise<void> {
    let settled!: () => void;
    this.firstAttempt = new Promise<void>((resolve) => (settled = resolve));
    this.running = this.loop(settled);
    return this.firstAttempt;
  }

  health(): AdapterHealth {
    if (this.state !== 'up') return { connected: false, state: this.state, lastError: this.lastError };
    return this.adapter.health?.() ?? { connected: true, state: 'up' };
  }

  /** Stops retrying; stops the adapter if it had started. */
  async stop(): Promise<void> {
    const wasUp = this.state === 'up';
    this.stopped = true;
    this.state = 'stopped';
    this.wake?.();
    // A start hanging on a platform that never answers must not hold up the process's stop.
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    if (wasUp) await this.adapter.stop();
  }

  private async loop(settled: () => void): Promise<void> {
    const { log } = this.opts;
    let delay = this.opts.minDelayMs ?? 1000;
    while (!this.stopped) {
      this.attempts++;
      try {
        await this.adapter.start(this.handler);
        if (this.stopped) {
          await this.adapter.stop();
          return settled();
        }
        this.state = 'up';
        if (this.attempts > 1) log.info({ platform: this.adapter.platform, attempts: this.attempts }, 'adapter started after retrying');
        return settled();
      } catch (err) {
        if (this.stopped) return settled();
        this.lastError = err instanceof Error ? err.message : String(err);
        if ((err as { fatal?: unknown }).fatal === true) {
          this.state = 'failed';
          this.fatalError = err as Error;
          log.error({ platform: this.adapter.platform, error: this.lastError }, 'adapter cannot start; retrying cannot help');
          return settled();
        }
        this.state = 'retrying';
        log.error(
          { platform: this.adapter.platform, error: this.lastError, attempt: this.attempts, retryInMs: delay },
          'adapter failed to start; retrying',
        );
      }
      settled();
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, delay).unref();
      });
      delay = Math.min(delay * 2, this.opts.maxDelayMs ?? 60_000);
    }
    settled();
  }
}
