import { run } from '@grammyjs/runner';
import type { RunnerHandle } from '@grammyjs/runner';
import { GrammyError } from 'grammy';
import type { Bot } from 'grammy';
import type { Logger } from 'pino';
import { scrubSecrets } from '../../src/log';

export type PollingState = 'polling' | 'retrying' | 'conflict' | 'stopped';

export type PollingOptions = {
  bot: Bot;
  log: Logger;
  allowedUpdates: readonly string[];
  secrets: string[];
  /** First wait after polling failed; doubles up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** How long the runner itself retries a failing getUpdates before handing the failure to this loop. */
  runnerRetryMs?: number;
};

/**
 * Long polling that never goes deaf. grammY's runner gives up for good on a 409 (another instance polls, or set a
 * webhook) and, when Telegram cannot be reached, retries with waits that grow without bound. This loop restarts
 * it with a capped back-off, logging every failure, so the process resumes by itself once the other instance is
 * gone or Telegram answers again; `state` says which (the health check reports it). It never deletes another
 * instance's webhook: that would make two deployments take the updates from each other in turn.
 */
export class PollingLoop {
  state: PollingState = 'retrying';
  lastError: string | undefined;
  private runner: RunnerHandle | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private done: Promise<void> = Promise.resolve();
  private delay: number;

  constructor(private readonly opts: PollingOptions) {
    this.delay = opts.minDelayMs ?? 1000;
  }

  start(): void {
    this.done = this.loop();
  }

  /** Updates taken from Telegram and not yet handled. */
  size(): number {
    return this.runner?.size() ?? 0;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.state = 'stopped';
    this.wake?.();
    await this.runner?.stop();
    await this.done;
  }

  /** Called from an API transformer: a getUpdates that answered means the link is good again. */
  fetched(): void {
    this.delay = this.opts.minDelayMs ?? 1000;
    if (this.state !== 'polling' && !this.stopping) {
      this.opts.log.info('telegram: polling again');
      this.state = 'polling';
    }
  }

  /** Called from an API transformer: getUpdates could not reach Telegram (the runner retries it for a while). */
  fetchFailed(err: unknown): void {
    if (this.stopping || this.state === 'retrying') return;
    this.state = 'retrying';
    this.lastError = scrubSecrets(err instanceof Error ? err.message : String(err), this.opts.secrets);
    this.opts.log.warn({ error: this.lastError }, 'telegram: cannot reach the Bot API; polling retries');
  }

  private async loop(): Promise<void> {
    const { log } = this.opts;
    while (!this.stopping) {
      this.runner = run(this.opts.bot, {
        runner: {
          fetch: { allowed_updates: [...this.opts.allowedUpdates] as never, timeout: 30 },
          silent: true,
          maxRetryTime: this.opts.runnerRetryMs ?? 30_000,
        },
      });
      this.state = 'polling';
      try {
        await this.runner.task();
        if (this.stopping) return;
        throw new Error('polling ended by itself');
      } catch (err) {
        if (this.stopping) return;
        const conflict = err instanceof GrammyError && err.error_code === 409;
        this.state = conflict ? 'conflict' : 'retrying';
        this.lastError = scrubSecrets(err instanceof Error ? err.message : String(err), this.opts.secrets);
        const message = conflict
          ? 'telegram: polling conflict (409): another instance is polling or has set a webhook; retrying — stop the other instance or remove its webhook'
          : 'telegram: polling failed; retrying';
        log.error({ error: this.lastError, retryInMs: this.delay }, message);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, this.delay).unref();
      });
      this.delay = Math.min(this.delay * 2, this.opts.maxDelayMs ?? 60_000);
    }
  }
}
